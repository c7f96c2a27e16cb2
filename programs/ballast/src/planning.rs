//! The vault's state and holdings as `ballast_math::planner`'s inputs: `rebalance` trades the plan,
//! `preview_rebalance` reports it.
use ballast_math::error::MathResult;
use ballast_math::planner::{plan_rebalance, PlanContext, Planned};
use ballast_math::trade::Position;

use crate::oracle::Holdings;
use crate::state::Vault;

/// Plans the trade at mid prices (see `plan_rebalance`); `reserve_in(sell)` is the pool's reserve of
/// the sold asset (`None`: no price impact counted), `pair` the crank's `[sell, buy]`,
/// `max_slippage_bps` the slippage `min_out` allows (the vault's, or a route's tighter bound).
pub fn plan(vault: &Vault, holdings: &Holdings, share_supply: u64, now: i64, reserve_in: impl Fn(usize) -> Option<u64>, pair: Option<[u8; 2]>, max_slippage_bps: u16) -> MathResult<Planned> {
    let widening = crate::volatility::band_widening(vault);
    let positions: Vec<Position> = vault
        .active_assets()
        .iter()
        .enumerate()
        .map(|(i, slot)| Position { amount: holdings.balances[i], decimals: slot.decimals, price: holdings.prices[i].mid, target_bps: slot.target_weight_bps, extra_band_bps: widening })
        .collect();
    let ctx = PlanContext { share_supply, schedule_due: vault.schedule_due(now), epoch: vault.turnover_epoch(now), pair: pair.map(|[s, b]| (usize::from(s), usize::from(b))) };
    let params = ballast_math::params::Params { max_slippage_bps, ..vault.params.to_math() };
    plan_rebalance(&positions, &params, &ctx, reserve_in)
}
