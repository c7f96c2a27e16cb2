//! Raydium CPMM (`raydium-cp-swap`) `swap_base_input`: the vault sells exactly `amount_in` and asks
//! for at least `min_out`. The crank passes the swap's 13 accounts in the program's order; the
//! adapter checks that the payer is the vault's swap authority and that input and output are the
//! vault's accounts for the planned pair (CPMM moves the input with the payer's signature, which a
//! delegate's is).
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use super::{signed_by, Leg};
use crate::errors::BallastError;

/// Anchor discriminator of `swap_base_input` (first 8 bytes of sha256("global:swap_base_input")).
const SWAP_BASE_INPUT: [u8; 8] = [143, 190, 90, 218, 196, 30, 51, 222];
/// Accounts of `swap_base_input`, in order.
pub const ACCOUNTS: usize = 13;
const PAYER: usize = 0;
/// The pool state: the pool governance allow-listed for the pair.
pub const POOL_STATE: usize = 3;
const INPUT_TOKEN_ACCOUNT: usize = 4;
const OUTPUT_TOKEN_ACCOUNT: usize = 5;
/// The pool's vault of the input token (its balance is the reserve).
pub const INPUT_VAULT: usize = 6;
/// The pool's vault of the output token.
pub const OUTPUT_VAULT: usize = 7;

pub fn instruction(program: Pubkey, accounts: Vec<AccountMeta>, leg: &Leg) -> Result<Instruction> {
    require!(accounts.len() == ACCOUNTS, BallastError::WrongSwapAccounts);
    require_keys_eq!(accounts[INPUT_TOKEN_ACCOUNT].pubkey, leg.input, BallastError::WrongSwapAccounts);
    require_keys_eq!(accounts[OUTPUT_TOKEN_ACCOUNT].pubkey, leg.output, BallastError::WrongSwapAccounts);
    let mut data = Vec::with_capacity(24);
    data.extend_from_slice(&SWAP_BASE_INPUT);
    data.extend_from_slice(&leg.amount_in.to_le_bytes());
    data.extend_from_slice(&leg.min_out.to_le_bytes());
    Ok(Instruction { program_id: program, accounts: signed_by(accounts, leg.authority, PAYER)?, data })
}
