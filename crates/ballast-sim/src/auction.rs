//! Auction execution (docs/auctions.md): the vault opens an auction for its plan, and the first
//! solver whose cost the decaying ask covers fills all of it at that ask. The ask, the amount the
//! vault must receive and the fill's checks are the program's own (`ballast_math::auction`); only
//! the solver cost model is the simulator's: a solver's cost is a fixed part (its venue's fee, its
//! margin and transaction, bps of the traded value) plus one constant-product hop of the traded value
//! through a pool of the vault's pool depth. With competing solvers, the fill lands when the ask
//! first covers the cheapest one, which is what this models.
use ballast_math::auction::{check_fill, required_out, Curve, FillOutcome, Side};
use ballast_math::breaker::move_bps;
use ballast_math::price::Price;
use ballast_math::trade::{Position, SizedTrade};

use crate::backtest::{clock, InsuredState};
use crate::config::{Execution, SimConfig};
use crate::paths::PricePath;

/// Seconds after opening when the ask first falls to `10,000 − cost_bps` bps of the oracle rate
/// (`Curve::ask_factor_bps`: the decay so far, rounded down); `None` when it never does before the
/// auction expires (the cost is above the discount).
pub fn fill_delay_secs(curve: &Curve, cost_bps: u32) -> Option<u32> {
    let span = u64::from(curve.premium_bps) + u64::from(curve.discount_bps);
    let needed = u64::from(curve.premium_bps) + u64::from(cost_bps);
    if needed > span {
        return None;
    }
    if needed == 0 {
        return Some(0);
    }
    // The smallest t with ⌊span · t / duration⌋ ≥ needed.
    u32::try_from((needed * u64::from(curve.duration_secs)).div_ceil(span)).ok()
}

/// What the auction for `plan`, opened at `step`, came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuctionResult {
    /// Filled `delay_secs` after opening, at the prices of step `exec_step` (the last step at or
    /// before the fill): the vault received `received` of the bought asset, at `factor_bps` of
    /// the oracle rate.
    Filled { exec_step: usize, delay_secs: u32, received: u64, factor_bps: u32, outcome: FillOutcome },
    /// No solver's cost was covered before expiry.
    NoSolver,
    /// The oracle moved beyond the breaker's limit since opening (`AuctionOracleMoved`), or the
    /// fill's checks refused it: the auction expired unfilled.
    Refused,
}

/// A solver's cost for selling `value_usd` of the plan: its fixed part plus one hop's impact.
pub fn solver_cost_bps(fixed_bps: u16, value_usd: f64, depth_usd: f64) -> u32 {
    let impact = 10_000.0 * value_usd / (depth_usd + value_usd);
    u32::from(fixed_bps).saturating_add(impact.ceil() as u32)
}

/// Runs the auction for `plan` opened at `step` over holdings `amounts`, solvers sourcing through
/// `depth_usd` of depth (no fill unless `cfg.execution` is an auction).
pub fn run(
    path: &PricePath,
    step: usize,
    plan: &SizedTrade,
    amounts: &[u64],
    cfg: &SimConfig,
    depth_usd: f64,
    insured: Option<&InsuredState>,
) -> AuctionResult {
    let Execution::Auction { solver_cost_bps: fixed_cost_bps } = cfg.execution else {
        return AuctionResult::NoSolver;
    };
    let p = &cfg.params;
    let curve = Curve {
        premium_bps: p.auction_premium_bps,
        discount_bps: p.auction_discount_bps,
        duration_secs: p.auction_duration_secs,
    };
    let value_usd = plan.value as f64 / 1e6;
    let Some(delay) = fill_delay_secs(&curve, solver_cost_bps(fixed_cost_bps, value_usd, depth_usd)) else {
        return AuctionResult::NoSolver;
    };
    let fill_at = clock(path, step).saturating_add(i64::from(delay));
    let exec_step = (step..path.prices.len()).take_while(|&j| clock(path, j) <= fill_at).last().unwrap_or(step);
    let price = |j: usize, i: usize| Price((path.prices[j][i] * 1e12) as u128);
    let (s, b) = (plan.sell, plan.buy);
    let limit = u32::from(p.max_price_move_bps);
    if move_bps(price(step, s).0 as u64, price(exec_step, s)) > limit
        || move_bps(price(step, b).0 as u64, price(exec_step, b)) > limit
    {
        return AuctionResult::Refused;
    }
    let Ok(factor_bps) = curve.ask_factor_bps(i64::from(delay)) else {
        return AuctionResult::Refused;
    };
    let side = |i: usize| Side { price: price(exec_step, i), decimals: cfg.decimals[i] };
    let Ok(received) = required_out(plan.amount_in, side(s), side(b), factor_bps) else {
        return AuctionResult::Refused;
    };
    let before: Vec<Position> = (0..amounts.len())
        .map(|i| Position {
            amount: amounts[i],
            decimals: cfg.decimals[i],
            price: price(exec_step, i),
            target_bps: cfg.targets_bps[i],
            extra_band_bps: 0,
        })
        .collect();
    let mut after = amounts.to_vec();
    after[s] = after[s].saturating_sub(plan.amount_in);
    after[b] = after[b].saturating_add(received);
    let insured = insured.map(|i| InsuredState { now: fill_at, ..*i });
    let view = insured.as_ref().map(|i| i.view(amounts.len()));
    match check_fill(&before, &after, p, cfg.share_supply(), view.as_ref()) {
        Ok(outcome) => AuctionResult::Filled { exec_step, delay_secs: delay, received, factor_bps, outcome },
        Err(_) => AuctionResult::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fill_lands_at_the_first_second_the_ask_covers_the_solver() {
        for (premium_bps, discount_bps, duration_secs) in
            [(100u16, 50u16, 300u32), (0, 1_000, 30), (10, 200, 60), (1_000, 1_000, 86_400)]
        {
            let curve = Curve { premium_bps, discount_bps, duration_secs };
            for cost in [0u32, 1, 7, 25, 49, 50, 200, 1_000] {
                let target = 10_000 - cost;
                match fill_delay_secs(&curve, cost) {
                    Some(t) => {
                        assert!(curve.ask_factor_bps(i64::from(t)).unwrap() <= target, "{curve:?} {cost}");
                        if t > 0 {
                            assert!(curve.ask_factor_bps(i64::from(t) - 1).unwrap() > target, "{curve:?} {cost}");
                        }
                    }
                    None => assert!(curve.ask_factor_bps(i64::from(duration_secs)).unwrap() > target),
                }
            }
        }
    }

    #[test]
    fn a_solver_pays_its_fixed_cost_and_one_hop_of_impact() {
        // 1,000 USD through 1,000,000 USD of depth: 9.99 bps of impact, rounded up.
        assert_eq!(solver_cost_bps(5, 1_000.0, 1_000_000.0), 15);
        assert_eq!(solver_cost_bps(0, 0.0, 1_000_000.0), 0);
    }
}
