// The indexer against a real local chain: Surfpool runs the demo's migration (a vault created,
// pools pinned, two priced deposits, an in-kind deposit, a fee accrual, an in-kind withdrawal), and
// the indexer follows the program from its first transaction. Checked: every event of those
// transactions is stored once with the figures the migration sent; an indexer stopped after three
// transactions and restarted from its file ends with exactly the rows of one uninterrupted pass;
// a second pass over a caught-up cursor adds nothing; the HTTP API serves the stored rows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  type Rpc,
  type SolanaRpcApi,
} from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, eventsFromLogs } from "@ballast/client";
import type { DemoVault } from "@ballast/demo";
import { DEMO_DEPOSITS, deployDemo } from "../../../migrations/deploy.ts";
import { startSurfnet, type Surfnet } from "../../../migrations/surfnet.ts";
import { EventStore, MIGRATIONS, indexPass, serveIndexer, signaturesAfter } from "../src/index.ts";

let chain: Surfnet;
let rpc: Rpc<SolanaRpcApi>;
let demo: DemoVault;
const dir = mkdtempSync(join(tmpdir(), "ballast-indexer-"));

before(async () => {
  chain = startSurfnet();
  rpc = createSolanaRpc(chain.rpcUrl);
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  ({ demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer));
});
after(() => chain?.stop());

test("one pass stores every event of the demo's transactions once, with the figures sent", async () => {
  const store = await EventStore.open(join(dir, "whole.sqlite"));
  assert.equal(store.version(), MIGRATIONS.length);
  const transactions = (await signaturesAfter(rpc, BALLAST_PROGRAM_ADDRESS)).length;
  assert.equal(await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS), transactions);
  const kinds = (kind: string) => store.events({ vault: demo.vault, kind });
  assert.equal(kinds("VaultInitialized").length, 1);
  assert.equal(kinds("AssetAdded").length, demo.assets.length);
  assert.deepEqual(
    kinds("Deposited").map((e) => [e.data.assetMint, e.data.amount]),
    DEMO_DEPOSITS.map((d) => [demo.assets[d.asset].mint, d.amount.toString()]),
  );
  assert.equal(kinds("DepositedInKind").length, 1);
  // Fees accrue first in each of the five depositor operations (two deposits, the in-kind deposit,
  // the crank's accrual, the withdrawal).
  assert.equal(kinds("FeesAccrued").length, 5);
  assert.deepEqual(
    kinds("WithdrawnInKind").map((e) => e.data.shares),
    ["1000000000"],
  );
  // Caught up: a second pass finds nothing new and changes nothing.
  const rows = store.events();
  assert.equal(await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS), 0);
  assert.deepEqual(store.events(), rows);
  store.close();
});

test("an indexer stopped mid-stream and restarted from its file loses and repeats nothing", async () => {
  const whole = await EventStore.open();
  await indexPass(rpc, whole, BALLAST_PROGRAM_ADDRESS);
  const file = join(dir, "restarted.sqlite");
  const first = await EventStore.open(file);
  assert.equal(await indexPass(rpc, first, BALLAST_PROGRAM_ADDRESS, 3), 3);
  const stoppedAt = first.cursor();
  first.close();
  // A new process: the database from its file, the cursor where the first stopped.
  const restarted = await EventStore.open(file);
  assert.deepEqual(restarted.cursor(), stoppedAt);
  assert.ok((await indexPass(rpc, restarted, BALLAST_PROGRAM_ADDRESS)) > 0);
  assert.deepEqual(restarted.events(), whole.events());
  assert.deepEqual(restarted.cursor(), whole.cursor());
  // The same transaction recorded again (a crash between the write and the cursor) adds nothing.
  const count = restarted.events().length;
  const last = whole.events().at(-1);
  assert.ok(last);
  const again = (await signaturesAfter(rpc, BALLAST_PROGRAM_ADDRESS)).find(
    (s) => s.signature === last.signature,
  );
  assert.ok(again);
  const tx = await rpc
    .getTransaction(again.signature, { maxSupportedTransactionVersion: 0, encoding: "json" })
    .send();
  const events = eventsFromLogs(tx?.meta?.logMessages ?? []);
  assert.ok(events.length > 0);
  restarted.record({
    signature: again.signature,
    slot: again.slot,
    blockTime: again.blockTime,
    events,
  });
  assert.equal(restarted.events().length, count);
  restarted.close();
  whole.close();
});

test("the API serves a vault's stored events, filtered by kind", async () => {
  const store = await EventStore.open();
  await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS);
  const api = await serveIndexer(store);
  try {
    const get = async (path: string) => {
      const res = await fetch(`${api.url}${path}`);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    assert.deepEqual(await get(`/vaults/${demo.vault}/events?kind=Deposited`), {
      status: 200,
      body: store.events({ vault: demo.vault, kind: "Deposited" }),
    });
    const health = (await get("/health")).body as { events: number; cursor: { signature: string } };
    assert.equal(health.events, store.events().length);
    assert.equal(health.cursor.signature, store.cursor()?.signature);
    assert.equal((await get("/nowhere")).status, 404);
  } finally {
    await api.close();
    store.close();
  }
});
