//! Reads of a Pyth `PriceUpdateV2` account at fixed offsets instead of a Borsh decode of the whole
//! account: every priced instruction reads one per asset, and `rebalance` is held to a compute
//! budget. The layout is the receiver SDK's own (`pyth_solana_receiver_sdk::price_update`), Borsh
//! encoded: a fully verified update (`VerificationLevel::Full`, tag 1, no payload) puts the price
//! message at a fixed offset; a partially verified one (tag 0 + a `u8`) is refused before its
//! message is read. The tests below encode accounts with the SDK and require the same quote as its
//! decoder, and the same refusal, for every case.
use anchor_lang::prelude::*;
use anchor_lang::Discriminator;
use ballast_math::price::RawQuote;
use pyth_solana_receiver_sdk::price_update::PriceUpdateV2;

use crate::errors::BallastError;

/// Discriminator (8) + write authority (32).
const LEVEL: usize = 40;
/// `VerificationLevel::Full`'s Borsh tag (`Partial { num_signatures }` is 0).
const FULL: u8 = 1;
/// Where the price message starts in a fully verified update.
const MESSAGE: usize = LEVEL + 1;
const FEED_ID: core::ops::Range<usize> = MESSAGE..MESSAGE + 32;
const PRICE: usize = MESSAGE + 32;
const CONF: usize = PRICE + 8;
const EXPONENT: usize = CONF + 8;
const PUBLISH_TIME: usize = EXPONENT + 4;
/// After `prev_publish_time`.
const EMA_PRICE: usize = PUBLISH_TIME + 16;
/// Up to the end of `posted_slot`: what the SDK's decoder requires of a fully verified update.
const FULL_LEN: usize = EMA_PRICE + 8 + 8 + 8;

fn le<const N: usize>(data: &[u8], at: usize) -> Result<[u8; N]> {
    let end = at.checked_add(N).ok_or(BallastError::InvalidPriceAccount)?;
    data.get(at..end).and_then(|b| b.try_into().ok()).ok_or_else(|| error!(BallastError::InvalidPriceAccount))
}

/// The quote of a fully verified update of `feed_id` (the caller has checked the account's owner).
pub fn read_quote(data: &[u8], feed_id: &[u8; 32]) -> Result<RawQuote> {
    require!(data.len() > LEVEL && data[..8] == *PriceUpdateV2::DISCRIMINATOR, BallastError::InvalidPriceAccount);
    match data[LEVEL] {
        FULL => {}
        0 => return err!(BallastError::PriceNotFullyVerified),
        _ => return err!(BallastError::InvalidPriceAccount),
    }
    require!(data.len() >= FULL_LEN, BallastError::InvalidPriceAccount);
    require!(data[FEED_ID] == *feed_id, BallastError::WrongPriceFeed);
    Ok(RawQuote {
        price: i64::from_le_bytes(le(data, PRICE)?),
        conf: u64::from_le_bytes(le(data, CONF)?),
        expo: i32::from_le_bytes(le(data, EXPONENT)?),
        ema_price: i64::from_le_bytes(le(data, EMA_PRICE)?),
        publish_time: i64::from_le_bytes(le(data, PUBLISH_TIME)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::{AccountDeserialize, AccountSerialize};
    use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, VerificationLevel};

    fn encoded(level: VerificationLevel, seed: i64) -> Result<(Vec<u8>, PriceUpdateV2)> {
        let update = PriceUpdateV2 {
            write_authority: Pubkey::new_from_array([7; 32]),
            verification_level: level,
            price_message: PriceFeedMessage {
                feed_id: [seed.to_le_bytes()[0]; 32],
                price: seed.wrapping_mul(1_000_003),
                conf: seed.unsigned_abs().wrapping_mul(17),
                exponent: i32::from(seed.to_le_bytes()[1] % 13).wrapping_neg(),
                publish_time: seed.wrapping_add(1_700_000_000),
                prev_publish_time: seed.wrapping_add(1_699_999_999),
                ema_price: seed.wrapping_mul(999_983),
                ema_conf: 5,
            },
            posted_slot: 42,
        };
        let mut data = Vec::new();
        update.try_serialize(&mut data)?;
        // The receiver allocates for the longest variant (Partial): one byte more than Full needs.
        data.resize(PriceUpdateV2::LEN, 0);
        Ok((data, update))
    }

    #[test]
    fn reads_what_the_sdk_decodes() -> Result<()> {
        for seed in [-9_000_000_000_000i64, -1, 0, 1, 12, 250, i64::MAX / 2_000_000] {
            let (data, _) = encoded(VerificationLevel::Full, seed)?;
            let sdk = PriceUpdateV2::try_deserialize(&mut &data[..])?.price_message;
            let quote = read_quote(&data, &sdk.feed_id)?;
            assert_eq!(
                (quote.price, quote.conf, quote.expo, quote.ema_price, quote.publish_time),
                (sdk.price, sdk.conf, sdk.exponent, sdk.ema_price, sdk.publish_time),
                "seed {seed}"
            );
        }
        Ok(())
    }

    fn code(r: Result<RawQuote>) -> u32 {
        match r {
            Err(anchor_lang::error::Error::AnchorError(e)) => e.error_code_number,
            other => panic!("expected a refusal, got {:?}", other.map(|q| q.price)),
        }
    }

    #[test]
    fn refuses_what_the_program_refused_with_the_sdk() -> Result<()> {
        let err = |e: BallastError| anchor_lang::error::ERROR_CODE_OFFSET + e as u32;
        let (full, update) = encoded(VerificationLevel::Full, 3)?;
        let feed = update.price_message.feed_id;
        let (partial, _) = encoded(VerificationLevel::Partial { num_signatures: 5 }, 3)?;
        assert_eq!(code(read_quote(&partial, &feed)), err(BallastError::PriceNotFullyVerified));
        assert_eq!(code(read_quote(&full, &[9; 32])), err(BallastError::WrongPriceFeed));
        let mut wrong_kind = full.clone();
        wrong_kind[0] ^= 1;
        assert_eq!(code(read_quote(&wrong_kind, &feed)), err(BallastError::InvalidPriceAccount));
        let mut bad_level = full.clone();
        bad_level[LEVEL] = 2;
        assert_eq!(code(read_quote(&bad_level, &feed)), err(BallastError::InvalidPriceAccount));
        // One byte short of `posted_slot`: the SDK's decoder refuses it too.
        let short = &full[..FULL_LEN - 1];
        assert!(PriceUpdateV2::try_deserialize(&mut &short[..]).is_err());
        assert_eq!(code(read_quote(short, &feed)), err(BallastError::InvalidPriceAccount));
        assert_eq!(code(read_quote(&full[..LEVEL], &feed)), err(BallastError::InvalidPriceAccount));
        Ok(())
    }
}
