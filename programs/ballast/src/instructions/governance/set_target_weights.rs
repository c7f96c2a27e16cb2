use anchor_lang::prelude::*;
use ballast_math::weights::{validate_weights, WeightRange};

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::WeightsSet;
use crate::instructions::governance::queue::{apply_or_queue, Applied};
use crate::state::{ChangeKind, Vault, MAX_ASSETS};

#[derive(Accounts)]
pub struct SetTargetWeights<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    pub share_mint: Box<InterfaceAccount<'info, anchor_spl::token_interface::Mint>>,
}

impl SetTargetWeights<'_> {
    pub fn validate(&self, weights: &[u16]) -> Result<()> {
        check_weights(&*self.vault.load()?, weights)
    }

    /// New weights change what the vault trades into: always timelocked once there are holders.
    #[access_control(ctx.accounts.validate(&weights))]
    pub fn handler(ctx: Context<Self>, weights: Vec<u16>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        match apply_or_queue(&mut vault, vault_key, ctx.accounts.share_mint.supply, false, ChangeKind::Weights)? {
            Applied::Now => apply_weights(&mut vault, vault_key, &weights)?,
            Applied::Queued => {
                vault.pending.weights = [0; MAX_ASSETS];
                vault.pending.weights[..weights.len()].copy_from_slice(&weights);
            }
        }
        vault.invariant()
    }
}

/// Weights (slot order) sum to 10,000 and each is inside its asset's range.
pub fn check_weights(vault: &Vault, weights: &[u16]) -> Result<()> {
    let mut ranges = [WeightRange { min_bps: 0, max_bps: 0 }; MAX_ASSETS];
    let slots = vault.active_assets();
    for (range, slot) in ranges.iter_mut().zip(slots) {
        *range = slot.weight_range();
    }
    validate_weights(weights, &ranges[..slots.len()]).or_refuse()
}

pub fn apply_weights(vault: &mut Vault, vault_key: Pubkey, weights: &[u16]) -> Result<()> {
    check_weights(vault, weights)?;
    let count = usize::from(vault.asset_count);
    for (slot, weight) in vault.assets[..count].iter_mut().zip(weights) {
        slot.target_weight_bps = *weight;
    }
    emit!(WeightsSet { vault: vault_key, weights: weights.to_vec() });
    Ok(())
}
