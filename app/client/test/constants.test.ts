// The numbers both sides know (src/constants.ts) against their Rust definitions, read from the
// program's and the math crate's sources, until the IDL carries them as constants: then against
// the IDL's `constants` too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import IDL from "../../../idl/ballast.json" with { type: "json" };
import {
  ADAPTER,
  BOUNTY_IN_SHARES,
  CHANGE_KIND,
  IN_KIND_ACCOUNTS_PER_ASSET,
  MAX_ASSETS,
  MAX_POOLS,
  PARAMETER_BOUNDS,
  PAUSE_DEPOSITS,
  PAUSE_REBALANCE,
  PRICED_ACCOUNTS_PER_ASSET,
  TRIGGER,
  TRIP_REASON,
} from "../src/index.ts";

const source = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const PROGRAM = "programs/ballast/src";

/** `pub const NAME: T = V;` in `path`. */
function rustConst(path: string, name: string): number {
  const m = source(path).match(new RegExp(`pub const ${name}: \\w+ = ([\\d_]+);`));
  assert.ok(m, `pub const ${name} in ${path}`);
  return Number(m[1].replaceAll("_", ""));
}

/** `Enum::Variant => N` (a `code()` match) in `path`. */
function rustCode(path: string, variant: string): number {
  const m = source(path).match(new RegExp(`${variant} => (\\d+)`));
  assert.ok(m, `${variant} => N in ${path}`);
  return Number(m[1]);
}

const TS_VALUES: [string, number, number][] = [
  ["PAUSE_DEPOSITS", PAUSE_DEPOSITS, rustConst(`${PROGRAM}/state/vault.rs`, "PAUSE_DEPOSITS")],
  ["PAUSE_REBALANCE", PAUSE_REBALANCE, rustConst(`${PROGRAM}/state/vault.rs`, "PAUSE_REBALANCE")],
  ["MAX_ASSETS", MAX_ASSETS, rustConst(`${PROGRAM}/state/vault.rs`, "MAX_ASSETS")],
  ["MAX_POOLS", MAX_POOLS, rustConst(`${PROGRAM}/state/vault.rs`, "MAX_POOLS")],
  [
    "BOUNTY_IN_SHARES",
    BOUNTY_IN_SHARES,
    rustConst("crates/ballast-math/src/params.rs", "BOUNTY_IN_SHARES"),
  ],
  ["TRIP_PRICE_MOVE", TRIP_REASON.priceMove, rustConst(`${PROGRAM}/breaker.rs`, "TRIP_PRICE_MOVE")],
  ["TRIP_POOR_FILLS", TRIP_REASON.poorFills, rustConst(`${PROGRAM}/breaker.rs`, "TRIP_POOR_FILLS")],
  [
    "PRICED_ACCOUNTS_PER_ASSET",
    PRICED_ACCOUNTS_PER_ASSET,
    rustConst(`${PROGRAM}/oracle.rs`, "PRICED_ACCOUNTS_PER_ASSET"),
  ],
  [
    "ACCOUNTS_PER_LEG",
    IN_KIND_ACCOUNTS_PER_ASSET,
    rustConst(`${PROGRAM}/instructions/depositor/legs.rs`, "ACCOUNTS_PER_LEG"),
  ],
  [
    "ADAPTER_RAYDIUM_CPMM",
    ADAPTER.raydiumCpmm,
    rustCode(`${PROGRAM}/swap/mod.rs`, "Adapter::RaydiumCpmm"),
  ],
  [
    "ADAPTER_ORCA_WHIRLPOOL",
    ADAPTER.orcaWhirlpool,
    rustCode(`${PROGRAM}/swap/mod.rs`, "Adapter::OrcaWhirlpool"),
  ],
  ["ADAPTER_ROUTE", ADAPTER.route, rustCode(`${PROGRAM}/swap/mod.rs`, "Adapter::Route")],
  ["TRIGGER_BAND", TRIGGER.band, rustCode("crates/ballast-math/src/trade.rs", "Trigger::Band")],
  [
    "TRIGGER_SCHEDULE",
    TRIGGER.schedule,
    rustCode("crates/ballast-math/src/trade.rs", "Trigger::Schedule"),
  ],
  ["CHANGE_NONE", CHANGE_KIND.none, rustCode(`${PROGRAM}/state/vault.rs`, "ChangeKind::None")],
  [
    "CHANGE_PARAMS",
    CHANGE_KIND.params,
    rustCode(`${PROGRAM}/state/vault.rs`, "ChangeKind::Params"),
  ],
  [
    "CHANGE_WEIGHTS",
    CHANGE_KIND.weights,
    rustCode(`${PROGRAM}/state/vault.rs`, "ChangeKind::Weights"),
  ],
  [
    "CHANGE_ADD_ASSET",
    CHANGE_KIND.addAsset,
    rustCode(`${PROGRAM}/state/vault.rs`, "ChangeKind::AddAsset"),
  ],
  [
    "CHANGE_ADD_AMM",
    CHANGE_KIND.addAmm,
    rustCode(`${PROGRAM}/state/vault.rs`, "ChangeKind::AddAmm"),
  ],
];

test("every number both sides know equals its Rust definition", () => {
  for (const [name, ts, rust] of TS_VALUES) assert.equal(ts, rust, name);
  // bounty_asset's bound ends at the shares marker (bounds.json, from ballast-math).
  const bound = PARAMETER_BOUNDS.find((b) => b.name === "bounty_asset");
  assert.equal(Number(bound?.max), BOUNTY_IN_SHARES);
});

test("and its IDL constant, once the program declares it", () => {
  const constants = (IDL as { constants?: { name: string; value: string }[] }).constants ?? [];
  for (const c of constants) {
    const row = TS_VALUES.find(([name]) => name === c.name);
    if (row) assert.equal(Number(c.value), row[1], c.name);
  }
});
