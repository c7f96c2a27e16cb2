// `ballast-crank`: run `npx tsx app/crank/src/main.ts --help` (or `npm run crank -- --help`).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { address, createKeyPairSignerFromBytes, createSolanaRpc, type Address } from "@solana/kit";
import { clusterProfile } from "@ballast/client";
import { Metrics, crankOnce, type CrankConfig, type Outcome } from "./crank.ts";

const HELP = `ballast-crank — rebalances Ballast vaults that have drifted, for the bounty

usage: ballast-crank --keypair PATH --config FILE [flags]

  --config FILE      JSON: { "rpcUrl", "priceAccounts": { feedIdHex: address } } (make demo writes one
                     to target/demo/crank.json; priceAccounts unused with --hermes). Pools are not
                     configured: each vault's allow-list names them and the crank reads them on chain
  --cluster C        localnet (default), devnet, mainnet-beta or an RPC URL (mainnet-beta's programs):
                     the AMM program ids a pinned pool must belong to, the default RPC and quote API
  --jupiter URL      Jupiter-compatible quote API (/quote, /swap-instructions) for route entries
                     (env BALLAST_JUPITER; default: the cluster's, none on localnet)
  --hermes URL       real cluster: fetch each vault's latest Pyth updates from Hermes (e.g.
                     https://hermes.pyth.network), post them fully verified through Pyth's receiver,
                     rebalance against them, close them after (env BALLAST_HERMES)
  --pyth-shard N     with --hermes: update the push oracle's price feed accounts of shard N
                     instead of posting ephemeral price-update accounts
  --rpc URL          overrides the config's RPC (env BALLAST_RPC)
  --keypair PATH     signs and pays, receives the bounty (env BALLAST_KEYPAIR)
  --vault A          watch only this vault (repeatable); default: every Ballast vault
  --interval SECS    seconds between passes (default 15)
  --priority-fee N   micro-lamports per compute unit (default 1000)
  --confirm-timeout S  seconds to wait for a send to confirm before re-signing it with a fresh
                     blockhash and sending again (3 attempts; default 30)
  --metrics-port N   serve Prometheus metrics on http://127.0.0.1:N/metrics
  --auctions         rebalance by auction: open one where a rebalance is due (open auctions are
                     filled either way, through the pinned CPMM pool or the --jupiter API)
  --solver-margin-bps N  the least profit to fill an auction, bps of what the fill pays (default 0)
  --dry-run          decide and log, send nothing
  --once             one pass, then exit (status 1 if a rebalance failed)
  --help`;

const json = (entry: object) =>
  JSON.stringify({ time: new Date().toISOString(), ...entry }, (_, v) =>
    typeof v === "bigint" ? v.toString() : v,
  );

export function loadConfig(
  path: string,
  overrides: {
    vaults: string[];
    dryRun: boolean;
    priorityFee: bigint;
    rpcUrl?: string;
    hermesUrl?: string;
    pythShard?: string;
    cluster?: string;
    jupiterUrl?: string;
  },
): CrankConfig & { rpcUrl: string } {
  // Older configs also list "pools": no longer read (the chain names them).
  const file = JSON.parse(readFileSync(path, "utf8")) as {
    rpcUrl?: string;
    priceAccounts?: Record<string, string>;
  };
  const cluster = clusterProfile(overrides.cluster ?? "localnet");
  const rpcUrl = overrides.rpcUrl ?? file.rpcUrl ?? cluster.rpcUrl;
  const jupiter = overrides.jupiterUrl ?? cluster.quoteApi;
  if (jupiter && !/^https?:\/\//.test(jupiter))
    throw new Error(`--jupiter must be an http(s) URL, got "${jupiter}"`);
  let shard: number | undefined;
  if (overrides.pythShard !== undefined) {
    if (!overrides.hermesUrl) throw new Error("--pyth-shard needs --hermes");
    shard = Number(overrides.pythShard);
    if (!/^\d+$/.test(overrides.pythShard) || shard > 65_535)
      throw new Error(`--pyth-shard must be an integer 0..65535, got "${overrides.pythShard}"`);
  }
  if (!file.priceAccounts && !overrides.hermesUrl)
    throw new Error(
      `${path} has no "priceAccounts": give them, or --hermes URL to post Pyth updates`,
    );
  if (overrides.hermesUrl && !/^https?:\/\//.test(overrides.hermesUrl))
    throw new Error(`--hermes must be an http(s) URL, got "${overrides.hermesUrl}"`);
  return {
    rpcUrl,
    vaults: overrides.vaults.map((v) => address(v)),
    priceAccounts: Object.fromEntries(
      Object.entries(file.priceAccounts ?? {}).map(([k, v]) => [k, address(v)]),
    ) as Record<string, Address>,
    hermes: overrides.hermesUrl ? { url: overrides.hermesUrl, rpcUrl, shard } : undefined,
    cluster,
    jupiter,
    priorityFee: overrides.priorityFee,
    dryRun: overrides.dryRun,
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: "boolean" },
      config: { type: "string" },
      rpc: { type: "string" },
      keypair: { type: "string" },
      vault: { type: "string", multiple: true },
      interval: { type: "string" },
      "priority-fee": { type: "string" },
      "metrics-port": { type: "string" },
      "dry-run": { type: "boolean" },
      once: { type: "boolean" },
      hermes: { type: "string" },
      "pyth-shard": { type: "string" },
      "confirm-timeout": { type: "string" },
      cluster: { type: "string" },
      jupiter: { type: "string" },
      auctions: { type: "boolean" },
      "solver-margin-bps": { type: "string" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const keypairPath = values.keypair ?? process.env.BALLAST_KEYPAIR;
  if (!values.config || !keypairPath) {
    console.error("error: --config and --keypair are required (see --help)");
    return 2;
  }
  const interval = Number(values.interval ?? 15);
  if (!Number.isFinite(interval) || interval < 1) {
    console.error("error: --interval must be a number of seconds ≥ 1");
    return 2;
  }
  const confirmTimeout = Number(values["confirm-timeout"] ?? 30);
  if (!Number.isFinite(confirmTimeout) || confirmTimeout < 1) {
    console.error("error: --confirm-timeout must be a number of seconds ≥ 1");
    return 2;
  }
  const config = loadConfig(values.config, {
    vaults: values.vault ?? [],
    dryRun: values["dry-run"] === true,
    priorityFee: BigInt(values["priority-fee"] ?? 1000),
    rpcUrl: values.rpc ?? process.env.BALLAST_RPC,
    hermesUrl: values.hermes ?? process.env.BALLAST_HERMES,
    pythShard: values["pyth-shard"],
    cluster: values.cluster,
    jupiterUrl: values.jupiter ?? process.env.BALLAST_JUPITER,
  });
  config.confirmTimeoutMs = confirmTimeout * 1000;
  config.auctions = values.auctions === true;
  const margin = Number(values["solver-margin-bps"] ?? 0);
  if (!Number.isInteger(margin) || margin < 0 || margin > 10_000) {
    console.error("error: --solver-margin-bps must be a whole number of bps from 0 to 10000");
    return 2;
  }
  config.solverMarginBps = margin;
  const rpc = createSolanaRpc(config.rpcUrl);
  const signer = await createKeyPairSignerFromBytes(
    Uint8Array.from(JSON.parse(readFileSync(keypairPath, "utf8"))),
  );
  const metrics = new Metrics();
  const interactive = process.stdout.isTTY;
  const log = (entry: object) =>
    (interactive ? process.stderr : process.stdout).write(json(entry) + "\n");
  if (values["metrics-port"]) {
    createServer((req, res) => {
      if (req.url === "/metrics")
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metrics.render());
      else res.writeHead(404).end();
    }).listen(Number(values["metrics-port"]), "127.0.0.1");
  }
  let stopping = false;
  const stop = () => {
    stopping = true;
    log({ level: "info", msg: "stopping after this pass" });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  log({
    level: "info",
    msg: "crank started",
    cranker: signer.address,
    cluster: config.cluster?.name,
    jupiter: config.jupiter,
    dryRun: config.dryRun,
    interval,
    prices: config.hermes ? `Hermes ${config.hermes.url}` : "configured accounts",
  });
  for (;;) {
    const outcomes: Outcome[] = await crankOnce(rpc, signer, config, metrics, log);
    if (interactive)
      process.stdout.write(
        `\r${new Date().toLocaleTimeString()}  rebalances ${metrics.rebalances}  skips ${[...metrics.skips.values()].reduce((a, b) => a + b, 0)}  errors ${metrics.errors}   `,
      );
    if (values.once) return outcomes.some((o) => o.action === "failed") ? 1 : 0;
    for (let waited = 0; waited < interval && !stopping; waited++)
      await new Promise((r) => setTimeout(r, 1_000));
    if (stopping) return 0;
  }
}

if (process.argv[1]?.endsWith("main.ts")) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
