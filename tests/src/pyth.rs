//! Pyth `PriceUpdateV2` accounts, written byte for byte in the receiver program's own layout
//! (serialized with `pyth-solana-receiver-sdk`'s type). These are real price accounts, not a fake
//! oracle: only the source of the price (a test instead of Wormhole-verified Pythnet data) differs.

use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountSerialize;
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2, VerificationLevel};
use solana_account::{Account, AccountSharedData};

use crate::Harness;

/// One published price, with the fields the vault checks (mantissas at `expo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub price: i64,
    pub conf: u64,
    pub expo: i32,
    pub ema_price: i64,
    pub publish_time: i64,
    /// `false` writes a partially verified update (refused by the vault).
    pub fully_verified: bool,
}

impl Quote {
    /// `price` USD with 8 decimals, EMA equal to it, confidence `conf_bps` of it.
    pub fn usd(price: i64, conf_bps: u64, publish_time: i64) -> Self {
        let conf = u64::try_from(price).expect("positive") * conf_bps / 10_000;
        Quote { price, conf, expo: -8, ema_price: price, publish_time, fully_verified: true }
    }
}

/// The account data of a `PriceUpdateV2` for `feed_id`.
pub fn price_update_data(feed_id: [u8; 32], q: Quote) -> Vec<u8> {
    let update = PriceUpdateV2 {
        write_authority: Pubkey::new_from_array([7; 32]),
        verification_level: if q.fully_verified {
            VerificationLevel::Full
        } else {
            VerificationLevel::Partial { num_signatures: 5 }
        },
        price_message: PriceFeedMessage {
            feed_id,
            price: q.price,
            conf: q.conf,
            exponent: q.expo,
            publish_time: q.publish_time,
            prev_publish_time: q.publish_time - 1,
            ema_price: q.ema_price,
            ema_conf: q.conf,
        },
        posted_slot: 1,
    };
    let mut data = Vec::with_capacity(PriceUpdateV2::LEN);
    update.try_serialize(&mut data).expect("serialize");
    data.resize(PriceUpdateV2::LEN, 0);
    data
}

impl Harness {
    /// Writes (or overwrites) a price account owned by `owner` (the Pyth receiver unless a test
    /// substitutes another owner).
    pub fn set_price_with_owner(&mut self, account: Pubkey, feed_id: [u8; 32], quote: Quote, owner: Pubkey) {
        let data = price_update_data(feed_id, quote);
        let account_data = Account { lamports: 10_000_000, data, owner, executable: false, rent_epoch: 0 };
        self.ctx.set_account(&account, &AccountSharedData::from(account_data));
    }

    pub fn set_price(&mut self, account: Pubkey, feed_id: [u8; 32], quote: Quote) {
        self.set_price_with_owner(account, feed_id, quote, pyth_solana_receiver_sdk::ID);
    }
}
