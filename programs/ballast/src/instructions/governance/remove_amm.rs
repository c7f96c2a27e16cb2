use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AmmRemoved;
use crate::state::Vault;

#[derive(Accounts)]
pub struct RemoveAmm<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl RemoveAmm<'_> {
    pub fn validate(&self, program: &Pubkey) -> Result<()> {
        require!(self.vault.load()?.amm_allowed(program), BallastError::AmmNotAllowed);
        Ok(())
    }

    /// Removing an AMM only narrows what swaps can touch: it applies at once.
    #[access_control(ctx.accounts.validate(&program))]
    pub fn handler(ctx: Context<Self>, program: Pubkey) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        let vault = &mut *vault;
        for (slot, adapter) in vault.allowed_amms.iter_mut().zip(vault.allowed_amm_adapters.iter_mut()).filter(|(a, _)| **a == program) {
            *slot = Pubkey::default();
            *adapter = 0;
        }
        emit!(AmmRemoved { vault: vault_key, program });
        vault.invariant()
    }
}
