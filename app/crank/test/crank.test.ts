// The crank against the demo on a real local chain (embedded Surfpool, the .so files deployed, the
// Raydium CPMM pools of make demo): dry-run sends nothing, a drifted vault gets rebalanced, a vault
// that must wait is skipped with the program's reason, a paused vault is reported, metrics count it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createKeyPairSignerFromBytes, createSolanaRpc, type Signature } from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import { feedIdHex, fetchVault, getSetPauseInstruction, PAUSE_REBALANCE } from "@ballast/client";
import { deployDemo, rpcChain } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { Metrics, crankOnce, observationDue, type CrankConfig } from "../src/crank.ts";

test(
  "the crank rebalances a drifted vault, then skips it with the program's reason",
  { timeout: 120_000 },
  async () => {
    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const rpc = createSolanaRpc(chain.rpcUrl);
      const config: CrankConfig = {
        vaults: [demo.vault],
        priceAccounts: Object.fromEntries(
          demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
        ),
        priorityFee: 0n,
        dryRun: true,
      };
      // The demo's deployment observed the vault moments ago; the crank's clock is put past
      // vol_observation_secs (60) so the first live pass finds the observation due, and only that one.
      const deployed = (await fetchVault(rpc, demo.vault)).data;
      let observeAt = deployed.volObservedAt + 61n;
      config.clock = () => observeAt;
      const metrics = new Metrics();
      const logs: object[] = [];
      const balances = async () =>
        Promise.all(
          demo.assets.map(async (a) => (await fetchToken(rpc, a.tokenAccount)).data.amount),
        );
      const shareMint = demo.shareMint;

      // Dry run: the plan is logged, nothing is sent. dBTC is missing (0% of 30%), dUSD overweight.
      const before = await balances();
      const [dry] = await crankOnce(rpc, payer, config, metrics, (e) => logs.push(e));
      assert.equal(dry.action, "skipped");
      assert.ok(dry.action === "skipped" && dry.reason === "dry run" && dry.preview?.refusal === 0);
      assert.ok(
        dry.action === "skipped" && dry.preview?.sell === 0 && dry.preview?.buy === 2,
        "sell dUSD, buy dBTC",
      );
      assert.deepEqual(await balances(), before);
      // The dry run notes the observation it would send, and sends nothing.
      assert.ok(logs.some((e) => JSON.stringify(e).includes("would send accrue_fees")));
      assert.equal((await fetchVault(rpc, demo.vault)).data.feesAccruedAt, deployed.feesAccruedAt);

      const [done] = await crankOnce(rpc, payer, { ...config, dryRun: false }, metrics, (e) =>
        logs.push(e),
      );
      assert.equal(
        done.action,
        "rebalanced",
        JSON.stringify(done, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );
      const after = await balances();
      assert.ok(after[0] < before[0] && after[2] > 0n, "dUSD sold into dBTC");
      // The bounty, read back from the Rebalanced event: shares of the vault (the demo's choice).
      assert.ok(
        done.action === "rebalanced" && done.bounty?.mint === shareMint && done.bounty.amount > 0n,
        "a bounty in shares was paid",
      );
      // Before trading, the pass observed the vault: its accrue_fees transaction succeeded on chain.
      assert.ok(done.observation, "an observation was sent");
      const observation = await rpc
        .getTransaction(done.observation as Signature, {
          maxSupportedTransactionVersion: 0,
          encoding: "json",
          commitment: "confirmed",
        })
        .send();
      assert.equal(observation?.meta?.err, null);
      assert.ok(observation?.meta?.logMessages?.includes("Program log: Instruction: AccrueFees"));
      assert.ok(observation?.transaction.message.accountKeys.includes(demo.vault));
      const observedVault = (await fetchVault(rpc, demo.vault)).data;
      assert.ok(
        !observationDue(observedVault, observedVault.volObservedAt + 1n),
        "not due again within vol_observation_secs",
      );
      assert.ok(
        observationDue(observedVault, observedVault.volObservedAt + 60n),
        "due after vol_observation_secs",
      );
      assert.ok(
        observationDue(
          { ...observedVault, breakerTrippedAt: 1n },
          observedVault.volObservedAt + 1n,
        ),
        "due on every pass while tripped",
      );

      observeAt = observedVault.volObservedAt + 1n; // not due: the later passes only preview
      const [again] = await crankOnce(rpc, payer, { ...config, dryRun: false }, metrics, (e) =>
        logs.push(e),
      );
      assert.ok(
        again.action === "skipped" && again.reason === "the last rebalance was too recent",
        JSON.stringify(again, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );

      // Paused by the guardian (the demo payer): reported with the program's reason.
      await rpcChain(chain.rpcUrl, chain.wsUrl, payer).send([
        getSetPauseInstruction({ signer: payer, vault: demo.vault, paused: PAUSE_REBALANCE }),
      ]);
      const [paused] = await crankOnce(rpc, payer, { ...config, dryRun: false }, metrics, (e) =>
        logs.push(e),
      );
      assert.ok(paused.action === "skipped" && paused.reason === "rebalancing is paused");

      const text = metrics.render();
      assert.match(text, /^ballast_crank_rebalances_total 1$/m);
      assert.match(text, /^ballast_crank_observations_total 1$/m);
      assert.match(
        text,
        new RegExp(`^ballast_crank_bounty_earned_total\\{mint="${shareMint}"\\} [1-9]\\d*$`, "m"),
      );
      assert.match(text, /^ballast_crank_skips_total\{reason="dry run"\} 1$/m);
      assert.match(text, /^ballast_crank_skips_total\{reason="rebalancing is paused"\} 1$/m);
      // One line per outcome, and the dry run's note about the observation it did not send.
      assert.equal(logs.length, 5);
    } finally {
      chain.stop();
    }
  },
);
