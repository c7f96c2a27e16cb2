//! Target policies: the weights a rebalance steers toward.
//!
//! - **Fixed**: governance's target weights, as set.
//! - **CPPI** (constant proportion portfolio insurance) for a safe/risky split: slot 0 is the safe
//!   asset, every other slot is the risky basket. The basket's weight is
//!   `m · (NAV − floor) / NAV`, clamped to `[0, max_risky]`, where the floor is the protected share
//!   price times the share supply; it is split across the risky slots in proportion to their
//!   governance targets and the safe asset takes the rest. Recomputed at every rebalance, so the
//!   vault de-risks as its value falls toward the floor and re-risks as it rises.
//!
//! - **Insurance** (option-based portfolio insurance, [`crate::insurance`]): the basket holds the
//!   delta of "index + put struck at the floor" for the struck period, split over the index's slots
//!   by its composition. Selected by a non-zero `insurance_floor_share_price`.
//!
//! Rounding favours safety: the floor rounds up, the risky weights round down, and the safe asset
//! receives every remainder bp.

use crate::checked::{mul_div_u128, wide_add, Rounding};
use crate::error::{MathError, MathResult};
use crate::fees::SHARE_PRICE_SCALE;
use crate::insurance::{hedge, index_level, index_vol, split_by_index, Hedge, Held, Period, Terms};
use crate::params::Params;
use crate::price::Price;
use crate::shares::VIRTUAL_SHARES;
use crate::BPS_DENOMINATOR;

const BPS: u128 = BPS_DENOMINATOR as u128;

/// CPPI settings (from the vault's parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cppi {
    /// Multiplier, hundredths (300 = 3×); 0 means the fixed policy.
    pub multiplier_pct: u16,
    /// Protected share price (USD per share, 12 decimals; the fees module's share price scale).
    pub floor_share_price: u64,
    /// Highest weight of the risky basket, bps.
    pub max_risky_bps: u16,
}

/// A struck insurance period and the vault state its hedge reads beside the prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insured<'a> {
    pub period: Period,
    /// The index's quantities per slot (whole tokens per index unit, 12 decimals; 0 outside it).
    pub quantities: &'a [u64],
    /// Each slot's EWMA variance (bps² per minute).
    pub variances: &'a [u64],
    /// Unix seconds.
    pub now: i64,
}

impl Params {
    /// The insurance policy's settings; a hedge costs the pool's fee and the bounty.
    pub fn insurance_terms(&self) -> Terms {
        Terms {
            vol_min_bps: self.insurance_vol_min_bps,
            vol_max_bps: self.insurance_vol_max_bps,
            rate_bps: self.insurance_rate_bps,
            risk_aversion: self.insurance_risk_aversion,
            cost_bps: self.amm_fee_bps.saturating_add(self.bounty_bps),
        }
    }

    /// Whether the target policy is option-based insurance.
    pub fn insured(&self) -> bool {
        self.insurance_floor_share_price != 0
    }
}

/// The targets in force under `params`' policy for holdings worth `values` (USD, 6 decimals, one
/// per slot) at these `prices`, written to `out`, and under insurance the hedge (`insured` is the
/// struck period; `TargetPolicyInvalid` without one).
pub fn policy_targets(
    base: &[u16],
    params: &Params,
    insured: Option<&Insured>,
    values: &[u128],
    share_supply: u64,
    prices: &[Price],
    out: &mut [u16],
) -> MathResult<Option<Hedge>> {
    if values.len() != base.len() {
        return Err(MathError::LengthMismatch);
    }
    let nav = values.iter().try_fold(0u128, |sum, v| sum.checked_add(*v)).ok_or(MathError::Overflow)?;
    if !params.insured() {
        targets(base, &params.cppi(), nav, share_supply, out)?;
        return Ok(None);
    }
    let ins = insured.ok_or(MathError::TargetPolicyInvalid)?;
    if ins.quantities.len() != base.len() || ins.variances.len() != base.len() {
        return Err(MathError::LengthMismatch);
    }
    let terms = params.insurance_terms();
    let vol = index_vol(ins.quantities, prices, ins.variances, &terms)?;
    let index = index_level(ins.quantities, prices)?;
    // The basket's weight now (every slot but the safe one), for the dead zone after expiry.
    let basket_value = nav.checked_sub(values[0]).ok_or(MathError::Overflow)?;
    let held_bps = if nav == 0 { 0 } else { mul_div_u128(basket_value, BPS, nav, Rounding::Down)? };
    let held = Held { basket_bps: u16::try_from(held_bps.min(BPS)).map_err(|_| MathError::Overflow)? };
    let h = hedge(&ins.period, &terms, vol, index, nav, share_supply, ins.now, held)?;
    split_by_index(h.basket_bps, ins.quantities, prices, out)?;
    // The band in force: at least the narrowest drift band a vault may set (the hedge does not chase
    // single bps), at most governance's `drift_band_bps` (near the strike at expiry gamma, and so the
    // asymptotic band, grows without bound: the cap keeps the hedge following delta when it moves most).
    let widest = params.drift_band_bps.max(MIN_HEDGE_BAND_BPS);
    Ok(Some(Hedge { band_bps: h.band_bps.map(|b| b.clamp(MIN_HEDGE_BAND_BPS, widest)), ..h }))
}

/// The narrowest band a hedge trades at (the lowest `drift_band_bps` bound).
pub const MIN_HEDGE_BAND_BPS: u16 = 10;

/// The vault's value below which CPPI holds only the safe asset: the floor share price times the
/// supply (virtual shares included, as every share price counts them), rounded up. USD, 6 decimals.
pub fn floor_value(floor_share_price: u64, share_supply: u64) -> MathResult<u128> {
    let supply = wide_add(share_supply, VIRTUAL_SHARES);
    mul_div_u128(u128::from(floor_share_price), supply, SHARE_PRICE_SCALE, Rounding::Up)
}

/// The risky basket's weight under CPPI, bps (rounded down).
pub fn risky_weight_bps(cppi: &Cppi, nav: u128, share_supply: u64) -> MathResult<u16> {
    if nav == 0 {
        return Err(MathError::EmptyVault);
    }
    let cushion = nav.saturating_sub(floor_value(cppi.floor_share_price, share_supply)?);
    let exposure = mul_div_u128(cushion, u128::from(cppi.multiplier_pct), 100, Rounding::Down)?;
    let bps =
        mul_div_u128(exposure, BPS, nav, Rounding::Down)?.min(u128::from(cppi.max_risky_bps.min(BPS_DENOMINATOR)));
    u16::try_from(bps).map_err(|_| MathError::Overflow)
}

/// Writes the targets in force to `out`: `base` itself under the fixed policy; under CPPI slot 0
/// gets `10,000 − risky` and the risky weight is split over slots `1..` by their `base` weights.
/// `TargetPolicyInvalid` when CPPI has no risky slot with a base weight to split by.
pub fn targets(base: &[u16], cppi: &Cppi, nav: u128, share_supply: u64, out: &mut [u16]) -> MathResult<()> {
    if base.len() != out.len() || base.is_empty() {
        return Err(MathError::LengthMismatch);
    }
    if cppi.multiplier_pct == 0 {
        out.copy_from_slice(base);
        return Ok(());
    }
    split_risky(base, risky_weight_bps(cppi, nav, share_supply)?, out)
}

/// Slot 0 (the safe asset) gets `10,000 − risky_bps` plus every remainder bp; `risky_bps` is split
/// over slots `1..` by their `base` weights, each rounded down. `TargetPolicyInvalid` when no risky
/// slot has a base weight to split by. CPPI's split, and option-based insurance's
/// (`crate::option::insurance_risky_weight_bps`).
pub fn split_risky(base: &[u16], risky_bps: u16, out: &mut [u16]) -> MathResult<()> {
    if base.len() != out.len() || base.is_empty() {
        return Err(MathError::LengthMismatch);
    }
    let basket: u128 = base[1..].iter().map(|w| u128::from(*w)).sum();
    if basket == 0 {
        return Err(MathError::TargetPolicyInvalid);
    }
    let risky = u128::from(risky_bps.min(BPS_DENOMINATOR));
    let mut given = 0u128;
    for (o, w) in out[1..].iter_mut().zip(&base[1..]) {
        let share = mul_div_u128(risky, u128::from(*w), basket, Rounding::Down)?;
        given = given.checked_add(share).ok_or(MathError::Overflow)?;
        *o = u16::try_from(share).map_err(|_| MathError::Overflow)?;
    }
    out[0] = u16::try_from(BPS.checked_sub(given).ok_or(MathError::Overflow)?).map_err(|_| MathError::Overflow)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_USD: u64 = 1_000_000_000_000; // share price, 12 decimals
    const CPPI: Cppi = Cppi { multiplier_pct: 300, floor_share_price: 800_000_000_000, max_risky_bps: 10_000 };

    #[test]
    fn the_floor_is_the_protected_share_price_times_the_supply() {
        // 1,000 shares (plus the virtual one) at 0.80 USD: 800.8 USD, rounded up.
        assert_eq!(floor_value(800_000_000_000, 1_000_000_000_000).unwrap(), 800_800_000);
        assert_eq!(floor_value(ONE_USD, 0).unwrap(), 1_000_000);
    }

    #[test]
    fn the_risky_weight_is_the_multiplied_cushion_clamped() {
        let supply = 999_000_000_000; // + 1 virtual = 1,000 shares; floor = 800 USD
                                      // NAV 1,000: cushion 200 × 3 = 600 of 1,000 → 6,000 bps.
        assert_eq!(risky_weight_bps(&CPPI, 1_000_000_000, supply).unwrap(), 6_000);
        // NAV 900: cushion 100 × 3 = 300 of 900 → 3,333 bps (rounded down).
        assert_eq!(risky_weight_bps(&CPPI, 900_000_000, supply).unwrap(), 3_333);
        // At or below the floor: nothing risky.
        assert_eq!(risky_weight_bps(&CPPI, 800_000_000, supply).unwrap(), 0);
        assert_eq!(risky_weight_bps(&CPPI, 700_000_000, supply).unwrap(), 0);
        // Far above it: clamped to the cap.
        let capped = Cppi { max_risky_bps: 7_000, ..CPPI };
        assert_eq!(risky_weight_bps(&capped, 10_000_000_000, supply).unwrap(), 7_000);
        assert_eq!(risky_weight_bps(&CPPI, 0, supply), Err(MathError::EmptyVault));
    }

    #[test]
    fn targets_split_the_risky_weight_by_the_base_weights_and_the_safe_slot_takes_the_rest() {
        let supply = 999_000_000_000;
        let mut out = [0u16; 3];
        // Risky 6,000 split 2:1 over slots 1 and 2.
        targets(&[4_000, 4_000, 2_000], &CPPI, 1_000_000_000, supply, &mut out).unwrap();
        assert_eq!(out, [4_000, 4_000, 2_000]);
        // Risky 3,333 split 2:1 → 2,222 and 1,111, the safe slot gets the remainder.
        targets(&[4_000, 4_000, 2_000], &CPPI, 900_000_000, supply, &mut out).unwrap();
        assert_eq!(out, [6_667, 2_222, 1_111]);
        assert_eq!(out.iter().map(|w| u32::from(*w)).sum::<u32>(), 10_000);
        // The fixed policy returns the base.
        targets(&[4_000, 4_000, 2_000], &Cppi { multiplier_pct: 0, ..CPPI }, 900_000_000, supply, &mut out).unwrap();
        assert_eq!(out, [4_000, 4_000, 2_000]);
        // CPPI needs a risky slot with a weight.
        let mut two = [0u16; 2];
        assert_eq!(targets(&[10_000, 0], &CPPI, 900_000_000, supply, &mut two), Err(MathError::TargetPolicyInvalid));
    }

    #[test]
    fn targets_need_one_output_slot_per_base_weight() {
        let fixed = Cppi { multiplier_pct: 0, ..CPPI };
        assert_eq!(targets(&[], &fixed, 1, 1, &mut []), Err(MathError::LengthMismatch));
        assert_eq!(targets(&[5_000, 5_000], &fixed, 1, 1, &mut [0u16; 3]), Err(MathError::LengthMismatch));
    }

    #[test]
    fn the_hedges_band_in_force_lies_between_ten_bps_and_the_drift_band() {
        use crate::insurance::{hedge, strike, Held};
        let year = 31_536_000i64;
        let (k, n) = strike(900_000_000_000, 1_000_000_000_000, 600_000_000_000, 1_000_000_000_000, 0).unwrap();
        let period = Period { expires_at: year, strike: k, units_per_share: n, floor_share_price: 900_000_000_000 };
        let params = Params {
            insurance_floor_share_price: 900_000_000_000,
            insurance_expires_at: 31_536_000,
            insurance_vol_min_bps: 6_000,
            insurance_vol_max_bps: 6_000,
            drift_band_bps: 100,
            ..Params::EXAMPLE
        };
        // One whole token per index unit, priced at the strike: an hour before expiry gamma is huge.
        let (q, variances) = ([0u64, 1_000_000_000_000], [0u64, 0]);
        let prices = [Price(1_000_000_000_000), Price(u128::from(k))];
        let (values, supply) = ([500_000_000u128, 500_000_000], 999_000_000_000);
        let band_at = |now: i64, params: &Params| {
            let insured = Insured { period, quantities: &q, variances: &variances, now };
            let mut out = [0u16; 2];
            policy_targets(&[5_000, 5_000], params, Some(&insured), &values, supply, &prices, &mut out)
                .unwrap()
                .unwrap()
                .band_bps
                .unwrap()
        };
        let raw = hedge(
            &period,
            &params.insurance_terms(),
            600_000_000_000,
            i128::from(k),
            1_000_000_000,
            supply,
            year - 3_600,
            Held { basket_bps: 5_000 },
        )
        .unwrap()
        .band_bps
        .unwrap();
        assert!(raw > 100, "the asymptotic band at the strike an hour before expiry: {raw} bps");
        assert_eq!(band_at(year - 3_600, &params), 100, "capped at the drift band");
        // A vault that trades at every bp is not allowed either: at least 10 bps.
        let eager = Params { insurance_risk_aversion: 10_000, amm_fee_bps: 0, bounty_bps: 0, ..params };
        assert_eq!(band_at(0, &eager), 10);
    }
}
