//! Orca Whirlpool `swap_v2` (Token and Token-2022 pools): the vault sells exactly `amount_in`
//! (`amount_specified_is_input`) with `min_out` as the other-amount threshold and no price limit
//! beyond the pool's own (the oracle-derived `min_out` is the limit). The crank passes the 15
//! accounts in `swap_v2`'s order (tick arrays included; `orca_whirlpools_client` builds the same
//! list); the direction follows from which of the pool's owner accounts is the vault's input.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use super::{signed_by, Leg};
use crate::errors::BallastError;

/// Anchor discriminator of `swap_v2` (first 8 bytes of sha256("global:swap_v2")).
pub const SWAP_V2: [u8; 8] = [43, 4, 237, 11, 26, 201, 30, 98];
/// Accounts of `swap_v2`, in order.
pub const ACCOUNTS: usize = 15;
const TOKEN_AUTHORITY: usize = 3;
/// The Whirlpool: the pool governance allow-listed for the pair.
pub const WHIRLPOOL: usize = 4;
const OWNER_ACCOUNT_A: usize = 7;
/// The pool's vault of token A (selling from it means `a_to_b`).
pub const VAULT_A: usize = 8;
const OWNER_ACCOUNT_B: usize = 9;
/// The pool's vault of token B.
pub const VAULT_B: usize = 10;
/// Where a Whirlpool account holds `liquidity` (u128) and then `sqrt_price` (u128, Q64.64), little
/// endian: after the discriminator (8), `whirlpools_config` (32), `whirlpool_bump` (1),
/// `tick_spacing` (2), `fee_tier_index_seed` (2), `fee_rate` (2) and `protocol_fee_rate` (2).
pub const LIQUIDITY_OFFSET: usize = 49;

/// A Whirlpool account's current liquidity and sqrt price (`None` if it is too short to be one).
pub fn liquidity_and_price(data: &[u8]) -> Option<(u128, u128)> {
    let field = |at: usize| Some(u128::from_le_bytes(data.get(at..at.checked_add(16)?)?.try_into().ok()?));
    Some((field(LIQUIDITY_OFFSET)?, field(LIQUIDITY_OFFSET.checked_add(16)?)?))
}

/// Lowest and highest sqrt price a Whirlpool accepts (Q64.64): "no limit" in each direction.
pub const MIN_SQRT_PRICE: u128 = 4_295_048_016;
pub const MAX_SQRT_PRICE: u128 = 79_226_673_515_401_279_992_447_579_055;

/// Whether the vault sells token A: its input is owner account A and its output owner account B
/// (or the reverse); anything else is not this leg's pool.
fn a_to_b<'a>(keys: impl Iterator<Item = &'a Pubkey>, leg: &Leg) -> Option<bool> {
    let keys: Vec<&Pubkey> = keys.take(ACCOUNTS).collect();
    let (a, b) = (*keys.get(OWNER_ACCOUNT_A)?, *keys.get(OWNER_ACCOUNT_B)?);
    match (*a == leg.input && *b == leg.output, *b == leg.input && *a == leg.output) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

/// Index of the pool's vault of the token sold from `input` (its balance is the cost gate's reserve).
pub fn input_vault_index<'a>(keys: impl Iterator<Item = &'a Pubkey>, input: &Pubkey) -> Option<usize> {
    let keys: Vec<&Pubkey> = keys.take(ACCOUNTS).collect();
    if *keys.get(OWNER_ACCOUNT_A)? == input {
        Some(VAULT_A)
    } else if *keys.get(OWNER_ACCOUNT_B)? == input {
        Some(VAULT_B)
    } else {
        None
    }
}

pub fn instruction(program: Pubkey, accounts: Vec<AccountMeta>, leg: &Leg) -> Result<Instruction> {
    require!(accounts.len() == ACCOUNTS, BallastError::WrongSwapAccounts);
    let a_to_b = a_to_b(accounts.iter().map(|a| &a.pubkey), leg).ok_or(BallastError::WrongSwapAccounts)?;
    let mut data = Vec::with_capacity(43);
    data.extend_from_slice(&SWAP_V2);
    data.extend_from_slice(&leg.amount_in.to_le_bytes());
    data.extend_from_slice(&leg.min_out.to_le_bytes());
    data.extend_from_slice(&(if a_to_b { MIN_SQRT_PRICE } else { MAX_SQRT_PRICE }).to_le_bytes());
    data.push(1); // amount_specified_is_input
    data.push(u8::from(a_to_b));
    data.push(0); // remaining_accounts_info: None (no transfer-hook accounts: such mints are refused)
    Ok(Instruction { program_id: program, accounts: signed_by(accounts, leg.authority, TOKEN_AUTHORITY)?, data })
}
