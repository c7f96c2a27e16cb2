//! Conversions between value and shares, with the virtual offset that makes first-depositor
//! inflation unprofitable.

use crate::checked::{add, mul_div, Rounding};
use crate::error::{MathError, MathResult};

/// Shares the vault always counts as outstanding but nobody owns: 1 share (9 decimals).
pub const VIRTUAL_SHARES: u64 = 1_000_000_000;
/// Value backing [`VIRTUAL_SHARES`]: 1.000000 value unit (USD with 6 decimals once priced).
/// The first deposit is priced at `VIRTUAL_SHARES / VIRTUAL_VALUE` = 1,000 share units per value unit.
pub const VIRTUAL_VALUE: u64 = 1_000_000;

/// Shares minted for `deposit_value` added to a vault worth `total_value` with `share_supply` shares.
///
/// `shares = deposit_value · (share_supply + VIRTUAL_SHARES) / (total_value + VIRTUAL_VALUE)`,
/// rounded **down**: the depositor gives up at most one share unit's worth of value
/// (`(total_value + VIRTUAL_VALUE) / (share_supply + VIRTUAL_SHARES)`, ≤ 0.001 value unit at the
/// initial share price) to the existing holders.
pub fn shares_for_deposit(deposit_value: u64, total_value: u64, share_supply: u64) -> MathResult<u64> {
    mul_div(deposit_value, add(share_supply, VIRTUAL_SHARES)?, add(total_value, VIRTUAL_VALUE)?, Rounding::Down)
}

/// Real value that `shares` of `share_supply` are a claim on in a vault worth `total_value`:
/// `shares · total_value / (supply + VIRTUAL_SHARES)`, rounded **down**. This is what an in-kind
/// withdrawal pays (see `in_kind`); the virtual value is never paid out.
pub fn value_for_shares(shares: u64, total_value: u64, share_supply: u64) -> MathResult<u64> {
    if shares > share_supply {
        return Err(MathError::InsufficientShares);
    }
    mul_div(shares, total_value, add(share_supply, VIRTUAL_SHARES)?, Rounding::Down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_deposit_is_priced_by_the_virtual_offset() {
        // 1 USDC (6 decimals) into an empty vault -> 1 share (9 decimals).
        assert_eq!(shares_for_deposit(1_000_000, 0, 0), Ok(1_000_000_000));
    }

    #[test]
    fn later_deposits_get_the_current_share_price_rounded_down() {
        // Vault worth 3,000,000 with 2,000,000,000 shares: price 1.5e-3 value per share unit
        // (counting the virtual offset: 4,000,000 / 3,000,000,000).
        assert_eq!(shares_for_deposit(1_000_000, 3_000_000, 2_000_000_000), Ok(750_000_000));
        assert_eq!(shares_for_deposit(1, 3_000_000, 2_000_000_000), Ok(750));
        assert_eq!(shares_for_deposit(1, 4_000_000_000, 0), Ok(0));
    }

    #[test]
    fn redemption_rounds_down_and_leaves_the_virtual_part() {
        // 1e12 real shares + 1e9 virtual on 1,001 USD: 1,000 shares claim 1,000 USD.
        assert_eq!(value_for_shares(1_000_000_000_000, 1_001_000_000, 1_000_000_000_000), Ok(1_000_000_000));
        assert_eq!(value_for_shares(1, 1_000_000, 1_000_000_000), Ok(0));
        // After a loss to zero real value, nothing of the virtual value is paid out.
        assert_eq!(value_for_shares(1_005, 0, 5_000), Ok(0));
        assert_eq!(value_for_shares(2, 1, 1), Err(MathError::InsufficientShares));
    }
}
