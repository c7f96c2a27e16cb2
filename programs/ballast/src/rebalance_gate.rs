//! The one refusal gate and the vault's state and holdings as `ballast_math::decision`'s inputs:
//! `rebalance` trades the plan, `preview_rebalance` reports it; both go through `gate` first.
use anchor_lang::prelude::*;
use ballast_math::decision::{decide_rebalance, DecisionInputs, RebalanceDecision};
use ballast_math::error::{MathError, MathResult};
use ballast_math::execution::Hop;

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::HedgeView;
use crate::oracle::{Holdings, Side};
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
/// breaker tripped, an insured vault without a struck period, a reading that would trip it. Returns the holdings at those prices; what is
/// left (inside the bands, the turnover cap, the drift gate) is `plan`'s. Also returns the
/// observer's vault-wide state (its per-asset state stays in the slots).
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
    vault.insured(&vault.variances(), now)?;
    let observed = Observed::of(vault);
    observed.require_no_breach(vault, &holdings, now)?;
    Ok((holdings, observed))
}

/// Plans the trade at mid prices (see `decide_rebalance`); `pool(sell, buy)` is the hop the swap will
/// take, for the drift gate's cost (`None`: the assumed fee only), `pair` the crank's `[sell, buy]`,
/// `max_slippage_bps` the slippage `min_out` allows (the vault's, or a route's tighter bound).
#[allow(clippy::too_many_arguments)]
pub fn decide(
    vault: &Vault,
    holdings: &Holdings,
    observed: &Observed,
    share_supply: u64,
    now: i64,
    pool: impl Fn(usize, usize) -> Option<Hop>,
    pair: Option<[u8; 2]>,
    max_slippage_bps: u16,
) -> MathResult<RebalanceDecision> {
    let positions = holdings.positions(vault, observed.widening(vault));
    let variances = vault.variances();
    // `gate` refused an insured vault without a struck period (`InsuranceNotRolled`).
    let insured = vault.insured(&variances, now).map_err(|_| MathError::TargetPolicyInvalid)?;
    let ctx = DecisionInputs {
        share_supply,
        schedule_due: vault.schedule_due(now),
        epoch: vault.turnover_epoch(now),
        pair: pair.map(|[s, b]| (usize::from(s), usize::from(b))),
        insured,
        variances: variances.get(..holdings.count).unwrap_or(&variances),
    };
    let params = ballast_math::params::Params { max_slippage_bps, ..vault.params.to_math() };
    decide_rebalance(&positions, &params, &ctx, pool)
}

/// `decide` as a caller that sees no pool plans: the vault's own slippage, the assumed fee counted
/// (`preview_rebalance`, `open_auction`).
pub fn decide_without_pool(
    vault: &Vault,
    holdings: &Holdings,
    observed: &Observed,
    share_supply: u64,
    now: i64,
    pair: Option<[u8; 2]>,
) -> MathResult<RebalanceDecision> {
    decide(vault, holdings, observed, share_supply, now, |_, _| None, pair, vault.params.max_slippage_bps)
}

/// The insured vault's hedge at these holdings' mid prices (`None` under another policy):
/// `preview_rebalance` and `view_insurance` report it whether or not a trade is due.
pub fn hedge_view(vault: &Vault, holdings: &Holdings, share_supply: u64, now: i64) -> Result<Option<HedgeView>> {
    let variances = vault.variances();
    let Some(insured) = vault.insured(&variances, now)? else {
        return Ok(None);
    };
    let n = holdings.count;
    let positions = holdings.positions(vault, 0);
    let base: Vec<u16> = positions.iter().map(|p| p.target_bps).collect();
    let prices: Vec<ballast_math::price::Price> = positions.iter().map(|p| p.price).collect();
    let values =
        (0..n).map(|i| holdings.asset_value(i, holdings.balances[i], Side::Mid)).collect::<Result<Vec<_>>>()?;
    let mut targets = [0u16; crate::state::MAX_ASSETS];
    let hedge = ballast_math::policy::policy_targets(
        &base,
        vault.params.as_math(),
        Some(&insured),
        &values,
        share_supply,
        &prices,
        &mut targets[..n],
    )
    .or_refuse()?;
    Ok(hedge.map(|h| HedgeView::of(&h, &vault.insurance)))
}
