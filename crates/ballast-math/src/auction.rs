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
use crate::decision::MAX_DECISION_ASSETS;
use crate::error::{MathError, MathResult};
use crate::params::Params;
use crate::policy::{self, Insured};
use crate::price::{amount_for_value, value_of, Price};
use crate::trade::{check_outcome, total_drift_bps, weights_bps, Position};
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

/// The smallest fill, bps of the auction's amount: a dust fill would count as a rebalance (pushing
/// back the next one and the schedule, resetting the poor-fill streak) at no cost to its solver.
pub const MIN_FILL_BPS: u16 = 1_000;

/// The least a fill may sell: [`MIN_FILL_BPS`] of the auction's `amount` (rounded up), or all of the
/// `remaining` amount when less is left.
pub fn min_fill(amount: u64, remaining: u64) -> MathResult<u64> {
    let tenth = crate::checked::mul_div(amount, u64::from(MIN_FILL_BPS), u64::from(BPS_DENOMINATOR), Rounding::Up)?;
    Ok(tenth.min(remaining))
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

/// What a fill did to the vault, at fill-time mid prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FillOutcome {
    /// Vault value before and after (USD, 6 decimals).
    pub value_before: u128,
    pub value_after: u128,
    /// Drift against the policy's targets before and after (sum of |weight − target|, bps).
    pub drift_before_bps: u32,
    pub drift_after_bps: u32,
}

/// The swap path's post-trade checks for one fill: `before` are the holdings before it (mid prices,
/// base targets), `after` the amounts after; the targets are the policy's at the value before.
/// Refuses a loss beyond `max_loss_bps` (`LossLimitExceeded`) and a fill that raises the drift
/// (`DriftNotReduced`). Unlike a whole swap, a partial fill may be too small to move the drift by a
/// whole bp, so an unchanged drift passes.
pub fn check_fill(
    before: &[Position],
    after: &[u64],
    params: &Params,
    share_supply: u64,
    insured: Option<&Insured>,
) -> MathResult<FillOutcome> {
    let n = before.len();
    if n != after.len() || n > MAX_DECISION_ASSETS {
        return Err(MathError::LengthMismatch);
    }
    let mut base = [0u16; MAX_DECISION_ASSETS];
    let mut values = [0u128; MAX_DECISION_ASSETS];
    let mut values_after = [0u128; MAX_DECISION_ASSETS];
    for (i, (p, amount)) in before.iter().zip(after).enumerate() {
        base[i] = p.target_bps;
        values[i] = value_of(p.amount, p.price, p.decimals, false)?;
        values_after[i] = value_of(*amount, p.price, p.decimals, false)?;
    }
    let mut weights = [0u16; MAX_DECISION_ASSETS];
    let value_before = weights_bps(&values[..n], &mut weights[..n])?;
    let mut targets = [0u16; MAX_DECISION_ASSETS];
    let mut prices = [Price(0); MAX_DECISION_ASSETS];
    for (price, p) in prices.iter_mut().zip(before) {
        *price = p.price;
    }
    policy::policy_targets(&base[..n], params, insured, &values[..n], share_supply, &prices[..n], &mut targets[..n])?;
    let drift_before_bps = total_drift_bps(&weights[..n], &targets[..n]);
    let value_after = weights_bps(&values_after[..n], &mut weights[..n])?;
    let drift_after_bps = total_drift_bps(&weights[..n], &targets[..n]);
    check_outcome(value_before, value_after, params.max_loss_bps, drift_before_bps.saturating_add(1), drift_after_bps)?;
    Ok(FillOutcome { value_before, value_after, drift_before_bps, drift_after_bps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fill_sells_at_least_a_tenth_or_what_is_left() {
        assert_eq!(min_fill(5_000_000_000, 5_000_000_000), Ok(500_000_000));
        assert_eq!(min_fill(5_000_000_001, 5_000_000_001), Ok(500_000_001));
        assert_eq!(min_fill(5_000_000_000, 300_000_000), Ok(300_000_000));
        assert_eq!(min_fill(1, 1), Ok(1));
    }

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

    fn position(amount: u64, side: Side, target_bps: u16) -> Position {
        Position { amount, decimals: side.decimals, price: side.price, target_bps, extra_band_bps: 0 }
    }

    #[test]
    fn a_fill_toward_the_targets_passes_and_one_away_or_at_a_loss_is_refused() {
        let p = Params::EXAMPLE;
        // 10,000 USDC and no SOL against 50/50: drift 10,000 bps.
        let before = [position(10_000_000_000, USDC, 5_000), position(0, SOL, 5_000)];
        // 1,500 USDC out, 10 SOL (1,500 USD) in: value kept, drift 7,000 bps.
        let out = check_fill(&before, &[8_500_000_000, 10_000_000_000], &p, 1, None).unwrap();
        assert_eq!(
            out,
            FillOutcome {
                value_before: 10_000_000_000,
                value_after: 10_000_000_000,
                drift_before_bps: 10_000,
                drift_after_bps: 7_000
            }
        );
        // 9.95 SOL in: 7.5 USD lost of 10,000 (7.5 bps, within max_loss_bps 150).
        assert!(check_fill(&before, &[8_500_000_000, 9_950_000_000], &p, 1, None).is_ok());
        // Half the value gone: beyond the loss limit.
        assert_eq!(
            check_fill(&before, &[8_500_000_000, 5_000_000_000], &p, 1, None),
            Err(MathError::LossLimitExceeded)
        );
        // One unit moved: the drift does not move by a whole bp, and that passes.
        assert!(check_fill(&before, &[9_999_999_999, 6_667], &p, 1, None).is_ok());
        // 70/30 overshot to 20/80: the drift rises from 4,000 to 6,000 bps, refused.
        let near = [position(7_000_000_000, USDC, 5_000), position(20_000_000_000, SOL, 5_000)];
        assert_eq!(check_fill(&near, &[2_000_000_000, 53_333_333_334], &p, 1, None), Err(MathError::DriftNotReduced));
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
