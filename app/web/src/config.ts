// Run-time configuration: /config.json (written by `make demo`), overridden by `?rpc=` in the URL.
import type { Backtest } from "@ballast/demo/backtest";
export type Config = {
  rpcUrl: string;
  /** Pyth price account per feed id (lower-case hex): where this cluster's prices are posted. */
  priceAccounts: Record<string, string>;
  /** Display names of known mints. */
  tokens?: Record<string, { symbol: string }>;
  /** The indexer's API (app/indexer), for the vault's history and a depositor's position. */
  indexerUrl?: string;
  /** The simulator's backtest of the vault's parameters (ballast-sim, run by `make demo`). */
  backtest?: Backtest;
};

export async function loadConfig(): Promise<Config> {
  let config: Config = { rpcUrl: "http://127.0.0.1:8899", priceAccounts: {} };
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) config = { ...config, ...((await response.json()) as Partial<Config>) };
  } catch {
    // No config file: the defaults and the URL decide.
  }
  const fromUrl = new URLSearchParams(window.location.search).get("rpc");
  return fromUrl ? { ...config, rpcUrl: fromUrl } : config;
}
