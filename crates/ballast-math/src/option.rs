//! Option-based portfolio insurance in integer math: the vault replicates "the basket plus a put on
//! it struck at the floor" (Black–Scholes, no floats). Holding one unit of the basket (value `S`)
//! and one put (value `P`, strike `K`, volatility `σ`, `τ` years to expiry, safe rate `r`) is worth
//! `S + P`; the replicating portfolio holds `Δ = N(d1)` units of the basket and the rest in the
//! safe asset, so the basket's target weight is `N(d1) · S / (S + P)`. All reals are
//! [`fixed`](crate::fixed) (12 decimals).
//!
//! Error bounds: built from `fixed`'s functions, `put`, `delta`, `gamma` and `vega` are within
//! `1e-9 · (1 + 0.1 / (σ√τ))` relative plus 1e-10 absolute of the `f64` formula over spot/strike
//! 0.05–20, σ 1–300 %, τ one minute to ten years, r 0–20 % (the property tests below). The error of
//! `d1` is `ln`'s divided by `σ√τ`, so it grows as the option nears expiry at low volatility; even a
//! minute before expiry at 1 % volatility it is far below the one bp a target weight is counted in.

use crate::error::{MathError, MathResult};
use crate::fixed::{div, exp, ln, mul, norm_cdf, norm_pdf, sqrt, ONE};

/// Seconds in the year the volatility and the rate are quoted for (365 days).
pub const YEAR_SECS: i128 = 31_536_000;

/// The protective put's inputs (fixed-point reals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PutInputs {
    /// The basket's value (`S`), in any unit (the strike's).
    pub spot: i128,
    /// The floor (`K`), in the spot's unit.
    pub strike: i128,
    /// Annual volatility (`σ`; 0.6 is 60 %).
    pub vol: i128,
    /// Years to expiry (`τ`; 0 or less: expired).
    pub tau: i128,
    /// The safe asset's annual rate (`r`, continuously compounded).
    pub rate: i128,
}

/// The position "basket + put" and its sensitivities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Greeks {
    /// The put's value (`P`), in the spot's unit.
    pub put: i128,
    /// The position's delta, `∂(S + P)/∂S = N(d1)` (1.0: all basket).
    pub delta: i128,
    /// Its gamma, `φ(d1) / (S σ √τ)`, per unit of spot.
    pub gamma: i128,
    /// Its vega, `S φ(d1) √τ`, per unit of volatility (1.0 = 100 %).
    pub vega: i128,
    /// The basket's target weight, `Δ · S / (S + P)`, bps (rounded down: the safe side).
    pub basket_weight_bps: u16,
}

/// `secs` as years (`secs / 365 days`).
pub fn years(secs: i64) -> MathResult<i128> {
    i128::from(secs).checked_mul(ONE).and_then(|s| s.checked_div(YEAR_SECS)).ok_or(MathError::Overflow)
}

fn weight_bps(delta: i128, spot: i128, value: i128) -> MathResult<u16> {
    let weight = div(mul(delta, spot)?, value)?;
    let bps = weight.checked_mul(10_000).and_then(|w| w.checked_div(ONE)).ok_or(MathError::Overflow)?;
    u16::try_from(bps.clamp(0, 10_000)).map_err(|_| MathError::Overflow)
}

/// Black–Scholes for the protective put. At and after expiry (or with no volatility left, `σ√τ = 0`)
/// the position is its payoff: all basket above the floor, all safe at or below it. A zero strike
/// protects nothing: all basket.
pub fn protective_put(i: &PutInputs) -> MathResult<Greeks> {
    if i.spot <= 0 || i.strike < 0 || i.vol < 0 {
        return Err(MathError::ParameterOutOfBounds);
    }
    let all_basket = Greeks { put: 0, delta: ONE, gamma: 0, vega: 0, basket_weight_bps: 10_000 };
    if i.strike == 0 {
        return Ok(all_basket);
    }
    let root_tau = if i.tau > 0 { sqrt(i.tau)? } else { 0 };
    let spread = mul(i.vol, root_tau)?;
    if spread == 0 {
        if i.spot > i.strike {
            return Ok(all_basket);
        }
        let put = i.strike.checked_sub(i.spot).ok_or(MathError::Overflow)?;
        return Ok(Greeks { put, delta: 0, gamma: 0, vega: 0, basket_weight_bps: 0 });
    }
    // d1 = (ln(S/K) + (r + σ²/2) τ) / (σ √τ), d2 = d1 − σ √τ.
    let half_variance = mul(i.vol, i.vol)?.checked_div(2).ok_or(MathError::DivisionByZero)?;
    let drift = mul(i.rate.checked_add(half_variance).ok_or(MathError::Overflow)?, i.tau)?;
    let d1 = div(ln(div(i.spot, i.strike)?)?.checked_add(drift).ok_or(MathError::Overflow)?, spread)?;
    let d2 = d1.checked_sub(spread).ok_or(MathError::Overflow)?;
    let neg = |x: i128| x.checked_neg().ok_or(MathError::Overflow);
    let discounted_strike = mul(i.strike, exp(neg(mul(i.rate, i.tau)?)?)?)?;
    // P = K e^(−rτ) N(−d2) − S N(−d1); a rounding below zero is no value.
    let put = mul(discounted_strike, norm_cdf(neg(d2)?)?)?
        .checked_sub(mul(i.spot, norm_cdf(neg(d1)?)?)?)
        .ok_or(MathError::Overflow)?
        .max(0);
    let delta = norm_cdf(d1)?;
    let density = norm_pdf(d1)?;
    let gamma = div(density, mul(i.spot, spread)?)?;
    let vega = mul(mul(i.spot, density)?, root_tau)?;
    let value = i.spot.checked_add(put).ok_or(MathError::Overflow)?;
    Ok(Greeks { put, delta, gamma, vega, basket_weight_bps: weight_bps(delta, i.spot, value)? })
}

/// The basket's target weight for a vault insured as `units` of "basket + put" (bps of the vault's
/// value, rounded down, at most 10,000): `units · Δ · S / NAV`, with `S` the basket's index level
/// per unit (`i.spot`) and the vault's value `nav` in USD with 6 decimals. The vault's own value, not
/// the replicating portfolio's, is the denominator, so a vault that tracked badly is steered back
/// toward the hedge's exposure in money, not in weight.
pub fn insurance_risky_weight_bps(i: &PutInputs, units: i128, nav: u128) -> MathResult<u16> {
    if nav == 0 {
        return Err(MathError::EmptyVault);
    }
    let g = protective_put(i)?;
    // NAV (6 decimals) as a real: · 10^6.
    let nav = i128::try_from(nav).ok().and_then(|v| v.checked_mul(1_000_000)).ok_or(MathError::Overflow)?;
    let exposure = mul(mul(units, g.delta)?, i.spot)?;
    let bps = div(exposure, nav)?.checked_mul(10_000).and_then(|w| w.checked_div(ONE)).ok_or(MathError::Overflow)?;
    u16::try_from(bps.clamp(0, 10_000)).map_err(|_| MathError::Overflow)
}

/// `∛x` for `x ≥ 0` (`e^(ln x / 3)`).
fn cbrt(x: i128) -> MathResult<i128> {
    if x == 0 {
        return Ok(0);
    }
    exp(ln(x)?.checked_div(3).ok_or(MathError::DivisionByZero)?)
}

/// The Whalley–Wilmott no-trade band around the replicating delta, as the basket's weight may
/// stray from its target before a hedge is worth its cost (bps of the vault, rounded down): the
/// asymptotic half-width `H = (3 e^(−rτ) λ S Γ² / (2γ))^(1/3)` in units of the basket, with `λ` the
/// proportional cost of a hedge (`cost_bps`: the pool's fee and the bounty) and `γ` the risk aversion
/// (`risk_aversion`, per unit of the position's value), as a weight `H · S / (S + P)`. Wider where
/// gamma is large, yet crossed sooner there: the basket move that crosses it, `H / Γ`, grows away
/// from the floor and with time to expiry, so the vault hedges often near the floor and close to
/// expiry, and rarely far from it. No band once expired (no gamma).
pub fn whalley_wilmott_band_bps(i: &PutInputs, g: &Greeks, cost_bps: u16, risk_aversion: i128) -> MathResult<u16> {
    if g.gamma == 0 {
        return Ok(0);
    }
    if risk_aversion <= 0 {
        return Err(MathError::ParameterOutOfBounds);
    }
    let cost = i128::from(cost_bps).checked_mul(ONE / 10_000).ok_or(MathError::Overflow)?;
    let discount = exp(mul(i.rate, i.tau.max(0))?.checked_neg().ok_or(MathError::Overflow)?)?;
    let numerator =
        mul(mul(mul(discount, cost)?, i.spot)?, mul(g.gamma, g.gamma)?)?.checked_mul(3).ok_or(MathError::Overflow)?;
    let half_width = cbrt(div(numerator, risk_aversion.checked_mul(2).ok_or(MathError::Overflow)?)?)?;
    let value = i.spot.checked_add(g.put).ok_or(MathError::Overflow)?;
    weight_bps(half_width, i.spot, value)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::fixed::reference::{f, fx, norm_cdf_f64 as n};
    use proptest::prelude::*;

    /// The call on the same terms by parity, `P + S − K e^(−rτ)`, checked against `S N(d1) − K e^(−rτ) N(d2)`.
    fn call(i: &PutInputs) -> MathResult<i128> {
        let g = protective_put(i)?;
        let discount = exp(mul(i.rate, i.tau.max(0))?.checked_neg().ok_or(MathError::Overflow)?)?;
        // Parity: C = P + S − K e^(−rτ).
        g.put.checked_add(i.spot).and_then(|v| v.checked_sub(mul(i.strike, discount).ok()?)).ok_or(MathError::Overflow)
    }

    /// (put, delta, gamma, vega) by the f64 formula.
    fn reference(s: f64, k: f64, v: f64, t: f64, r: f64) -> (f64, f64, f64, f64) {
        let d1 = ((s / k).ln() + (r + v * v / 2.0) * t) / (v * t.sqrt());
        let d2 = d1 - v * t.sqrt();
        let put = k * (-r * t).exp() * n(-d2) - s * n(-d1);
        let pdf = (-d1 * d1 / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        (put, n(d1), pdf / (s * v * t.sqrt()), s * pdf * t.sqrt())
    }

    fn inputs(s: f64, k: f64, v: f64, t: f64, r: f64) -> PutInputs {
        PutInputs { spot: fx(s), strike: fx(k), vol: fx(v), tau: fx(t), rate: fx(r) }
    }

    #[test]
    fn the_textbook_case() {
        // S = K = 100, σ = 20 %, τ = 1, r = 5 %: d1 = 0.35, N(d1) = 0.636831, P = 5.573526,
        // C = 10.450584 (Hull's tables).
        let i = inputs(100.0, 100.0, 0.2, 1.0, 0.05);
        let g = protective_put(&i).unwrap();
        assert!((f(g.put) - 5.573_526_022_256_971).abs() < 1e-8, "{}", f(g.put));
        assert!((f(g.delta) - 0.636_830_651_175_619).abs() < 1e-10, "{}", f(g.delta));
        assert!((f(call(&i).unwrap()) - 10.450_583_572_185_565).abs() < 1e-8);
        // Δ S / (S + P) = 63.683 / 105.5735 = 60.32 %.
        assert_eq!(g.basket_weight_bps, 6_032);
    }

    #[test]
    fn at_and_after_expiry_the_position_is_its_payoff() {
        for tau in [0.0, -1.0] {
            let above = protective_put(&inputs(101.0, 100.0, 0.5, tau, 0.0)).unwrap();
            assert_eq!((above.put, above.delta, above.basket_weight_bps), (0, ONE, 10_000));
            let below = protective_put(&inputs(90.0, 100.0, 0.5, tau, 0.0)).unwrap();
            assert_eq!((below.put, below.delta, below.basket_weight_bps), (fx(10.0), 0, 0));
            let at = protective_put(&inputs(100.0, 100.0, 0.5, tau, 0.0)).unwrap();
            assert_eq!(at.basket_weight_bps, 0, "at the floor: safe");
        }
        let unprotected = protective_put(&inputs(100.0, 0.0, 0.5, 1.0, 0.0)).unwrap();
        assert_eq!(unprotected.basket_weight_bps, 10_000);
        assert_eq!(protective_put(&inputs(-1.0, 100.0, 0.5, 1.0, 0.0)), Err(MathError::ParameterOutOfBounds));
    }

    #[test]
    fn delta_rises_with_the_basket_and_steepens_toward_expiry() {
        let delta = |s: f64, t: f64| protective_put(&inputs(s, 100.0, 0.6, t, 0.0)).unwrap().delta;
        for t in [2.0, 0.5, 0.05] {
            let mut last = 0;
            for s in (50..=150).map(f64::from) {
                let d = delta(s, t);
                assert!(d >= last, "τ {t}: Δ({s}) fell");
                last = d;
            }
        }
        // Closer to expiry the step is steeper: further above the floor is more basket, below less.
        assert!(delta(120.0, 0.05) > delta(120.0, 2.0));
        assert!(delta(80.0, 0.05) < delta(80.0, 2.0));
        // Gamma is largest near the floor.
        let gamma = |s: f64| protective_put(&inputs(s, 100.0, 0.6, 0.1, 0.0)).unwrap().gamma;
        assert!(gamma(100.0) > gamma(70.0) && gamma(100.0) > gamma(140.0));
    }

    proptest! {
        #[test]
        fn within_1e_9_of_the_f64_formula(
            s in 0.05f64..20.0, k in 0.05f64..20.0, v in 0.01f64..3.0, t in 0.000_002f64..10.0, r in 0.0f64..0.2
        ) {
            let i = inputs(s, k, v, t, r);
            let (s, k, v, t, r) = (f(i.spot), f(i.strike), f(i.vol), f(i.tau), f(i.rate));
            let g = protective_put(&i).unwrap();
            let (put, delta, gamma, vega) = reference(s, k, v, t, r);
            let relative = 1e-9 * (1.0 + 0.1 / (v * t.sqrt()));
            let close = |got: i128, want: f64| (f(got) - want).abs() <= want.abs() * relative + 1e-10;
            prop_assert!(close(g.put, put), "put {} vs {put}", f(g.put));
            prop_assert!(close(g.delta, delta), "delta {} vs {delta}", f(g.delta));
            prop_assert!(close(g.gamma, gamma) || gamma > 1e6, "gamma {} vs {gamma}", f(g.gamma));
            prop_assert!(close(g.vega, vega), "vega {} vs {vega}", f(g.vega));
        }

        #[test]
        fn put_call_parity_holds(
            s in 0.05f64..20.0, k in 0.05f64..20.0, v in 0.01f64..3.0, t in 0.001f64..10.0, r in 0.0f64..0.2
        ) {
            let i = inputs(s, k, v, t, r);
            let c = f(call(&i).unwrap());
            let g = protective_put(&i).unwrap();
            // C computed independently from N(d1), N(d2) in f64 on the same inputs.
            let (s, k, v, t, r) = (f(i.spot), f(i.strike), f(i.vol), f(i.tau), f(i.rate));
            let d1 = ((s / k).ln() + (r + v * v / 2.0) * t) / (v * t.sqrt());
            let want = s * n(d1) - k * (-r * t).exp() * n(d1 - v * t.sqrt());
            prop_assert!((c - want).abs() <= want.abs() * 1e-9 + 1e-10, "C {c} vs {want}");
            prop_assert!(g.basket_weight_bps <= 10_000);
        }
    }

    #[test]
    fn years_are_365_days() {
        assert_eq!(years(31_536_000), Ok(ONE));
        assert_eq!(years(0), Ok(0));
    }
}

#[cfg(test)]
mod band_tests {
    use super::*;
    use crate::fixed::reference::fx;

    /// The band (bps of the vault), gamma and the put at basket value `s`, `t` years before expiry.
    fn band(s: f64, t: f64) -> (u16, i128, i128) {
        let i = PutInputs { spot: fx(s), strike: fx(100.0), vol: fx(0.6), tau: fx(t), rate: 0 };
        let g = protective_put(&i).unwrap();
        (whalley_wilmott_band_bps(&i, &g, 30, fx(1.0)).unwrap(), g.gamma, g.put)
    }

    #[test]
    fn the_band_is_crossed_by_smaller_moves_near_the_floor_and_close_to_expiry() {
        // The basket move that crosses the band, H / Γ, with H in basket units (the weight band
        // times (S + P) / S).
        let crossing = |s: f64, t: f64| {
            let (b, gamma, put) = band(s, t);
            let half_width = f64::from(b) / 10_000.0 * (s + put as f64 / ONE as f64) / s;
            half_width / (gamma as f64 / ONE as f64)
        };
        // Gamma peaks a little under the floor at this volatility (S ≈ K e^(−3σ²τ/2) ≈ 87): the
        // crossing move is smallest there (≈ 3.0 at 85) and grows away from it (4.4 at 50, 5.3 at 140).
        assert!(crossing(85.0, 0.25) < crossing(50.0, 0.25));
        assert!(crossing(85.0, 0.25) < crossing(140.0, 0.25));
        assert!(crossing(100.0, 0.25) < crossing(160.0, 0.25));
        assert!(crossing(100.0, 0.02) < crossing(100.0, 1.0));
        // In weight terms the band itself is widest where gamma is (near the floor).
        assert!(band(100.0, 0.25).0 > band(150.0, 0.25).0);
    }

    #[test]
    fn a_textbook_band() {
        // S = K = 100, σ = 60 %, τ = 0.25, r = 0, λ = 30 bps, γ = 1: d1 = 0.15, Γ = φ(0.15)/(100·0.3)
        // = 0.013149, H = (3 · 0.003 · 100 · Γ² / 2)^(1/3) = 0.04270 basket units; with P = 11.924
        // the weight band is H · 100 / 111.924 = 381 bps.
        assert_eq!(band(100.0, 0.25).0, 381);
        let expired = PutInputs { spot: fx(100.0), strike: fx(90.0), vol: fx(0.6), tau: 0, rate: 0 };
        let g = protective_put(&expired).unwrap();
        assert_eq!(whalley_wilmott_band_bps(&expired, &g, 30, fx(1.0)), Ok(0));
        let live = PutInputs { tau: fx(0.25), ..expired };
        let g = protective_put(&live).unwrap();
        assert_eq!(whalley_wilmott_band_bps(&live, &g, 30, 0), Err(MathError::ParameterOutOfBounds));
    }
}

#[cfg(test)]
mod insurance_tests {
    use super::*;

    #[test]
    fn the_vault_holds_the_hedge_exposure_in_money() {
        // 10,000 units of a basket at 100 with a put at 100 (σ 20 %, τ 1, r 5 %): Δ = 0.636831,
        // the exposure 636,831 USD; in a vault worth 1,055,735 USD (the position's value) that is
        // 6,032 bps, the protective put's own weight.
        let i = PutInputs { spot: 100 * ONE, strike: 100 * ONE, vol: ONE / 5, tau: ONE, rate: ONE / 20 };
        assert_eq!(insurance_risky_weight_bps(&i, 10_000 * ONE, 1_055_735_260_223), Ok(6_032));
        // The vault worth less than the position (it tracked badly): the same money is a larger weight.
        assert_eq!(insurance_risky_weight_bps(&i, 10_000 * ONE, 700_000_000_000), Ok(9_097));
        // Never more than everything.
        assert_eq!(insurance_risky_weight_bps(&i, 10_000 * ONE, 100_000_000_000), Ok(10_000));
        assert_eq!(insurance_risky_weight_bps(&i, 10_000 * ONE, 0), Err(MathError::EmptyVault));
    }
}
