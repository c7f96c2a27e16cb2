use anchor_lang::prelude::*;
use anchor_spl::token::Token;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint as ShareMint;
use anchor_spl::token_interface::TokenAccount;
use ballast_math::in_kind::in_kind_deposit;

use crate::cpi::{mint_shares, transfer, VaultPdaSigner};
use crate::errors::{BallastError, IntoProgramResult};
use crate::events::DepositedInKind;
use crate::fees;
use crate::instructions::depositor::legs::{balance_now, load_legs, select_token_program};
use crate::state::{Vault, MAX_ASSETS};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct DepositInKindArgs {
    /// Most the depositor will bring of each asset (atomic units, slot order).
    pub max_amounts: Vec<u64>,
    /// Fewest shares the depositor accepts (share units).
    pub min_shares_out: u64,
}

/// Remaining accounts: `[mint, vault token account, depositor token account]` per active asset.
#[derive(Accounts)]
pub struct DepositInKind<'info> {
    pub depositor: Signer<'info>,

    #[account(mut, has_one = share_mint, has_one = fee_recipient_shares)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(mut)]
    pub share_mint: Box<InterfaceAccount<'info, ShareMint>>,

    /// CHECK: the vault's fee share account (`has_one`); the token program checks it on mint.
    #[account(mut)]
    pub fee_recipient_shares: UncheckedAccount<'info>,

    #[account(
        mut,
        token::mint = share_mint,
        token::authority = depositor,
        token::token_program = token_2022_program,
    )]
    pub depositor_share_account: Box<InterfaceAccount<'info, TokenAccount>>,

    /// SPL Token, for the legs of classic mints.
    pub token_program: Program<'info, Token>,
    /// Token-2022: the shares, and the legs of Token-2022 mints.
    pub token_2022_program: Program<'info, Token2022>,
}

impl<'info> DepositInKind<'info> {
    pub fn validate(&self, args: &DepositInKindArgs) -> Result<()> {
        let vault = self.vault.load()?;
        require!(!vault.deposits_paused(), BallastError::DepositsPaused);
        require!(args.max_amounts.len() == usize::from(vault.asset_count), BallastError::LengthMismatch);
        Ok(())
    }

    /// Takes every asset pro rata to the vault's holdings (no oracle): shares follow the scarcest
    /// asset and round down; the amounts taken round up; the rest stays in the depositor's wallet.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<'info, Self>, args: DepositInKindArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let vault_key = accounts.vault.key();
        let now = Clock::get()?.unix_timestamp;
        let depositor = accounts.depositor.key();

        let mut amounts = [0u64; MAX_ASSETS];
        let (signer, legs, fee_shares, shares) = {
            let mut vault = accounts.vault.load_mut()?;
            let legs = load_legs(&vault, ctx.remaining_accounts, &depositor)?;
            let fee_shares = fees::accrue(&mut vault, vault_key, accounts.share_mint.supply, None, now)?;
            let supply = accounts.share_mint.supply.checked_add(fee_shares).ok_or(BallastError::MathOverflow)?;
            let mut balances = [0u64; MAX_ASSETS];
            for (balance, leg) in balances.iter_mut().zip(&legs) {
                *balance = leg.balance;
            }
            let n = legs.len();
            let shares = in_kind_deposit(&args.max_amounts, &balances[..n], supply, &mut amounts[..n]).or_refuse()?;
            require!(shares >= args.min_shares_out, BallastError::SlippageExceeded);
            (VaultPdaSigner::share_mint(vault_key, &vault), legs, fee_shares, shares)
        };

        let depositor_info = accounts.depositor.to_account_info();
        for (leg, amount) in legs.iter().zip(amounts) {
            if amount == 0 {
                continue;
            }
            let program =
                select_token_program(&accounts.token_program, &accounts.token_2022_program, &leg.slot.token_program)?;
            transfer(
                &program,
                leg.user_token,
                leg.mint,
                leg.vault_token,
                &depositor_info,
                None,
                amount,
                leg.slot.decimals,
            )?;
            require!(balance_now(leg)?.checked_sub(leg.balance) == Some(amount), BallastError::TransferAmountMismatch);
        }

        let share_program = accounts.token_2022_program.to_account_info();
        let share_mint = accounts.share_mint.to_account_info();
        mint_shares(&share_program, &share_mint, &accounts.fee_recipient_shares, &signer, fee_shares)?;
        mint_shares(&share_program, &share_mint, &accounts.depositor_share_account.to_account_info(), &signer, shares)?;

        let mut vault = accounts.vault.load_mut()?;
        vault.deposit_in_kind_count = vault.deposit_in_kind_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        vault.invariant()?;
        emit!(DepositedInKind {
            vault: vault_key,
            depositor,
            amounts: amounts[..legs.len()].to_vec(),
            shares_out: shares
        });
        Ok(())
    }
}
