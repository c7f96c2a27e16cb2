// `npm run indexer -- --rpc URL [--db FILE|postgresql://…] [--port N] [--poll-ms MS]`: follows
// Ballast's program on the RPC, keeps its events in SQLite (FILE; default target/indexer.sqlite) or
// PostgreSQL (a URL), and serves the API.
import { createSolanaRpc } from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS } from "@ballast/client";
import { indexPass, openStore, serveIndexer } from "./index.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rpcUrl = arg("--rpc");
if (rpcUrl === undefined) {
  console.error("usage: indexer --rpc URL [--db FILE] [--port N] [--poll-ms MS]");
  process.exit(2);
}
const store = await openStore(arg("--db") ?? "target/indexer.sqlite");
const api = await serveIndexer(store, Number(arg("--port") ?? 0));
console.log(`indexer API ${api.url} (cursor ${(await store.cursor())?.signature ?? "none"})`);
const rpc = createSolanaRpc(rpcUrl);
const pollMs = Number(arg("--poll-ms") ?? 2_000);
for (;;) {
  try {
    const n = await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS);
    if (n > 0)
      console.log(`indexed ${n} transactions (cursor ${(await store.cursor())?.signature})`);
  } catch (error) {
    console.error(`indexer: ${error instanceof Error ? error.message : String(error)} (retrying)`);
  }
  await new Promise((done) => setTimeout(done, pollMs));
}
