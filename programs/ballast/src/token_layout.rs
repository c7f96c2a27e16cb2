//! Reads of the vault's own token accounts at fixed offsets of the base account layout that SPL
//! Token and Token-2022 share, instead of a full unpack on every read: `rebalance` reads each
//! vault account twice, and these reads are a measurable part of its compute budget. Callers
//! first match the account to its vault slot (key = the slot's PDA, owner = the slot's token
//! program), so the layout is known.
use anchor_lang::prelude::*;

use crate::errors::BallastError;

/// Length of the base account layout.
const BASE_LEN: usize = 165;
/// `amount`: u64, little-endian.
const AMOUNT: core::ops::Range<usize> = 64..72;
/// `owner` (32 bytes).
const OWNER: core::ops::Range<usize> = 32..64;
/// `delegate`, `state`, `is_native`, `delegated_amount`, `close_authority`: everything after the
/// amount, any of which a swap must leave as it found it.
const AFTER_AMOUNT: core::ops::Range<usize> = 72..BASE_LEN;
/// Length of `control`'s copy: the owner (32) and everything after the amount (93).
const CONTROL_LEN: usize = 125;
/// `state`: 0 uninitialized, 1 initialized, 2 frozen.
const STATE: usize = 108;

/// Length of the base mint layout.
const MINT_LEN: usize = 82;
/// A mint's `supply`: u64, little-endian.
const MINT_SUPPLY: core::ops::Range<usize> = 36..44;
/// A mint's `is_initialized` flag.
const MINT_INITIALIZED: usize = 45;

/// The supply of an initialized mint (the caller has matched the mint's key to the vault's).
pub fn mint_supply(data: &[u8]) -> Result<u64> {
    require!(data.len() >= MINT_LEN && data[MINT_INITIALIZED] != 0, BallastError::ShareMintUnreadable);
    let bytes: [u8; 8] = data[MINT_SUPPLY].try_into().map_err(|_| BallastError::ShareMintUnreadable)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The balance of an initialized token account.
pub fn amount(data: &[u8]) -> Result<u64> {
    require!(data.len() >= BASE_LEN && data[STATE] != 0, BallastError::WrongRemainingAccounts);
    let bytes: [u8; 8] = data[AMOUNT].try_into().map_err(|_| BallastError::WrongRemainingAccounts)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The owner, delegate, state and close authority bytes (all but mint and amount): what must not
/// change during a swap.
pub fn control(data: &[u8]) -> Result<Vec<u8>> {
    require!(data.len() >= BASE_LEN, BallastError::WrongRemainingAccounts);
    let mut out = Vec::with_capacity(CONTROL_LEN);
    out.extend_from_slice(&data[OWNER]);
    out.extend_from_slice(&data[AFTER_AMOUNT]);
    Ok(out)
}
