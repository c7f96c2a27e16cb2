//! The one place the vault's state and holdings become a rebalance plan: `rebalance` trades it,
//! `preview_rebalance` reports it. Rules in `ballast_math::trade`.
use ballast_math::trade::{cost_benefit_gate, plan_trade, Bands, Position, TradeLimits, TradePlan};
use ballast_math::error::MathResult;

use crate::oracle::Holdings;
use crate::state::Vault;

/// Plans the trade at mid prices with the bands widened by volatility, then applies the
/// cost-benefit gate with the pool's reserve of the sold asset (`None`: no price impact counted).
pub fn plan(vault: &Vault, holdings: &Holdings, reserve_in: Option<u64>) -> MathResult<TradePlan> {
    let widening = crate::volatility::band_widening(vault);
    let positions: Vec<Position> = vault
        .active_assets()
        .iter()
        .enumerate()
        .map(|(i, slot)| Position {
            amount: holdings.balances[i],
            decimals: slot.decimals,
            price: holdings.prices[i].mid,
            target_bps: slot.target_weight_bps,
            extra_band_bps: widening,
        })
        .collect();
    let p = vault.params;
    let limits = TradeLimits {
        bands: Bands { band_bps: p.drift_band_bps, relative_bps: p.relative_drift_band_bps },
        max_trade_bps: p.max_trade_bps,
        max_slippage_bps: p.max_slippage_bps,
    };
    let plan = plan_trade(&positions, &limits)?;
    cost_benefit_gate(&plan, reserve_in, &p.cost_model())?;
    Ok(plan)
}
