use anchor_lang::prelude::*;
use anchor_spl::token_interface::Mint;

use crate::errors::BallastError;
use crate::events::HedgeView;
use crate::oracle::Holdings;
use crate::state::Vault;

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct ViewInsurance<'info> {
    #[account(has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// The supply sets the position's size (units per share × shares).
    pub share_mint: Box<InterfaceAccount<'info, Mint>>,
}

impl<'info> ViewInsurance<'info> {
    /// Read-only: the insured vault's hedge at the given prices (any price the vault's oracle limits
    /// accept; no freshness, breaker or schedule check: it trades nothing). `TargetPolicyInvalid`
    /// under another policy, `InsuranceNotRolled` before a period is struck.
    pub fn handler(ctx: Context<'info, Self>) -> Result<HedgeView> {
        let now = Clock::get()?.unix_timestamp;
        let vault = ctx.accounts.vault.load()?;
        let holdings = Holdings::load(&vault, ctx.remaining_accounts, now)?;
        crate::rebalance_gate::hedge_view(&vault, &holdings, ctx.accounts.share_mint.supply, now)?
            .ok_or_else(|| error!(BallastError::TargetPolicyInvalid))
    }
}
