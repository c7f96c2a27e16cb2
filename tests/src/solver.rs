//! Instructions of the tests' solver program (tests/programs/solver): its honest CPMM fill, and its
//! ADVERSARY `forward` that drives another program by CPI.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};

use crate::cpmm::{Pool, CPMM_ID};
use crate::fixture::VaultFixture;

/// The solver program's `.so` (built by `make build`).
pub fn solver_so() -> &'static str {
    crate::program_path("test_solver")
}

/// `fill_through_cpmm`: the solver's whole balance of asset 0 (USDC) in `solver_usdc` swapped
/// through `pool` by CPI, signed by `solver`, paid into the vault's account of asset 1 (SOL).
pub fn fill_through_cpmm(
    f: &VaultFixture,
    pool: &Pool,
    solver: Pubkey,
    solver_usdc: Pubkey,
    min_out: u64,
) -> Instruction {
    let swap =
        pool.swap_base_input(solver, f.keys.assets[0].mint, solver_usdc, f.keys.assets[1].vault_token, 0, min_out);
    let mut accounts = test_solver::accounts::FillThroughCpmm { cpmm_program: CPMM_ID }.to_account_metas(None);
    accounts.extend(swap.accounts);
    Instruction {
        program_id: test_solver::ID,
        accounts,
        data: test_solver::instruction::FillThroughCpmm { min_out }.data(),
    }
}

/// ADVERSARY: `ix` invoked by CPI from the solver program (its accounts' flags as given).
pub fn by_cpi(ix: Instruction) -> Instruction {
    let mut accounts = test_solver::accounts::Forward { program: ix.program_id }.to_account_metas(None);
    accounts.extend(ix.accounts);
    Instruction {
        program_id: test_solver::ID,
        accounts,
        data: test_solver::instruction::Forward { data: ix.data }.data(),
    }
}
