//! Permissionless instructions anyone (typically a crank bot) may call.
pub mod accrue_fees;
pub mod rebalance;

pub use accrue_fees::*;
pub use rebalance::*;
