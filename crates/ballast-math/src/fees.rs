//! Management and performance fees, paid by minting shares to the fee recipient so that the
//! vault's holdings are never touched.
//!
//! Both fees round **down** (the recipient gets at most what is owed, never more), so fee accrual
//! can only leave value with the holders.

use crate::checked::{mul_div_u128, wide_add, wide_mul, Rounding};
use crate::error::{MathError, MathResult};
use crate::shares::{VIRTUAL_SHARES, VIRTUAL_VALUE};
use crate::BPS_DENOMINATOR;

/// Seconds in a 365-day year: the management fee is an annual rate.
pub const SECONDS_PER_YEAR: u64 = 31_536_000;
/// Accrual gaps longer than this are charged as this long, so a fee can never dilute by 100%.
pub const MAX_ACCRUAL_SECONDS: u64 = 10 * SECONDS_PER_YEAR;
/// Scale of a share price: USD per whole share with 12 decimals, i.e. value units (USD, 6 decimals)
/// per 10^9 share units, × 10^6.
pub const SHARE_PRICE_SCALE: u128 = 1_000_000_000_000_000;
/// The share price of an empty vault (1.000000000000 USD per share), set by the virtual offset.
pub const INITIAL_SHARE_PRICE: u128 = SHARE_PRICE_SCALE * VIRTUAL_VALUE as u128 / VIRTUAL_SHARES as u128;

/// Shares to mint so the fee recipient owns `fee_bps` per year of the vault, pro rata over
/// `elapsed_secs`: diluting holders by `f = fee_bps · t / (10,000 · year)` needs
/// `supply · f / (1 − f)` new shares. Rounded down.
pub fn management_fee_shares(share_supply: u64, fee_bps: u16, elapsed_secs: u64) -> MathResult<u64> {
    let elapsed = elapsed_secs.min(MAX_ACCRUAL_SECONDS);
    let fraction_num = wide_mul(u64::from(fee_bps), elapsed);
    let fraction_den = wide_mul(u64::from(BPS_DENOMINATOR), SECONDS_PER_YEAR);
    let remaining = fraction_den.checked_sub(fraction_num).ok_or(MathError::Overflow)?;
    let shares = mul_div_u128(u128::from(share_supply), fraction_num, remaining, Rounding::Down)?;
    u64::try_from(shares).map_err(|_| MathError::Overflow)
}

/// Share price (see [`SHARE_PRICE_SCALE`]) of a vault worth `total_value` with `share_supply`
/// shares, counting the virtual offset exactly as deposits do. Rounded down.
pub fn share_price(total_value: u128, share_supply: u64) -> MathResult<u128> {
    let value = total_value.checked_add(u128::from(VIRTUAL_VALUE)).ok_or(MathError::Overflow)?;
    let supply = wide_add(share_supply, VIRTUAL_SHARES);
    mul_div_u128(value, SHARE_PRICE_SCALE, supply, Rounding::Down)
}

/// The crank's bounty for moving `traded_value`: `bounty_bps` of it, rounded down, at most
/// `max_value` (USD, 6 decimals).
pub fn bounty_value(traded_value: u128, bounty_bps: u16, max_value: u32) -> MathResult<u128> {
    let value = mul_div_u128(traded_value, u128::from(bounty_bps), u128::from(BPS_DENOMINATOR), Rounding::Down)?;
    Ok(value.min(u128::from(max_value)))
}

/// What a performance-fee accrual does: shares minted and the new high-water mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerformanceFee {
    /// Shares to mint to the fee recipient (share units).
    pub shares: u64,
    /// High-water mark after the accrual (share price scale).
    pub high_water_mark: u128,
}

/// Performance fee over a high-water mark: when the share price rose above `high_water_mark`, the
/// recipient earns `fee_bps` of the gain (`(price − hwm) · shares`), paid in new shares valued at the
/// current price. The mark then moves to the price after the fee, so a gain is charged once.
pub fn performance_fee(
    total_value: u128,
    share_supply: u64,
    high_water_mark: u128,
    fee_bps: u16,
) -> MathResult<PerformanceFee> {
    let price = share_price(total_value, share_supply)?;
    if price <= high_water_mark || share_supply == 0 || fee_bps == 0 {
        return Ok(PerformanceFee { shares: 0, high_water_mark: high_water_mark.max(price) });
    }
    let supply = wide_add(share_supply, VIRTUAL_SHARES);
    let value = total_value.checked_add(u128::from(VIRTUAL_VALUE)).ok_or(MathError::Overflow)?;
    // Gain in value units over the whole (virtual-inclusive) supply, then the fee's part of it.
    let gain = mul_div_u128(
        price.checked_sub(high_water_mark).ok_or(MathError::Overflow)?,
        supply,
        SHARE_PRICE_SCALE,
        Rounding::Down,
    )?;
    let fee_value = mul_div_u128(gain, u128::from(fee_bps), u128::from(BPS_DENOMINATOR), Rounding::Down)?;
    // New shares s with s / (supply + s) = fee_value / value  =>  s = supply · fee / (value − fee).
    let remaining = value.checked_sub(fee_value).ok_or(MathError::Overflow)?;
    let shares =
        u64::try_from(mul_div_u128(supply, fee_value, remaining, Rounding::Down)?).map_err(|_| MathError::Overflow)?;
    let new_supply = share_supply.checked_add(shares).ok_or(MathError::Overflow)?;
    Ok(PerformanceFee { shares, high_water_mark: share_price(total_value, new_supply)?.max(high_water_mark) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounty_is_a_share_of_the_traded_value_capped() {
        assert_eq!(bounty_value(2_000_000_000, 5, 100_000_000), Ok(1_000_000));
        assert_eq!(bounty_value(2_000_000_000, 5, 500_000), Ok(500_000));
        assert_eq!(bounty_value(1_999, 5, 100), Ok(0));
    }

    #[test]
    fn management_fee_dilutes_by_the_annual_rate() {
        // 2%/year over a full year on 1,000 shares: 1000 · 0.02 / 0.98 = 20.408 -> 20.408163265 shares.
        let shares = management_fee_shares(1_000_000_000_000, 200, SECONDS_PER_YEAR).unwrap();
        assert_eq!(shares, 20_408_163_265);
        // After minting, the recipient owns exactly 2% (to rounding).
        let owned_milli_bps = u128::from(shares) * 10_000 * 1_000 / u128::from(1_000_000_000_000 + shares);
        assert_eq!(owned_milli_bps, 199_999);
        assert_eq!(management_fee_shares(1_000_000_000_000, 200, 0), Ok(0));
        assert_eq!(management_fee_shares(0, 200, SECONDS_PER_YEAR), Ok(0));
    }

    #[test]
    fn a_very_long_gap_is_capped_not_confiscatory() {
        let capped = management_fee_shares(1_000, 500, MAX_ACCRUAL_SECONDS).unwrap();
        assert_eq!(management_fee_shares(1_000, 500, u64::MAX), Ok(capped));
        assert_eq!(capped, 1_000); // 50% over ten years at 5%: supply doubles.
    }

    #[test]
    fn performance_fee_charges_a_gain_once() {
        // 1,000 shares worth 1,000 USD (+ the virtual 1 share / 1 USD), value rises to 1,200 USD.
        let supply = 1_000_000_000_000;
        let hwm = share_price(1_000_000_000, supply).unwrap();
        assert_eq!(hwm, INITIAL_SHARE_PRICE);
        let fee = performance_fee(1_200_000_000, supply, hwm, 1_000).unwrap();
        // gain = 1,201 − 1,001 = 200 USD, fee 10% = 20 USD; shares = 1001 · 20 / (1201 − 20) = 16.9517.
        assert_eq!(fee.shares, 16_951_734_955);
        let again = performance_fee(1_200_000_000, supply + fee.shares, fee.high_water_mark, 1_000).unwrap();
        assert_eq!(again.shares, 0);
        // Below the mark nothing is charged and the mark stays.
        let below = performance_fee(900_000_000, supply, hwm, 1_000).unwrap();
        assert_eq!(below, PerformanceFee { shares: 0, high_water_mark: hwm });
    }

    #[test]
    fn no_performance_fee_without_depositors_or_without_a_rate() {
        // An empty vault's share price is the virtual one; above a zero mark it is still no gain
        // anyone made, so no shares are minted.
        let empty = performance_fee(0, 0, 0, 1_000).unwrap();
        assert_eq!(empty, PerformanceFee { shares: 0, high_water_mark: INITIAL_SHARE_PRICE });
        // A zero rate mints nothing and moves the mark to the price.
        let supply = 1_000_000_000_000;
        let free = performance_fee(1_200_000_000, supply, INITIAL_SHARE_PRICE, 0).unwrap();
        assert_eq!(free, PerformanceFee { shares: 0, high_water_mark: share_price(1_200_000_000, supply).unwrap() });
    }
}
