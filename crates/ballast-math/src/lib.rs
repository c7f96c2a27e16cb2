//! Ballast's vault rules as pure integer math.
//!
//! This crate is the single implementation of every rule the program enforces: the on-chain
//! program, the crank and the simulator all call it, so they can never disagree. It has no
//! Solana types and no floats, and it is `no_std`.
//!
//! # Units
//! - **token amount**: atomic units of one SPL mint (`u64`).
//! - **value**: the vault's unit of account (`u64`). Until oracle pricing lands, a vault is valued
//!   in atomic units of its first asset; with Pyth prices it becomes USD with 6 decimals.
//! - **shares**: atomic units of the vault's share mint, [`SHARE_DECIMALS`] decimals.
//!
//! # Rounding
//! Every conversion rounds in the vault's favour, so no sequence of operations can extract value
//! from the other holders: shares minted for a deposit round **down**, value (or tokens) paid for
//! redeemed shares rounds **down**. Intermediates are `u128`; any overflow is an error, never a wrap.
//!
//! # First-depositor inflation
//! The vault always counts [`shares::VIRTUAL_SHARES`] virtual shares backed by
//! [`shares::VIRTUAL_VALUE`] virtual value that nobody owns. A donation straight to the vault's
//! token accounts is shared with the virtual shares, so an attacker who donates `D` loses about
//! `D · VIRTUAL_SHARES / (supply + VIRTUAL_SHARES)` and the next depositor loses at most the
//! rounding of one conversion (see [`shares::shares_for_deposit`]).
#![no_std]

pub mod checked;
pub mod deposit;
pub mod error;
pub mod fees;
pub mod in_kind;
pub mod params;
pub mod price;
pub mod shares;
pub mod weights;

pub use error::MathError;

/// Basis points in one whole (100%).
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Decimals of every vault's share mint.
pub const SHARE_DECIMALS: u8 = 9;
