use anchor_lang::prelude::*;
use ballast_math::params::Direction;

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::{InsuranceEnded, ParamsSet};
use crate::instructions::governance::queue::{apply_or_queue, Applied};
use crate::state::{ChangeKind, Vault, VaultParams, MAX_ASSETS};

#[derive(Accounts)]
pub struct SetParams<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    pub share_mint: Box<InterfaceAccount<'info, anchor_spl::token_interface::Mint>>,
}

impl SetParams<'_> {
    pub fn validate(&self, params: &VaultParams) -> Result<()> {
        params.as_math().validate().or_refuse()
    }

    /// Tightening changes (lower caps and fees, stricter oracle limits, a longer timelock) apply at
    /// once; a change that loosens any field waits for the timelock.
    #[access_control(ctx.accounts.validate(&params))]
    pub fn handler(ctx: Context<Self>, params: VaultParams) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        let tightening = vault.params.as_math().direction(params.as_math()) == Direction::Tightening;
        match apply_or_queue(&mut vault, vault_key, ctx.accounts.share_mint.supply, tightening, ChangeKind::Params)? {
            Applied::Now => apply_params(&mut vault, vault_key, params),
            Applied::Queued => vault.pending.params = params,
        }
        vault.invariant()
    }
}

/// Sets the parameters. Switching insurance off ends the struck period here, so an old period is
/// never hedged again once the vault followed other targets (switched on again, it waits for a
/// roll). A change of terms while insured keeps the old period hedged until governance rolls the new
/// one: the vault is never left unhedged between a (permissionless) `execute_change` and the roll.
pub fn apply_params(vault: &mut Vault, vault_key: Pubkey, params: VaultParams) {
    vault.params = params;
    emit!(ParamsSet { vault: vault_key, params });
    let period = vault.insurance;
    if period.is_struck() && !params.as_math().insured() {
        vault.insurance = bytemuck::Zeroable::zeroed();
        vault.insurance_quantities = [0; MAX_ASSETS];
        emit!(InsuranceEnded {
            vault: vault_key,
            expires_at: period.expires_at,
            floor_share_price: period.floor_share_price
        });
    }
}
