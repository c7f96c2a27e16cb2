//! The numbers clients must know, published in the IDL's `constants` (Anchor's `#[constant]`), so
//! that the TypeScript client takes them from idl/ballast.json instead of restating them. Each is
//! defined at its home and only named here; the IDL's integer types have no `usize`, so counts are
//! published as `u8` (checked at compile time).
use anchor_lang::prelude::*;
use ballast_math::trade::Trigger;

use crate::instructions::depositor::legs;
use crate::oracle;
use crate::share_metadata;
use crate::state::vault;
use crate::state::ChangeKind;
use crate::swap::Adapter;
use crate::watch;

/// A count as the IDL's `u8`; a value above 255 fails the build (const evaluation).
const fn count(n: usize) -> u8 {
    assert!(n <= 255, "an IDL count must fit a u8");
    n.to_le_bytes()[0]
}

/// `Vault::paused` bit: single-asset and in-kind deposits are refused.
#[constant]
pub const PAUSE_DEPOSITS: u8 = vault::PAUSE_DEPOSITS;
/// `Vault::paused` bit: `rebalance` is refused.
#[constant]
pub const PAUSE_REBALANCE: u8 = vault::PAUSE_REBALANCE;

/// `Vault::layout_version` of the vaults this program reads and writes.
#[constant]
pub const VAULT_LAYOUT_VERSION: u8 = vault::VAULT_LAYOUT_VERSION;

/// Longest share token name `initialize_vault` and `set_share_metadata` accept (bytes).
#[constant]
pub const MAX_SHARE_NAME_LEN: u8 = count(share_metadata::MAX_NAME_LEN);
/// Longest share token symbol (bytes).
#[constant]
pub const MAX_SHARE_SYMBOL_LEN: u8 = count(share_metadata::MAX_SYMBOL_LEN);
/// Longest share token URI (bytes).
#[constant]
pub const MAX_SHARE_URI_LEN: u8 = count(share_metadata::MAX_URI_LEN);

/// Asset slots in a vault.
#[constant]
pub const MAX_ASSETS: u8 = count(vault::MAX_ASSETS);
/// Allow-list entries (pools and routes) in a vault.
#[constant]
pub const MAX_POOLS: u8 = count(vault::MAX_POOLS);

/// `VaultParams::bounty_asset` that pays the crank in vault shares (one past the last asset slot).
#[constant]
pub const BOUNTY_IN_SHARES: u32 = ballast_math::params::BOUNTY_IN_SHARES;

/// `AllowedPool::adapter` and `add_amm`'s `adapter`: Raydium CPMM.
#[constant]
pub const ADAPTER_RAYDIUM_CPMM: u8 = Adapter::RaydiumCpmm.code();
/// `AllowedPool::adapter` and `add_amm`'s `adapter`: Orca Whirlpool.
#[constant]
pub const ADAPTER_ORCA_WHIRLPOOL: u8 = Adapter::OrcaWhirlpool.code();
/// `AllowedPool::adapter` and `add_amm`'s `adapter`: a route through an aggregator program.
#[constant]
pub const ADAPTER_ROUTE: u8 = Adapter::Route.code();

/// `Rebalanced::trigger` and `RebalancePreview::trigger`: an asset is outside its drift bands.
#[constant]
pub const TRIGGER_BAND: u8 = Trigger::Band.code();
/// `Rebalanced::trigger` and `RebalancePreview::trigger`: the maximum interval has passed.
#[constant]
pub const TRIGGER_SCHEDULE: u8 = Trigger::Schedule.code();

/// `BreakerTripped::reason`: an asset's price moved beyond the limit against its reference.
#[constant]
pub const TRIP_PRICE_MOVE: u8 = watch::TRIP_PRICE_MOVE;
/// `BreakerTripped::reason`: too many rebalances in a row lost more than half the loss limit.
#[constant]
pub const TRIP_POOR_FILLS: u8 = watch::TRIP_POOR_FILLS;

/// `PendingChange::kind`: nothing is pending.
#[constant]
pub const CHANGE_NONE: u8 = ChangeKind::None.code();
/// `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind`: new parameters.
#[constant]
pub const CHANGE_PARAMS: u8 = ChangeKind::Params.code();
/// `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind`: new target weights.
#[constant]
pub const CHANGE_WEIGHTS: u8 = ChangeKind::Weights.code();
/// `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind`: an asset to append.
#[constant]
pub const CHANGE_ADD_ASSET: u8 = ChangeKind::AddAsset.code();
/// `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind`: a pool to allow.
#[constant]
pub const CHANGE_ADD_AMM: u8 = ChangeKind::AddAmm.code();

/// Remaining accounts per asset of the priced instructions: vault token account, price account.
#[constant]
pub const PRICED_ACCOUNTS_PER_ASSET: u8 = count(oracle::PRICED_ACCOUNTS_PER_ASSET);
/// Remaining accounts per asset of the in-kind instructions: mint, vault token account, the
/// depositor's token account.
#[constant]
pub const IN_KIND_ACCOUNTS_PER_ASSET: u8 = count(legs::ACCOUNTS_PER_LEG);
