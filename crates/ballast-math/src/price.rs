//! Oracle prices in one fixed-point form, the checks every price must pass, and valuation.
//!
//! A Pyth price arrives as `mantissa · 10^expo` USD per whole token. It is normalised **once**, on
//! entry, to [`Price`]: USD per whole token with [`PRICE_DECIMALS`] decimals. Every later rule works
//! on that form, so no exponent handling is repeated anywhere.

use crate::checked::{div_round, mul_u128, wide_mul, Rounding};
use crate::error::{MathError, MathResult};

/// Decimals of a normalised [`Price`]: USD per whole token × 10^12.
pub const PRICE_DECIMALS: u8 = 12;
/// Decimals of the vault's value unit: USD × 10^6.
pub const VALUE_DECIMALS: u8 = 6;
/// Oracle exponents accepted: a price below 10^-24 USD or finer than that is refused.
pub const MIN_EXPONENT: i32 = -24;
/// Oracle exponents accepted: larger exponents would overflow the normalised form.
pub const MAX_EXPONENT: i32 = 12;

/// USD per whole token, [`PRICE_DECIMALS`] decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Price(pub u128);

/// `10^exp` as `u128`; `exp` ≤ 38 fits.
pub fn pow10(exp: u32) -> MathResult<u128> {
    // A table, not `checked_pow`: every value conversion calls this, and on SBF each checked `u128`
    // multiplication of the power loop is a software routine.
    usize::try_from(exp).ok().and_then(|i| POW10.get(i)).copied().ok_or(MathError::Overflow)
}

/// 10^0 ..= 10^38, every power of ten a `u128` holds.
const POW10: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// Scales `mantissa · 10^expo` to [`PRICE_DECIMALS`] decimals, rounding as `round_up` says
/// (only when the oracle publishes more decimals than 12).
pub fn normalize(mantissa: u64, expo: i32, round_up: bool) -> MathResult<Price> {
    if !(MIN_EXPONENT..=MAX_EXPONENT).contains(&expo) {
        return Err(MathError::ExponentOutOfRange);
    }
    // Both are small (the exponent was range-checked): the sum cannot overflow, checked anyway.
    let shift = expo.checked_add(i32::from(PRICE_DECIMALS)).ok_or(MathError::ExponentOutOfRange)?;
    let mantissa = u128::from(mantissa);
    let scaled = if shift >= 0 {
        mantissa.checked_mul(pow10(shift.unsigned_abs())?).ok_or(MathError::Overflow)?
    } else {
        let divisor = pow10(shift.unsigned_abs())?;
        div_round(mantissa, divisor, if round_up { Rounding::Up } else { Rounding::Down })?
    };
    Ok(Price(scaled))
}

/// `decimals + PRICE_DECIMALS − VALUE_DECIMALS`: the power of ten between `amount · price` and a value.
/// Constants and a `u8`: it cannot overflow (saturating, so no check is left to forget).
fn token_scale_exponent(decimals: u8) -> u32 {
    u32::from(decimals).saturating_add(u32::from(PRICE_DECIMALS.saturating_sub(VALUE_DECIMALS)))
}

/// Value (USD, [`VALUE_DECIMALS`]) of `amount` atomic units of a token with `decimals` decimals.
/// `round_up` picks the direction; callers choose the one that favours the vault.
pub fn value_of(amount: u64, price: Price, decimals: u8, round_up: bool) -> MathResult<u128> {
    let numerator = mul_u128(u128::from(amount), price.0).ok_or(MathError::Overflow)?;
    let divisor = pow10(token_scale_exponent(decimals))?;
    div_round(numerator, divisor, if round_up { Rounding::Up } else { Rounding::Down })
}

/// Atomic units of a token worth `value` (USD, [`VALUE_DECIMALS`]) at `price`, rounded as asked.
pub fn amount_for_value(value: u128, price: Price, decimals: u8, round_up: bool) -> MathResult<u64> {
    if price.0 == 0 {
        return Err(MathError::DivisionByZero);
    }
    let scale = pow10(token_scale_exponent(decimals))?;
    let numerator = mul_u128(value, scale).ok_or(MathError::Overflow)?;
    let rounded = div_round(numerator, price.0, if round_up { Rounding::Up } else { Rounding::Down })?;
    u64::try_from(rounded).map_err(|_| MathError::Overflow)
}

/// A price as the oracle published it (Pyth `PriceUpdateV2` fields), before any check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawQuote {
    /// Price mantissa; USD per whole token = `price · 10^expo`.
    pub price: i64,
    /// Confidence interval (one side), same exponent as `price`.
    pub conf: u64,
    /// Exponent of `price`, `conf` and `ema_price`.
    pub expo: i32,
    /// Exponentially-weighted moving average of the price, same exponent.
    pub ema_price: i64,
    /// Unix timestamp the price was published at (seconds).
    pub publish_time: i64,
}

/// The limits a price must meet before the vault trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceLimits {
    /// Oldest acceptable price, seconds before now.
    pub max_age_secs: u32,
    /// Largest confidence interval accepted, bps of the price.
    pub max_conf_bps: u16,
    /// Largest gap accepted between the spot price and its EMA, bps of the EMA.
    pub max_ema_divergence_bps: u16,
}

/// A price that passed every check, with both sides of its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedPrice {
    /// The published price.
    pub mid: Price,
    /// `price − conf`, rounded down: what the vault counts an incoming asset as worth.
    pub low: Price,
    /// `price + conf`, rounded up: what the vault counts its own holdings as worth for deposits.
    pub high: Price,
    /// The published EMA price.
    pub ema: Price,
}

impl CheckedPrice {
    /// A price with no confidence interval (tests, simulations with exact prices).
    pub const fn exact(price: Price) -> Self {
        CheckedPrice { mid: price, low: price, high: price, ema: price }
    }
}

/// Checks a raw quote against `limits` at time `now` (Unix seconds) and normalises it.
/// Order: positive price, age, exponent, confidence, EMA divergence; each has its own error.
/// Publish times only move forward: a price published before the newest one the vault accepted for
/// the asset is refused (a depositor must not pick an older, better price; a crank must not pick
/// one that lowers `min_out`). The same update again is fine.
pub fn check_not_older(publish_time: i64, last_accepted: i64) -> MathResult<()> {
    if publish_time < last_accepted {
        return Err(MathError::PriceOlderThanAccepted);
    }
    Ok(())
}

/// A deposit or a rebalance is valued at prices at most `max_age_secs` old (a tighter bound than
/// the observer's), so the prices a depositor or a crank can choose between lie seconds apart.
pub fn check_fresh(publish_time: i64, now: i64, max_age_secs: u16) -> MathResult<()> {
    if now.saturating_sub(publish_time) > i64::from(max_age_secs) {
        return Err(MathError::PriceNotFresh);
    }
    Ok(())
}

pub fn check_quote(quote: &RawQuote, now: i64, limits: &PriceLimits) -> MathResult<CheckedPrice> {
    let price = u64::try_from(quote.price).ok().filter(|p| *p > 0).ok_or(MathError::PriceNotPositive)?;
    let ema = u64::try_from(quote.ema_price).ok().filter(|p| *p > 0).ok_or(MathError::PriceNotPositive)?;
    let age = now.checked_sub(quote.publish_time).ok_or(MathError::Overflow)?;
    // A publish time in the future (clock skew between validators) counts as fresh.
    if age > i64::from(limits.max_age_secs) {
        return Err(MathError::PriceStale);
    }
    let bps = u64::from(crate::BPS_DENOMINATOR);
    // conf / price > max_conf_bps / 10,000, compared without division.
    if wide_mul(quote.conf, bps) > wide_mul(price, u64::from(limits.max_conf_bps)) {
        return Err(MathError::ConfidenceTooWide);
    }
    if wide_mul(price.abs_diff(ema), bps) > wide_mul(ema, u64::from(limits.max_ema_divergence_bps)) {
        return Err(MathError::EmaDivergenceTooLarge);
    }
    // conf ≤ price (checked above with max_conf_bps ≤ 10,000), so the low side never underflows.
    let low_mantissa = price.checked_sub(quote.conf).ok_or(MathError::ConfidenceTooWide)?;
    let high_mantissa = price.checked_add(quote.conf).ok_or(MathError::Overflow)?;
    Ok(CheckedPrice {
        mid: normalize(price, quote.expo, false)?,
        low: normalize(low_mantissa, quote.expo, false)?,
        high: normalize(high_mantissa, quote.expo, true)?,
        ema: normalize(ema, quote.expo, false)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_power_table_is_every_power_of_ten_a_u128_holds() {
        for exp in 0..=38 {
            assert_eq!(pow10(exp), Ok(10u128.pow(exp)));
        }
        assert_eq!(pow10(39), Err(MathError::Overflow));
    }

    const LIMITS: PriceLimits = PriceLimits { max_age_secs: 60, max_conf_bps: 200, max_ema_divergence_bps: 500 };

    fn quote(price: i64, conf: u64, ema: i64, publish_time: i64) -> RawQuote {
        RawQuote { price, conf, expo: -8, ema_price: ema, publish_time }
    }

    #[test]
    fn normalises_pyth_exponents_once() {
        // SOL at 150.12345678 USD (expo -8) -> 150.123456780000 with 12 decimals.
        assert_eq!(normalize(15_012_345_678, -8, false), Ok(Price(150_123_456_780_000)));
        // A feed finer than 12 decimals rounds in the caller's direction.
        assert_eq!(normalize(1_999, -15, false), Ok(Price(1)));
        assert_eq!(normalize(1_999, -15, true), Ok(Price(2)));
        assert_eq!(normalize(1, 13, false), Err(MathError::ExponentOutOfRange));
    }

    #[test]
    fn values_tokens_in_usd_micro_units() {
        let sol = Price(150_000_000_000_000); // 150 USD
                                              // 2.5 SOL (9 decimals) = 375 USD = 375,000,000 value units.
        assert_eq!(value_of(2_500_000_000, sol, 9, false), Ok(375_000_000));
        // 1 lamport is worth 0.00000015 USD: rounds to 0 down, 1 up.
        assert_eq!(value_of(1, sol, 9, false), Ok(0));
        assert_eq!(value_of(1, sol, 9, true), Ok(1));
        assert_eq!(amount_for_value(375_000_000, sol, 9, false), Ok(2_500_000_000));
        assert_eq!(amount_for_value(1, sol, 9, true), Ok(7)); // 6.67 lamports, rounded up
        assert_eq!(amount_for_value(1, Price(0), 9, true), Err(MathError::DivisionByZero));
    }

    #[test]
    fn a_good_quote_yields_both_sides_of_its_interval() {
        let checked = check_quote(&quote(100_00000000, 1_00000000, 101_00000000, 1_000), 1_030, &LIMITS);
        assert_eq!(
            checked,
            Ok(CheckedPrice {
                mid: Price(100_000_000_000_000),
                low: Price(99_000_000_000_000),
                high: Price(101_000_000_000_000),
                ema: Price(101_000_000_000_000),
            })
        );
    }

    #[test]
    fn each_failed_check_has_its_own_error() {
        let ok = quote(100_00000000, 1_00000000, 100_00000000, 1_000);
        assert_eq!(check_quote(&RawQuote { price: 0, ..ok }, 1_000, &LIMITS), Err(MathError::PriceNotPositive));
        assert_eq!(check_quote(&RawQuote { price: -5, ..ok }, 1_000, &LIMITS), Err(MathError::PriceNotPositive));
        assert_eq!(check_quote(&ok, 1_061, &LIMITS), Err(MathError::PriceStale));
        assert!(check_quote(&ok, 1_060, &LIMITS).is_ok());
        assert_eq!(
            check_quote(&RawQuote { conf: 2_00000001, ..ok }, 1_000, &LIMITS),
            Err(MathError::ConfidenceTooWide)
        );
        assert_eq!(
            check_quote(&RawQuote { ema_price: 94_00000000, ..ok }, 1_000, &LIMITS),
            Err(MathError::EmaDivergenceTooLarge)
        );
        assert_eq!(check_quote(&RawQuote { expo: 20, ..ok }, 1_000, &LIMITS), Err(MathError::ExponentOutOfRange));
    }

    #[test]
    fn rounding_up_adds_a_unit_only_when_the_division_leaves_a_remainder() {
        // Exact divisions stay exact in both directions; a remainder (even below one unit) rounds up.
        assert_eq!(normalize(2_000, -15, true), Ok(Price(2)));
        assert_eq!(normalize(999, -15, true), Ok(Price(1)));
        assert_eq!(normalize(999, -15, false), Ok(Price(0)));
        let sol = Price(150_000_000_000_000);
        assert_eq!(amount_for_value(375_000_000, sol, 9, true), Ok(2_500_000_000));
        assert_eq!(value_of(2_500_000_000, sol, 9, true), Ok(375_000_000));
    }

    #[test]
    fn publish_times_and_freshness_are_inclusive_at_their_limits() {
        // The same update again is accepted; one second older is not.
        assert_eq!(check_not_older(1_000, 1_000), Ok(()));
        assert_eq!(check_not_older(1_001, 1_000), Ok(()));
        assert_eq!(check_not_older(999, 1_000), Err(MathError::PriceOlderThanAccepted));
        // Exactly max_age_secs old is fresh; one second more is not.
        assert_eq!(check_fresh(1_000, 1_010, 10), Ok(()));
        assert_eq!(check_fresh(1_000, 1_011, 10), Err(MathError::PriceNotFresh));
        assert_eq!(check_fresh(1_000, 990, 10), Ok(()));
    }

    #[test]
    fn confidence_and_ema_limits_are_inclusive_and_a_zero_ema_is_refused() {
        let ok = quote(100_00000000, 1_00000000, 100_00000000, 1_000);
        // max_conf_bps 200 of 100.00: a 2.00 interval passes, 2.00000001 does not (above).
        assert!(check_quote(&RawQuote { conf: 2_00000000, ..ok }, 1_000, &LIMITS).is_ok());
        // max_ema_divergence_bps 500 of the EMA: price 105 against EMA 100 passes, 105.00000001 not.
        assert!(check_quote(&RawQuote { price: 105_00000000, ..ok }, 1_000, &LIMITS).is_ok());
        assert_eq!(
            check_quote(&RawQuote { price: 105_00000001, ..ok }, 1_000, &LIMITS),
            Err(MathError::EmaDivergenceTooLarge)
        );
        assert_eq!(check_quote(&RawQuote { ema_price: 0, ..ok }, 1_000, &LIMITS), Err(MathError::PriceNotPositive));
        assert_eq!(check_quote(&RawQuote { ema_price: -1, ..ok }, 1_000, &LIMITS), Err(MathError::PriceNotPositive));
    }
}
