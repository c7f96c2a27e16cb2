pub mod auction;
pub mod claim;
pub mod params;
pub mod seeds;
pub mod vault;

pub use auction::*;
pub use claim::*;
pub use params::*;
pub use vault::*;

#[cfg(test)]
mod invariant_tests;
