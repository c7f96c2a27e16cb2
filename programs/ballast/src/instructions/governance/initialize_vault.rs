use anchor_lang::prelude::*;
use anchor_spl::associated_token::AssociatedToken;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};
use ballast_math::fees::INITIAL_SHARE_PRICE;
use ballast_math::SHARE_DECIMALS;

use crate::cpi::VaultPdaSigner;
use crate::errors::{to_u64, IntoProgramResult};
use crate::events::{ShareMetadataSet, VaultInitialized};
use crate::share_metadata::{MetadataAccounts, ShareMetadata};
use crate::state::{seeds, Vault, VaultParams, VAULT_LAYOUT_VERSION};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InitializeVaultArgs {
    /// Creator-chosen id, so one creator can run several vaults (PDA seed).
    pub vault_id: u64,
    /// Governance key of the new vault (may differ from the creator, e.g. a multisig).
    pub authority: Pubkey,
    /// Key that may only pause and unpause.
    pub guardian: Pubkey,
    /// Parameters, each within its bound.
    pub params: VaultParams,
    /// The share token's name, symbol and URI, as wallets show them.
    pub share_metadata: ShareMetadata,
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
        // Its own authority: the share mint's PDA signs only `mint_to` (see `cpi::mint_shares`); the
        // vault's signature, which moves its tokens, has no power over the shares.
        mint::authority = share_mint,
        mint::token_program = share_token_program,
        // A Token-2022 mint that names itself: the pointer says its metadata is in the mint, and
        // only the share mint PDA may move the pointer (no instruction does).
        extensions::metadata_pointer::authority = share_mint,
        extensions::metadata_pointer::metadata_address = share_mint,
    )]
    pub share_mint: Box<InterfaceAccount<'info, Mint>>,

    /// CHECK: any key; it only owns the fee share account created below.
    pub fee_recipient: UncheckedAccount<'info>,

    /// The fee recipient's associated share account: fee shares are minted here.
    #[account(
        init,
        payer = creator,
        associated_token::mint = share_mint,
        associated_token::authority = fee_recipient,
        associated_token::token_program = share_token_program,
    )]
    pub fee_recipient_shares: Box<InterfaceAccount<'info, TokenAccount>>,

    pub share_token_program: Program<'info, Token2022>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

impl InitializeVault<'_> {
    pub fn validate(&self, args: &InitializeVaultArgs) -> Result<()> {
        args.share_metadata.validate()?;
        args.params.as_math().validate().or_refuse()
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: InitializeVaultArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let mut vault = accounts.vault.load_init()?;
        vault.authority = args.authority;
        vault.guardian = args.guardian;
        vault.creator = accounts.creator.key();
        vault.share_mint = accounts.share_mint.key();
        vault.fee_recipient_shares = accounts.fee_recipient_shares.key();
        vault.vault_id = args.vault_id;
        vault.created_at = now;
        vault.fees_accrued_at = now;
        vault.high_water_mark = to_u64(INITIAL_SHARE_PRICE)?;
        vault.params = args.params;
        vault.layout_version = VAULT_LAYOUT_VERSION;
        vault.bump = ctx.bumps.vault;
        vault.share_mint_bump = ctx.bumps.share_mint;
        let vault_key = accounts.vault.key();
        let (swap_authority, swap_authority_bump) =
            Pubkey::find_program_address(&[seeds::SWAP_AUTHORITY, vault_key.as_ref()], &crate::ID);
        vault.swap_authority = swap_authority;
        vault.swap_authority_bump = swap_authority_bump;
        vault.invariant()?;
        let mint_signer = VaultPdaSigner::share_mint(vault_key, &vault);
        drop(vault);

        let share_mint = accounts.share_mint.to_account_info();
        let metadata = MetadataAccounts {
            share_mint: &share_mint,
            payer: accounts.creator.as_ref(),
            token_2022_program: accounts.share_token_program.as_ref(),
            system_program: accounts.system_program.as_ref(),
        };
        metadata.initialize(&args.share_metadata, &mint_signer)?;

        emit!(VaultInitialized {
            vault: accounts.vault.key(),
            authority: args.authority,
            guardian: args.guardian,
            share_mint: accounts.share_mint.key(),
            fee_recipient_shares: accounts.fee_recipient_shares.key(),
            vault_id: args.vault_id,
            params: args.params,
        });
        emit!(ShareMetadataSet {
            vault: vault_key,
            name: args.share_metadata.name,
            symbol: args.share_metadata.symbol,
            uri: args.share_metadata.uri,
        });
        Ok(())
    }
}
