use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AuthorityAccepted;
use crate::state::Vault;

#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    pub new_authority: Signer<'info>,
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,
}

impl AcceptAuthority<'_> {
    pub fn validate(&self) -> Result<()> {
        let vault = self.vault.load()?;
        require!(
            vault.pending_authority != Pubkey::default() && vault.pending_authority == self.new_authority.key(),
            BallastError::NotPendingAuthority
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let mut vault = ctx.accounts.vault.load_mut()?;
        let previous = vault.authority;
        vault.authority = ctx.accounts.new_authority.key();
        vault.pending_authority = Pubkey::default();
        emit!(AuthorityAccepted { vault: ctx.accounts.vault.key(), previous, authority: vault.authority });
        vault.invariant()
    }
}
