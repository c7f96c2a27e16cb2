use anchor_lang::prelude::*;

use anchor_spl::token_interface::Mint;

use crate::errors::{to_u64, BallastError};
use crate::events::HedgeView;
use crate::rebalance_gate::Path;
use crate::state::Vault;
use ballast_math::decision::RebalanceDecision;

/// What `rebalance` would do now: the instruction's return value (Anchor sets it as return data, borsh).
/// The drift gate counts the assumed AMM fee, not a pool (the preview sees no pool).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct RebalancePreview {
    /// 0 when `rebalance` would trade now; otherwise the code (Ballast's or Anchor's) it would refuse
    /// with, or [`RUNTIME_REFUSAL`] for a runtime error.
    pub refusal: u32,
    /// Slot indices of the asset sold and bought.
    pub sell: u8,
    pub buy: u8,
    /// Atomic units of the sold asset.
    pub amount_in: u64,
    /// The least output the program would accept (atomic units of the bought asset).
    pub min_out: u64,
    /// Value moved (USD, 6 decimals) and the drift before (bps).
    pub value: u64,
    pub drift_bps: u32,
    /// Earliest Unix time the next rebalance may run (seconds).
    pub next_allowed_at: i64,
    /// What would allow the trade: 1 a drift band, 2 the maximum-interval schedule (0 on refusal).
    pub trigger: u8,
    /// The targets in force (bps, slot order; CPPI's for the vault's value now), empty on refusal.
    pub targets: Vec<u16>,
    /// Under option-based insurance, the hedge in force (Greeks and band) whenever the gate passed,
    /// a trade due or not.
    pub hedge: Option<HedgeView>,
}

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct PreviewRebalance<'info> {
    #[account(has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// The supply sets CPPI's floor value.
    pub share_mint: Box<InterfaceAccount<'info, Mint>>,
}

impl<'info> PreviewRebalance<'info> {
    /// Read-only: for cranks and the web app, so a crank can skip a vault that would refuse.
    pub fn handler(ctx: Context<'info, Self>) -> Result<RebalancePreview> {
        let now = Clock::get()?.unix_timestamp;
        let vault = ctx.accounts.vault.load()?;
        let next_allowed_at = vault.next_rebalance_at();
        let refuse = |code: u32| RebalancePreview { refusal: code, next_allowed_at, ..Default::default() };
        // The same gate as `rebalance`, so the same state gets the same reason.
        let preview = match crate::rebalance_gate::gate(&vault, ctx.remaining_accounts, now, Path::Swap) {
            Err(e) => refuse(error_number(&e)),
            // Without the pool's accounts the gate counts fees, bounty and transaction cost but
            // not price impact: `rebalance` may still refuse a trade into a shallow pool.
            Ok((holdings, observed)) => {
                // A hedge that cannot be computed is a refusal with its reason, as in `rebalance`.
                let hedge =
                    match crate::rebalance_gate::hedge_view(&vault, &holdings, ctx.accounts.share_mint.supply, now) {
                        Ok(hedge) => hedge,
                        Err(e) => return Ok(refuse(error_number(&e))),
                    };
                let planned = match crate::rebalance_gate::decide_without_pool(
                    &vault,
                    &holdings,
                    &observed,
                    ctx.accounts.share_mint.supply,
                    now,
                    None,
                ) {
                    Err(e) => refuse(u32::from(BallastError::from(e))),
                    Ok(RebalanceDecision { trade: plan, targets, .. }) => RebalancePreview {
                        refusal: 0,
                        sell: u8::try_from(plan.sell).map_err(|_| BallastError::MathOverflow)?,
                        buy: u8::try_from(plan.buy).map_err(|_| BallastError::MathOverflow)?,
                        amount_in: plan.amount_in,
                        min_out: plan.min_out,
                        value: to_u64(plan.value)?,
                        drift_bps: plan.drift_bps,
                        next_allowed_at,
                        trigger: plan.trigger.code(),
                        targets: targets[..holdings.count].to_vec(),
                        hedge: None,
                    },
                };
                RebalancePreview { hedge, ..planned }
            }
        };
        Ok(preview)
    }
}

/// The custom error number of a refusal (its Anchor code); a runtime error without one is
/// [`RUNTIME_REFUSAL`], never 0 (which says "would trade").
fn error_number(e: &anchor_lang::error::Error) -> u32 {
    match e {
        anchor_lang::error::Error::AnchorError(a) => a.error_code_number,
        anchor_lang::error::Error::ProgramError(p) => match p.program_error {
            ProgramError::Custom(code) => code,
            _ => RUNTIME_REFUSAL,
        },
    }
}

/// `RebalancePreview.refusal` for a refusal by the runtime (an account that does not load, …)
/// rather than by a Ballast or Anchor check.
pub const RUNTIME_REFUSAL: u32 = u32::MAX;
