//! Instructions only governance (the vault's authority, or its guardian for pauses) may call,
//! plus the permissionless execution of a change whose timelock has elapsed.
pub mod accept_authority;
pub mod add_amm;
pub mod add_asset;
pub mod cancel_change;
pub mod execute_change;
pub mod initialize_vault;
pub mod propose_authority;
pub mod queue;
pub mod remove_amm;
pub mod remove_asset;
pub mod reset_breaker;
pub mod roll_insurance;
pub mod set_guardian;
pub mod set_params;
pub mod set_pause;
pub mod set_share_metadata;
pub mod set_target_weights;

pub use accept_authority::*;
pub use add_amm::*;
pub use add_asset::*;
pub use cancel_change::*;
pub use execute_change::*;
pub use initialize_vault::*;
pub use propose_authority::*;
pub use remove_amm::*;
pub use remove_asset::*;
pub use reset_breaker::*;
pub use roll_insurance::*;
pub use set_guardian::*;
pub use set_params::*;
pub use set_pause::*;
pub use set_share_metadata::*;
pub use set_target_weights::*;
