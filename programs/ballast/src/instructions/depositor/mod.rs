//! Instructions any depositor calls.
pub mod deposit;
pub mod deposit_in_kind;
pub mod legs;
pub mod open_claim;
pub mod redeem_claim;
pub mod withdraw_in_kind;

pub use deposit::*;
pub use deposit_in_kind::*;
pub use open_claim::*;
pub use redeem_claim::*;
pub use withdraw_in_kind::*;
