// Numbers both the program and the TypeScript tools know, in their one TS home. The IDL does not
// carry them yet (no `#[constant]` in the program, so idl/ballast.json has no `constants`): each
// names its Rust definition, and test/constants.test.ts reads those Rust lines and fails when a
// value here drifts from it (or from the IDL's `constants`, once they are there).

/** `Vault::paused` bit: single-asset and in-kind deposits are refused (`state::vault::PAUSE_DEPOSITS`). */
export const PAUSE_DEPOSITS = 1;
/** `Vault::paused` bit: `rebalance` is refused (`state::vault::PAUSE_REBALANCE`). */
export const PAUSE_REBALANCE = 2;

/** `AllowedPool::adapter` and `add_amm`'s `adapter` (`swap::Adapter::code`). */
export const ADAPTER = { raydiumCpmm: 1, orcaWhirlpool: 2, route: 3 } as const;

/** `VaultParams::bounty_asset` that pays the crank in vault shares, one past the last asset slot
 * (`ballast_math::params::BOUNTY_IN_SHARES`). */
export const BOUNTY_IN_SHARES = 16;

/** Asset slots in a vault (`state::vault::MAX_ASSETS`). */
export const MAX_ASSETS = 16;
/** Allow-list entries in a vault (`state::vault::MAX_POOLS`). */
export const MAX_POOLS = 8;

/** `Rebalanced::trigger` (`ballast_math::trade::Trigger::code`). */
export const TRIGGER = { band: 1, schedule: 2 } as const;

/** `BreakerTripped::reason` (`breaker::TRIP_PRICE_MOVE`, `breaker::TRIP_POOR_FILLS`). */
export const TRIP_REASON = { priceMove: 1, poorFills: 2 } as const;

/** `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind` (`state::vault::ChangeKind`). */
export const CHANGE_KIND = { none: 0, params: 1, weights: 2, addAsset: 3, addAmm: 4 } as const;

/** Remaining accounts per asset of the priced instructions: `[vault token account, price account]`
 * (`oracle::PRICED_ACCOUNTS_PER_ASSET`). */
export const PRICED_ACCOUNTS_PER_ASSET = 2;
/** Remaining accounts per asset of the in-kind instructions: `[mint, vault token account, user
 * token account]` (`instructions::depositor::legs::ACCOUNTS_PER_LEG`). */
export const IN_KIND_ACCOUNTS_PER_ASSET = 3;
