// `make demo`: an embedded Surfpool chain (offline, free ports), the program deployed from
// target/deploy/ballast.so, the demo set up by migrations/deploy.ts, then it stays up until Ctrl-C.
//   --once          set everything up, print it, stop the chain and exit (used by the tests)
//   --soak SECONDS  run the demo loop for SECONDS, probing the RPC every second, then print the
//                   figures (ticks, rebalances, RPC latency percentiles, memory), write them to
//                   target/soak/report.json and exit non-zero if anything stalled (`make soak`)
//   --tick-ms MS    time between ticks (default 5000; each tick moves the chain's clock 5 s)
//   --auctions      the crank rebalances by auction (docs/auctions.md): it opens one when the vault
//                   drifts and fills it as a solver through the demo's CPMM pool once the ask has
//                   decayed below the pool's price
//   --insured       the demo vault is insured (docs/option-replication.md): 0.97 USD per share one
//                   day out, dUSD safe, dSOL and dBTC the basket; the crank hedges it as prices walk
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createKeyPairSignerFromBytes, createSolanaRpc, type Address } from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, fetchVault } from "@ballast/client";
import { backtestVault } from "@ballast/demo/backtest";
import {
  DEMO_ASSETS,
  insuredDemoParams,
  LIVE_DEMO_PARAMS,
  LIVE_DEMO_PRICES,
  pricePath,
  publishDemoPrices,
} from "@ballast/demo";
import { execFileSync } from "node:child_process";
import { advanceClock, deployDemo, rpcChain, webConfig } from "../migrations/deploy.ts";
import { startSurfnet, type Surfnet } from "../migrations/surfnet.ts";
import { Metrics, crankOnce } from "@ballast/crank";
import { indexPass, openStore, serveIndexer } from "@ballast/indexer";
import { serveWeb } from "@ballast/web/serve";
import { Soak } from "./soak.ts";
import { realignPools } from "../migrations/arbitrage.ts";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : Number(process.argv[i + 1]);
};
const once = process.argv.includes("--once");
const soakSeconds = flag("--soak");
const tickMs = flag("--tick-ms") ?? 5_000;
const auctions = process.argv.includes("--auctions");
const insured = process.argv.includes("--insured");

let chain: Surfnet;
try {
  // The chain's own warnings and errors are worth seeing; its per-block events are not.
  chain = startSurfnet((event) => {
    if (event.kind === "warnLog" || event.kind === "errorLog")
      console.error(`surfpool ${event.kind}: ${String(event.message ?? JSON.stringify(event))}`);
  });
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
let stopped = false;
const stop = (code: number) => {
  if (!stopped) {
    stopped = true;
    chain.stop();
    console.log("surfpool stopped");
  }
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

try {
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  const params = insured
    ? insuredDemoParams((await rpcChain(chain.rpcUrl, chain.wsUrl, payer).now()) + 86_400n)
    : LIVE_DEMO_PARAMS;
  const { demo, pools, summary } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer, params);
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], {
    cwd: fileURLToPath(new URL("../app/web", import.meta.url)),
    stdio: "inherit",
  });
  // The indexer follows this chain from its first transaction: a fresh database each run (a cursor
  // from an earlier chain would name a signature this one never had).
  mkdirSync(fileURLToPath(new URL("../target/demo", import.meta.url)), { recursive: true });
  const indexFile = fileURLToPath(new URL("../target/demo/indexer.sqlite", import.meta.url));
  rmSync(indexFile, { force: true });
  const index = await openStore(indexFile);
  const indexer = await serveIndexer(index, Number(process.env.BALLAST_INDEXER_PORT ?? 0));
  const indexRpc = createSolanaRpc(chain.rpcUrl);
  await indexPass(indexRpc, index, BALLAST_PROGRAM_ADDRESS);
  // The simulator's backtest of the vault's own parameters, shown beside its live record.
  const backtest = backtestVault(
    (await fetchVault(indexRpc, demo.vault)).data,
    demo.assets.map((a) => a.decimals),
    { dir: fileURLToPath(new URL("../target/demo/backtest", import.meta.url)) },
  );
  // The page reads the vault's history and a depositor's position from the indexer.
  const web = await serveWeb(
    { ...webConfig(chain.rpcUrl, demo), indexerUrl: indexer.url, backtest },
    Number(process.env.BALLAST_WEB_PORT ?? 0),
  );
  console.log("\nBallast demo on a local Surfpool chain\n");
  for (const [name, value] of Object.entries({
    "web app": `${web.url}#/vault/${demo.vault}`,
    "RPC URL": chain.rpcUrl,
    "indexer API": `${indexer.url}/vaults/${demo.vault}/history`,
    "WebSocket URL": chain.wsUrl,
    program: BALLAST_PROGRAM_ADDRESS,
    ...summary,
  })) {
    console.log(`  ${name.padEnd(30)} ${value}`);
  }
  console.log(
    `\nTry: curl -s ${chain.rpcUrl} -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"getAccountInfo","params":["${summary.vault}",{"encoding":"base64"}]}'`,
  );
  console.log(
    `\nOpen ${web.url}#/vault/${demo.vault} in a browser: the vault's value, its composition against the`,
  );
  console.log(
    "targets (dBTC starts empty, so the vault has drifted), deposit and withdraw forms (connect any",
  );
  console.log(
    `wallet-standard wallet set to ${chain.rpcUrl}; the payer's key is printed by 'npm run demo -- --print-key').`,
  );
  if (process.argv.includes("--print-key"))
    console.log(`payer key: ${JSON.stringify(chain.payerSecretKey)}`);
  if (once) {
    await indexer.close();
    web.server.close();
    stop(0);
  }
  // Every tick: the chain's clock moves on 5 s (an idle Surfpool chain's clock stands still), the
  // price publisher posts new Pyth prices along a seeded mean-reverting walk (LIVE_DEMO_PRICES;
  // dUSD stays at 1; seed: BALLAST_DEMO_SEED, default 7), an arbitrageur trades each pool back to those prices
  // (migrations/arbitrage.ts), and the crank previews the vault and rebalances it when the
  // program says it has drifted (at most once a minute of chain time, the demo's interval).
  const path = pricePath(
    BigInt(process.env.BALLAST_DEMO_SEED ?? 7),
    LIVE_DEMO_PRICES.volBps,
    LIVE_DEMO_PRICES.reversion,
  );
  const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
  const crankConfig = {
    vaults: [demo.vault],
    priceAccounts: webConfig(chain.rpcUrl, demo).priceAccounts as Record<string, Address>,
    pools,
    priorityFee: 0n,
    dryRun: false,
    auctions,
  };
  mkdirSync(fileURLToPath(new URL("../target/demo", import.meta.url)), { recursive: true });
  writeFileSync(
    fileURLToPath(new URL("../target/demo/crank.json", import.meta.url)),
    JSON.stringify(
      { rpcUrl: chain.rpcUrl, priceAccounts: crankConfig.priceAccounts, pools },
      null,
      2,
    ),
  );
  const metrics = new Metrics();
  const soak = soakSeconds === undefined ? undefined : new Soak(chain.rpcUrl, demo.vault, web.url);
  const tick = async () => {
    await advanceClock(chain.rpcUrl, publisher, 5);
    const factors = path.next().value ?? [];
    await publishDemoPrices(publisher, demo, factors);
    await realignPools(chain.rpcUrl, publisher, payer, demo, pools, factors);
    const [outcome] = await crankOnce(
      createSolanaRpc(chain.rpcUrl),
      payer,
      crankConfig,
      metrics,
      () => {},
    );
    const symbol = (mint: string) => demo.assets.find((a) => a.mint === mint)?.symbol ?? mint;
    const what =
      outcome.action === "rebalanced"
        ? `rebalanced: sold ${outcome.amountIn} units of ${symbol(outcome.sell)} for ${symbol(outcome.buy)}`
        : outcome.action === "auction-opened"
          ? `opened an auction of ${outcome.amountIn} units of ${symbol(outcome.sell)} for ${symbol(outcome.buy)}`
          : outcome.action === "auction-filled"
            ? `filled the auction: the vault sold ${outcome.amountIn} units of ${symbol(outcome.sell)} for ${outcome.paid} of ${symbol(outcome.buy)} (ask ${outcome.askFactorBps} bps of the oracle rate)`
            : `${outcome.action}: ${outcome.reason}`;
    // A filled auction is the vault's rebalance on that path.
    soak?.tick(
      outcome.action === "auction-filled" ? "rebalanced" : outcome.action,
      "reason" in outcome ? outcome.reason : "",
    );
    console.log(
      `prices ${DEMO_ASSETS.map((a, i) => `${a.symbol} ${(Number(a.price * (factors[i] ?? 10_000n)) / 1e12).toFixed(2)}`).join("  ")}  | crank ${what}`,
    );
  };
  // The indexer's own pace: a pass every 2 s (a failed pass is retried by the next).
  let indexing = false;
  const indexTimer = setInterval(() => {
    if (indexing) return;
    indexing = true;
    indexPass(indexRpc, index, BALLAST_PROGRAM_ADDRESS)
      .catch((e: unknown) => console.error("indexer:", e))
      .finally(() => (indexing = false));
  }, 2_000);
  let busy = false;
  const tickTimer = setInterval(() => {
    if (busy) {
      soak?.overran();
      return;
    }
    busy = true;
    tick()
      .catch((e: unknown) => {
        soak?.failed(e);
        console.error("demo tick:", e);
      })
      .finally(() => (busy = false));
  }, tickMs);
  if (soak && soakSeconds !== undefined) {
    const report = await soak.run(soakSeconds * 1000, () => chain.events());
    // The indexer kept up: with the ticks and the indexer's own passes stopped, a last pass holds
    // every rebalance the crank made (a filled auction is the vault's rebalance on that path).
    clearInterval(tickTimer);
    clearInterval(indexTimer);
    while (busy || indexing) await new Promise((done) => setTimeout(done, 100));
    await indexPass(indexRpc, index, BALLAST_PROGRAM_ADDRESS);
    const count = async (kind: string) => (await index.events({ vault: demo.vault, kind })).length;
    const indexed = (await count("Rebalanced")) + (await count("AuctionFilled"));
    const made = report.outcomes.rebalanced ?? 0;
    console.log(
      `indexer: ${await index.eventCount()} events stored, ${indexed} rebalances (the crank made ${made})`,
    );
    if (indexed !== made)
      report.problems.push(`the indexer stored ${indexed} rebalances, the crank made ${made}`);
    const file = fileURLToPath(new URL("../target/soak/report.json", import.meta.url));
    mkdirSync(fileURLToPath(new URL("../target/soak", import.meta.url)), { recursive: true });
    writeFileSync(file, JSON.stringify(report, null, 2));
    console.log(`\n${Soak.summary(report)}\n(report: ${file})`);
    for (const problem of report.problems) console.error(`soak: ${problem}`);
    web.server.close();
    stop(report.problems.length ? 1 : 0);
  } else {
    console.log("\nThe chain, the price publisher, the crank and the web app run until Ctrl-C.");
  }
} catch (error) {
  console.error("demo failed:", error);
  stop(1);
}
