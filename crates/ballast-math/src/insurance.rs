//! Option-based portfolio insurance as a target policy: each share holds `n` units of "the basket
//! index plus a put on it struck at `K`, expiring at a date", replicated by delta hedging
//! ([`crate::option`]). The program, the crank's preview and the simulator call these functions.
//!
//! - **The index** is a buy-and-hold basket fixed when a period is struck: `q_i` whole tokens of
//!   each risky slot per index unit, so `I = Σ q_i p_i` is 1.0 at the strike and the vault's basket
//!   sleeve is split by the index's own composition (`q_i p_i / I`) — it holds the index, not a
//!   drifting mix of it.
//! - **The strike** solves `n (1 + P(K)) = V0` and `n K = F` for the share price `V0` at the strike
//!   and the governance floor `F` (USD per share at expiry): each share is worth "index + put", and
//!   at expiry at least `n K = F`.
//! - **The volatility** is the index's: its slots' EWMA estimates (per minute,
//!   `volatility::VOL_REFERENCE_SECS`, annualised) weighted by the index's composition — at least the true basket
//!   volatility, as correlations are at most one — clamped to governance's floor and cap (equal:
//!   a governance-set implied volatility).
//! - **The target** of the basket is `n · Δ · I · shares / NAV` and the **band** the Whalley–Wilmott
//!   half-width for the pool's fee plus the bounty (or the plain drift band when the risk aversion is
//!   0). At and after expiry the position is its payoff: all basket above the strike, all safe at or
//!   below it.
//!
//! Rounding favours safety: the basket's weight rounds down (the safe slot takes every remainder).

use crate::checked::{mul_div_u128, wide_add, Rounding};
use crate::error::{MathError, MathResult};
use crate::fees::SHARE_PRICE_SCALE;
use crate::fixed::{div, mul, sqrt, ONE};
use crate::option::{protective_put, whalley_wilmott_band_bps, years, Greeks, PutInputs, YEAR_SECS};
use crate::price::Price;
use crate::shares::VIRTUAL_SHARES;
use crate::volatility::sigma_bps;

/// A struck period, as the vault stores it (`roll_insurance` writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// Expiry (Unix seconds; 0: no period struck).
    pub expires_at: i64,
    /// The put's strike `K`, index units (12 decimals; the index is 1.0 at the strike).
    pub strike: u64,
    /// Index units `n` each share holds, as a share price (USD per share per index unit, 12
    /// decimals, the fees module's share price scale).
    pub units_per_share: u64,
    /// The floor `F = n K` the period was struck for (USD per share, 12 decimals).
    pub floor_share_price: u64,
}

/// The settings of the policy beyond the struck period (from the vault's parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// Annual volatility floor and cap, bps (equal: a governance-set implied volatility).
    pub vol_min_bps: u16,
    pub vol_max_bps: u16,
    /// The safe asset's annual rate, bps (continuously compounded).
    pub rate_bps: u16,
    /// Whalley–Wilmott relative risk aversion: per unit of the position's value (0: the plain drift
    /// bands). The hedge divides it by "index + put", so the band is the same at any index scale.
    pub risk_aversion: u16,
    /// A hedge's proportional cost, bps of the traded value (the pool's fee and the bounty).
    pub cost_bps: u16,
}

/// The hedge in force at one moment: the inputs, the Greeks, the targets' basket weight and the band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hedge {
    /// The index level (12 decimals; 1.0 at the strike).
    pub index: i128,
    /// The annual volatility the hedge assumes (12 decimals).
    pub vol: i128,
    /// Years to expiry (12 decimals; 0 once expired).
    pub tau: i128,
    pub greeks: Greeks,
    /// The basket's target weight, bps of the vault (rounded down).
    pub basket_bps: u16,
    /// The Whalley–Wilmott half-width on the basket's weight, bps; `None`: the plain drift bands.
    pub band_bps: Option<u16>,
}

/// [`ONE`] as a `u128`, and its square (the scale of a quantity's numerator).
const ONE_U128: u128 = 1_000_000_000_000;
const ONE_SQUARED: u128 = ONE_U128 * ONE_U128;

fn bps_real(bps: u16) -> i128 {
    i128::from(bps).saturating_mul(ONE / 10_000)
}

fn price_real(price: Price) -> MathResult<i128> {
    i128::try_from(price.0).map_err(|_| MathError::Overflow)
}

/// The index `I = Σ q_i p_i` at `prices` (12 decimals); `quantities` are whole tokens per index unit
/// (12 decimals), 0 for the safe slot and slots outside the index.
pub fn index_level(quantities: &[u64], prices: &[Price]) -> MathResult<i128> {
    if quantities.len() != prices.len() {
        return Err(MathError::LengthMismatch);
    }
    quantities.iter().zip(prices).try_fold(0i128, |sum, (q, p)| {
        sum.checked_add(mul(i128::from(*q), price_real(*p)?)?).ok_or(MathError::Overflow)
    })
}

/// The index's quantities at a strike: slot `i ≥ 1` weighs `base_i / Σ base` of an index worth 1.0,
/// so `q_i = (base_i / Σ base) / p_i` whole tokens (12 decimals, rounded down); slot 0, the safe
/// asset, is outside the index. `TargetPolicyInvalid` when no risky slot has a base weight.
pub fn quantities(base: &[u16], prices: &[Price], out: &mut [u64]) -> MathResult<()> {
    if base.len() != prices.len() || base.len() != out.len() || base.is_empty() {
        return Err(MathError::LengthMismatch);
    }
    let basket: u128 = base[1..].iter().map(|w| u128::from(*w)).sum();
    if basket == 0 {
        return Err(MathError::TargetPolicyInvalid);
    }
    out[0] = 0;
    for ((q, w), p) in out[1..].iter_mut().zip(&base[1..]).zip(&prices[1..]) {
        // (w / basket) / (p / 10^12) · 10^12 = w · 10^24 / (basket · p).
        let denominator = basket.checked_mul(p.0).ok_or(MathError::Overflow)?;
        let units = mul_div_u128(u128::from(*w), ONE_SQUARED, denominator, Rounding::Down)?;
        *q = u64::try_from(units).map_err(|_| MathError::Overflow)?;
    }
    Ok(())
}

/// The index's annual volatility (12 decimals): each slot's EWMA variance (bps² per minute: the
/// observer scales every return to `volatility::VOL_REFERENCE_SECS` whatever the spacing of its
/// readings) as a standard deviation annualised (`σ √(year / minute)`), weighted by the index's
/// composition at `prices`, then clamped to the terms' floor and cap.
pub fn index_vol(quantities: &[u64], prices: &[Price], variances: &[u64], terms: &Terms) -> MathResult<i128> {
    if variances.len() != prices.len() {
        return Err(MathError::LengthMismatch);
    }
    let floor = bps_real(terms.vol_min_bps);
    let cap = bps_real(terms.vol_max_bps);
    if terms.vol_min_bps == terms.vol_max_bps {
        return Ok(floor);
    }
    let index = index_level(quantities, prices)?;
    // √(minutes a year), a real. (Annualising with the observation interval instead understated
    // the volatility, and so the put, √(interval / minute) times once variances were per minute.)
    let per_year = sqrt(div(YEAR_SECS, i128::from(crate::volatility::VOL_REFERENCE_SECS))?)?;
    let mut weighted = 0i128;
    if index > 0 {
        for ((q, p), v) in quantities.iter().zip(prices).zip(variances) {
            let part = mul(i128::from(*q), price_real(*p)?)?;
            let sigma = bps_real(u16::try_from(sigma_bps(*v)).unwrap_or(u16::MAX));
            weighted = weighted.checked_add(mul(part, sigma)?).ok_or(MathError::Overflow)?;
        }
        weighted = mul(div(weighted, index)?, per_year)?;
    }
    Ok(weighted.clamp(floor, cap.max(floor)))
}

/// Strikes a period: the strike `K` and the units per share `n` with `n (1 + P(K)) = V0` and
/// `n K = F` (`share_price` is `V0`, `floor_share_price` is `F`, both USD per share with 12
/// decimals; the index is 1.0 now), by the secant method on `K − (F / V0)(1 + P(K))` (a handful of
/// put prices). `FloorAboveValue` unless `0 < F < V0`.
pub fn strike(floor_share_price: u64, share_price: u128, vol: i128, tau: i128, rate: i128) -> MathResult<(u64, u64)> {
    let value = i128::try_from(share_price).map_err(|_| MathError::Overflow)?;
    let floor = i128::from(floor_share_price);
    if floor == 0 || floor >= value {
        return Err(MathError::FloorAboveValue);
    }
    let ratio = div(floor, value)?;
    // g(K) = K − ratio (1 + P(K)): negative at K = ratio, and g' ≥ 1 − ratio > 0.
    let g = |k: i128| -> MathResult<i128> {
        let put = protective_put(&PutInputs { spot: ONE, strike: k, vol, tau, rate })?.put;
        k.checked_sub(mul(ratio, ONE.checked_add(put).ok_or(MathError::Overflow)?)?).ok_or(MathError::Overflow)
    };
    let (mut k0, mut g0) = (ratio, g(ratio)?);
    let mut k1 = ratio.checked_sub(g0).ok_or(MathError::Overflow)?;
    for _ in 0..16 {
        let g1 = g(k1)?;
        if g1 == 0 || g1 == g0 {
            break;
        }
        let step = div(
            mul(g1, k1.checked_sub(k0).ok_or(MathError::Overflow)?)?,
            g1.checked_sub(g0).ok_or(MathError::Overflow)?,
        )?;
        (k0, g0) = (k1, g1);
        k1 = k1.checked_sub(step).ok_or(MathError::Overflow)?;
        if step.abs() <= 1 {
            break;
        }
    }
    if k1 <= 0 {
        return Err(MathError::FloorAboveValue);
    }
    // n = F / K, rounded down (fewer units protect the floor with the strike rounded up).
    let units = div(floor, k1)?;
    let strike = u64::try_from(k1.checked_add(1).ok_or(MathError::Overflow)?).map_err(|_| MathError::Overflow)?;
    Ok((strike, u64::try_from(units).map_err(|_| MathError::Overflow)?))
}

/// A period struck by [`strike_period`], with what it was priced at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Struck {
    pub period: Period,
    /// The annual volatility the strike was priced at (12 decimals).
    pub vol: i128,
    /// The share price at the strike (USD per share, 12 decimals).
    pub share_price: u128,
}

/// `roll_insurance`'s whole computation (the program's and the simulator's): the index's
/// quantities (written to `quantities_out`) from governance's `base` weights at `prices`, the
/// index's volatility from the slots' `variances`, and the strike and units per share for `params`'
/// floor and expiry at the vault's share price (`nav` USD with 6 decimals, `share_supply` shares).
#[allow(clippy::too_many_arguments)]
pub fn strike_period(
    base: &[u16],
    prices: &[Price],
    variances: &[u64],
    params: &crate::params::Params,
    nav: u128,
    share_supply: u64,
    now: i64,
    quantities_out: &mut [u64],
) -> MathResult<Struck> {
    quantities(base, prices, quantities_out)?;
    let terms = params.insurance_terms();
    let vol = index_vol(quantities_out, prices, variances, &terms)?;
    let expires_at = i64::try_from(params.insurance_expires_at).map_err(|_| MathError::Overflow)?;
    let tau = years(expires_at.saturating_sub(now))?;
    let price = crate::fees::share_price(nav, share_supply)?;
    let (strike_k, units) = strike(params.insurance_floor_share_price, price, vol, tau, bps_real(terms.rate_bps))?;
    let period = Period {
        expires_at,
        strike: strike_k,
        units_per_share: units,
        floor_share_price: params.insurance_floor_share_price,
    };
    Ok(Struck { period, vol, share_price: price })
}

/// What the vault holds now, as the hedge after expiry needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The basket's weight (every slot but the safe one), bps of the vault.
    pub basket_bps: u16,
}

/// After expiry the payoff is a step at the strike: an index hovering at the strike would flip the
/// target between all basket and all safe at every wiggle, each flip a whole-vault trade. So after
/// expiry the side the vault holds (its basket weight at least half, or not) stays until the index
/// is this far past the strike (bps of the strike).
pub const EXPIRY_DEAD_ZONE_BPS: i128 = 200;

/// The hedge in force at `now` for a vault worth `nav` (USD, 6 decimals) with `share_supply` shares
/// at index level `index`: the Greeks of one unit of "index + put", the basket's weight
/// `n · Δ · I · (shares + virtual) / NAV` (rounded down, at most 10,000 bps) and the band. At and
/// after expiry, the payoff's side with the dead zone ([`EXPIRY_DEAD_ZONE_BPS`]) and the plain
/// drift bands.
#[allow(clippy::too_many_arguments)]
pub fn hedge(
    period: &Period,
    terms: &Terms,
    vol: i128,
    index: i128,
    nav: u128,
    share_supply: u64,
    now: i64,
    held: Held,
) -> MathResult<Hedge> {
    if nav == 0 {
        return Err(MathError::EmptyVault);
    }
    if index <= 0 {
        return Err(MathError::PriceNotPositive);
    }
    let left = period.expires_at.saturating_sub(now).max(0);
    let tau = years(left)?;
    let inputs = PutInputs { spot: index, strike: i128::from(period.strike), vol, tau, rate: bps_real(terms.rate_bps) };
    let greeks = protective_put(&inputs)?;
    // The position's value per index unit (USD, 6 decimals): n · (shares + virtual) / scale.
    let supply = wide_add(share_supply, VIRTUAL_SHARES);
    let position = mul_div_u128(u128::from(period.units_per_share), supply, SHARE_PRICE_SCALE, Rounding::Down)?;
    let exposure_per_unit = u128::try_from(mul(greeks.delta, index)?.max(0)).map_err(|_| MathError::Overflow)?;
    let exposure = mul_div_u128(position, exposure_per_unit, ONE_U128, Rounding::Down)?;
    // At and after expiry the payoff decides: all basket above the strike, all safe at or below it,
    // past the dead zone from the side the vault holds.
    let basket = if tau == 0 {
        let strike = i128::from(period.strike);
        let zone = strike.checked_mul(EXPIRY_DEAD_ZONE_BPS).ok_or(MathError::Overflow)? / 10_000;
        let above = if held.basket_bps >= 5_000 {
            index > strike.saturating_sub(zone)
        } else {
            index > strike.saturating_add(zone)
        };
        if above {
            10_000
        } else {
            0
        }
    } else {
        mul_div_u128(exposure, 10_000, nav, Rounding::Down)?.min(10_000)
    };
    let band_bps = if terms.risk_aversion == 0 || tau == 0 {
        None
    } else {
        // Absolute risk aversion per unit of the index's money: γ / (I + P).
        let position = index.checked_add(greeks.put).ok_or(MathError::Overflow)?;
        let aversion = div(i128::from(terms.risk_aversion).saturating_mul(ONE), position)?;
        Some(whalley_wilmott_band_bps(&inputs, &greeks, terms.cost_bps, aversion)?)
    };
    Ok(Hedge { index, vol, tau, greeks, basket_bps: u16::try_from(basket).map_err(|_| MathError::Overflow)?, band_bps })
}

/// Writes the targets under insurance: slot 0 gets `10,000 − basket` plus every remainder bp; the
/// basket's weight is split over the index's slots by its composition at `prices` (`q_i p_i / I`),
/// each rounded down.
pub fn split_by_index(basket_bps: u16, quantities: &[u64], prices: &[Price], out: &mut [u16]) -> MathResult<()> {
    if quantities.len() != out.len() || out.is_empty() {
        return Err(MathError::LengthMismatch);
    }
    let index = index_level(quantities, prices)?;
    if index <= 0 {
        return Err(MathError::TargetPolicyInvalid);
    }
    let mut given = 0u128;
    out[0] = 0;
    for ((o, q), p) in out[1..].iter_mut().zip(&quantities[1..]).zip(&prices[1..]) {
        let part = mul(i128::from(*q), price_real(*p)?)?;
        let share =
            part.checked_mul(i128::from(basket_bps)).and_then(|x| x.checked_div(index)).ok_or(MathError::Overflow)?;
        let share = u16::try_from(share.max(0)).map_err(|_| MathError::Overflow)?;
        given = given.checked_add(u128::from(share)).ok_or(MathError::Overflow)?;
        *o = share;
    }
    out[0] =
        u16::try_from(10_000u128.checked_sub(given).ok_or(MathError::Overflow)?).map_err(|_| MathError::Overflow)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::reference::{f, fx};

    const DUSD: Price = Price(1_000_000_000_000);
    const BTC: Price = Price(60_000_000_000_000_000);
    const HELD: Held = Held { basket_bps: 0 };
    const TERMS: Terms =
        Terms { vol_min_bps: 6_000, vol_max_bps: 6_000, rate_bps: 0, risk_aversion: 100, cost_bps: 30 };

    #[test]
    fn the_index_is_one_at_the_strike_and_follows_the_basket() {
        let mut q = [0u64; 3];
        let eth = Price(3_000_000_000_000_000);
        quantities(&[2_000, 6_000, 2_000], &[DUSD, BTC, eth], &mut q).unwrap();
        // 75 % of a unit in BTC at 60,000: 0.0000125 BTC; 25 % in ETH at 3,000: 0.0000833 ETH.
        assert_eq!(q, [0, 12_500_000, 83_333_333]);
        assert!((f(index_level(&q, &[DUSD, BTC, eth]).unwrap()) - 1.0).abs() < 1e-8);
        // BTC doubles: 0.75 · 2 + 0.25 = 1.75.
        let btc2 = Price(BTC.0 * 2);
        assert!((f(index_level(&q, &[DUSD, btc2, eth]).unwrap()) - 1.75).abs() < 1e-8);
        // The sleeve is split by the index's composition then: 2/1.75 and 0.25/1.75 of the basket.
        let mut out = [0u16; 3];
        split_by_index(7_000, &q, &[DUSD, btc2, eth], &mut out).unwrap();
        // 6,000 and 1,000 exactly, but ETH's quantity rounded down: 999, the safe slot takes the bp.
        assert_eq!(out, [3_001, 6_000, 999]);
        assert_eq!(quantities(&[10_000, 0], &[DUSD, BTC], &mut [0; 2]), Err(MathError::TargetPolicyInvalid));
    }

    #[test]
    fn the_strike_makes_each_share_worth_index_plus_put_with_the_floor_at_expiry() {
        // V0 = 1.00, F = 0.90, σ 60 %, one year: n (1 + P(K)) = 1 and n K = 0.9.
        let (k, n) = strike(900_000_000_000, 1_000_000_000_000, fx(0.6), ONE, 0).unwrap();
        let put = protective_put(&PutInputs { spot: ONE, strike: i128::from(k), vol: fx(0.6), tau: ONE, rate: 0 })
            .unwrap()
            .put;
        let (k, n, put) = (k as f64 / 1e12, n as f64 / 1e12, f(put));
        // Within a few times the put's own error bound (1e-9 relative, `crate::option`).
        assert!((n * (1.0 + put) - 1.0).abs() < 5e-9, "n {n} put {put}");
        assert!((n * k - 0.9).abs() < 1e-9, "n {n} k {k}");
        // A year of 60 % volatility makes the put dear: P ≈ 0.449, so n ≈ 0.690 and K ≈ 1.304.
        assert!((0.689..0.691).contains(&n) && (1.303..1.305).contains(&k), "n {n} k {k}");
        assert_eq!(strike(1_000_000_000_000, 1_000_000_000_000, fx(0.6), ONE, 0), Err(MathError::FloorAboveValue));
        assert_eq!(strike(0, 1_000_000_000_000, fx(0.6), ONE, 0), Err(MathError::FloorAboveValue));
    }

    #[test]
    fn the_basket_weight_is_the_hedge_and_the_payoff_at_expiry() {
        let (strike_k, n) = strike(900_000_000_000, 1_000_000_000_000, fx(0.6), ONE, 0).unwrap();
        let period =
            Period { expires_at: 31_536_000, strike: strike_k, units_per_share: n, floor_share_price: 9e11 as u64 };
        // A vault of 1,000 USD with 999 shares (+1 virtual) at 1.00: at the strike its weight is the
        // protective put's own, Δ I / (I + P).
        let supply = 999_000_000_000;
        let h = hedge(&period, &TERMS, fx(0.6), ONE, 1_000_000_000, supply, 0, HELD).unwrap();
        let g = protective_put(&PutInputs { spot: ONE, strike: i128::from(strike_k), vol: fx(0.6), tau: ONE, rate: 0 })
            .unwrap();
        assert!(h.basket_bps.abs_diff(g.basket_weight_bps) <= 1, "{} vs {}", h.basket_bps, g.basket_weight_bps);
        assert_eq!((h.greeks, h.tau), (g, ONE));
        assert!(h.band_bps.unwrap() > 0);
        // Lower index, less basket; later, the band narrows toward expiry for the same gamma region.
        let fallen = hedge(&period, &TERMS, fx(0.6), fx(0.8), 800_000_000, supply, 0, HELD).unwrap();
        assert!(fallen.basket_bps < h.basket_bps);
        // At expiry the payoff, whatever the vault is worth, with no band of its own (the drift
        // bands): all basket above the strike, all safe below it — from the side the vault holds,
        // only past the 2 % dead zone, so an index hovering at the strike does not flip it.
        let k = i128::from(strike_k);
        let at_expiry = |index: i128, held_bps: u16| {
            let held = Held { basket_bps: held_bps };
            hedge(&period, &TERMS, fx(0.6), index, 1_200_000_000, supply, 31_536_000, held).unwrap()
        };
        let above = at_expiry(k + 1_000, 10_000);
        assert_eq!((above.basket_bps, above.band_bps, above.tau), (10_000, None, 0));
        assert_eq!(at_expiry(k * 99 / 100, 10_000).basket_bps, 10_000, "inside the zone, holding basket");
        assert_eq!(at_expiry(k * 97 / 100, 10_000).basket_bps, 0, "past the zone below");
        assert_eq!(at_expiry(k * 101 / 100, 0).basket_bps, 0, "inside the zone, holding safe");
        assert_eq!(at_expiry(k * 103 / 100, 4_999).basket_bps, 10_000, "past the zone above");
        // Without risk aversion, the plain bands.
        let plain = Terms { risk_aversion: 0, ..TERMS };
        assert_eq!(hedge(&period, &plain, fx(0.6), ONE, 1_000_000_000, supply, 0, HELD).unwrap().band_bps, None);
        assert_eq!(hedge(&period, &TERMS, fx(0.6), ONE, 0, supply, 0, HELD), Err(MathError::EmptyVault));
    }

    #[test]
    fn the_band_does_not_depend_on_the_index_scale() {
        let (k, n) = strike(900_000_000_000, 1_000_000_000_000, fx(0.6), ONE, 0).unwrap();
        let period = Period { expires_at: 31_536_000, strike: k, units_per_share: n, floor_share_price: 9e11 as u64 };
        let band =
            hedge(&period, &TERMS, fx(0.6), ONE, 1_000_000_000, 999_000_000_000, 0, HELD).unwrap().band_bps.unwrap();
        // The same option on an index of 100: the absolute aversion γ / (S + P) per unit of money.
        let i = PutInputs { spot: 100 * ONE, strike: 100 * i128::from(k), vol: fx(0.6), tau: ONE, rate: 0 };
        let g = protective_put(&i).unwrap();
        let absolute = div(100 * ONE, i.spot + g.put).unwrap();
        let scaled = whalley_wilmott_band_bps(&i, &g, 30, absolute).unwrap();
        assert!(band.abs_diff(scaled) <= 1, "{band} vs {scaled}");
        assert!((100..2_000).contains(&band), "{band}");
    }

    #[test]
    fn the_volatility_is_the_index_weighted_estimate_clamped() {
        let q = [0u64, 16_666_666];
        // σ = 10 bps per minute (100 bps²): 0.1 % · √525,960 = 72.5 % a year, whatever the spacing of
        // the readings the estimate came from.
        let wide = Terms { vol_min_bps: 1_000, vol_max_bps: 20_000, ..TERMS };
        let v = index_vol(&q, &[DUSD, BTC], &[0, 100], &wide).unwrap();
        assert!((f(v) - 0.7252).abs() < 1e-3, "{}", f(v));
        // Clamped to the cap, to the floor; equal bounds are an implied volatility.
        let capped = Terms { vol_max_bps: 5_000, ..wide };
        assert_eq!(index_vol(&q, &[DUSD, BTC], &[0, 10_000], &capped).unwrap(), fx(0.5));
        assert_eq!(index_vol(&q, &[DUSD, BTC], &[0, 0], &wide).unwrap(), fx(0.1));
        assert_eq!(index_vol(&q, &[DUSD, BTC], &[0, 10_000], &TERMS).unwrap(), fx(0.6));
    }
}
