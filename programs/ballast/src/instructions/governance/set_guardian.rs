use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::GuardianSet;
use crate::state::Vault;

#[derive(Accounts)]
pub struct SetGuardian<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl SetGuardian<'_> {
    pub fn handler(ctx: Context<Self>, guardian: Pubkey) -> Result<()> {
        let mut vault = ctx.accounts.vault.load_mut()?;
        vault.guardian = guardian;
        emit!(GuardianSet { vault: ctx.accounts.vault.key(), guardian });
        vault.invariant()
    }
}
