// The indexer against a real local chain: Surfpool runs the demo's migration (a vault created,
// pools pinned, two priced deposits, an in-kind deposit, a fee accrual, an in-kind withdrawal), and
// the indexer follows the program from its first transaction. The same suite runs on both
// databases — SQLite in a file, and Debian's PostgreSQL (started by scripts/setup-postgres.sh, a
// fresh database per test) — and the two end with identical rows. Checked: every event of those
// transactions is stored once with the figures the migration sent; an indexer stopped after three
// transactions and restarted from its database ends with exactly the rows of one uninterrupted
// pass; a second pass over a caught-up cursor adds nothing; the HTTP API serves the stored rows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  type Rpc,
  type SolanaRpcApi,
} from "@solana/kit";
import { fetchMint, fetchToken } from "@solana-program/token";
import {
  BALLAST_PROGRAM_ADDRESS,
  SHARE_PRICE_SCALE,
  decodePriceUpdateV2,
  eventsFromLogs,
  normalizePrice,
  sharePrice,
  valueOf,
} from "@ballast/client";
import type { DemoVault } from "@ballast/demo";
import { DEMO_DEPOSITS, deployDemo } from "../../../migrations/deploy.ts";
import { startSurfnet, type Surfnet } from "../../../migrations/surfnet.ts";
import pg from "pg";
import {
  POSTGRES_MIGRATIONS,
  SQLITE_MIGRATIONS,
  HistoryGap,
  historyOf,
  indexPass,
  positionOf,
  openStore,
  serveIndexer,
  signaturesAfter,
  type EventRow,
  type EventStore,
} from "../src/index.ts";

let chain: Surfnet;
let rpc: Rpc<SolanaRpcApi>;
let demo: DemoVault;
/** The migration's payer: every deposit and the withdrawal are its. */
let depositor: string;
const dir = mkdtempSync(join(tmpdir(), "ballast-indexer-"));
let postgresUrl: string;
let fresh = 0;

/** A new empty database of `kind`, as a location `openStore` opens (again after a restart). */
async function freshDatabase(kind: "sqlite" | "postgres"): Promise<string> {
  fresh += 1;
  if (kind === "sqlite") return join(dir, `db-${fresh}.sqlite`);
  const name = `ballast_indexer_${process.pid}_${fresh}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return postgresUrl.replace("/postgres?", `/${name}?`);
}

/** Every store a test opened: closed after the suite even when a test fails midway (an open
 * PostgreSQL connection would keep the process, and the test run, alive). */
const opened: EventStore[] = [];
async function open(location: string): Promise<EventStore> {
  const store = await openStore(location);
  opened.push(store);
  return store;
}

/** Every row the databases of the whole-pass tests ended with, by database. */
const whole: Partial<Record<"sqlite" | "postgres", EventRow[]>> = {};

before(async () => {
  postgresUrl = execFileSync(
    new URL("../../../scripts/setup-postgres.sh", import.meta.url).pathname,
    {
      encoding: "utf8",
    },
  ).trim();
  chain = startSurfnet();
  rpc = createSolanaRpc(chain.rpcUrl);
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  depositor = payer.address;
  ({ demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer));
});
after(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
  chain?.stop();
});

for (const kind of ["sqlite", "postgres"] as const) {
  test(`${kind}: one pass stores every event of the demo's transactions once, with the figures sent`, async () => {
    const store = await open(await freshDatabase(kind));
    assert.equal(
      await store.version(),
      (kind === "sqlite" ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).length,
    );
    const transactions = (await signaturesAfter(rpc, BALLAST_PROGRAM_ADDRESS)).length;
    assert.equal(await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS), transactions);
    const kinds = async (name: string) => store.events({ vault: demo.vault, kind: name });
    assert.equal((await kinds("VaultInitialized")).length, 1);
    assert.equal((await kinds("AssetAdded")).length, demo.assets.length);
    assert.deepEqual(
      (await kinds("Deposited")).map((e) => [e.data.assetMint, e.data.amount]),
      DEMO_DEPOSITS.map((d) => [demo.assets[d.asset].mint, d.amount.toString()]),
    );
    assert.equal((await kinds("DepositedInKind")).length, 1);
    // Fees accrue first in each of the five depositor operations (two deposits, the in-kind deposit,
    // the crank's accrual, the withdrawal).
    assert.equal((await kinds("FeesAccrued")).length, 5);
    assert.deepEqual(
      (await kinds("WithdrawnInKind")).map((e) => e.data.shares),
      ["1000000000"],
    );
    // Caught up: a second pass finds nothing new and changes nothing.
    const rows = await store.events();
    assert.equal(await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS), 0);
    assert.deepEqual(await store.events(), rows);
    whole[kind] = rows;
    await store.close();
  });

  test(`${kind}: an indexer stopped mid-stream and restarted from its database loses and repeats nothing`, async () => {
    const complete = await open(await freshDatabase(kind));
    await indexPass(rpc, complete, BALLAST_PROGRAM_ADDRESS);
    const file = await freshDatabase(kind);
    const first = await open(file);
    assert.equal(await indexPass(rpc, first, BALLAST_PROGRAM_ADDRESS, 3), 3);
    const stoppedAt = await first.cursor();
    await first.close();
    // A new process: the same database, the cursor where the first stopped.
    const restarted = await open(file);
    assert.deepEqual(await restarted.cursor(), stoppedAt);
    assert.ok((await indexPass(rpc, restarted, BALLAST_PROGRAM_ADDRESS)) > 0);
    assert.deepEqual(await restarted.events(), await complete.events());
    assert.deepEqual(await restarted.cursor(), await complete.cursor());
    // The same transaction recorded again (a crash between the write and the cursor) adds nothing.
    const count = (await restarted.events()).length;
    const last = (await complete.events()).at(-1);
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
    await restarted.record({
      signature: again.signature,
      slot: again.slot,
      blockTime: again.blockTime,
      events,
    });
    assert.equal((await restarted.events()).length, count);
    await restarted.close();
    await complete.close();
  });

  test(`${kind}: a cursor the node no longer lists stops the indexer instead of skipping to its oldest`, async () => {
    const store = await open(await freshDatabase(kind));
    // A cursor from history this node does not hold (pruned, or another chain's).
    const pruned = "1111111111111111111111111111111111111111111111111111111111111111";
    await store.record({ signature: pruned, slot: 1n, blockTime: null, events: [] });
    await assert.rejects(indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS), HistoryGap);
    assert.deepEqual(await store.events(), []);
    assert.equal((await store.cursor())?.signature, pruned);
  });

  test(`${kind}: the API serves a vault's stored events, filtered by kind`, async () => {
    const store = await open(await freshDatabase(kind));
    await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS);
    const api = await serveIndexer(store);
    try {
      const get = async (path: string) => {
        const res = await fetch(`${api.url}${path}`);
        return { status: res.status, body: (await res.json()) as unknown };
      };
      assert.deepEqual(await get(`/vaults/${demo.vault}/events?kind=Deposited`), {
        status: 200,
        body: await store.events({ vault: demo.vault, kind: "Deposited" }),
      });
      const health = (await get("/health")).body as {
        events: number;
        cursor: { signature: string };
      };
      assert.equal(health.events, (await store.events()).length);
      assert.equal(health.cursor.signature, (await store.cursor())?.signature);
      assert.equal((await get("/nowhere")).status, 404);
    } finally {
      await api.close();
      await store.close();
    }
  });
}

test("SQLite and PostgreSQL end with identical rows", () => {
  assert.ok(whole.sqlite && whole.postgres, "both whole passes ran");
  assert.deepEqual(whole.postgres, whole.sqlite);
});

test("the history's figures reconcile with the chain unit for unit, and the API serves them", async () => {
  const store = await open(await freshDatabase("sqlite"));
  await indexPass(rpc, store, BALLAST_PROGRAM_ADDRESS);
  const rows = await store.events({ vault: demo.vault });
  const history = historyOf(rows);
  const accruals = rows.filter((r) => r.kind === "FeesAccrued");
  const withdrawal = rows.find((r) => r.kind === "WithdrawnInKind");
  assert.ok(withdrawal);
  // A point per priced accrual: the two deposits and the crank's observation (the in-kind deposit
  // and the withdrawal price nothing).
  assert.deepEqual(
    history.points.map((p) => p.signature),
    accruals
      .filter((r) => (r.data.totalValue as { __option: string }).__option === "Some")
      .map((r) => r.signature),
  );
  assert.equal(history.points.length, 3);
  // The first deposit meets an empty vault: the share price is the program's initial 1 USD.
  assert.equal(history.points[0].sharePrice, "1000000000000");
  // The last point is the observation just before the withdrawal; nothing else moved the vault's
  // tokens between them, so its value is the chain's balances now plus what the withdrawal paid
  // out, at the price accounts' mids, and its supply the mint's now plus the shares burned less the
  // withdrawal's fee shares.
  const last = history.points.at(-1);
  assert.ok(last);
  const paid = withdrawal.data.amounts as string[];
  let value = 0n;
  for (const [i, a] of demo.assets.entries()) {
    const balance = (await fetchToken(rpc, a.tokenAccount)).data.amount;
    const account = await rpc.getAccountInfo(a.priceAccount, { encoding: "base64" }).send();
    const raw = decodePriceUpdateV2(Buffer.from(account.value?.data[0] ?? "", "base64"));
    value += valueOf(
      balance + BigInt(paid[i]),
      normalizePrice(raw.price, raw.exponent),
      a.decimals,
    );
  }
  assert.equal(last.value, String(value));
  const supply = (await fetchMint(rpc, demo.shareMint)).data.supply;
  const withdrawalFees = accruals.at(-1);
  assert.equal(withdrawalFees?.signature, withdrawal.signature);
  const feeShares =
    BigInt(withdrawalFees.data.managementShares as string) +
    BigInt(withdrawalFees.data.performanceShares as string);
  assert.equal(BigInt(last.supply), supply + BigInt(withdrawal.data.shares as string) - feeShares);
  assert.equal(last.sharePrice, String(sharePrice(value, BigInt(last.supply))));

  // The payer's position: the shares it holds on chain are the flows' shares in less out; the two
  // priced deposits at the program's values, the in-kind deposit and the withdrawal at the share
  // price of the point before each.
  const position = positionOf(rows, depositor);
  const held = (await fetchToken(rpc, demo.payerShares)).data.amount;
  assert.equal(BigInt(position.sharesIn) - BigInt(position.sharesOut), held);
  assert.deepEqual(
    position.flows.map((f) => [f.kind, f.valuedBy]),
    [
      ["deposit", "program"],
      ["deposit", "program"],
      ["deposit in kind", "share price"],
      ["withdrawal in kind", "share price"],
    ],
  );
  // What the depositor gave: the value before the deposit fee.
  const deposits = rows
    .filter((r) => r.kind === "Deposited")
    .map((r) => BigInt(r.data.value as string) + BigInt(r.data.feeValue as string));
  const inKind = BigInt(position.flows[2].shares);
  const [afterDeposits, beforeWithdrawal] = [history.points[1], last];
  assert.equal(
    position.flows[2].value,
    String((inKind * BigInt(afterDeposits.sharePrice)) / SHARE_PRICE_SCALE),
  );
  assert.equal(position.flows[2].pricedAt, afterDeposits.at);
  assert.equal(position.unpriced, 0);
  assert.equal(
    position.withdrawn,
    String((1_000_000_000n * BigInt(beforeWithdrawal.sharePrice)) / SHARE_PRICE_SCALE),
  );
  assert.equal(
    position.deposited,
    String(deposits.reduce((a, b) => a + b, 0n) + BigInt(position.flows[2].value ?? 0)),
  );
  // Fees: every fee share the program minted, which the fee recipient holds.
  const feeHeld = (await fetchToken(rpc, demo.feeShares)).data.amount;
  assert.equal(
    BigInt(history.fees.managementShares) + BigInt(history.fees.performanceShares),
    feeHeld,
  );
  assert.equal(history.rebalances.count, 0);

  const api = await serveIndexer(store);
  try {
    const get = async (path: string) => (await fetch(`${api.url}${path}`)).json();
    assert.deepEqual(await get(`/vaults/${demo.vault}/history`), history);
    assert.deepEqual(await get(`/vaults/${demo.vault}/positions/${depositor}`), position);
    assert.deepEqual(await get("/vaults"), [
      { vault: demo.vault, points: 3, first: history.points[0], last },
    ]);
  } finally {
    await api.close();
    await store.close();
  }
});
