//! Ballast's vault rules as pure integer math.
//!
//! This crate is the single implementation of every rule the program enforces: the on-chain
//! program, the crank and the simulator all call it, so they can never disagree. It has no
//! Solana types and no floats, and it is `no_std`.
//!
//! # Units
//! - **token amount**: atomic units of one SPL mint (`u64`).
//! - **value**: the vault's unit of account: USD with 6 decimals (`u128` inside, `u64` in caps).
//! - **price**: USD per whole token with 12 decimals ([`price::Price`]), normalised once from Pyth.
//! - **shares**: atomic units of the vault's share mint, [`SHARE_DECIMALS`] decimals.
//!
//! # Rounding
//! Every conversion rounds in the vault's favour, so no sequence of operations can extract value
//! from the other holders: shares minted for a deposit round **down**, tokens an in-kind depositor
//! must bring round **up**, tokens paid for redeemed shares round **down**, fees round **down**, a
//! deposit is valued at the low side of its price and the vault at the high side. Intermediates are
//! `u128`; any overflow is an error, never a wrap.
//!
//! # First-depositor inflation
//! The vault always counts [`shares::VIRTUAL_SHARES`] virtual shares backed by
//! [`shares::VIRTUAL_VALUE`] virtual value that nobody owns. A donation straight to the vault's
//! token accounts is shared with the virtual shares, so an attacker who donates `D` loses about
//! `D · VIRTUAL_SHARES / (supply + VIRTUAL_SHARES)` and the next depositor loses at most the
//! rounding of one conversion (see [`shares::shares_for_deposit`]). The virtual share counts in
//! withdrawals too ([`in_kind`]), which is what makes every deposit–withdraw round trip lossless for
//! the other holders; its part of the vault (≈ one share) stays for good, like dead shares.
#![no_std]
// Unit tests run on the host only: they may unwrap and use plain arithmetic (the lints in Cargo.toml
// are for code that runs on chain).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::cast_possible_truncation))]

pub mod auction;
pub mod breaker;
pub mod checked;
pub mod decision;
pub mod deposit;
pub mod error;
pub mod execution;
pub mod fees;
pub mod fixed;
pub mod in_kind;
pub mod insurance;
pub mod observer;
pub mod option;
pub mod params;
pub mod policy;
pub mod price;
pub mod schedule;
pub mod shares;
pub mod trade;
pub mod turnover;
pub mod volatility;
pub mod weights;

pub use error::MathError;

/// Basis points in one whole (100%).
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Decimals of every vault's share mint.
pub const SHARE_DECIMALS: u8 = 9;
