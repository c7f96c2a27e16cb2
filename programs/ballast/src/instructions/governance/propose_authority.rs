use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AuthorityProposed;
use crate::state::Vault;

#[derive(Accounts)]
pub struct ProposeAuthority<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl ProposeAuthority<'_> {
    /// Proposes `new_authority`; nothing changes until it accepts. Proposing the default key
    /// withdraws a proposal.
    pub fn handler(ctx: Context<Self>, new_authority: Pubkey) -> Result<()> {
        let mut vault = ctx.accounts.vault.load_mut()?;
        vault.pending_authority = new_authority;
        emit!(AuthorityProposed { vault: ctx.accounts.vault.key(), proposed: new_authority });
        vault.invariant()
    }
}
