use anchor_lang::prelude::*;
use anchor_spl::token::{Mint as ShareMint, Token};
use anchor_spl::token_interface::{self, Mint, MintTo, TokenAccount, TokenInterface, TransferChecked};

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::Deposited;
use crate::state::Vault;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct DepositArgs {
    /// Tokens to deposit (atomic units of `asset_mint`).
    pub amount: u64,
    /// Fewest shares the depositor accepts (share atomic units); protects against price moves.
    pub min_shares_out: u64,
}

#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,

    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// A classic SPL Token mint (checked by its type).
    #[account(mut)]
    pub share_mint: Box<Account<'info, ShareMint>>,

    /// Checked against the vault's asset slots in `validate`.
    #[account(mint::token_program = asset_token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,

    /// Checked to be the slot's token account in `validate`.
    #[account(mut, token::mint = asset_mint, token::token_program = asset_token_program)]
    pub vault_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(
        mut,
        token::mint = asset_mint,
        token::authority = depositor,
        token::token_program = asset_token_program,
    )]
    pub depositor_asset_account: Box<InterfaceAccount<'info, TokenAccount>>,

    /// Receives the shares; any share account the depositor owns.
    #[account(
        mut,
        token::mint = share_mint,
        token::authority = depositor,
        token::token_program = share_token_program,
    )]
    pub depositor_share_account: Box<InterfaceAccount<'info, TokenAccount>>,

    pub asset_token_program: Interface<'info, TokenInterface>,
    pub share_token_program: Program<'info, Token>,
}

impl Deposit<'_> {
    pub fn validate(&self, _args: &DepositArgs) -> Result<()> {
        let vault = self.vault.load()?;
        let slot = &vault.assets[vault.asset_index(&self.asset_mint.key())?];
        require_keys_eq!(slot.token_account, self.vault_token_account.key(), BallastError::AssetNotInVault);
        require_keys_eq!(slot.token_program, self.asset_token_program.key(), BallastError::AssetNotInVault);
        Ok(())
    }

    /// Vault value in value units. Until oracle pricing lands a vault holds only its first asset
    /// and is valued in that asset's atomic units, so a token is worth one value unit.
    fn total_value(&self) -> u64 {
        self.vault_token_account.amount
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: DepositArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let total_value_before = accounts.total_value();
        let share_supply_before = accounts.share_mint.supply;
        // Copied out so no borrow of the vault is held across the CPIs below.
        let (limits, creator, id, bump) = {
            let vault = accounts.vault.load()?;
            (vault.deposit_limits(), vault.creator, vault.vault_id.to_le_bytes(), [vault.bump])
        };
        let shares_out = limits
            .quote(args.amount, total_value_before, share_supply_before, args.min_shares_out)
            .or_refuse()?;

        token_interface::transfer_checked(
            CpiContext::new(
                accounts.asset_token_program.key(),
                TransferChecked {
                    from: accounts.depositor_asset_account.to_account_info(),
                    mint: accounts.asset_mint.to_account_info(),
                    to: accounts.vault_token_account.to_account_info(),
                    authority: accounts.depositor.to_account_info(),
                },
            ),
            args.amount,
            accounts.asset_mint.decimals,
        )?;
        // Credit only what arrived: a mint that skims transfers must not mint unbacked shares.
        let mut vault_token_account = accounts.vault_token_account.clone();
        vault_token_account.reload()?;
        require!(
            vault_token_account.amount.checked_sub(total_value_before) == Some(args.amount),
            BallastError::TransferAmountMismatch
        );

        let vault_key = accounts.vault.key();
        let signer_seeds = Vault::signer_seeds(&creator, &id, &bump);
        token_interface::mint_to(
            CpiContext::new_with_signer(
                accounts.share_token_program.key(),
                MintTo {
                    mint: accounts.share_mint.to_account_info(),
                    to: accounts.depositor_share_account.to_account_info(),
                    authority: accounts.vault.to_account_info(),
                },
                &[&signer_seeds],
            ),
            shares_out,
        )?;

        let mut vault = accounts.vault.load_mut()?;
        vault.deposit_count = vault.deposit_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        vault.invariant()?;

        emit!(Deposited {
            vault: vault_key,
            depositor: accounts.depositor.key(),
            asset_mint: accounts.asset_mint.key(),
            amount: args.amount,
            value: args.amount,
            shares_out,
            total_value_before,
            share_supply_before,
        });
        Ok(())
    }
}
