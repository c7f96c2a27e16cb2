//! The whole rebalance decision in one call: the policy's targets, the bands (widened by
//! volatility), the schedule, the turnover cap, the crank's pair, sizing and the cost-benefit gate.
//! `rebalance` and `preview_rebalance` call it with the vault's state; the simulator calls it with
//! its replayed state, so the two can never decide differently.

use crate::error::MathResult;
use crate::insurance::Hedge;
use crate::params::Params;
use crate::policy::{self, Insured};
use crate::price::value_of;
use crate::trade::{
    cost_benefit_gate, size_valued_trade, Bands, CostModel, Position, SizedTrade, TradeLimits, TradeRequest,
};
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
}

/// A plan and the targets it steers toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebalanceDecision {
    pub trade: SizedTrade,
    /// Targets in force, bps (first `len` entries): governance's, or CPPI's for the value now.
    pub targets: [u16; MAX_DECISION_ASSETS],
    /// Under insurance, the hedge the targets come from (Greeks and band).
    pub hedge: Option<Hedge>,
}

impl Params {
    /// What the cost-benefit gate weighs.
    pub fn cost_model(&self) -> CostModel {
        CostModel {
            amm_fee_bps: self.amm_fee_bps,
            bounty_bps: self.bounty_bps,
            tx_cost_value: u128::from(self.tx_cost_value),
            benefit_weight_bps: self.benefit_weight_bps,
        }
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
/// widening; `reserve_in(sell)` is the pool's reserve of the sold asset for the gate's price impact
/// (`None`: not counted, as in the preview).
pub fn decide_rebalance(
    positions: &[Position],
    params: &Params,
    ctx: &DecisionInputs,
    reserve_in: impl Fn(usize) -> Option<u64>,
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
    cost_benefit_gate(&plan, reserve_in(plan.sell), &params.cost_model())?;
    Ok(RebalanceDecision { trade: plan, targets, hedge })
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
        Params { max_trade_bps: 5_000, turnover_cap_bps: 10_000, benefit_weight_bps: 0, ..Params::EXAMPLE };
    const CTX: DecisionInputs = DecisionInputs {
        share_supply: 999_000_000_000,
        schedule_due: false,
        epoch: Epoch { started_at: 0, traded_value: 0 },
        pair: None,
        insured: None,
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
        let planned = decide_rebalance(&vault, &cppi, &CTX, |_| None).unwrap();
        assert_eq!(&planned.targets[..2], &[6_667, 3_333]);
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.trade.value), (0, 1, 299_970_000));
        // The fixed policy steers to governance's 50/50: 450 moved (also the 50% trade cap).
        let fixed = decide_rebalance(&vault, &Params { cppi_multiplier_pct: 0, ..OPEN }, &CTX, |_| None).unwrap();
        assert_eq!((&fixed.targets[..2], fixed.trade.value), (&[5_000u16, 5_000][..], 450_000_000));
    }

    #[test]
    fn more_positions_than_the_planner_holds_are_refused() {
        let mut vault = [usdc(0, 0); MAX_DECISION_ASSETS + 1];
        vault[0] = usdc(1_000_000_000, 0);
        vault[1].target_bps = 10_000;
        let fixed = Params { cppi_multiplier_pct: 0, ..OPEN };
        assert_eq!(decide_rebalance(&vault, &fixed, &CTX, |_| None), Err(MathError::LengthMismatch));
        // The same vault in exactly MAX_DECISION_ASSETS slots plans.
        let planned = decide_rebalance(&vault[..MAX_DECISION_ASSETS], &fixed, &CTX, |_| None).unwrap();
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.trade.value), (0, 1, 500_000_000));
    }

    #[test]
    fn an_insured_vaults_band_is_not_widened_by_volatility() {
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
        let target = u64::from(decide_rebalance(&vault(0, 0), &params, &ctx, |_| None).unwrap().targets[1]);
        // 300 bps under the hedge: past its 100 bps band, inside band + 1,000 bps of volatility widening.
        let planned = decide_rebalance(&vault(target - 300, 1_000), &params, &ctx, |_| None).unwrap();
        assert_eq!((planned.trade.sell, planned.trade.buy, planned.hedge.unwrap().band_bps), (0, 1, Some(100)));
        // The same drift from fixed targets is inside the widened band.
        let fixed = Params { insurance_floor_share_price: 0, ..params };
        let mut fixed_vault = vault(target - 300, 1_000);
        fixed_vault[0].target_bps = u16::try_from(10_000 - target).unwrap();
        fixed_vault[1].target_bps = u16::try_from(target).unwrap();
        assert_eq!(decide_rebalance(&fixed_vault, &fixed, &CTX, |_| None), Err(MathError::RebalanceNotNeeded));
    }
}
