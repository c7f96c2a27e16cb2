//! The whole rebalance decision in one call: the policy's targets, the bands (widened by
//! volatility), the schedule, the turnover cap, the crank's pair, sizing and the cost-benefit gate.
//! `rebalance` and `preview_rebalance` call it with the vault's state; the simulator calls it with
//! its replayed state, so the two can never decide differently.

use crate::error::MathResult;
use crate::params::Params;
use crate::policy;
use crate::price::value_of;
use crate::trade::{cost_benefit_gate, plan_valued_trade, Bands, CostModel, Position, TradeLimits, TradePlan, TradeRequest};
use crate::turnover::Epoch;

/// Most assets the planner takes (the program holds at most 16).
pub const MAX_PLANNED_ASSETS: usize = 32;

/// The vault's state as the planner needs it, beyond its positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanContext {
    /// Shares outstanding (atomic units): CPPI's floor value is per share.
    pub share_supply: u64,
    /// The maximum interval since the last rebalance has passed.
    pub schedule_due: bool,
    /// The turnover epoch the trade would count in (already rolled to now; see `Epoch::at`).
    pub epoch: Epoch,
    /// The crank's pair `(sell, buy)`, if it names one.
    pub pair: Option<(usize, usize)>,
}

/// A plan and the targets it steers toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub plan: TradePlan,
    /// Targets in force, bps (first `len` entries): governance's, or CPPI's for the value now.
    pub targets: [u16; MAX_PLANNED_ASSETS],
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
        policy::Cppi { multiplier_pct: self.cppi_multiplier_pct, floor_share_price: self.cppi_floor_share_price, max_risky_bps: self.cppi_max_risky_bps }
    }
}

/// Decides the rebalance. `positions` carry governance's target weights and the volatility
/// widening; `reserve_in(sell)` is the pool's reserve of the sold asset for the gate's price impact
/// (`None`: not counted, as in the preview).
pub fn plan_rebalance(positions: &[Position], params: &Params, ctx: &PlanContext, reserve_in: impl Fn(usize) -> Option<u64>) -> MathResult<Planned> {
    let n = positions.len();
    let mut base = [0u16; MAX_PLANNED_ASSETS];
    let mut targets = [0u16; MAX_PLANNED_ASSETS];
    let mut steered = [Position { amount: 0, decimals: 0, price: crate::price::Price(0), target_bps: 0, extra_band_bps: 0 }; MAX_PLANNED_ASSETS];
    if n > MAX_PLANNED_ASSETS {
        return Err(crate::MathError::LengthMismatch);
    }
    let mut values = [0u128; MAX_PLANNED_ASSETS];
    let mut nav = 0u128;
    for (i, p) in positions.iter().enumerate() {
        base[i] = p.target_bps;
        values[i] = value_of(p.amount, p.price, p.decimals, false)?;
        nav = nav.checked_add(values[i]).ok_or(crate::MathError::Overflow)?;
    }
    policy::targets(&base[..n], &params.cppi(), nav, ctx.share_supply, &mut targets[..n])?;
    for (i, p) in positions.iter().enumerate() {
        steered[i] = Position { target_bps: targets[i], ..*p };
    }
    let limits = TradeLimits {
        bands: Bands { band_bps: params.drift_band_bps, relative_bps: params.relative_drift_band_bps },
        max_trade_bps: params.max_trade_bps,
        max_slippage_bps: params.max_slippage_bps,
        turnover_left: ctx.epoch.allowance(nav, params.turnover_cap_bps)?,
    };
    let plan = plan_valued_trade(&steered[..n], &values[..n], &limits, &TradeRequest { schedule_due: ctx.schedule_due, pair: ctx.pair })?;
    cost_benefit_gate(&plan, reserve_in(plan.sell), &params.cost_model())?;
    Ok(Planned { plan, targets })
}
