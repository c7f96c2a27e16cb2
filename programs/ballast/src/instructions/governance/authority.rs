//! Two-step authority transfer and the guardian: small instructions kept together.
use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::{AuthorityAccepted, AuthorityProposed, GuardianSet, PauseSet};
use crate::state::{Vault, PAUSE_DEPOSITS, PAUSE_REBALANCE};

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
