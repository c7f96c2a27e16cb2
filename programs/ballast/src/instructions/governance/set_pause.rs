use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::PauseSet;
use crate::state::{Vault, PAUSE_DEPOSITS, PAUSE_REBALANCE};

#[derive(Accounts)]
pub struct SetPause<'info> {
    /// The guardian or the authority.
    pub signer: Signer<'info>,
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,
}

impl SetPause<'_> {
    pub fn validate(&self, paused: u8) -> Result<()> {
        let vault = self.vault.load()?;
        let signer = self.signer.key();
        require!(signer == vault.guardian || signer == vault.authority, BallastError::NotGuardian);
        require!(paused & !(PAUSE_DEPOSITS | PAUSE_REBALANCE) == 0, BallastError::ParameterOutOfBounds);
        Ok(())
    }

    /// Sets the pause bits (deposits = 1, rebalancing = 2). Withdrawals are never paused.
    #[access_control(ctx.accounts.validate(paused))]
    pub fn handler(ctx: Context<Self>, paused: u8) -> Result<()> {
        let mut vault = ctx.accounts.vault.load_mut()?;
        vault.paused = paused;
        emit!(PauseSet { vault: ctx.accounts.vault.key(), by: ctx.accounts.signer.key(), paused });
        vault.invariant()
    }
}
