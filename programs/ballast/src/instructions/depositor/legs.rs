//! The per-asset accounts of in-kind instructions: `[mint, vault token account, user token account]`
//! for every active asset, in slot order, after the named accounts.
use anchor_lang::prelude::*;
use anchor_spl::token::Token;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::TokenAccount;

use crate::errors::BallastError;
use crate::oracle::{slot_account_balance, vault_balance};
use crate::state::{AssetSlot, Vault, MAX_ASSETS};

pub const ACCOUNTS_PER_LEG: usize = 3;

/// One asset's accounts, checked against its slot.
pub struct Leg<'a, 'info> {
    pub slot: AssetSlot,
    pub mint: &'a AccountInfo<'info>,
    pub vault_token: &'a AccountInfo<'info>,
    pub user_token: &'a AccountInfo<'info>,
    /// Vault balance before the instruction (atomic units).
    pub balance: u64,
}

/// Checks every leg: mint and vault account are the slot's, the user's account holds the slot's
/// mint, belongs to `user` and to the slot's token program.
pub fn load_legs<'a, 'info>(
    vault: &Vault,
    remaining: &'a [AccountInfo<'info>],
    user: &Pubkey,
) -> Result<Vec<Leg<'a, 'info>>> {
    let legs = load_vault_legs(vault, remaining)?;
    for leg in &legs {
        check_user_account(leg, user)?;
    }
    Ok(legs)
}

/// The user's token account of a leg: the slot's mint, owned by `user`, of the slot's program.
pub fn check_user_account(leg: &Leg, user: &Pubkey) -> Result<()> {
    require_keys_eq!(*leg.user_token.owner, leg.slot.token_program, BallastError::WrongTokenProgram);
    let user_account = TokenAccount::try_deserialize(&mut &leg.user_token.try_borrow_data()?[..])?;
    require!(user_account.mint == leg.slot.mint && user_account.owner == *user, BallastError::WrongTokenAccount);
    Ok(())
}

/// Checks the vault's side of every leg only (mint key and vault account): a withdrawal looks at
/// the user's side of a leg only when it pays something there, so a leg that pays nothing (a
/// Token-2022 mint its issuer closed at zero supply) cannot block the others.
pub fn load_vault_legs<'a, 'info>(vault: &Vault, remaining: &'a [AccountInfo<'info>]) -> Result<Vec<Leg<'a, 'info>>> {
    let slots = vault.active_assets();
    require!(
        remaining.len() == slots.len().checked_mul(ACCOUNTS_PER_LEG).ok_or(BallastError::MathOverflow)?,
        BallastError::WrongRemainingAccounts
    );
    let mut legs = Vec::with_capacity(MAX_ASSETS);
    let (groups, _) = remaining.as_chunks::<ACCOUNTS_PER_LEG>();
    for (slot, [mint, vault_token, user_token]) in slots.iter().zip(groups) {
        require_keys_eq!(*mint.key, slot.mint, BallastError::WrongRemainingAccounts);
        // Saturating: were a vault account ever below what its claims are owed, that asset would pay
        // nothing rather than fail every withdrawal.
        let balance = slot_account_balance(slot, vault_token)?.saturating_sub(slot.claimed);
        legs.push(Leg { slot: *slot, mint, vault_token, user_token, balance });
    }
    Ok(legs)
}

/// Balance of a leg's vault token account now (after transfers).
pub fn balance_now(leg: &Leg) -> Result<u64> {
    vault_balance(&leg.slot, leg.vault_token)
}

/// The Token or Token-2022 program account a slot's transfers go through, picked by id.
pub fn select_token_program<'info>(
    token: &Program<'info, Token>,
    token_2022: &Program<'info, Token2022>,
    program: &Pubkey,
) -> Result<AccountInfo<'info>> {
    if *program == token.key() {
        Ok(token.to_account_info())
    } else if *program == token_2022.key() {
        Ok(token_2022.to_account_info())
    } else {
        Err(error!(BallastError::WrongTokenProgram))
    }
}
