//! Ballast: autonomous rebalancing vaults. One file per instruction under `instructions/<actor>/`;
//! every rule is computed by the `ballast-math` crate.
use anchor_lang::prelude::*;

// 128-bit libcalls and mem* for the SBF target (patched build, see scripts/toolchain/).
#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("miY23sb59oGQ28A4QUJ4XKqDekAHAcBbiwTEjfwW2cA");

#[program]
pub mod ballast {
    use super::*;

    /// Governance: creates a vault, its share mint and its first asset's token account.
    pub fn initialize_vault(ctx: Context<InitializeVault>, args: InitializeVaultArgs) -> Result<()> {
        InitializeVault::handler(ctx, args)
    }

    /// Depositor: deposits one asset and receives shares priced by `ballast-math`.
    pub fn deposit(ctx: Context<Deposit>, args: DepositArgs) -> Result<()> {
        Deposit::handler(ctx, args)
    }
}
