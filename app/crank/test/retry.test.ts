// The crank's send path on a real local chain (Surfpool, the demo vault) with faults injected at the
// RPC's sendTransaction (faulty-rpc.ts): a rejected send is retried with a fresh blockhash, a dropped
// one is re-sent once it has not confirmed in time, a refusal at send time is final and readable,
// and a dry run sends nothing at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createKeyPairSignerFromBytes, createSolanaRpc } from "@solana/kit";
import { feedIdHex, getSetPauseInstruction, PAUSE_REBALANCE } from "@ballast/client";
import { deployDemo, rpcChain } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { Metrics, crankOnce, type CrankConfig } from "../src/crank.ts";
import { withFaults, type Verdict } from "./faulty-rpc.ts";

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));

/** A fresh chain with the drifted demo vault, and a crank config for it. */
async function drifted() {
  const chain = startSurfnet();
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
  const config: CrankConfig = {
    vaults: [demo.vault],
    priceAccounts: Object.fromEntries(
      demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
    ),
    priorityFee: 0n,
    dryRun: false,
    confirmTimeoutMs: 2_000,
  };
  return { chain, payer, demo, config, rpc: createSolanaRpc(chain.rpcUrl) };
}

async function confirmed(rpc: ReturnType<typeof createSolanaRpc>, signature: string) {
  const { value } = await rpc.getSignatureStatuses([signature as never]).send();
  return (
    value[0]?.confirmationStatus === "confirmed" || value[0]?.confirmationStatus === "finalized"
  );
}

test(
  "dry run sends nothing; a rejected send is retried with a fresh blockhash and confirmed",
  { timeout: 60_000 },
  async () => {
    const { chain, payer, config, rpc } = await drifted();
    try {
      const faults = withFaults(rpc, async (attempt): Promise<Verdict> => {
        if (attempt > 1) return "forward";
        // A send that times out at the RPC: by the time it gives up the chain has moved on.
        await new Promise((r) => setTimeout(r, 1_200));
        return new Error("fetch failed");
      });
      const logs: Record<string, unknown>[] = [];
      const [dry] = await crankOnce(
        faults.rpc,
        payer,
        { ...config, dryRun: true },
        new Metrics(),
        () => {},
      );
      assert.equal(dry.action, "skipped");
      assert.equal(faults.sent.length, 0, "a dry run sends nothing");

      const [outcome] = await crankOnce(faults.rpc, payer, config, new Metrics(), (e) =>
        logs.push(e as Record<string, unknown>),
      );
      assert.equal(outcome.action, "rebalanced", show(outcome));
      assert.deepEqual(
        faults.sent.map((s) => s.verdict),
        ["reject", "forward"],
      );
      assert.notEqual(
        faults.sent[1].blockhash,
        faults.sent[0].blockhash,
        "the retry is signed with a fresh blockhash",
      );
      assert.equal(outcome.action === "rebalanced" && outcome.signature, faults.sent[1].signature);
      assert.ok(await confirmed(rpc, faults.sent[1].signature), "the retry landed");
      assert.ok(
        logs.some((l) => l.level === "warn" && l.attempt === 1 && l.error === "fetch failed"),
        show(logs),
      );
    } finally {
      chain.stop();
    }
  },
);

test(
  "a dropped transaction that never confirms is re-sent with a fresh blockhash",
  { timeout: 60_000 },
  async () => {
    const { chain, payer, config, rpc } = await drifted();
    try {
      const faults = withFaults(rpc, (attempt) => (attempt === 1 ? "drop" : "forward"));
      const logs: Record<string, unknown>[] = [];
      const [outcome] = await crankOnce(faults.rpc, payer, config, new Metrics(), (e) =>
        logs.push(e as Record<string, unknown>),
      );
      assert.equal(outcome.action, "rebalanced", show(outcome));
      assert.deepEqual(
        faults.sent.map((s) => s.verdict),
        ["drop", "forward"],
      );
      assert.notEqual(faults.sent[1].signature, faults.sent[0].signature);
      assert.ok(!(await confirmed(rpc, faults.sent[0].signature)), "the dropped one never landed");
      assert.ok(await confirmed(rpc, faults.sent[1].signature));
      assert.match(
        String(logs.find((l) => l.level === "warn")?.error),
        /^not confirmed within 2 s: /,
      );
    } finally {
      chain.stop();
    }
  },
);

test(
  "a rebalance refused when sent is reported with the program's reason and not retried",
  { timeout: 60_000 },
  async () => {
    const { chain, payer, demo, config, rpc } = await drifted();
    try {
      // The guardian pauses rebalancing between the crank's simulation and its send.
      const faults = withFaults(rpc, async (attempt): Promise<Verdict> => {
        if (attempt === 1)
          await rpcChain(chain.rpcUrl, chain.wsUrl, payer).send([
            getSetPauseInstruction({ signer: payer, vault: demo.vault, paused: PAUSE_REBALANCE }),
          ]);
        return "forward";
      });
      const metrics = new Metrics();
      const [outcome] = await crankOnce(faults.rpc, payer, config, metrics, () => {});
      assert.equal(outcome.action, "failed");
      assert.match(
        outcome.action === "failed" ? outcome.reason : "",
        /^refused by the program: rebalancing is paused \(\d+\)$/,
      );
      assert.equal(faults.sent.length, 1, "a refusal is final: no retry");
      assert.match(metrics.render(), /^ballast_crank_errors_total 1$/m);
    } finally {
      chain.stop();
    }
  },
);
