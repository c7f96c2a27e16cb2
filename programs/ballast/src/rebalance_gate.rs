//! The one refusal gate and the vault's state and holdings as `ballast_math::decision`'s inputs:
//! `rebalance` trades the plan, `preview_rebalance` reports it; both go through `gate` first.
use anchor_lang::prelude::*;
use ballast_math::decision::{decide_rebalance, DecisionInputs, RebalanceDecision};
use ballast_math::error::MathResult;

use crate::errors::BallastError;
use crate::oracle::Holdings;
use crate::state::Vault;
use crate::watch::Observed;

/// The execution path a caller of `gate` plans for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// `rebalance` (and `preview_rebalance`, which reports it): the pinned-pool swap.
    Swap,
    /// `open_auction`: also waits the minimum interval after the last auction's expiry.
    Auction,
}

/// The refusals `rebalance` and `preview_rebalance` share, read-only and in one order, so that the
/// same state gets the same reason from both: paused, an auction open, too soon, the prices (each account matched
/// to its slot, confidence, EMA gap, never older than one accepted), fresh enough to trade at, the
/// breaker tripped, a reading that would trip it. Returns the holdings at those prices; what is
/// left (inside the bands, the turnover cap, the cost-benefit gate) is `plan`'s. Also returns the
/// observer's state at those prices, copied once for the rest of the instruction.
pub fn gate(vault: &Vault, priced: &[AccountInfo], now: i64, path: Path) -> Result<(Box<Holdings>, Observed)> {
    require!(!vault.rebalance_paused(), BallastError::RebalancePaused);
    // One execution path at a time: an open auction owns the planned trade.
    require!(!vault.auction_open(now), BallastError::AuctionOpen);
    let next_at = match path {
        Path::Swap => vault.next_rebalance_at(),
        Path::Auction => vault.next_auction_at(),
    };
    require!(now >= next_at, BallastError::RebalanceTooSoon);
    let holdings = Box::new(Holdings::load(vault, priced, now)?);
    // Fresh prices only: a crank must not pick an older update that lowers `min_out`.
    holdings.require_fresh(now, vault.params.fresh_price_age_secs)?;
    require!(!vault.breaker_tripped(), BallastError::BreakerTripped);
    let observed = Observed::of(vault, Some(&holdings));
    require!(observed.breach(now).is_none(), BallastError::BreakerTripped);
    Ok((holdings, observed))
}

/// Plans the trade at mid prices (see `decide_rebalance`); `reserve_in(sell)` is the pool's reserve of
/// the sold asset (`None`: no price impact counted), `pair` the crank's `[sell, buy]`,
/// `max_slippage_bps` the slippage `min_out` allows (the vault's, or a route's tighter bound).
#[allow(clippy::too_many_arguments)]
pub fn decide(
    vault: &Vault,
    holdings: &Holdings,
    observed: &Observed,
    share_supply: u64,
    now: i64,
    reserve_in: impl Fn(usize) -> Option<u64>,
    pair: Option<[u8; 2]>,
    max_slippage_bps: u16,
) -> MathResult<RebalanceDecision> {
    let positions = holdings.positions(vault, observed.widening());
    let ctx = DecisionInputs {
        share_supply,
        schedule_due: vault.schedule_due(now),
        epoch: vault.turnover_epoch(now),
        pair: pair.map(|[s, b]| (usize::from(s), usize::from(b))),
    };
    let params = ballast_math::params::Params { max_slippage_bps, ..vault.params.to_math() };
    decide_rebalance(&positions, &params, &ctx, reserve_in)
}

/// `decide` as a caller that sees no pool plans: the vault's own slippage, no price impact counted
/// (`preview_rebalance`, `open_auction`).
pub fn decide_without_pool(
    vault: &Vault,
    holdings: &Holdings,
    observed: &Observed,
    share_supply: u64,
    now: i64,
    pair: Option<[u8; 2]>,
) -> MathResult<RebalanceDecision> {
    decide(vault, holdings, observed, share_supply, now, |_| None, pair, vault.params.max_slippage_bps)
}
