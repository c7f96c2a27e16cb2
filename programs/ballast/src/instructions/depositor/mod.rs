//! Instructions any depositor calls.
pub mod deposit;
pub mod deposit_in_kind;
pub mod legs;
pub mod withdraw_in_kind;

pub use deposit::*;
pub use deposit_in_kind::*;
pub use withdraw_in_kind::*;
