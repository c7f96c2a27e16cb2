//! Permissionless instructions anyone (typically a crank bot) may call.
pub mod accrue_fees;
pub mod preview_rebalance;
pub mod rebalance;

pub use accrue_fees::*;
pub use preview_rebalance::*;
pub use rebalance::*;
