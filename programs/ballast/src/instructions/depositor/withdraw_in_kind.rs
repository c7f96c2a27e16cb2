use anchor_lang::prelude::*;
use anchor_spl::token::Token;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint as ShareMint;
use anchor_spl::token_interface::{self, Burn, TokenAccount};
use ballast_math::in_kind::in_kind_withdrawal;

use crate::cpi::{mint_shares, transfer, VaultPdaSigner, VaultSigner};
use crate::errors::{BallastError, IntoProgramResult};
use crate::events::{ClaimRecorded, WithdrawnInKind};
use crate::fees;
use crate::instructions::depositor::legs::{check_user_account, load_vault_legs, select_token_program, Leg};
use crate::state::{Claim, Vault, MAX_ASSETS};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct WithdrawInKindArgs {
    /// Shares to burn (share units).
    pub shares: u64,
    /// Fewest tokens accepted per asset (atomic units, slot order).
    pub min_amounts_out: Vec<u64>,
}

/// Remaining accounts: `[mint, vault token account, owner token account]` per active asset. In
/// place of its token account the owner may pass its `Claim` on that asset (`open_claim`): that
/// leg is then owed rather than paid — for a vault account its issuer froze, an own account that
/// cannot receive, or by choice — and redeemed later (`redeem_claim`). A leg that pays nothing is
/// not looked at beyond the vault's account.
///
/// Nothing here reads an oracle, a pause flag or a breaker, and no single asset can block the
/// others: a holder can always leave with their pro-rata part of every asset, whatever governance,
/// a guardian, a crank or a token issuer has done.
#[derive(Accounts)]
pub struct WithdrawInKind<'info> {
    pub owner: Signer<'info>,

    #[account(mut, has_one = share_mint, has_one = fee_recipient_shares)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(mut)]
    pub share_mint: Box<InterfaceAccount<'info, ShareMint>>,

    /// CHECK: the vault's fee share account (`has_one`). If it was closed or frozen, fees are
    /// left to accrue later rather than blocking the withdrawal.
    #[account(mut)]
    pub fee_recipient_shares: UncheckedAccount<'info>,

    #[account(
        mut,
        token::mint = share_mint,
        token::authority = owner,
        token::token_program = token_2022_program,
    )]
    pub owner_share_account: Box<InterfaceAccount<'info, TokenAccount>>,

    /// SPL Token, for the legs of classic mints.
    pub token_program: Program<'info, Token>,
    /// Token-2022: the shares, and the legs of Token-2022 mints.
    pub token_2022_program: Program<'info, Token2022>,
}

impl<'info> WithdrawInKind<'info> {
    pub fn validate(&self, args: &WithdrawInKindArgs) -> Result<()> {
        require!(args.shares > 0, BallastError::ZeroAmount);
        require!(args.shares <= self.owner_share_account.amount, BallastError::InsufficientShares);
        let vault = self.vault.load()?;
        require!(args.min_amounts_out.len() == usize::from(vault.asset_count), BallastError::LengthMismatch);
        Ok(())
    }

    /// A fee account that can receive minted shares: an initialised, unfrozen share account.
    fn fee_account_usable(&self) -> bool {
        let info = self.fee_recipient_shares.to_account_info();
        if *info.owner != self.token_2022_program.key() {
            return false;
        }
        let Ok(data) = info.try_borrow_data() else {
            return false;
        };
        TokenAccount::try_deserialize(&mut &data[..])
            .map(|account| account.mint == self.share_mint.key() && !account.is_frozen())
            .unwrap_or(false)
    }

    /// Burns the shares and pays the exact pro-rata part of each asset, rounded down.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<'info, Self>, args: WithdrawInKindArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let vault_key = accounts.vault.key();
        let now = Clock::get()?.unix_timestamp;
        let owner = accounts.owner.key();

        let mut amounts = [0u64; MAX_ASSETS];
        let mut claimed = [0u64; MAX_ASSETS];
        let (signer, mint_signer, legs, fee_shares) = {
            let mut vault = accounts.vault.load_mut()?;
            let legs = load_vault_legs(&vault, ctx.remaining_accounts)?;
            // Management fee only: the performance fee needs prices, which a withdrawal must not.
            let fee_shares = if accounts.fee_account_usable() {
                fees::accrue(&mut vault, vault_key, accounts.share_mint.supply, None, now)?
            } else {
                0
            };
            let supply = accounts.share_mint.supply.checked_add(fee_shares).ok_or(BallastError::MathOverflow)?;
            for ((amount, leg), min) in amounts.iter_mut().zip(&legs).zip(&args.min_amounts_out) {
                *amount = in_kind_withdrawal(args.shares, leg.balance, supply).or_refuse()?;
                require!(*amount >= *min, BallastError::SlippageExceeded);
            }
            // Legs owed to the owner's claims: the tokens stay in the vault account, outside the
            // holdings of every other holder.
            for (i, (leg, amount)) in legs.iter().zip(amounts).enumerate() {
                if amount > 0 && leg.user_token.owner == &crate::ID {
                    record_claim(leg, vault_key, owner, amount)?;
                    claimed[i] = amount;
                    let slot = &mut vault.assets[i];
                    slot.claimed = slot.claimed.checked_add(amount).ok_or(BallastError::MathOverflow)?;
                }
            }
            (VaultSigner::of(&vault), VaultPdaSigner::share_mint(vault_key, &vault), legs, fee_shares)
        };

        let share_program = accounts.token_2022_program.to_account_info();
        let vault_info = accounts.vault.to_account_info();
        mint_shares(
            &share_program,
            &accounts.share_mint.to_account_info(),
            &accounts.fee_recipient_shares,
            &mint_signer,
            fee_shares,
        )?;
        token_interface::burn(
            CpiContext::new(
                share_program.key(),
                Burn {
                    mint: accounts.share_mint.to_account_info(),
                    from: accounts.owner_share_account.to_account_info(),
                    authority: accounts.owner.to_account_info(),
                },
            ),
            args.shares,
        )?;
        for ((leg, amount), owed) in legs.iter().zip(amounts).zip(claimed) {
            if amount == 0 || owed > 0 {
                continue;
            }
            check_user_account(leg, &owner)?;
            let program =
                select_token_program(&accounts.token_program, &accounts.token_2022_program, &leg.slot.token_program)?;
            transfer(
                &program,
                leg.vault_token,
                leg.mint,
                leg.user_token,
                &vault_info,
                Some(&signer),
                amount,
                leg.slot.decimals,
            )?;
        }

        let mut vault = accounts.vault.load_mut()?;
        vault.withdraw_count = vault.withdraw_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        vault.invariant()?;
        let n = legs.len();
        emit!(WithdrawnInKind {
            vault: vault_key,
            owner,
            shares: args.shares,
            amounts: amounts[..n].to_vec(),
            claimed: claimed[..n].to_vec()
        });
        Ok(())
    }
}

/// Adds `amount` to the owner's claim passed in a leg's user position, after checking that it is
/// this owner's claim on this leg's asset of this vault.
fn record_claim(leg: &Leg, vault: Pubkey, owner: Pubkey, amount: u64) -> Result<()> {
    require!(leg.user_token.is_writable, BallastError::WrongClaim);
    let mut data = leg.user_token.try_borrow_mut_data()?;
    let mut claim = Claim::try_deserialize(&mut &data[..]).map_err(|_| error!(BallastError::WrongClaim))?;
    require!(claim.vault == vault && claim.owner == owner && claim.mint == leg.slot.mint, BallastError::WrongClaim);
    claim.amount = claim.amount.checked_add(amount).ok_or(BallastError::MathOverflow)?;
    claim.invariant()?;
    claim.try_serialize(&mut &mut data[..])?;
    emit!(ClaimRecorded { vault, owner, mint: claim.mint, amount, total: claim.amount });
    Ok(())
}
