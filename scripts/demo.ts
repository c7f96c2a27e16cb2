// `make demo`: an embedded Surfpool chain (offline, free ports), the program deployed from
// target/deploy/ballast.so, the demo set up by migrations/deploy.ts, then it stays up until Ctrl-C.
//   --once   set everything up, print it, stop the chain and exit (used by the tests)
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createKeyPairSignerFromBytes, createSolanaRpc, type Address } from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, DEMO_ASSETS, pricePath, publishDemoPrices } from "../app/client/src/index.ts";
import { execFileSync } from "node:child_process";
import { advanceClock, deployDemo, rpcChain, webConfig } from "../migrations/deploy.ts";
import { startSurfnet } from "../migrations/surfnet.ts";
import { Metrics, crankOnce } from "../app/crank/src/crank.ts";
import { serveWeb } from "../app/web/serve.ts";

const once = process.argv.includes("--once");

let chain: ReturnType<typeof startSurfnet>;
try {
  chain = startSurfnet();
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
  const { demo, pools, summary } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: fileURLToPath(new URL("../app/web", import.meta.url)), stdio: "inherit" });
  const web = await serveWeb(webConfig(chain.rpcUrl, demo), Number(process.env.BALLAST_WEB_PORT ?? 0));
  console.log("\nBallast demo on a local Surfpool chain\n");
  for (const [name, value] of Object.entries({ "web app": `${web.url}#/vault/${demo.vault}`, "RPC URL": chain.rpcUrl, "WebSocket URL": chain.wsUrl, program: BALLAST_PROGRAM_ADDRESS, ...summary })) {
    console.log(`  ${name.padEnd(30)} ${value}`);
  }
  console.log(`\nTry: curl -s ${chain.rpcUrl} -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"getAccountInfo","params":["${summary.vault}",{"encoding":"base64"}]}'`);
  console.log(`\nOpen ${web.url}#/vault/${demo.vault} in a browser: the vault's value, its composition against the`);
  console.log("targets (dBTC starts empty, so the vault has drifted), deposit and withdraw forms (connect any");
  console.log(`wallet-standard wallet set to ${chain.rpcUrl}; the payer's key is printed by 'npm run demo -- --print-key').`);
  if (process.argv.includes("--print-key")) console.log(`payer key: ${JSON.stringify(chain.payerSecretKey)}`);
  if (once) {
    web.server.close();
    stop(0);
  }
  // Every 5 s: the chain's clock moves on (an idle Surfpool chain's clock stands still), the price
  // publisher posts new Pyth prices along a seeded random walk (dUSD stays at 1; seed:
  // BALLAST_DEMO_SEED, default 7), and the crank previews the vault and rebalances it when the
  // program says it has drifted (at most once a minute, the demo's interval).
  const path = pricePath(BigInt(process.env.BALLAST_DEMO_SEED ?? 7), [0, 40, 30]);
  const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
  const crankConfig = { vaults: [demo.vault], priceAccounts: webConfig(chain.rpcUrl, demo).priceAccounts as Record<string, Address>, pools, priorityFee: 0n, dryRun: false };
  mkdirSync(fileURLToPath(new URL("../target/demo", import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL("../target/demo/crank.json", import.meta.url)), JSON.stringify({ rpcUrl: chain.rpcUrl, priceAccounts: crankConfig.priceAccounts, pools }, null, 2));
  const metrics = new Metrics();
  const tick = async () => {
    await advanceClock(chain.rpcUrl, publisher, 5);
    const factors = path.next().value ?? [];
    await publishDemoPrices(publisher, demo, factors);
    const [outcome] = await crankOnce(createSolanaRpc(chain.rpcUrl), payer, crankConfig, metrics, () => {});
    const symbol = (mint: string) => demo.assets.find((a) => a.mint === mint)?.symbol ?? mint;
    const what = outcome.action === "rebalanced" ? `rebalanced: sold ${outcome.amountIn} units of ${symbol(outcome.sell)} for ${symbol(outcome.buy)}` : `${outcome.action}: ${outcome.reason}`;
    console.log(`prices ${DEMO_ASSETS.map((a, i) => `${a.symbol} ${(Number(a.price * (factors[i] ?? 10_000n)) / 1e12).toFixed(2)}`).join("  ")}  | crank ${what}`);
  };
  let busy = false;
  setInterval(() => {
    if (busy) return;
    busy = true;
    tick().catch((e: unknown) => console.error("demo tick:", e)).finally(() => (busy = false));
  }, 5_000);
  console.log("\nThe chain, the price publisher, the crank and the web app run until Ctrl-C.");
} catch (error) {
  console.error("demo failed:", error);
  stop(1);
}
