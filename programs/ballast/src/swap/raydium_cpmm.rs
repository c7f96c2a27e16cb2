//! Raydium CPMM (`raydium-cp-swap`) `swap_base_input`: the vault sells exactly `amount_in` and asks
//! for at least `min_out`. The crank passes the swap's 13 accounts in the program's order; the
//! adapter checks that the payer is the vault and that input and output are the vault's accounts
//! for the planned pair, then builds the instruction data itself (the crank cannot change the amounts).
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use crate::errors::BallastError;

/// Anchor discriminator of `swap_base_input` (first 8 bytes of sha256("global:swap_base_input")).
const SWAP_BASE_INPUT: [u8; 8] = [143, 190, 90, 218, 196, 30, 51, 222];
/// Accounts of `swap_base_input`, in order.
pub const ACCOUNTS: usize = 13;
const PAYER: usize = 0;
const INPUT_TOKEN_ACCOUNT: usize = 4;
const OUTPUT_TOKEN_ACCOUNT: usize = 5;
const INPUT_VAULT: usize = 6;

/// The pool's reserve of the sold asset (its input vault's balance), for the cost-benefit gate's
/// price-impact estimate. An account that is not a token account gives no estimate (`None`).
pub fn input_reserve(accounts: &[AccountInfo]) -> Option<u64> {
    let info = accounts.get(INPUT_VAULT)?;
    let data = info.try_borrow_data().ok()?;
    anchor_spl::token_interface::TokenAccount::try_deserialize(&mut &data[..]).ok().map(|a| a.amount)
}

/// The CPI instruction for `accounts` (the swap's accounts as passed by the crank).
pub fn swap_instruction(program: Pubkey, accounts: &[AccountInfo], vault: Pubkey, input: Pubkey, output: Pubkey, amount_in: u64, min_out: u64) -> Result<Instruction> {
    require!(accounts.len() == ACCOUNTS, BallastError::WrongSwapAccounts);
    require_keys_eq!(*accounts[PAYER].key, vault, BallastError::WrongSwapAccounts);
    require_keys_eq!(*accounts[INPUT_TOKEN_ACCOUNT].key, input, BallastError::WrongSwapAccounts);
    require_keys_eq!(*accounts[OUTPUT_TOKEN_ACCOUNT].key, output, BallastError::WrongSwapAccounts);
    let metas = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| AccountMeta { pubkey: *a.key, is_signer: i == PAYER, is_writable: a.is_writable })
        .collect();
    let mut data = Vec::with_capacity(24);
    data.extend_from_slice(&SWAP_BASE_INPUT);
    data.extend_from_slice(&amount_in.to_le_bytes());
    data.extend_from_slice(&min_out.to_le_bytes());
    Ok(Instruction { program_id: program, accounts: metas, data })
}
