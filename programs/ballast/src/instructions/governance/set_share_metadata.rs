use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;

use crate::cpi::VaultPdaSigner;
use crate::errors::BallastError;
use crate::events::ShareMetadataSet;
use crate::share_metadata::{MetadataAccounts, ShareMetadata};
use crate::state::Vault;

/// No timelock: the fields move no value. The authority pays for a longer one (rent).
#[derive(Accounts)]
pub struct SetShareMetadata<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,

    #[account(has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: the vault's own share mint (`has_one`); Token-2022 checks its metadata and signer.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    pub token_2022_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl SetShareMetadata<'_> {
    pub fn validate(&self, metadata: &ShareMetadata) -> Result<()> {
        metadata.validate()
    }

    #[access_control(ctx.accounts.validate(&metadata))]
    pub fn handler(ctx: Context<Self>, metadata: ShareMetadata) -> Result<()> {
        let accounts = &ctx.accounts;
        let vault_key = accounts.vault.key();
        let signer = {
            let vault = accounts.vault.load()?;
            vault.invariant()?;
            VaultPdaSigner::share_mint(vault_key, &vault)
        };
        let share_mint = accounts.share_mint.to_account_info();
        let writer = MetadataAccounts {
            share_mint: &share_mint,
            payer: accounts.authority.as_ref(),
            token_2022_program: accounts.token_2022_program.as_ref(),
            system_program: accounts.system_program.as_ref(),
        };
        writer.update(&metadata, &signer)?;
        emit!(ShareMetadataSet { vault: vault_key, name: metadata.name, symbol: metadata.symbol, uri: metadata.uri });
        Ok(())
    }
}
