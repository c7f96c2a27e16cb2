//! The generic route adapter: the crank's instruction data (e.g. a Jupiter route) and accounts,
//! forwarded to an allow-listed program with the swap authority as signer wherever it appears.
//! Ballast cannot read the route, so it cannot trust it or pin its pools: a route is off unless
//! governance allow-lists the program as a route with its own slippage bound, tighter than the
//! vault's, and the post-trade checks in `rebalance` (input spent ≤ plan, output ≥ `min_out`, every
//! vault account and the share mint unchanged beyond the traded balances, loss within the limit,
//! drift reduced) are the rest of the defence.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use super::Leg;
use crate::errors::BallastError;

pub fn instruction(program: Pubkey, mut accounts: Vec<AccountMeta>, leg: &Leg, route: &[u8]) -> Result<Instruction> {
    require!(!route.is_empty(), BallastError::WrongSwapAccounts);
    require!(accounts.iter().any(|a| a.pubkey == leg.authority), BallastError::WrongSwapAccounts);
    for meta in accounts.iter_mut() {
        meta.is_signer = meta.pubkey == leg.authority;
        meta.is_writable &= !meta.is_signer;
    }
    Ok(Instruction { program_id: program, accounts, data: route.to_vec() })
}
