//! The one place prices and holdings enter the program.
//!
//! Priced instructions take, after their named accounts, one pair per active asset in slot order:
//! `[vault token account, Pyth PriceUpdateV2]`. Each pair is checked against the slot (address of
//! the token account, owner of the price account, feed id, verification level), each price against
//! the vault's limits by `ballast_math::price::check_quote`, and its publish time against the
//! newest the vault accepted for the asset (`check_not_older`): prices only move forward, so nobody
//! can pick an older, better one. Instructions that act on prices record them
//! (`record_publish_times`).
use anchor_lang::prelude::*;
use ballast_math::price::{check_not_older, check_quote, value_of, CheckedPrice, RawQuote};
use ballast_math::trade::Position;

use crate::errors::{BallastError, IntoProgramResult};
use crate::state::{AssetSlot, Vault, MAX_ASSETS};

/// Accounts per asset in a priced instruction's remaining accounts.
pub const PRICED_ACCOUNTS_PER_ASSET: usize = 2;

/// The vault token accounts of priced remaining accounts (the first of each pair), unchecked.
pub fn vault_accounts<'a, 'info>(priced: &'a [AccountInfo<'info>]) -> Vec<&'a AccountInfo<'info>> {
    priced.iter().step_by(PRICED_ACCOUNTS_PER_ASSET).collect()
}

/// Which side of each confidence interval a valuation uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `price − conf`, rounded down: what the vault credits for tokens it receives.
    Low,
    /// The published price, rounded down: fees.
    Mid,
    /// `price + conf`, rounded up: the vault's own holdings when shares are issued against them.
    High,
}

/// Balances and checked prices of every active asset, in slot order.
#[derive(Clone, Copy)]
pub struct Holdings {
    pub count: usize,
    /// Vault token account balances (atomic units).
    pub balances: [u64; MAX_ASSETS],
    pub prices: [CheckedPrice; MAX_ASSETS],
    pub decimals: [u8; MAX_ASSETS],
    /// Publish time of each price (Unix seconds).
    pub publish_times: [i64; MAX_ASSETS],
    /// Tokens in each vault account owed to claims (excluded from `balances`).
    pub claimed: [u64; MAX_ASSETS],
}

impl Holdings {
    /// Reads and checks every asset's balance and price from `remaining` (see the module docs).
    pub fn load(vault: &Vault, remaining: &[AccountInfo], now: i64) -> Result<Self> {
        let slots = vault.active_assets();
        require!(
            remaining.len() == slots.len().checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?,
            BallastError::WrongRemainingAccounts
        );
        let limits = vault.params.price_limits();
        let mut holdings = Holdings {
            count: slots.len(),
            balances: [0; MAX_ASSETS],
            prices: [CheckedPrice::exact(Default::default()); MAX_ASSETS],
            decimals: [0; MAX_ASSETS],
            publish_times: [0; MAX_ASSETS],
            claimed: [0; MAX_ASSETS],
        };
        let (pairs, _) = remaining.as_chunks::<PRICED_ACCOUNTS_PER_ASSET>();
        for (i, (slot, [token_account, price_account])) in slots.iter().zip(pairs).enumerate() {
            holdings.balances[i] = vault_balance(slot, token_account)?;
            holdings.claimed[i] = slot.claimed;
            let raw = read_price_update(price_account, &slot.price_feed_id)?;
            holdings.prices[i] = check_quote(&raw, now, &limits).or_refuse()?;
            check_not_older(raw.publish_time, slot.last_publish_time).or_refuse()?;
            holdings.publish_times[i] = raw.publish_time;
            holdings.decimals[i] = slot.decimals;
        }
        Ok(holdings)
    }

    /// Records each price's publish time as the newest the vault accepted for its asset, at most
    /// `now`: an update stamped in the future (clock skew) must not lock out every honest update
    /// until the clock catches up.
    pub fn record_publish_times(&self, vault: &mut Vault, now: i64) {
        let count = usize::from(vault.asset_count).min(self.count);
        for (slot, time) in vault.assets[..count].iter_mut().zip(self.publish_times) {
            slot.last_publish_time = slot.last_publish_time.max(time.min(now));
        }
    }

    /// Whether every price is at most `max_age_secs` old.
    pub fn fresh(&self, now: i64, max_age_secs: u16) -> bool {
        self.require_fresh(now, max_age_secs).is_ok()
    }

    /// The active assets' checked prices, in slot order (the observer reads their mids).
    pub fn active_prices(&self) -> &[CheckedPrice] {
        &self.prices[..self.count]
    }

    /// Refuses a deposit or a rebalance when any price it is valued at is older than `max_age_secs`.
    pub fn require_fresh(&self, now: i64, max_age_secs: u16) -> Result<()> {
        self.publish_times[..self.count]
            .iter()
            .try_for_each(|t| ballast_math::price::check_fresh(*t, now, max_age_secs).or_refuse())
    }

    /// Value of asset `i`'s balance (USD, 6 decimals) at `side`.
    pub fn asset_value(&self, i: usize, amount: u64, side: Side) -> Result<u128> {
        let price = &self.prices[i];
        let (price, round_up) = match side {
            Side::Low => (price.low, false),
            Side::Mid => (price.mid, false),
            Side::High => (price.high, true),
        };
        value_of(amount, price, self.decimals[i], round_up).or_refuse()
    }

    /// The holdings as the planner's positions at mid prices, each band widened by `extra_band_bps`.
    pub fn positions(&self, vault: &Vault, extra_band_bps: u16) -> Vec<Position> {
        vault
            .active_assets()
            .iter()
            .enumerate()
            .map(|(i, slot)| Position {
                amount: self.balances[i],
                decimals: slot.decimals,
                price: self.prices[i].mid,
                target_bps: slot.target_weight_bps,
                extra_band_bps,
            })
            .collect()
    }

    /// Total value of the vault's holdings (USD, 6 decimals) at `side`.
    pub fn total_value(&self, side: Side) -> Result<u128> {
        (0..self.count).try_fold(0u128, |total, i| {
            total
                .checked_add(self.asset_value(i, self.balances[i], side)?)
                .ok_or_else(|| error!(BallastError::MathOverflow))
        })
    }
}

/// The vault's holding of the slot's asset: its token account's balance less what holders' claims
/// are owed (`AssetSlot::claimed`), after checking that `info` is that account.
pub fn vault_balance(slot: &AssetSlot, info: &AccountInfo) -> Result<u64> {
    slot_account_balance(slot, info)?.checked_sub(slot.claimed).ok_or_else(|| error!(BallastError::MathOverflow))
}

/// The whole balance of the slot's vault token account (claims included), after checking that
/// `info` is that account.
pub fn slot_account_balance(slot: &AssetSlot, info: &AccountInfo) -> Result<u64> {
    require_keys_eq!(*info.key, slot.token_account, BallastError::WrongRemainingAccounts);
    require_keys_eq!(*info.owner, slot.token_program, BallastError::WrongTokenProgram);
    crate::token_layout::amount(&info.try_borrow_data()?)
}

/// The raw quote of a `PriceUpdateV2` account, after checking its owner, full verification and
/// feed (read at fixed offsets: `price_layout`).
pub fn read_price_update(info: &AccountInfo, feed_id: &[u8; 32]) -> Result<RawQuote> {
    require_keys_eq!(*info.owner, pyth_solana_receiver_sdk::ID, BallastError::InvalidPriceAccount);
    crate::price_layout::read_quote(&info.try_borrow_data()?, feed_id)
}
