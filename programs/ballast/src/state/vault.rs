use anchor_lang::prelude::*;
use ballast_math::{deposit::DepositLimits, BPS_DENOMINATOR};

use crate::errors::BallastError;
use crate::state::seeds;

/// Asset slots per vault. Slots live inline in the vault account for now; the math takes slices,
/// so moving slots to per-asset accounts for larger vaults changes no rule.
pub const MAX_ASSETS: usize = 16;

/// One asset the vault holds.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct AssetSlot {
    /// SPL mint of the asset (Token or Token-2022).
    pub mint: Pubkey,
    /// The vault's token account for this asset (PDA `[VAULT_TOKEN, vault, mint]`).
    pub token_account: Pubkey,
    /// Token program that owns `mint` and `token_account`.
    pub token_program: Pubkey,
    /// Target weight, bps of vault value (0..=10,000; active slots sum to 10,000).
    pub target_weight_bps: u16,
    /// Decimals of `mint`.
    pub decimals: u8,
    /// Bump of `token_account`.
    pub token_account_bump: u8,
    /// Reserved, zero.
    pub _padding: [u8; 4],
}

/// A rebalancing vault (zero-copy: its asset slots are read in place, never deserialized whole).
#[account(zero_copy)]
#[derive(Debug)]
pub struct Vault {
    /// Governance key: may change parameters (a wallet, a Squads multisig or a DAO).
    pub authority: Pubkey,
    /// Signer that created the vault; part of the vault's PDA seeds.
    pub creator: Pubkey,
    /// The vault's share mint (PDA `[SHARE_MINT, vault]`, mint authority = vault).
    pub share_mint: Pubkey,
    /// Creator-chosen id; part of the vault's PDA seeds.
    pub vault_id: u64,
    /// Largest total value the vault may hold after a deposit (value units).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (value units).
    pub max_deposit_per_tx: u64,
    /// Deposits processed since creation (count).
    pub deposit_count: u64,
    /// Unix timestamp of creation (seconds).
    pub created_at: i64,
    /// Asset slots; the first `asset_count` are active, the rest are zero.
    pub assets: [AssetSlot; MAX_ASSETS],
    /// Bump of the vault PDA.
    pub bump: u8,
    /// Bump of the share mint PDA.
    pub share_mint_bump: u8,
    /// Number of active asset slots (1..=MAX_ASSETS).
    pub asset_count: u8,
    /// Reserved, zero.
    pub _padding: [u8; 5],
}

impl Vault {
    pub const SPACE: usize = 8 + core::mem::size_of::<Vault>();

    pub fn active_assets(&self) -> &[AssetSlot] {
        &self.assets[..usize::from(self.asset_count).min(MAX_ASSETS)]
    }

    /// Index of the slot holding `mint`.
    pub fn asset_index(&self, mint: &Pubkey) -> Result<usize> {
        self.active_assets()
            .iter()
            .position(|slot| slot.mint == *mint)
            .ok_or_else(|| error!(BallastError::AssetNotInVault))
    }

    pub fn deposit_limits(&self) -> DepositLimits {
        DepositLimits { deposit_cap: self.deposit_cap, max_deposit_per_tx: self.max_deposit_per_tx }
    }

    /// Seeds the vault signs CPIs with, from copies of `creator`, `vault_id` (LE) and `bump`
    /// so that no borrow of the vault account is held during the CPI.
    pub fn signer_seeds<'a>(creator: &'a Pubkey, id: &'a [u8; 8], bump: &'a [u8; 1]) -> [&'a [u8]; 4] {
        [seeds::VAULT, creator.as_ref(), id.as_slice(), bump.as_slice()]
    }

    /// What must hold after every instruction that changes the vault.
    pub fn invariant(&self) -> Result<()> {
        let count = usize::from(self.asset_count);
        let slots_ok = (1..=MAX_ASSETS).contains(&count)
            && self.active_assets().iter().all(|s| s.mint != Pubkey::default() && s.token_account != Pubkey::default())
            && self.assets[count..].iter().all(|s| *s == AssetSlot::zeroed());
        let weights: u32 = self.active_assets().iter().map(|s| u32::from(s.target_weight_bps)).sum();
        let limits_ok = self.max_deposit_per_tx >= 1 && self.max_deposit_per_tx <= self.deposit_cap;
        require!(
            slots_ok && weights == u32::from(BPS_DENOMINATOR) && limits_ok,
            BallastError::InvariantViolated
        );
        Ok(())
    }
}

impl AssetSlot {
    pub fn zeroed() -> Self {
        bytemuck::Zeroable::zeroed()
    }
}
