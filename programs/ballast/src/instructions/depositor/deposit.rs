use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::cpi::{mint_shares, transfer, VaultPdaSigner};
use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::Deposited;
use crate::fees;
use crate::oracle::{Holdings, Side};
use crate::state::Vault;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct DepositArgs {
    /// Tokens to deposit (atomic units of `asset_mint`).
    pub amount: u64,
    /// Fewest shares the depositor accepts (share units); protects against price moves.
    pub min_shares_out: u64,
}

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,

    #[account(mut, has_one = share_mint, has_one = fee_recipient_shares)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(mut)]
    pub share_mint: Box<InterfaceAccount<'info, Mint>>,

    /// CHECK: the vault's fee share account (`has_one`); the token program checks it on mint.
    #[account(mut)]
    pub fee_recipient_shares: UncheckedAccount<'info>,

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
    pub share_token_program: Program<'info, Token2022>,
}

impl<'info> Deposit<'info> {
    pub fn validate(&self, args: &DepositArgs) -> Result<()> {
        require!(args.amount > 0, BallastError::ZeroAmount);
        let vault = self.vault.load()?;
        require!(!vault.deposits_paused(), BallastError::DepositsPaused);
        let slot = &vault.assets[vault.asset_index(&self.asset_mint.key())?];
        require_keys_eq!(slot.token_account, self.vault_token_account.key(), BallastError::WrongTokenAccount);
        require_keys_eq!(slot.token_program, self.asset_token_program.key(), BallastError::WrongTokenProgram);
        Ok(())
    }

    /// Prices the deposit at the low side of its confidence interval and the vault at the high
    /// side, so a deposit can never dilute existing holders; fees accrue first.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<'info, Self>, args: DepositArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let vault_key = accounts.vault.key();
        let now = Clock::get()?.unix_timestamp;
        let balance_before = accounts.vault_token_account.amount;

        let (signer, fee_shares, quote) = {
            let mut vault = accounts.vault.load_mut()?;
            let holdings = Holdings::load(&vault, ctx.remaining_accounts, now)?;
            holdings.require_fresh(now, vault.params.fresh_price_age_secs)?;
            holdings.record_publish_times(&mut vault, now);
            crate::watch::require_clear(&mut vault, &holdings, now)?;
            let fee_shares = fees::accrue(
                &mut vault,
                vault_key,
                accounts.share_mint.supply,
                Some(holdings.total_value(Side::Mid)?),
                now,
            )?;
            let supply = accounts.share_mint.supply.checked_add(fee_shares).ok_or(BallastError::MathOverflow)?;
            let index = vault.asset_index(&accounts.asset_mint.key())?;
            let gross = to_u64(holdings.asset_value(index, args.amount, Side::Low)?)?;
            // The deposit fee stays in the vault: a deposit at a picked price pays for the pick.
            let value =
                ballast_math::deposit::value_after_deposit_fee(gross, vault.params.deposit_fee_bps).or_refuse()?;
            let total = to_u64(holdings.total_value(Side::High)?)?;
            let shares = ballast_math::deposit::quote_deposit(
                value,
                total,
                supply,
                vault.params.deposit_cap,
                vault.params.max_deposit_per_tx,
                args.min_shares_out,
            )
            .or_refuse()?;
            (
                VaultPdaSigner::share_mint(vault_key, &vault),
                fee_shares,
                Deposited {
                    vault: vault_key,
                    depositor: accounts.depositor.key(),
                    asset_mint: accounts.asset_mint.key(),
                    amount: args.amount,
                    value,
                    fee_value: gross.checked_sub(value).ok_or(BallastError::MathOverflow)?,
                    shares_out: shares,
                    total_value_before: total,
                    share_supply_before: supply,
                },
            )
        };

        transfer(
            &accounts.asset_token_program.to_account_info(),
            &accounts.depositor_asset_account.to_account_info(),
            &accounts.asset_mint.to_account_info(),
            &accounts.vault_token_account.to_account_info(),
            &accounts.depositor.to_account_info(),
            None,
            args.amount,
            accounts.asset_mint.decimals,
        )?;
        // Credit only what arrived: a mint that skims transfers must not mint unbacked shares.
        let mut vault_token_account = accounts.vault_token_account.clone();
        vault_token_account.reload()?;
        require!(
            vault_token_account.amount.checked_sub(balance_before) == Some(args.amount),
            BallastError::TransferAmountMismatch
        );

        let share_program = accounts.share_token_program.to_account_info();
        let share_mint = accounts.share_mint.to_account_info();
        mint_shares(&share_program, &share_mint, &accounts.fee_recipient_shares, &signer, fee_shares)?;
        mint_shares(
            &share_program,
            &share_mint,
            &accounts.depositor_share_account.to_account_info(),
            &signer,
            quote.shares_out,
        )?;

        let mut vault = accounts.vault.load_mut()?;
        vault.deposit_count = vault.deposit_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        vault.invariant()?;
        emit!(quote);
        Ok(())
    }
}
