use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::state::Vault;

#[derive(Accounts)]
pub struct ResetBreaker<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl ResetBreaker<'_> {
    pub fn validate(&self) -> Result<()> {
        require!(self.vault.load()?.breaker_tripped(), BallastError::BreakerNotTripped);
        Ok(())
    }

    /// Governance clears a tripped breaker without waiting for the warm-up; the next reading
    /// re-bases the reference prices.
    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        crate::watch::clear(&mut vault, vault_key);
        vault.references_at = 0;
        vault.invariant()
    }
}
