//! The whole rebalance decision in one call: the policy's targets, the bands (widened by
//! volatility), the schedule, the turnover cap, the crank's pair, sizing and the drift gate
//! (`execution`: the trade's cost through the pool against the tracking variance it removes).
//! `rebalance` and `preview_rebalance` call it with the vault's state; the simulator calls it with
//! its replayed state, so the two can never decide differently.

use crate::error::MathResult;
use crate::execution::{drift_benefit, trade_cost, Charges, Hop, Side, Weighed};
use crate::insurance::Hedge;
use crate::params::Params;
use crate::policy::{self, Insured};
use crate::price::value_of;
use crate::trade::{size_valued_trade, weights_bps, Bands, Position, SizedTrade, TradeLimits, TradeRequest};
use crate::turnover::Epoch;

/// Most assets the planner takes (the program holds at most 16).
pub const MAX_DECISION_ASSETS: usize = 32;

/// The vault's state as the planner needs it, beyond its positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionInputs<'a> {
    /// Shares outstanding (atomic units): CPPI's floor value is per share.
    pub share_supply: u64,
    /// The maximum interval since the last rebalance has passed.
    pub schedule_due: bool,
    /// The turnover epoch the trade would count in (already rolled to now; see `Epoch::at`).
    pub epoch: Epoch,
    /// The crank's pair `(sell, buy)`, if it names one.
    pub pair: Option<(usize, usize)>,
    /// The struck insurance period (the insurance policy only).
    pub insured: Option<Insured<'a>>,
    /// The observer's EWMA variance of each asset, bps² per minute, slot order (the drift gate's σ²;
    /// a missing slot counts as 0).
    pub variances: &'a [u64],
}

/// A plan and the targets it steers toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebalanceDecision {
    pub trade: SizedTrade,
    /// Targets in force, bps (first `len` entries): governance's, or CPPI's for the value now.
    pub targets: [u16; MAX_DECISION_ASSETS],
    /// Under insurance, the hedge the targets come from (Greeks and band).
    pub hedge: Option<Hedge>,
    /// The drift gate's cost and benefit (`None`: the gate is off).
    pub weighed: Option<Weighed>,
}

impl Params {
    /// What a rebalance pays beyond the swap, and the fee assumed without a pool.
    pub fn charges(&self) -> Charges {
        Charges {
            amm_fee_bps: self.amm_fee_bps,
            bounty_bps: self.bounty_bps,
            max_bounty_value: u128::from(self.max_bounty_value),
            tx_cost_value: u128::from(self.tx_cost_value),
        }
    }

    /// The AMM fee a hop through the vault's pool is charged, parts per million.
    pub fn amm_fee_ppm(&self) -> u32 {
        u32::from(self.amm_fee_bps).saturating_mul(100)
    }

    /// The drift gate's horizon, seconds (0: the gate is off).
    pub fn drift_gate_horizon_secs(&self) -> u64 {
        u64::from(self.drift_gate_horizon_hours).saturating_mul(3_600)
    }

    pub fn cppi(&self) -> policy::Cppi {
        policy::Cppi {
            multiplier_pct: self.cppi_multiplier_pct,
            floor_share_price: self.cppi_floor_share_price,
            max_risky_bps: self.cppi_max_risky_bps,
        }
    }
}

/// Decides the rebalance. `positions` carry governance's target weights and the volatility
/// widening; `pool(sell, buy)` is the hop the swap would take, for the drift gate's cost (`None`:
/// the assumed AMM fee only, as in the preview).
pub fn decide_rebalance(
    positions: &[Position],
    params: &Params,
    ctx: &DecisionInputs,
    pool: impl Fn(usize, usize) -> Option<Hop>,
) -> MathResult<RebalanceDecision> {
    let n = positions.len();
    let mut base = [0u16; MAX_DECISION_ASSETS];
    let mut targets = [0u16; MAX_DECISION_ASSETS];
    let mut steered =
        [Position { amount: 0, decimals: 0, price: crate::price::Price(0), target_bps: 0, extra_band_bps: 0 };
            MAX_DECISION_ASSETS];
    if n > MAX_DECISION_ASSETS {
        return Err(crate::MathError::LengthMismatch);
    }
    let mut values = [0u128; MAX_DECISION_ASSETS];
    let mut nav = 0u128;
    for (i, p) in positions.iter().enumerate() {
        base[i] = p.target_bps;
        values[i] = value_of(p.amount, p.price, p.decimals, false)?;
        nav = nav.checked_add(values[i]).ok_or(crate::MathError::Overflow)?;
    }
    let mut prices = [crate::price::Price(0); MAX_DECISION_ASSETS];
    for (price, p) in prices.iter_mut().zip(positions) {
        *price = p.price;
    }
    let hedge = policy::policy_targets(
        &base[..n],
        params,
        ctx.insured.as_ref(),
        &values[..n],
        ctx.share_supply,
        &prices[..n],
        &mut targets[..n],
    )?;
    // The hedge's band already prices volatility (gamma): no volatility widening on top of it, so
    // the band that triggers is the band reported (`HedgeView.band_bps`).
    let hedged = hedge.as_ref().is_some_and(|h| h.band_bps.is_some());
    for (i, p) in positions.iter().enumerate() {
        let extra_band_bps = if hedged { 0 } else { p.extra_band_bps };
        steered[i] = Position { target_bps: targets[i], extra_band_bps, ..*p };
    }
    let limits = TradeLimits {
        bands: bands(params, hedge.as_ref()),
        max_trade_bps: params.max_trade_bps,
        max_slippage_bps: params.max_slippage_bps,
        turnover_left: ctx.epoch.allowance(nav, params.turnover_cap_bps)?,
    };
    let plan = size_valued_trade(
        &steered[..n],
        &values[..n],
        &limits,
        &TradeRequest { schedule_due: ctx.schedule_due, pair: ctx.pair },
    )?;
    // An insured vault follows its put's delta: the hedge's own band already weighs trading cost
    // against hedging error, and a gate that held a hedge back would leave the floor exposed.
    let weighed = if hedge.is_some() {
        None
    } else {
        weigh(&plan, &steered[..n], &values[..n], nav, params, ctx.variances, pool)?
    };
    if let Some(w) = weighed {
        w.verdict()?;
    }
    Ok(RebalanceDecision { trade: plan, targets, hedge, weighed })
}

/// The drift gate's cost and benefit for `plan` (`None` when the horizon is 0: the gate is off).
fn weigh(
    plan: &SizedTrade,
    positions: &[Position],
    values: &[u128],
    nav: u128,
    params: &Params,
    variances: &[u64],
    pool: impl Fn(usize, usize) -> Option<Hop>,
) -> MathResult<Option<Weighed>> {
    let horizon = params.drift_gate_horizon_secs();
    if horizon == 0 {
        return Ok(None);
    }
    let mut weights = [0u16; MAX_DECISION_ASSETS];
    weights_bps(values, &mut weights[..values.len()])?;
    let (s, b) = (plan.sell, plan.buy);
    let side =
        |i: usize, drift: u16| Side { drift_bps: u32::from(drift), variance: variances.get(i).copied().unwrap_or(0) };
    let sell = side(s, weights[s].saturating_sub(positions[s].target_bps));
    let buy = side(b, positions[b].target_bps.saturating_sub(weights[b]));
    let hop = pool(s, b);
    Ok(Some(Weighed {
        cost: trade_cost(plan, &positions[s], &positions[b], hop.as_ref(), &params.charges())?,
        benefit: drift_benefit(plan.value, nav, &sell, &buy, horizon)?,
    }))
}

/// The drift bands in force: governance's, or under insurance with a risk aversion the hedge's
/// Whalley–Wilmott half-width (as `policy_targets` bounds it) on every slot with the relative band off.
pub fn bands(params: &Params, hedge: Option<&Hedge>) -> Bands {
    match hedge.and_then(|h| h.band_bps) {
        Some(band) => Bands { band_bps: band, relative_bps: 0 },
        None => Bands { band_bps: params.drift_band_bps, relative_bps: params.relative_drift_band_bps },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price::Price;
    use crate::MathError;

    const USDC: Price = Price(1_000_000_000_000);

    fn usdc(amount: u64, target_bps: u16) -> Position {
        Position { amount, decimals: 6, price: USDC, target_bps, extra_band_bps: 0 }
    }

    /// Whole-vault trades allowed and the gate off, so only the targets decide the size.
    const OPEN: Params =
        Params { max_trade_bps: 5_000, turnover_cap_bps: 10_000, drift_gate_horizon_hours: 0, ..Params::EXAMPLE };
    const CTX: DecisionInputs = DecisionInputs {
        share_supply: 999_000_000_000,
        schedule_due: false,
        epoch: Epoch { started_at: 0, traded_value: 0 },
        pair: None,
        insured: None,
        variances: &[],
    };

    #[test]
    fn the_plan_steers_toward_the_policys_targets_not_governances() {
        // 900 USD all in the safe slot, base targets 50/50. Under CPPI (×3, floor 0.80 per share,
        // 1,000 shares with the virtual one): cushion 100 × 3 = 300 of 900 → risky 3,333 bps, so
        // targets 66.67/33.33 and 299.97 USD moved (governance's 50/50 would move 450).
        let cppi = Params {
            cppi_multiplier_pct: 300,
            cppi_floor_share_price: 800_000_000_000,
            cppi_max_risky_bps: 10_000,
            ..OPEN
        };
        let vault = [usdc(900_000_000, 5_000), usdc(0, 5_000)];
        let planned = decide_rebalance(&vault, &cppi, &CTX, |_, _| None).unwrap();
        assert_eq!(&planned.targets[..2], &[6_667, 3_333]);
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.trade.value), (0, 1, 299_970_000));
        // The fixed policy steers to governance's 50/50: 450 moved (also the 50% trade cap).
        let fixed = decide_rebalance(&vault, &Params { cppi_multiplier_pct: 0, ..OPEN }, &CTX, |_, _| None).unwrap();
        assert_eq!((&fixed.targets[..2], fixed.trade.value), (&[5_000u16, 5_000][..], 450_000_000));
    }

    #[test]
    fn the_drift_gate_weighs_the_pools_cost_against_the_tracking_variance_removed() {
        // 1,000,000 USD at 60/40 against 50/50: 100,000 moves (x = drift = 1,000 bps). Slot 1 is
        // volatile (100 bps² a minute), slot 0 is not: the benefit is 100,000 · (2 · 1,000 − 1,000) ·
        // 100 · 1e-12 = 0.01 USD a minute of horizon; the cost without a pool 25 + 5 bps + 0.01.
        let vault = [usdc(600_000_000_000, 5_000), usdc(400_000_000_000, 5_000)];
        let ctx = DecisionInputs { variances: &[0, 100], ..CTX };
        let gated = |hours: u16| Params { drift_gate_horizon_hours: hours, ..OPEN };
        let year = decide_rebalance(&vault, &gated(8_760), &ctx, |_, _| None).unwrap();
        assert_eq!(year.weighed, Some(Weighed { cost: 300_010_000, benefit: 5_256_000_000 }));
        assert_eq!((year.trade.sell, year.trade.buy, year.trade.value), (0, 1, 100_000_000_000));
        // Over a day the same drift is worth 14.40 USD: refused.
        assert_eq!(decide_rebalance(&vault, &gated(24), &ctx, |_, _| None), Err(MathError::RebalanceNotWorthIt));
        // The pool's depth is part of the cost: 100,000 into 200,000 a side costs about a third.
        let shallow = |_, _| Some(Hop::constant_product(200_000_000_000, 200_000_000_000, 2_500));
        assert_eq!(decide_rebalance(&vault, &gated(8_760), &ctx, shallow), Err(MathError::RebalanceNotWorthIt));
        // Without volatility nothing is gained; with the gate off the trade goes ahead.
        let calm = DecisionInputs { variances: &[], ..CTX };
        assert_eq!(decide_rebalance(&vault, &gated(8_760), &calm, |_, _| None), Err(MathError::RebalanceNotWorthIt));
        let off = decide_rebalance(&vault, &gated(0), &calm, |_, _| None).unwrap();
        assert_eq!((off.trade.value, off.weighed), (100_000_000_000, None));
    }

    #[test]
    fn more_positions_than_the_planner_holds_are_refused() {
        let mut vault = [usdc(0, 0); MAX_DECISION_ASSETS + 1];
        vault[0] = usdc(1_000_000_000, 0);
        vault[1].target_bps = 10_000;
        let fixed = Params { cppi_multiplier_pct: 0, ..OPEN };
        assert_eq!(decide_rebalance(&vault, &fixed, &CTX, |_, _| None), Err(MathError::LengthMismatch));
        // The same vault in exactly MAX_DECISION_ASSETS slots plans.
        let planned = decide_rebalance(&vault[..MAX_DECISION_ASSETS], &fixed, &CTX, |_, _| None).unwrap();
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.trade.value), (0, 1, 500_000_000));
    }

    #[test]
    fn an_insured_vaults_band_is_not_widened_by_volatility_nor_held_by_the_drift_gate() {
        use crate::insurance::{strike, Period};
        use crate::policy::Insured;
        let floor = 900_000_000_000;
        let (k, n) = strike(floor, 1_000_000_000_000, 600_000_000_000, 1_000_000_000_000, 0).unwrap();
        let period = Period { expires_at: 31_536_000, strike: k, units_per_share: n, floor_share_price: floor };
        let params = Params {
            insurance_floor_share_price: floor,
            insurance_expires_at: 31_536_000,
            insurance_vol_min_bps: 6_000,
            insurance_vol_max_bps: 6_000,
            drift_band_bps: 100,
            ..OPEN
        };
        // One whole token (priced 1 USD) per index unit: the index is 1.0.
        let (q, variances) = ([0u64, 1_000_000_000_000], [0u64, 0]);
        let ctx =
            DecisionInputs { insured: Some(Insured { period, quantities: &q, variances: &variances, now: 0 }), ..CTX };
        let vault = |basket_bps: u64, extra_band_bps: u16| {
            let basket = 10 * basket_bps * 10_000; // of 1,000 USD
            [
                Position { extra_band_bps, ..usdc(1_000_000_000 - basket, 5_000) },
                Position { extra_band_bps, ..usdc(basket, 5_000) },
            ]
        };
        let target = u64::from(decide_rebalance(&vault(0, 0), &params, &ctx, |_, _| None).unwrap().targets[1]);
        // 300 bps under the hedge: past its 100 bps band, inside band + 1,000 bps of volatility widening.
        let planned = decide_rebalance(&vault(target - 300, 1_000), &params, &ctx, |_, _| None).unwrap();
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.hedge.unwrap().band_bps), (0, 1, Some(100)));
        // Nor held back by the drift gate: with a day's horizon and no volatility measured the gate
        // would refuse, but the hedge trades (its band already weighs cost against hedging error).
        let gated = Params { drift_gate_horizon_hours: 24, ..params };
        let hedged = decide_rebalance(&vault(target - 300, 1_000), &gated, &ctx, |_, _| None).unwrap();
        assert_eq!((hedged.trade, hedged.weighed), (planned.trade, None));
        // The same drift from fixed targets is inside the widened band.
        let fixed = Params { insurance_floor_share_price: 0, ..params };
        let mut fixed_vault = vault(target - 300, 1_000);
        fixed_vault[0].target_bps = u16::try_from(10_000 - target).unwrap();
        fixed_vault[1].target_bps = u16::try_from(target).unwrap();
        assert_eq!(decide_rebalance(&fixed_vault, &fixed, &CTX, |_, _| None), Err(MathError::RebalanceNotNeeded));
    }
}
