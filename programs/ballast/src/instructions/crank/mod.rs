//! Permissionless instructions anyone (typically a crank bot) may call.
pub mod accrue_fees;
pub mod close_auction;
pub mod open_auction;
pub mod preview_rebalance;
pub mod rebalance;
pub mod view_insurance;

pub use accrue_fees::*;
pub use close_auction::*;
pub use open_auction::*;
pub use preview_rebalance::*;
pub use rebalance::*;
pub use view_insurance::*;
