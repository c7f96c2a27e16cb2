// The crank's Hermes price source. Hermes is a local HTTP server (hermes-fixture.ts), the chain is an
// embedded Surfpool with the demo vault. What these tests can check locally: the crank asks Hermes
// for exactly the vault's feed ids, Pyth's receiver package turns the answer into fully verified
// posts (Wormhole core bridge: create, init, write, verify the VAA; receiver: post_update) whose
// program ids, discriminators and accounts are the ones the published programs expect, and the
// rebalance reads the accounts those posts write (the last test, with a stand-in applying the
// receiver's effect). What they cannot: executing the posts, as neither the Wormhole core bridge nor
// Pyth's receiver program is on the local chain (and the fixture's VAA carries no guardian
// signatures); one test shows the crank reporting exactly that with its reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AccountRole,
  address,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  getProgramDerivedAddress,
  type Address,
} from "@solana/kit";
import { parseAccumulatorUpdateData, parsePriceFeedMessage } from "@pythnetwork/price-service-sdk";
import {
  PYTH_RECEIVER_PROGRAM_ADDRESS,
  encodePriceUpdateV2,
  feedIdHex,
  fetchVault,
} from "@ballast/client";
import { DEMO_ASSETS } from "@ballast/demo";
import { fetchToken } from "@solana-program/token";
import { deployDemo, rpcChain, setAccount } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { Metrics, crankOnce, type CrankConfig } from "../src/crank.ts";
import { buildPythPosts, fetchLatestUpdates, packTransactions } from "../src/hermes.ts";
import { loadConfig } from "../src/main.ts";
import { accumulatorUpdate, startHermes, type FeedPrice } from "./hermes-fixture.ts";
import { withFaults, type SentInstruction, type Verdict } from "./faulty-rpc.ts";

// The published program ids (Solana mainnet and devnet), written out here rather than read from
// Pyth's package so a change there shows up as a failure.
const WORMHOLE_CORE_BRIDGE = address("HDwcJBJXjL9FpJ7UBsYBtaDjsBUhuLCUYoz3zr8SWWaQ");
const PYTH_PUSH_ORACLE = address("pythWSnswVUd12oZpeFP8e9CVaEqJg25g1Vtc2biRsT");
const SYSTEM_PROGRAM = address("11111111111111111111111111111111");
const COMPUTE_BUDGET = address("ComputeBudget111111111111111111111111111111");

/** Anchor's instruction discriminator: sha256("global:<name>")[..8]. */
const discriminator = (name: string) =>
  createHash("sha256").update(`global:${name}`).digest().subarray(0, 8).toString("hex");
const named = (ix: { data?: ArrayLike<number> }) =>
  Buffer.from(Array.from(ix.data ?? []))
    .subarray(0, 8)
    .toString("hex");
const pda = async (program: Address, seeds: (string | Uint8Array)[]) =>
  (await getProgramDerivedAddress({ programAddress: program, seeds }))[0];

async function setUp() {
  const chain = startSurfnet();
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
  const rpc = createSolanaRpc(chain.rpcUrl);
  const vault = (await fetchVault(rpc, demo.vault)).data;
  const now = BigInt(Math.floor(Date.now() / 1000));
  const feeds: FeedPrice[] = demo.assets.map((a, i) => ({
    feedId: a.feedId,
    price: 100_000_000n * BigInt(i + 1),
    conf: 50_000n,
    exponent: -8,
    publishTime: now,
  }));
  return { chain, payer, demo, rpc, vault, feeds };
}

test("the fixture's update is one Pyth's own parser reads back", () => {
  const feed: FeedPrice = {
    feedId: new Uint8Array(32).fill(7),
    price: 6_500_012_345_678n,
    conf: 1_234_567n,
    exponent: -8,
    publishTime: 1_732_000_000n,
  };
  const parsed = parseAccumulatorUpdateData(
    Buffer.from(
      accumulatorUpdate([feed, { ...feed, feedId: new Uint8Array(32).fill(8) }]),
      "base64",
    ),
  );
  assert.equal(parsed.updates.length, 2);
  assert.equal(parsed.vaa.readUInt32BE(1), 4, "guardian set index");
  const message = parsePriceFeedMessage(parsed.updates[0].message);
  assert.equal(message.feedId.toString("hex"), "07".repeat(32));
  assert.equal(message.price.toString(), "6500012345678");
  assert.equal(message.exponent, -8);
  assert.equal(message.publishTime.toString(), "1732000000");
});

test(
  "the crank asks Hermes for the vault's feed ids and builds fully verified posts for Pyth's receiver",
  { timeout: 60_000 },
  async () => {
    const { chain, payer, vault, demo, feeds } = await setUp();
    const hermes = await startHermes(feeds);
    try {
      const posts = await buildPythPosts({ url: hermes.url, rpcUrl: chain.rpcUrl }, payer, vault);

      // One request, for exactly the vault's feeds in slot order, base64 and no parsed copy.
      assert.equal(hermes.requests.length, 1);
      const [request] = hermes.requests;
      assert.equal(request.pathname, "/v2/updates/price/latest");
      assert.deepEqual(
        request.searchParams.getAll("ids[]"),
        demo.assets.map((a) => `0x${feedIdHex(a.feedId)}`),
      );
      assert.equal(request.searchParams.get("encoding"), "base64");
      assert.equal(request.searchParams.get("parsed"), "false");

      // The VAA is posted and verified in full (13 signatures, no reduced guardian set): create the
      // encoded-VAA account, init, two writes (it is longer than one write holds), verify; then one
      // post_update per feed. The "atomic" post_update_atomic (partial verification) must not appear.
      const programs = posts.post.map((p) => p.instruction.programAddress);
      assert.deepEqual(programs, [
        SYSTEM_PROGRAM,
        ...Array(4).fill(WORMHOLE_CORE_BRIDGE),
        ...Array(3).fill(PYTH_RECEIVER_PROGRAM_ADDRESS),
      ]);
      assert.deepEqual(
        posts.post.slice(1).map((p) => named(p.instruction)),
        [
          discriminator("init_encoded_vaa"),
          discriminator("write_encoded_vaa"),
          discriminator("write_encoded_vaa"),
          discriminator("verify_encoded_vaa_v1"),
          ...Array(3).fill(discriminator("post_update")),
        ],
      );
      const encodedVaa = posts.post[0].instruction.accounts![1];
      assert.equal(encodedVaa.role, AccountRole.WRITABLE_SIGNER);
      assert.ok(
        "signer" in encodedVaa &&
          (encodedVaa.signer as { address: Address }).address === encodedVaa.address,
        "the ephemeral keypair signs its own creation",
      );
      const verify = posts.post[4].instruction.accounts!.map((a) => a.address);
      assert.ok(
        verify.includes(
          await pda(WORMHOLE_CORE_BRIDGE, ["GuardianSet", Uint8Array.of(0, 0, 0, 4)]),
        ),
        "verified against guardian set 4, the VAA's",
      );

      // Each post_update: payer, the encoded VAA, the receiver's config and a treasury, and the new
      // price-update account (its keypair signs) that the rebalance then reads, in slot order.
      const config = await pda(PYTH_RECEIVER_PROGRAM_ADDRESS, ["config"]);
      for (const [i, post] of posts.post.slice(5).entries()) {
        const [payerMeta, vaaMeta, configMeta, treasuryMeta, updateMeta] =
          post.instruction.accounts!;
        assert.equal(payerMeta.address, payer.address);
        assert.equal(vaaMeta.address, encodedVaa.address);
        assert.equal(configMeta.address, config);
        const treasuryId = post.instruction.data![post.instruction.data!.length - 1];
        assert.equal(
          treasuryMeta.address,
          await pda(PYTH_RECEIVER_PROGRAM_ADDRESS, ["treasury", Uint8Array.of(treasuryId)]),
        );
        assert.equal(updateMeta.address, posts.accounts[i]);
        assert.equal(updateMeta.role, AccountRole.WRITABLE_SIGNER);
        assert.ok("signer" in updateMeta);
      }
      assert.equal(new Set(posts.accounts).size, 3);
      assert.deepEqual(
        posts.feedIds,
        demo.assets.map((a) => feedIdHex(a.feedId)),
      );

      // Afterwards: close the encoded VAA (Wormhole) and reclaim each price update's rent (receiver).
      assert.deepEqual(
        posts.close.map((c) => named(c.instruction)),
        [discriminator("close_encoded_vaa"), ...Array(3).fill(discriminator("reclaim_rent"))],
      );

      // Packed in order into transactions that fit, each starting with its compute budget.
      const transactions = packTransactions(payer, posts.post, 1_000n);
      assert.ok(transactions.length >= 2, "a full VAA does not fit in one transaction");
      const flat = transactions.flatMap((tx) =>
        tx.filter((ix) => ix.programAddress !== COMPUTE_BUDGET),
      );
      assert.deepEqual(
        flat,
        posts.post.map((p) => p.instruction),
      );
      assert.ok(transactions.every((tx) => tx[0].programAddress === COMPUTE_BUDGET));
    } finally {
      hermes.server.close();
      chain.stop();
    }
  },
);

test(
  "--pyth-shard updates the push oracle's price feed accounts instead",
  { timeout: 60_000 },
  async () => {
    const { chain, payer, vault, demo, feeds } = await setUp();
    const hermes = await startHermes(feeds);
    try {
      const posts = await buildPythPosts(
        { url: hermes.url, rpcUrl: chain.rpcUrl, shard: 1 },
        payer,
        vault,
      );
      const updates = posts.post.filter((p) => p.instruction.programAddress === PYTH_PUSH_ORACLE);
      assert.equal(updates.length, 3);
      assert.ok(updates.every((u) => named(u.instruction) === discriminator("update_price_feed")));
      // Price feed accounts are PDAs of (shard as u16 LE, feed id): long-lived, nothing to sign or close.
      for (const [i, asset] of demo.assets.entries()) {
        assert.equal(
          posts.accounts[i],
          await pda(PYTH_PUSH_ORACLE, [Uint8Array.of(1, 0), asset.feedId]),
        );
      }
      assert.deepEqual(
        posts.close.map((c) => named(c.instruction)),
        [discriminator("close_encoded_vaa")],
      );
    } finally {
      hermes.server.close();
      chain.stop();
    }
  },
);

test(
  "a crank pass with --hermes: dry run sends nothing; without the Pyth programs on chain the post fails with its reason",
  { timeout: 90_000 },
  async () => {
    const { chain, payer, demo, rpc, feeds } = await setUp();
    const hermes = await startHermes(feeds);
    try {
      const config: CrankConfig = {
        vaults: [demo.vault],
        priceAccounts: {},
        priorityFee: 0n,
        dryRun: true,
        hermes: { url: hermes.url, rpcUrl: chain.rpcUrl },
        confirmTimeoutMs: 5_000,
      };
      const metrics = new Metrics();
      const logs: Record<string, unknown>[] = [];
      const balance = async () => (await rpc.getBalance(payer.address).send()).value;
      const before = await balance();
      const [dry] = await crankOnce(rpc, payer, config, metrics, (e) =>
        logs.push(e as Record<string, unknown>),
      );
      assert.deepEqual(
        { action: dry.action, reason: dry.action === "skipped" ? dry.reason : "" },
        { action: "skipped", reason: "dry run" },
      );
      assert.equal(await balance(), before, "no fee paid, nothing sent");
      const planned = logs.find(
        (l) => typeof l.msg === "string" && l.msg.startsWith("dry run: would post"),
      );
      assert.deepEqual(
        planned?.feeds,
        demo.assets.map((a) => feedIdHex(a.feedId)),
      );

      const [real] = await crankOnce(rpc, payer, { ...config, dryRun: false }, metrics, (e) =>
        logs.push(e as Record<string, unknown>),
      );
      assert.equal(real.action, "failed");
      assert.match(
        real.action === "failed" ? real.reason : "",
        /^posting Pyth updates: Transaction simulation failed: This program may not be used for executing instructions$/,
      );
      assert.equal(hermes.requests.length, 2, "one Hermes request per pass");
      assert.match(metrics.render(), /^ballast_crank_errors_total 1$/m);

      // Hermes not knowing a feed is reported with Hermes's own answer.
      await assert.rejects(
        () => fetchLatestUpdates(hermes.url, ["ab".repeat(32)]),
        /Hermes at http:\/\/127\.0\.0\.1:\d+: .*404/,
      );
    } finally {
      hermes.server.close();
      chain.stop();
    }
  },
);

test("the crank's config: --hermes replaces priceAccounts, --pyth-shard needs it, bad values are refused", () => {
  const file = join(mkdtempSync(join(tmpdir(), "crank-")), "crank.json");
  writeFileSync(file, JSON.stringify({ rpcUrl: "http://127.0.0.1:8899", pools: [] }));
  const base = { vaults: [], dryRun: false, priorityFee: 0n };
  assert.throws(() => loadConfig(file, base), /has no "priceAccounts": give them, or --hermes URL/);
  assert.deepEqual(
    loadConfig(file, { ...base, hermesUrl: "https://hermes.example", rpcUrl: "http://rpc.example" })
      .hermes,
    { url: "https://hermes.example", rpcUrl: "http://rpc.example", shard: undefined },
  );
  assert.equal(
    loadConfig(file, { ...base, hermesUrl: "https://hermes.example", pythShard: "3" }).hermes
      ?.shard,
    3,
  );
  assert.throws(() => loadConfig(file, { ...base, pythShard: "3" }), /--pyth-shard needs --hermes/);
  assert.throws(
    () => loadConfig(file, { ...base, hermesUrl: "https://hermes.example", pythShard: "70000" }),
    /--pyth-shard must be an integer 0\.\.65535/,
  );
  assert.throws(
    () => loadConfig(file, { ...base, hermesUrl: "hermes.example" }),
    /--hermes must be an http\(s\) URL/,
  );
});

test(
  "with the receiver's effect stood in, the crank rebalances against the posted accounts, then closes them",
  { timeout: 90_000 },
  async () => {
    const { chain, payer, demo, rpc } = await setUp();
    // Hermes serves the demo's own prices (fresh by the chain's clock), so the breaker stays clear
    // and the vault has the same drift as in crank.test.ts: dBTC empty, dUSD overweight.
    const now = await rpcChain(chain.rpcUrl, chain.wsUrl, payer).now();
    const hermes = await startHermes(
      demo.assets.map((a, i) => ({
        feedId: a.feedId,
        price: DEMO_ASSETS[i].price,
        conf: (DEMO_ASSETS[i].price * DEMO_ASSETS[i].confBps) / 10_000n,
        exponent: -8,
        publishTime: now,
      })),
    );
    // The stand-in for the Wormhole core bridge and Pyth's receiver, which the local chain lacks: a
    // transaction for them is not forwarded; for each post_update it writes the PriceUpdateV2 the
    // receiver would write, from the price message inside that instruction's own data.
    const pyth = new Set<string>([WORMHOLE_CORE_BRIDGE, PYTH_RECEIVER_PROGRAM_ADDRESS]);
    const standIn = async (_: number, instructions: SentInstruction[]): Promise<Verdict> => {
      if (!instructions.some((ix) => pyth.has(ix.program))) return "forward";
      for (const ix of instructions.filter(
        (i) =>
          i.program === PYTH_RECEIVER_PROGRAM_ADDRESS && named(i) === discriminator("post_update"),
      )) {
        // post_update data: discriminator, then MerklePriceUpdate { message: Vec<u8>, proof }, treasury id.
        const data = Buffer.from(ix.data);
        const message = parsePriceFeedMessage(data.subarray(12, 12 + data.readUInt32LE(8)));
        const update = {
          feedId: new Uint8Array(message.feedId),
          price: BigInt(message.price.toString()),
          conf: BigInt(message.confidence.toString()),
          exponent: message.exponent,
          publishTime: BigInt(message.publishTime.toString()),
        };
        await setAccount(
          chain.rpcUrl,
          ix.accounts[4],
          encodePriceUpdateV2(update),
          PYTH_RECEIVER_PROGRAM_ADDRESS,
        );
      }
      return "applied";
    };
    const faults = withFaults(rpc, standIn);
    try {
      const config: CrankConfig = {
        vaults: [demo.vault],
        priceAccounts: {},
        priorityFee: 0n,
        dryRun: false,
        hermes: { url: hermes.url, rpcUrl: chain.rpcUrl },
        confirmTimeoutMs: 5_000,
      };
      const before = (await fetchToken(rpc, demo.assets[2].tokenAccount)).data.amount;
      const [outcome] = await crankOnce(faults.rpc, payer, config, new Metrics(), () => {});
      assert.equal(
        outcome.action,
        "rebalanced",
        JSON.stringify(outcome, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );
      assert.ok(
        (await fetchToken(rpc, demo.assets[2].tokenAccount)).data.amount > before,
        "dBTC bought",
      );

      // In order: the posts (stood in), the rebalance (real, on chain), the closes (stood in).
      const kinds = faults.sent.map((s) =>
        s.verdict === "forward"
          ? "rebalance"
          : s.instructions.some((i) => named(i) === discriminator("reclaim_rent"))
            ? "close"
            : "post",
      );
      const firstClose = kinds.indexOf("close");
      assert.deepEqual(
        kinds.slice(0, kinds.indexOf("rebalance") + 1).filter((k) => k !== "post"),
        ["rebalance"],
      );
      assert.ok(
        firstClose > kinds.indexOf("rebalance") &&
          kinds.slice(firstClose).every((k) => k === "close"),
        kinds.join(","),
      );
      // The rebalance read exactly the accounts the post_updates wrote, and those are the ones closed.
      const posted = faults.sent.flatMap((s) =>
        s.instructions
          .filter((i) => named(i) === discriminator("post_update"))
          .map((i) => i.accounts[4]),
      );
      assert.equal(posted.length, 3);
      const rebalance = faults.sent.find((s) => s.verdict === "forward")!;
      const ballast = rebalance.instructions.at(-1)!;
      assert.ok(
        posted.every((a) => ballast.accounts.includes(a)),
        "rebalance lists the posted price accounts",
      );
      const closed = faults.sent.flatMap((s) =>
        s.instructions
          .filter((i) => named(i) === discriminator("reclaim_rent"))
          .map((i) => i.accounts[1]),
      );
      assert.deepEqual(new Set(closed), new Set(posted));
    } finally {
      hermes.server.close();
      chain.stop();
    }
  },
);
