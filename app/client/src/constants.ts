// Numbers both the program and the TypeScript tools know. Their one definition is in the program
// (programs/ballast/src/constants.rs, Anchor `#[constant]`s); idl/ballast.json carries them and
// scripts/generate.ts renders them into src/generated/constants.ts. This file only groups them.
import * as idl from "./generated/constants.ts";

export {
  BOUNTY_IN_SHARES,
  IN_KIND_ACCOUNTS_PER_ASSET,
  MAX_ASSETS,
  MAX_POOLS,
  MAX_SHARE_NAME_LEN,
  MAX_SHARE_SYMBOL_LEN,
  MAX_SHARE_URI_LEN,
  PAUSE_DEPOSITS,
  PAUSE_REBALANCE,
  PRICED_ACCOUNTS_PER_ASSET,
} from "./generated/constants.ts";

/** `AllowedPool::adapter` and `add_amm`'s `adapter`. */
export const ADAPTER = {
  raydiumCpmm: idl.ADAPTER_RAYDIUM_CPMM,
  orcaWhirlpool: idl.ADAPTER_ORCA_WHIRLPOOL,
  route: idl.ADAPTER_ROUTE,
} as const;

/** `Rebalanced::trigger`, `RebalancePreview::trigger`. */
export const TRIGGER = { band: idl.TRIGGER_BAND, schedule: idl.TRIGGER_SCHEDULE } as const;

/** `BreakerTripped::reason`. */
export const TRIP_REASON = {
  priceMove: idl.TRIP_PRICE_MOVE,
  poorFills: idl.TRIP_POOR_FILLS,
} as const;

/** `PendingChange::kind`, `ChangeQueued::kind`, `ChangeCancelled::kind`. */
export const CHANGE_KIND = {
  none: idl.CHANGE_NONE,
  params: idl.CHANGE_PARAMS,
  weights: idl.CHANGE_WEIGHTS,
  addAsset: idl.CHANGE_ADD_ASSET,
  addAmm: idl.CHANGE_ADD_AMM,
} as const;
