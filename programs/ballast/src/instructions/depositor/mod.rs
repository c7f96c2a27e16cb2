pub mod deposit;

pub use deposit::*;
