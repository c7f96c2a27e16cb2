//! The rebalance auction's price: a Dutch auction of the planned sell amount for the bought asset.
//!
//! The vault asks, per unit of the sold asset, the oracle rate times an **ask factor** that starts
//! `premium_bps` above 1 (no honest fill is possible at once) and falls linearly to `discount_bps`
//! below 1 over `duration_secs`, then stays there until the auction expires. The oracle rate is
//! taken at fill time (both assets' mid prices), so a solver is paid the decayed discount, never a
//! stale price. Every rounding favours the vault: the decay is rounded down (the ask stays higher),
//! the sold amount's value and the amount the vault must receive are rounded up.
//!
//! Why a solver fills near the oracle rate plus its costs: the ask is above the rate at first and
//! falls by `(premium + discount) / duration` bps a second; the first solver whose cost of getting
//! the bought asset (a pool's fee and impact, or its own inventory's spread) is below the ask's
//! discount profits by filling, and waiting longer lets another solver take it. At worst (no
//! competition) the vault pays `discount_bps` of the traded value, the same bound the swap path's
//! `max_slippage_bps` puts on `min_out`.

use crate::checked::{div_round, mul_div_u128, Rounding};
use crate::error::{MathError, MathResult};
use crate::price::{amount_for_value, value_of, Price};
use crate::BPS_DENOMINATOR;

const BPS: u128 = BPS_DENOMINATOR as u128;

/// An auction's price curve, fixed when it opens (from the vault's parameters then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Curve {
    /// How far above the oracle rate the ask starts (bps).
    pub premium_bps: u16,
    /// How far below the oracle rate the ask ends (bps).
    pub discount_bps: u16,
    /// How long the ask takes to fall from start to end (seconds; > 0).
    pub duration_secs: u32,
}

impl Curve {
    /// The ask factor `elapsed_secs` after opening, bps of the oracle rate: `10,000 + premium`
    /// at 0, `10,000 − discount` from `duration_secs` on; the decay so far is rounded down.
    pub fn ask_factor_bps(&self, elapsed_secs: i64) -> MathResult<u32> {
        if self.duration_secs == 0 {
            return Err(MathError::DivisionByZero);
        }
        let elapsed = u128::try_from(elapsed_secs.max(0)).map_err(|_| MathError::Overflow)?;
        let duration = u128::from(self.duration_secs);
        let span =
            u128::from(self.premium_bps).checked_add(u128::from(self.discount_bps)).ok_or(MathError::Overflow)?;
        let decayed = mul_div_u128(span, elapsed.min(duration), duration, Rounding::Down)?;
        let start = BPS.checked_add(u128::from(self.premium_bps)).ok_or(MathError::Overflow)?;
        let factor = start.checked_sub(decayed).ok_or(MathError::Overflow)?;
        u32::try_from(factor).map_err(|_| MathError::Overflow)
    }
}

/// One side of a fill at fill-time oracle prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// Mid price (USD per whole token, 12 decimals).
    pub price: Price,
    /// Decimals of the mint.
    pub decimals: u8,
}

/// The fewest atomic units of the bought asset the vault must receive for `sold` atomic units of
/// the sold asset at `factor_bps` of the oracle rate (`ask_factor_bps`): the sold amount's value at
/// the sold asset's mid price, times the factor, in the bought asset at its mid price; each step
/// rounded up.
pub fn required_out(sold: u64, sell: Side, buy: Side, factor_bps: u32) -> MathResult<u64> {
    let value = value_of(sold, sell.price, sell.decimals, true)?;
    let asked = div_round(value.checked_mul(u128::from(factor_bps)).ok_or(MathError::Overflow)?, BPS, Rounding::Up)?;
    amount_for_value(asked, buy.price, buy.decimals, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USDC: Side = Side { price: Price(1_000_000_000_000), decimals: 6 };
    const SOL: Side = Side { price: Price(150_000_000_000_000), decimals: 9 };
    const CURVE: Curve = Curve { premium_bps: 100, discount_bps: 50, duration_secs: 300 };

    #[test]
    fn the_ask_starts_above_the_oracle_rate_and_falls_to_the_discount() {
        assert_eq!(CURVE.ask_factor_bps(0).unwrap(), 10_100);
        // 150 bps over 300 s: 0.5 bps a second, rounded down (the ask stays higher).
        assert_eq!(CURVE.ask_factor_bps(1).unwrap(), 10_100);
        assert_eq!(CURVE.ask_factor_bps(3).unwrap(), 10_099);
        assert_eq!(CURVE.ask_factor_bps(200).unwrap(), 10_000);
        assert_eq!(CURVE.ask_factor_bps(300).unwrap(), 9_950);
        assert_eq!(CURVE.ask_factor_bps(10_000).unwrap(), 9_950);
        // A clock before the opening (skew) asks the start.
        assert_eq!(CURVE.ask_factor_bps(-5).unwrap(), 10_100);
    }

    #[test]
    fn the_ask_never_rises_with_time() {
        let mut last = u32::MAX;
        for t in 0..400 {
            let f = CURVE.ask_factor_bps(t).unwrap();
            assert!(f <= last, "rose at {t}");
            last = f;
        }
    }

    #[test]
    fn a_zero_duration_is_refused() {
        let curve = Curve { duration_secs: 0, ..CURVE };
        assert_eq!(curve.ask_factor_bps(0), Err(MathError::DivisionByZero));
    }

    #[test]
    fn the_required_amount_is_the_oracle_rate_times_the_factor_rounded_up() {
        // 1,500 USDC at 150 USD/SOL is 10 SOL; at 10,100 bps 10.1 SOL, at 9,950 bps 9.95 SOL.
        assert_eq!(required_out(1_500_000_000, USDC, SOL, 10_100).unwrap(), 10_100_000_000);
        assert_eq!(required_out(1_500_000_000, USDC, SOL, 9_950).unwrap(), 9_950_000_000);
        // 1 micro-USDC is worth 6.67 SOL atoms at par: the vault asks 7.
        assert_eq!(required_out(1, USDC, SOL, 10_000).unwrap(), 7);
        // The other way: 1 SOL atom is worth 0.00015 micro-USDC; the vault still asks one unit.
        assert_eq!(required_out(1, SOL, USDC, 9_950).unwrap(), 1);
        assert_eq!(required_out(0, SOL, USDC, 9_950).unwrap(), 0);
    }
}
