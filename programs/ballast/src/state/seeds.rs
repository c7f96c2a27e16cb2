//! Every PDA seed prefix of the program, in one place.

/// Vault: `[VAULT, creator, vault_id (u64 LE)]`.
pub const VAULT: &[u8] = b"vault";
/// Share mint: `[SHARE_MINT, vault]`.
pub const SHARE_MINT: &[u8] = b"shares";
/// A vault's token account for one asset: `[VAULT_TOKEN, vault, mint]`.
pub const VAULT_TOKEN: &[u8] = b"vault_token";
/// A holder's claim on one asset: `[CLAIM, vault, owner, mint]`.
pub const CLAIM: &[u8] = b"claim";
/// The swap authority: `[SWAP_AUTHORITY, vault]` (signs the AMM's swap; owns nothing).
pub const SWAP_AUTHORITY: &[u8] = b"swap_authority";
/// A vault's rebalance auction (one open at a time): `[AUCTION, vault]`.
pub const AUCTION: &[u8] = b"auction";
