pub mod seeds;
pub mod vault;

pub use vault::*;
