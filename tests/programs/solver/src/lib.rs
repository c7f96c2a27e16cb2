//! A solver program for Ballast's auction tests (tests/tests/auction_solvers.rs), never deployed.
//!
//! A solver's transaction is `fill_begin` → its own instructions → `fill_end`, all at the top
//! level. This program is what a solver puts in the middle:
//! - `fill_through_cpmm` (honest): swaps the whole balance of the solver's account of the sold asset
//!   (what `fill_begin` sent it) through a Raydium CPMM pool by CPI, signed by the solver, with the
//!   pool's output paid straight into the vault's account of the bought asset.
//! - `forward` (ADVERSARY, for security tests only): invokes any instruction by CPI with the
//!   solver's signature (Ballast's `fill_begin` or `deposit`, a token transfer to keep what was
//!   taken), so the tests can show that Ballast refuses each of them.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke;
use anchor_spl::token_interface::TokenAccount;

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

declare_id!("So1ver1111111111111111111111111111111111111");

/// Raydium CPMM's `swap_base_input` discriminator (sha256("global:swap_base_input")[..8]).
const SWAP_BASE_INPUT: [u8; 8] = [143, 190, 90, 218, 196, 30, 51, 222];
/// Position of the input token account in CPMM's `swap_base_input` accounts.
const CPMM_INPUT_ACCOUNT: usize = 4;
/// CPMM's `swap_base_input` takes 13 accounts.
const CPMM_ACCOUNTS: usize = 13;

#[program]
pub mod test_solver {
    use super::*;

    /// Remaining accounts: CPMM's 13 `swap_base_input` accounts in its order (payer: the solver,
    /// input: the solver's account of the sold asset, output: the vault's account of the bought
    /// asset). Swaps that account's whole balance, for at least `min_out`.
    pub fn fill_through_cpmm<'info>(ctx: Context<'info, FillThroughCpmm<'info>>, min_out: u64) -> Result<()> {
        let accounts = ctx.remaining_accounts;
        require!(accounts.len() == CPMM_ACCOUNTS, SolverError::WrongAccounts);
        let input = &accounts[CPMM_INPUT_ACCOUNT];
        let amount_in = TokenAccount::try_deserialize(&mut &input.try_borrow_data()?[..])?.amount;
        let mut data = SWAP_BASE_INPUT.to_vec();
        data.extend_from_slice(&amount_in.to_le_bytes());
        data.extend_from_slice(&min_out.to_le_bytes());
        let ix = Instruction { program_id: ctx.accounts.cpmm_program.key(), accounts: metas(accounts), data };
        let mut infos = accounts.to_vec();
        infos.push(ctx.accounts.cpmm_program.to_account_info());
        invoke(&ix, &infos)?;
        Ok(())
    }

    /// ADVERSARY: invokes `program` with `data` and the remaining accounts (their signer and
    /// writable flags as this instruction received them).
    pub fn forward<'info>(ctx: Context<'info, Forward<'info>>, data: Vec<u8>) -> Result<()> {
        let accounts = ctx.remaining_accounts;
        let ix = Instruction { program_id: ctx.accounts.program.key(), accounts: metas(accounts), data };
        let mut infos = accounts.to_vec();
        infos.push(ctx.accounts.program.to_account_info());
        invoke(&ix, &infos)?;
        Ok(())
    }
}

fn metas(accounts: &[AccountInfo]) -> Vec<AccountMeta> {
    accounts
        .iter()
        .map(|a| AccountMeta { pubkey: a.key(), is_signer: a.is_signer, is_writable: a.is_writable })
        .collect()
}

#[derive(Accounts)]
pub struct FillThroughCpmm<'info> {
    /// CHECK: the CPMM program the solver routes through (its choice; Ballast checks the outcome).
    pub cpmm_program: UncheckedAccount<'info>,
}

#[derive(Accounts)]
pub struct Forward<'info> {
    /// CHECK: the program to invoke.
    pub program: UncheckedAccount<'info>,
}

#[error_code]
pub enum SolverError {
    #[msg("fill_through_cpmm takes CPMM's 13 swap accounts")]
    WrongAccounts,
}
