use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::instructions::governance::add_amm::allow_pool;
use crate::instructions::governance::add_asset::push_asset;
use crate::instructions::governance::set_params::apply_params;
use crate::instructions::governance::set_target_weights::apply_weights;
use crate::state::{ChangeKind, Vault};

/// Anyone may execute a queued change once its timelock has elapsed.
#[derive(Accounts)]
pub struct ExecuteChange<'info> {
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,
}

impl ExecuteChange<'_> {
    pub fn validate(&self) -> Result<()> {
        let vault = self.vault.load()?;
        require!(vault.pending.is_pending(), BallastError::NoChangePending);
        require!(Clock::get()?.unix_timestamp >= vault.pending.executable_at, BallastError::TimelockNotElapsed);
        Ok(())
    }

    /// Applies the change after checking it again against the vault as it is now.
    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        let pending = vault.pending;
        vault.pending = bytemuck::Zeroable::zeroed();
        match pending.kind() {
            ChangeKind::Params => apply_params(&mut vault, vault_key, pending.params),
            ChangeKind::Weights => {
                let count = usize::from(vault.asset_count);
                apply_weights(&mut vault, vault_key, &pending.weights[..count])?;
            }
            ChangeKind::AddAsset => push_asset(&mut vault, vault_key, pending.asset)?,
            ChangeKind::AddAmm => allow_pool(&mut vault, vault_key, pending.pool)?,
            ChangeKind::None => return Err(error!(BallastError::NoChangePending)),
        }
        vault.invariant()
    }
}
