use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::ChangeCancelled;
use crate::state::Vault;

#[derive(Accounts)]
pub struct CancelChange<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl CancelChange<'_> {
    pub fn validate(&self) -> Result<()> {
        require!(self.vault.load()?.pending.is_pending(), BallastError::NoChangePending);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        let kind = vault.pending.kind;
        vault.pending = bytemuck::Zeroable::zeroed();
        emit!(ChangeCancelled { vault: vault_key, kind });
        vault.invariant()
    }
}
