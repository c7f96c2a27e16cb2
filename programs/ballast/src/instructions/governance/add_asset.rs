use anchor_lang::prelude::*;
use anchor_spl::token::spl_token;
use anchor_spl::token_interface::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use anchor_spl::token_interface::spl_token_2022::state::Mint as MintState;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};
use ballast_math::weights::{validate_range, WeightRange};
use ballast_math::BPS_DENOMINATOR;

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::AssetAdded;
use crate::instructions::governance::queue::{apply_or_queue, Applied};
use crate::state::{seeds, AssetSlot, ChangeKind, Vault, MAX_ASSETS};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct AddAssetArgs {
    /// Pyth feed id that prices the asset.
    pub price_feed_id: [u8; 32],
    /// Lowest target weight governance may later set (bps).
    pub min_weight_bps: u16,
    /// Highest target weight governance may later set (bps).
    pub max_weight_bps: u16,
    /// Accept a mint that has a freeze authority (e.g. USDC); refused otherwise.
    pub allow_freeze_authority: bool,
}

#[derive(Accounts)]
pub struct AddAsset<'info> {
    pub authority: Signer<'info>,

    #[account(mut)]
    pub payer: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    pub share_mint: Box<InterfaceAccount<'info, anchor_spl::token_interface::Mint>>,

    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Created now even when the slot waits for the timelock, so execution needs no payer; a
    /// proposal that was cancelled left it behind, and proposing the asset again reuses it (its
    /// mint, authority and program are checked as if created).
    #[account(
        init_if_needed,
        payer = payer,
        seeds = [seeds::VAULT_TOKEN, vault.key().as_ref(), mint.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = vault,
        token::token_program = token_program,
    )]
    pub vault_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl AddAsset<'_> {
    pub fn validate(&self, args: &AddAssetArgs) -> Result<()> {
        validate_range(WeightRange { min_bps: args.min_weight_bps, max_bps: args.max_weight_bps }).or_refuse()?;
        let vault = self.vault.load()?;
        require!(usize::from(vault.asset_count) < MAX_ASSETS, BallastError::VaultFull);
        require!(vault.asset_index(&self.mint.key()).is_err(), BallastError::AssetAlreadyInVault);
        let mint = self.mint.key();
        require!(
            mint != spl_token::native_mint::ID && mint != anchor_spl::token_2022::spl_token_2022::native_mint::ID,
            BallastError::NativeMintNotSupported
        );
        require!(
            args.allow_freeze_authority || self.mint.freeze_authority.is_none(),
            BallastError::MintHasFreezeAuthority
        );
        if self.token_program.key() != spl_token::ID {
            refuse_unsupported_extensions(&self.mint.to_account_info())?;
        }
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: AddAssetArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let vault_key = accounts.vault.key();
        let mut vault = accounts.vault.load_mut()?;
        let first = vault.asset_count == 0;
        // The first asset holds 100% (weights always sum to 10,000); later ones join at 0%.
        let target_weight_bps = if first { BPS_DENOMINATOR } else { 0 };
        require!(
            (args.min_weight_bps..=args.max_weight_bps).contains(&target_weight_bps),
            BallastError::WeightOutOfRange
        );
        let slot = AssetSlot {
            mint: accounts.mint.key(),
            token_account: accounts.vault_token_account.key(),
            token_program: accounts.token_program.key(),
            price_feed_id: args.price_feed_id,
            target_weight_bps,
            min_weight_bps: args.min_weight_bps,
            max_weight_bps: args.max_weight_bps,
            decimals: accounts.mint.decimals,
            token_account_bump: ctx.bumps.vault_token_account,
            reference_price: 0,
            last_observed_price: 0,
            vol_variance: 0,
            last_publish_time: 0,
            claimed: 0,
        };
        // Adding an asset lets depositors bring it in: it loosens risk once there are holders.
        match apply_or_queue(&mut vault, vault_key, accounts.share_mint.supply, false, ChangeKind::AddAsset)? {
            Applied::Now => push_asset(&mut vault, vault_key, slot)?,
            Applied::Queued => vault.pending.asset = slot,
        }
        vault.invariant()
    }
}

/// Appends `slot` to the vault and emits the event (used at once or by `execute_change`).
pub fn push_asset(vault: &mut Vault, vault_key: Pubkey, slot: AssetSlot) -> Result<()> {
    let index = usize::from(vault.asset_count);
    require!(index < MAX_ASSETS, BallastError::VaultFull);
    require!(vault.asset_index(&slot.mint).is_err(), BallastError::AssetAlreadyInVault);
    vault.assets[index] = slot;
    vault.asset_count = vault.asset_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
    emit!(AssetAdded {
        vault: vault_key,
        mint: slot.mint,
        token_account: slot.token_account,
        price_feed_id: slot.price_feed_id,
        target_weight_bps: slot.target_weight_bps,
        min_weight_bps: slot.min_weight_bps,
        max_weight_bps: slot.max_weight_bps,
    });
    Ok(())
}

/// Token-2022 extensions that would let a third party take, block or skim the vault's tokens, or
/// hide balances from the checks, each refused with its own error.
fn refuse_unsupported_extensions(mint: &AccountInfo) -> Result<()> {
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    for extension in state.get_extension_types()? {
        let refusal = match extension {
            ExtensionType::TransferFeeConfig => BallastError::MintHasTransferFee,
            ExtensionType::TransferHook => BallastError::MintHasTransferHook,
            ExtensionType::PermanentDelegate => BallastError::MintHasPermanentDelegate,
            ExtensionType::NonTransferable => BallastError::MintIsNonTransferable,
            ExtensionType::Pausable => BallastError::MintIsPausable,
            ExtensionType::MintCloseAuthority => BallastError::MintHasCloseAuthority,
            ExtensionType::ConfidentialTransferMint | ExtensionType::ConfidentialTransferFeeConfig => {
                BallastError::MintHasConfidentialTransfers
            }
            _ => continue,
        };
        return Err(error!(refusal));
    }
    Ok(())
}
