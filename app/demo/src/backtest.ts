// The simulator's backtest of a vault's own parameters (ballast-sim, crates/ballast-sim), for the
// vault page to show beside the vault's live record: a vault file written from the vault on chain
// (its targets, its assets' decimals, every parameter it holds, by the parameter table's names), the
// simulator run on a seeded path of the demo's assets, and its metrics read back.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PARAMETER_BOUNDS, paramField, type Vault } from "@ballast/client";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** What `ballast-sim backtest` measured (its metrics.json; see `ballast_sim::backtest::Metrics`). */
export type BacktestMetrics = {
  steps: number;
  rebalances: number;
  scheduled_rebalances: number;
  mean_tracking_error_bps: number;
  total_cost_usd: number;
  turnover: number;
  final_value_usd: number;
  buy_and_hold_usd: number;
  constant_mix_usd: number;
  max_drawdown: number;
  breaker_trips: number;
};

/** The backtest the web app shows: what was run, and what it measured. */
export type Backtest = {
  /** In words: the path, its length, the starting value. */
  run: string;
  initialUsd: number;
  metrics: BacktestMetrics;
};

/** The simulator's vault file for `vault` (snake_case names, as `SimConfig` reads them). */
export function simVaultFile(
  vault: Vault,
  decimals: readonly number[],
  initialUsd: number,
  poolDepthUsd: number,
) {
  return {
    targets_bps: vault.assets.slice(0, vault.assetCount).map((a) => a.targetWeightBps),
    decimals,
    initial_usd: initialUsd,
    pool_depth_usd: poolDepthUsd,
    latency_steps: 1,
    params: Object.fromEntries(
      PARAMETER_BOUNDS.map((b) => [b.name, vault.params[paramField(b.name)]]),
    ),
  };
}

/** JSON with bigints as plain numbers (u64 parameters exceed a double's exact range). */
function json(value: unknown): string {
  return JSON.stringify(
    value,
    (_, v: unknown) => (typeof v === "bigint" ? `#${v}#` : v),
    2,
  ).replace(/"#(\d+)#"/g, "$1");
}

/**
 * Runs `ballast-sim backtest` for `vault` on `steps` minutes of the demo assets' seeded path (seed
 * `seed`: dUSD, dSOL at 80 % and dBTC at 60 % annual volatility with jumps), in `dir`.
 */
export function backtestVault(
  vault: Vault,
  decimals: readonly number[],
  {
    dir,
    seed = 7,
    steps = 43_200,
    initialUsd = 1_000_000,
    poolDepthUsd = 100_000,
  }: {
    dir: string;
    seed?: number;
    steps?: number;
    initialUsd?: number;
    poolDepthUsd?: number;
  },
): Backtest {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "vault.json");
  writeFileSync(file, json(simVaultFile(vault, decimals, initialUsd, poolDepthUsd)));
  execFileSync("bash", ["scripts/toolchain/own-target.sh", "host"], { cwd: REPO, stdio: "ignore" });
  execFileSync(
    "cargo",
    [
      "run",
      "--quiet",
      "-p",
      "ballast-sim",
      "--",
      "backtest",
      "--seed",
      String(seed),
      "--steps",
      String(steps),
      "--vault",
      file,
      "--out",
      dir,
    ],
    { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] },
  );
  return {
    run: `${steps.toLocaleString("en-US")} minutes of the demo assets' simulated prices (seed ${seed}), pools ${poolDepthUsd.toLocaleString("en-US")} USD deep`,
    initialUsd,
    metrics: JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as BacktestMetrics,
  };
}
