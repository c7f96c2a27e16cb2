//! The auction fill's transaction shape, read from the instructions sysvar: `fill_begin` and its
//! `fill_end` are both top-level instructions of one transaction, and the first Ballast
//! instruction after a `fill_begin` is its `fill_end`, for the same vault and auction. So the
//! tokens a solver takes come back (or the transaction fails), no other Ballast instruction runs
//! on a vault with tokens out, and no program can drive a fill by CPI.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::Discriminator;
use solana_instructions_sysvar::{load_current_index_checked, load_instruction_at_checked};

use crate::errors::BallastError;

/// Positions of the vault and the auction in `fill_begin`'s and `fill_end`'s accounts (held equal
/// to the `Accounts` structs by a test).
pub const VAULT_POSITION: usize = 1;
pub const AUCTION_POSITION: usize = 3;

fn is(ix: &Instruction, discriminator: &[u8], vault: &Pubkey, auction: &Pubkey) -> bool {
    ix.program_id == crate::ID
        && ix.data.starts_with(discriminator)
        && ix.accounts.get(VAULT_POSITION).is_some_and(|m| m.pubkey == *vault)
        && ix.accounts.get(AUCTION_POSITION).is_some_and(|m| m.pubkey == *auction)
}

/// The index of the running instruction, after checking that it is this very instruction at the
/// top level: called by CPI, the top-level instruction at that index is the caller's.
fn current_top_level(sysvar: &AccountInfo, discriminator: &[u8], vault: &Pubkey, auction: &Pubkey) -> Result<usize> {
    let index = load_current_index_checked(sysvar)?;
    let current = load_instruction_at_checked(usize::from(index), sysvar)?;
    require!(is(&current, discriminator, vault, auction), BallastError::FillNotTopLevel);
    Ok(usize::from(index))
}

/// For `fill_begin`: top level, and the next Ballast instruction is its `fill_end`.
pub fn require_fill_end_follows(sysvar: &AccountInfo, vault: &Pubkey, auction: &Pubkey) -> Result<()> {
    let index = current_top_level(sysvar, crate::instruction::FillBegin::DISCRIMINATOR, vault, auction)?;
    let mut next = index.checked_add(1).ok_or(BallastError::MathOverflow)?;
    while let Ok(ix) = load_instruction_at_checked(next, sysvar) {
        if ix.program_id == crate::ID {
            require!(is(&ix, crate::instruction::FillEnd::DISCRIMINATOR, vault, auction), BallastError::FillEndMissing);
            return Ok(());
        }
        next = next.checked_add(1).ok_or(BallastError::MathOverflow)?;
    }
    err!(BallastError::FillEndMissing)
}

/// For `fill_end`: top level (its `fill_begin` recorded the fill in flight it closes).
pub fn require_fill_end_top_level(sysvar: &AccountInfo, vault: &Pubkey, auction: &Pubkey) -> Result<()> {
    current_top_level(sysvar, crate::instruction::FillEnd::DISCRIMINATOR, vault, auction).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::ToAccountMetas;

    #[test]
    fn the_positions_are_those_of_the_accounts_structs() {
        let k = |n: u8| Pubkey::new_from_array([n; 32]);
        let begin = crate::accounts::FillBegin {
            solver: k(1),
            vault: k(2),
            share_mint: k(3),
            auction: k(4),
            instructions: k(5),
            sell_mint: k(6),
            solver_sell_account: k(7),
            sell_token_program: k(8),
        }
        .to_account_metas(None);
        let end =
            crate::accounts::FillEnd { solver: k(1), vault: k(2), share_mint: k(3), auction: k(4), instructions: k(5) }
                .to_account_metas(None);
        for metas in [begin, end] {
            assert_eq!((metas[VAULT_POSITION].pubkey, metas[AUCTION_POSITION].pubkey), (k(2), k(4)));
        }
    }
}
