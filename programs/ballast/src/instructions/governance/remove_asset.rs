use anchor_lang::prelude::*;
use ballast_math::params::BOUNTY_IN_SHARES;
use anchor_spl::token_interface::{self, CloseAccount, Mint, TokenAccount, TokenInterface};

use crate::cpi::VaultSigner;
use crate::errors::BallastError;
use crate::events::AssetRemoved;
use crate::state::{AssetSlot, Vault};

/// Removes an asset at weight 0 and zero balance (it cannot loosen anything, so no timelock),
/// closing its token account and returning the rent to the authority.
#[derive(Accounts)]
pub struct RemoveAsset<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,

    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Checked to be the slot's token account in `validate`.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub vault_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
}

impl RemoveAsset<'_> {
    pub fn validate(&self) -> Result<()> {
        let vault = self.vault.load()?;
        let slot = &vault.assets[vault.asset_index(&self.mint.key())?];
        require_keys_eq!(slot.token_account, self.vault_token_account.key(), BallastError::WrongTokenAccount);
        require!(slot.target_weight_bps == 0 && self.vault_token_account.amount == 0, BallastError::AssetNotEmpty);
        // Queued weights are in slot order; removing a slot would misalign them.
        require!(!vault.pending.is_pending(), BallastError::ChangePending);
        let index = u32::try_from(vault.asset_index(&self.mint.key())?).map_err(|_| BallastError::MathOverflow)?;
        // Slot 0 is CPPI's safe asset, and the bounty asset is named by its slot: neither may go.
        require!(!(index == 0 && vault.params.cppi_multiplier_pct > 0), BallastError::TargetPolicyInvalid);
        require!(index != vault.params.bounty_asset, BallastError::BountyAssetInUse);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let signer = VaultSigner::of(&*accounts.vault.load()?);
        let seeds = signer.seeds();
        token_interface::close_account(CpiContext::new_with_signer(
            accounts.token_program.key(),
            CloseAccount {
                account: accounts.vault_token_account.to_account_info(),
                destination: accounts.authority.to_account_info(),
                authority: accounts.vault.to_account_info(),
            },
            &[&seeds],
        ))?;

        let vault_key = accounts.vault.key();
        let mut vault = accounts.vault.load_mut()?;
        let index = vault.asset_index(&accounts.mint.key())?;
        let last = usize::from(vault.asset_count).checked_sub(1).ok_or(BallastError::MathOverflow)?;
        let next = index.checked_add(1).ok_or(BallastError::MathOverflow)?;
        // Keep slot order (clients pass accounts in it): shift the later slots down.
        vault.assets.copy_within(next..=last, index);
        vault.assets[last] = AssetSlot::zeroed();
        vault.asset_count = vault.asset_count.checked_sub(1).ok_or(BallastError::MathOverflow)?;
        // The bounty asset keeps its mint while its slot moves down.
        if vault.params.bounty_asset != BOUNTY_IN_SHARES && vault.params.bounty_asset > u32::try_from(index).map_err(|_| BallastError::MathOverflow)? {
            vault.params.bounty_asset = vault.params.bounty_asset.checked_sub(1).ok_or(BallastError::MathOverflow)?;
        }
        emit!(AssetRemoved { vault: vault_key, mint: accounts.mint.key() });
        vault.invariant()
    }
}
