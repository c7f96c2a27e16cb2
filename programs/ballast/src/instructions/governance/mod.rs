pub mod initialize_vault;

pub use initialize_vault::*;
