use anchor_lang::prelude::*;
use anchor_spl::token::{Mint as ShareMint, Token};
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};
use ballast_math::{BPS_DENOMINATOR, SHARE_DECIMALS};

use crate::errors::BallastError;
use crate::events::VaultInitialized;
use crate::state::{seeds, AssetSlot, Vault};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InitializeVaultArgs {
    /// Creator-chosen id, so one creator can run several vaults (PDA seed).
    pub vault_id: u64,
    /// Governance key of the new vault (may differ from the creator, e.g. a multisig).
    pub authority: Pubkey,
    /// Largest total value the vault may hold (value units).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (value units, 1..=deposit_cap).
    pub max_deposit_per_tx: u64,
}

#[derive(Accounts)]
#[instruction(args: InitializeVaultArgs)]
pub struct InitializeVault<'info> {
    /// Pays for the new accounts; part of the vault's seeds.
    #[account(mut)]
    pub creator: Signer<'info>,

    #[account(
        init,
        payer = creator,
        space = Vault::SPACE,
        seeds = [seeds::VAULT, creator.key().as_ref(), &args.vault_id.to_le_bytes()],
        bump,
    )]
    pub vault: AccountLoader<'info, Vault>,

    #[account(
        init,
        payer = creator,
        seeds = [seeds::SHARE_MINT, vault.key().as_ref()],
        bump,
        mint::decimals = SHARE_DECIMALS,
        mint::authority = vault,
        mint::token_program = share_token_program,
    )]
    pub share_mint: Box<Account<'info, ShareMint>>,

    /// The vault's first asset.
    #[account(mint::token_program = asset_token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(
        init,
        payer = creator,
        seeds = [seeds::VAULT_TOKEN, vault.key().as_ref(), asset_mint.key().as_ref()],
        bump,
        token::mint = asset_mint,
        token::authority = vault,
        token::token_program = asset_token_program,
    )]
    pub asset_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    pub asset_token_program: Interface<'info, TokenInterface>,
    pub share_token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

impl InitializeVault<'_> {
    pub fn validate(&self, args: &InitializeVaultArgs) -> Result<()> {
        require!(
            args.max_deposit_per_tx >= 1 && args.max_deposit_per_tx <= args.deposit_cap,
            BallastError::InvalidDepositLimits
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: InitializeVaultArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let mut vault = accounts.vault.load_init()?;
        vault.authority = args.authority;
        vault.creator = accounts.creator.key();
        vault.share_mint = accounts.share_mint.key();
        vault.vault_id = args.vault_id;
        vault.deposit_cap = args.deposit_cap;
        vault.max_deposit_per_tx = args.max_deposit_per_tx;
        vault.created_at = Clock::get()?.unix_timestamp;
        vault.bump = ctx.bumps.vault;
        vault.share_mint_bump = ctx.bumps.share_mint;
        // The first asset starts at 100%; later assets are added by governance.
        vault.assets[0] = AssetSlot {
            mint: accounts.asset_mint.key(),
            token_account: accounts.asset_token_account.key(),
            token_program: accounts.asset_token_program.key(),
            target_weight_bps: BPS_DENOMINATOR,
            decimals: accounts.asset_mint.decimals,
            token_account_bump: ctx.bumps.asset_token_account,
            _padding: [0; 4],
        };
        vault.asset_count = 1;
        vault.invariant()?;

        emit!(VaultInitialized {
            vault: accounts.vault.key(),
            authority: args.authority,
            share_mint: accounts.share_mint.key(),
            asset_mint: accounts.asset_mint.key(),
            asset_token_account: accounts.asset_token_account.key(),
            vault_id: args.vault_id,
            deposit_cap: args.deposit_cap,
            max_deposit_per_tx: args.max_deposit_per_tx,
        });
        Ok(())
    }
}
