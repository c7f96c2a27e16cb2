//! One event per state change, carrying what an indexer needs.
use anchor_lang::prelude::*;

/// Governance created a vault.
#[event]
pub struct VaultInitialized {
    pub vault: Pubkey,
    pub authority: Pubkey,
    pub share_mint: Pubkey,
    /// Mint of the vault's first asset.
    pub asset_mint: Pubkey,
    /// Vault token account holding the first asset.
    pub asset_token_account: Pubkey,
    pub vault_id: u64,
    /// Largest total value the vault may hold (value units).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (value units).
    pub max_deposit_per_tx: u64,
}

/// A depositor added one asset and received shares.
#[event]
pub struct Deposited {
    pub vault: Pubkey,
    pub depositor: Pubkey,
    pub asset_mint: Pubkey,
    /// Tokens received by the vault (atomic units of `asset_mint`).
    pub amount: u64,
    /// Value credited for the deposit (value units).
    pub value: u64,
    /// Shares minted to the depositor (share atomic units, 9 decimals).
    pub shares_out: u64,
    /// Vault value before the deposit (value units).
    pub total_value_before: u64,
    /// Share supply before the deposit (share atomic units).
    pub share_supply_before: u64,
}
