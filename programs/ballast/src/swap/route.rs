//! The generic route adapter: the crank's instruction data (e.g. a Jupiter route) and accounts,
//! forwarded to an allow-listed program with the vault as signer wherever it appears. Ballast
//! cannot read the route, so it cannot trust it: the post-trade checks in `rebalance` (input spent
//! ≤ plan, output ≥ `min_out`, no other vault account or authority changed, share supply unchanged,
//! loss within the limit, drift reduced) are the whole defence.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use super::Leg;
use crate::errors::BallastError;

pub fn instruction(program: Pubkey, mut accounts: Vec<AccountMeta>, leg: &Leg, route: &[u8]) -> Result<Instruction> {
    require!(!route.is_empty(), BallastError::WrongSwapAccounts);
    require!(accounts.iter().any(|a| a.pubkey == leg.vault), BallastError::WrongSwapAccounts);
    for meta in accounts.iter_mut() {
        meta.is_signer = meta.pubkey == leg.vault;
    }
    Ok(Instruction { program_id: program, accounts, data: route.to_vec() })
}
