pub mod params;
pub mod seeds;
pub mod vault;

pub use params::*;
pub use vault::*;
