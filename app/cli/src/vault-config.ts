// A vault described in a reviewed TOML file (`create-vault --config vault.toml`, example in
// app/cli/vault.example.toml): parsed and checked whole before any chain read, every problem an
// error naming its field. Parameters are checked against the program's own bounds (bounds.json).
import { parse } from "smol-toml";
import { address, type Address } from "@solana/kit";
import {
  PARAMETER_BOUNDS,
  paramField,
  paramProblemsByName,
  shareMetadataProblems,
  weightProblems,
  type ShareMetadataArgs,
  type VaultParamsArgs,
  MAX_ASSETS,
  MAX_POOLS,
} from "@ballast/client";
import { AMM_ADAPTERS, DEFAULT_PARAMS, UsageError } from "./commands.ts";

/** A problem with one field of the config, e.g. `params.management_fee_bps`. */
export class ConfigError extends UsageError {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Asset slots and allow-list entries a vault holds (the program's fixed arrays). */
export { MAX_ASSETS, MAX_POOLS };
const FULL_WEIGHT = 10_000;

export type AssetConfig = {
  mint: Address;
  feedId: Uint8Array;
  weightBps: number;
  minWeightBps: number;
  maxWeightBps: number;
  tokenProgram: "token" | "token-2022";
  allowFreezeAuthority: boolean;
};
export type PoolConfig = {
  program: Address;
  adapter: string;
  pool?: Address;
  mintA: Address;
  mintB: Address;
  maxSlippageBps: number;
};
export type VaultConfig = {
  id: bigint;
  /** Proposed as the vault's authority once it is set up (it accepts with `accept-authority`). */
  authority?: Address;
  guardian?: Address;
  feeRecipient?: Address;
  /** The share token's name, symbol and URI (the share mint's Token-2022 metadata). */
  shareToken: ShareMetadataArgs;
  params: VaultParamsArgs;
  /** Parameters the file left to the CLI's defaults. */
  defaulted: string[];
  assets: AssetConfig[];
  pools: PoolConfig[];
};

type Table = Record<string, unknown>;

function table(value: unknown, field: string): Table {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(field, "must be a table");
  return value as Table;
}

function onlyKeys(t: Table, allowed: readonly string[], at: string): void {
  const unknown = Object.keys(t).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw new ConfigError(
      at ? `${at}.${unknown}` : unknown,
      `unknown key (expected one of ${allowed.join(", ")})`,
    );
}

function integer(t: Table, key: string, at: string, fallback?: bigint): bigint {
  const value = t[key] ?? fallback;
  if (value === undefined) throw new ConfigError(`${at}${key}`, "is required");
  if (typeof value !== "bigint")
    throw new ConfigError(`${at}${key}`, `must be an integer, got ${JSON.stringify(value)}`);
  return value;
}

function bps(t: Table, key: string, at: string, fallback?: bigint): number {
  const value = integer(t, key, at, fallback);
  if (value < 0n || value > BigInt(FULL_WEIGHT))
    throw new ConfigError(`${at}${key}`, `${value} is outside [0, ${FULL_WEIGHT}] bps`);
  return Number(value);
}

function addressOf(t: Table, key: string, at: string): Address;
function addressOf(t: Table, key: string, at: string, optional: true): Address | undefined;
function addressOf(t: Table, key: string, at: string, optional = false): Address | undefined {
  const value = t[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string")
    throw new ConfigError(
      `${at}${key}`,
      value === undefined ? "is required" : "must be a base58 address string",
    );
  try {
    return address(value);
  } catch {
    throw new ConfigError(`${at}${key}`, `must be a base58 address, got "${value}"`);
  }
}

function feedId(t: Table, at: string): Uint8Array {
  const value = t.feed_id;
  const hex = typeof value === "string" ? value.replace(/^0x/, "") : "";
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError(`${at}feed_id`, "must be 32 bytes of hex (the Pyth price feed id)");
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

function params(t: Table): { params: VaultParamsArgs; defaulted: string[] } {
  const names = PARAMETER_BOUNDS.map((b) => b.name);
  onlyKeys(t, names, "params");
  const next: Record<string, bigint | number> = { ...DEFAULT_PARAMS };
  for (const name of names) {
    if (t[name] === undefined) continue;
    const field = paramField(name);
    const value = integer(t, name, "params.");
    next[field] = typeof DEFAULT_PARAMS[field] === "bigint" ? value : Number(value);
  }
  const [problem] = paramProblemsByName(next as VaultParamsArgs);
  if (problem) throw new ConfigError(`params.${problem.name}`, problem.problem);
  return { params: next as VaultParamsArgs, defaulted: names.filter((n) => t[n] === undefined) };
}

function asset(value: unknown, i: number): AssetConfig {
  const at = `assets[${i}].`;
  const t = table(value, `assets[${i}]`);
  onlyKeys(
    t,
    [
      "mint",
      "feed_id",
      "weight_bps",
      "min_weight_bps",
      "max_weight_bps",
      "token_program",
      "allow_freeze_authority",
    ],
    `assets[${i}]`,
  );
  const tokenProgram = t.token_program ?? "token";
  if (tokenProgram !== "token" && tokenProgram !== "token-2022")
    throw new ConfigError(`${at}token_program`, `must be "token" or "token-2022"`);
  const allow = t.allow_freeze_authority ?? false;
  if (typeof allow !== "boolean")
    throw new ConfigError(`${at}allow_freeze_authority`, "must be true or false");
  const minWeightBps = bps(t, "min_weight_bps", at, 0n);
  const maxWeightBps = bps(t, "max_weight_bps", at, BigInt(FULL_WEIGHT));
  if (minWeightBps > maxWeightBps)
    throw new ConfigError(
      `${at}min_weight_bps`,
      `${minWeightBps} is above max_weight_bps ${maxWeightBps}`,
    );
  // add_asset puts the first asset at 100% and every later one at 0% until set_target_weights.
  const startsAt = i === 0 ? FULL_WEIGHT : 0;
  if (startsAt < minWeightBps || startsAt > maxWeightBps) {
    throw new ConfigError(
      `${at}${i === 0 ? "max_weight_bps" : "min_weight_bps"}`,
      `the ${i === 0 ? "first asset is added at 10000" : "asset is added at 0"} bps, outside [${minWeightBps}, ${maxWeightBps}]`,
    );
  }
  return {
    mint: addressOf(t, "mint", at),
    feedId: feedId(t, at),
    weightBps: bps(t, "weight_bps", at),
    minWeightBps,
    maxWeightBps,
    tokenProgram,
    allowFreezeAuthority: allow,
  };
}

function pool(
  value: unknown,
  i: number,
  assets: readonly AssetConfig[],
  vaultSlippageBps: number,
): PoolConfig {
  const at = `pools[${i}].`;
  const t = table(value, `pools[${i}]`);
  onlyKeys(
    t,
    ["program", "adapter", "pool", "mint_a", "mint_b", "max_slippage_bps"],
    `pools[${i}]`,
  );
  const adapter = t.adapter ?? "raydium-cpmm";
  if (typeof adapter !== "string" || !AMM_ADAPTERS[adapter])
    throw new ConfigError(`${at}adapter`, `must be one of ${Object.keys(AMM_ADAPTERS).join(", ")}`);
  const isRoute = adapter === "route";
  const [mintA, mintB] = [addressOf(t, "mint_a", at), addressOf(t, "mint_b", at)];
  for (const [key, mint] of [
    ["mint_a", mintA],
    ["mint_b", mintB],
  ] as const) {
    if (!assets.some((a) => a.mint === mint))
      throw new ConfigError(`${at}${key}`, `${mint} is not one of the assets`);
  }
  if (mintA === mintB) throw new ConfigError(`${at}mint_b`, "must differ from mint_a");
  if (isRoute) {
    if (t.pool !== undefined) throw new ConfigError(`${at}pool`, "a route is not pinned to a pool");
    const slippage = Number(integer(t, "max_slippage_bps", at));
    if (!(slippage > 0 && slippage < vaultSlippageBps))
      throw new ConfigError(
        `${at}max_slippage_bps`,
        `must be between 1 and ${vaultSlippageBps - 1} (below params.max_slippage_bps)`,
      );
    return {
      program: addressOf(t, "program", at),
      adapter,
      mintA,
      mintB,
      maxSlippageBps: slippage,
    };
  }
  if (t.max_slippage_bps !== undefined)
    throw new ConfigError(`${at}max_slippage_bps`, "only a route takes its own slippage bound");
  return {
    program: addressOf(t, "program", at),
    adapter,
    pool: addressOf(t, "pool", at),
    mintA,
    mintB,
    maxSlippageBps: 0,
  };
}

function shareToken(value: unknown): ShareMetadataArgs {
  const t = table(value, "share_token");
  onlyKeys(t, ["name", "symbol", "uri"], "share_token");
  const field = (key: string, fallback?: string) => {
    const v = t[key] ?? fallback;
    if (typeof v !== "string")
      throw new ConfigError(
        `share_token.${key}`,
        v === undefined ? "is required" : "must be a string",
      );
    return v;
  };
  const metadata = { name: field("name"), symbol: field("symbol"), uri: field("uri", "") };
  const [problem] = shareMetadataProblems(metadata);
  if (problem) throw new ConfigError(`share_token.${problem.field}`, problem.problem);
  return metadata;
}

/** Parses and checks a config file's text; throws a `ConfigError` naming the first bad field. */
export function parseVaultConfig(text: string): VaultConfig {
  let raw: Table;
  try {
    raw = parse(text, { integersAsBigInt: true }) as Table;
  } catch (error) {
    throw new UsageError(
      `not valid TOML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  onlyKeys(
    raw,
    ["id", "authority", "guardian", "fee_recipient", "share_token", "params", "assets", "pools"],
    "",
  );
  if (raw.share_token === undefined)
    throw new ConfigError("share_token", "a [share_token] table with name and symbol is required");
  const shareTokenFields = shareToken(raw.share_token);
  const id = integer(raw, "id", "");
  if (id < 0n || id >= 2n ** 64n) throw new ConfigError("id", `${id} is not a u64`);
  const { params: vaultParams, defaulted } = params(
    raw.params === undefined ? {} : table(raw.params, "params"),
  );
  if (!Array.isArray(raw.assets) || raw.assets.length === 0)
    throw new ConfigError("assets", "at least one [[assets]] entry is required");
  if (raw.assets.length > MAX_ASSETS)
    throw new ConfigError("assets", `at most ${MAX_ASSETS} assets, got ${raw.assets.length}`);
  const assets = raw.assets.map(asset);
  assets.forEach((a, i) => {
    if (assets.findIndex((b) => b.mint === a.mint) !== i)
      throw new ConfigError(`assets[${i}].mint`, `${a.mint} is listed twice`);
  });
  const [weightProblem] = weightProblems(
    assets.map((a) => a.weightBps),
    assets,
  );
  if (weightProblem) throw new ConfigError("assets.weight_bps", weightProblem);
  const rawPools = raw.pools ?? [];
  if (!Array.isArray(rawPools)) throw new ConfigError("pools", "must be [[pools]] entries");
  if (rawPools.length > MAX_POOLS)
    throw new ConfigError("pools", `at most ${MAX_POOLS} pools, got ${rawPools.length}`);
  const pools = rawPools.map((p, i) => pool(p, i, assets, vaultParams.maxSlippageBps));
  pools.forEach((p, i) => {
    if (pools.findIndex((q) => q.program === p.program && q.pool === p.pool) !== i)
      throw new ConfigError(`pools[${i}].pool`, "is listed twice");
  });
  return {
    id,
    authority: addressOf(raw, "authority", "", true),
    guardian: addressOf(raw, "guardian", "", true),
    feeRecipient: addressOf(raw, "fee_recipient", "", true),
    shareToken: shareTokenFields,
    params: vaultParams,
    defaulted,
    assets,
    pools,
  };
}
