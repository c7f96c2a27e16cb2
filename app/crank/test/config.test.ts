// The crank's cluster profile and quote API from its flags: --cluster sets the default RPC and
// quote API and the programs pinned pools must belong to; a pool of another cluster's program is
// skipped with the reason (the real demo chain on Surfpool).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKeyPairSignerFromBytes, createSolanaRpc } from "@solana/kit";
import { CLUSTERS, feedIdHex } from "@ballast/client";
import { deployDemo } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { Metrics, crankOnce } from "../src/crank.ts";
import { loadConfig } from "../src/main.ts";

test("--cluster picks the RPC, the quote API and the AMM programs; --rpc and --jupiter override them", () => {
  const file = join(mkdtempSync(join(tmpdir(), "crank-")), "crank.json");
  // An older config that still lists pools: they are not read any more (the chain names them).
  writeFileSync(file, JSON.stringify({ priceAccounts: {}, pools: [{ state: "not read" }] }));
  const base = { vaults: [], dryRun: true, priorityFee: 0n };
  const local = loadConfig(file, base);
  assert.deepEqual(
    [local.rpcUrl, local.cluster?.name, local.jupiter],
    ["http://127.0.0.1:8899", "localnet", undefined],
  );
  assert.deepEqual(local.cluster?.programs.raydiumCpmm, [
    "CVF4q3yFpyQwV8DLDiJ9Ew6FFLE1vr5ToRzsXYQTaNrj",
    "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C",
  ]);
  const mainnet = loadConfig(file, { ...base, cluster: "mainnet-beta" });
  assert.deepEqual(
    [mainnet.rpcUrl, mainnet.jupiter],
    ["https://api.mainnet-beta.solana.com", "https://lite-api.jup.ag/swap/v1"],
  );
  assert.deepEqual(mainnet.cluster?.programs.raydiumCpmm, [
    "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C",
  ]);
  assert.equal(
    mainnet.cluster?.programs.orcaWhirlpool,
    "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc",
  );
  const custom = loadConfig(file, {
    ...base,
    cluster: "https://rpc.example",
    jupiterUrl: "http://127.0.0.1:9999",
  });
  assert.deepEqual(
    [custom.rpcUrl, custom.cluster?.name, custom.jupiter, custom.cluster?.programs.raydiumCpmm],
    [
      "https://rpc.example",
      "custom",
      "http://127.0.0.1:9999",
      mainnet.cluster?.programs.raydiumCpmm,
    ],
  );
  assert.equal(
    loadConfig(file, { ...base, cluster: "devnet", rpcUrl: "http://mine" }).rpcUrl,
    "http://mine",
  );
  assert.throws(
    () => loadConfig(file, { ...base, cluster: "testnet" }),
    /--cluster must be one of localnet, devnet, mainnet-beta or an http\(s\) URL, got "testnet"/,
  );
  assert.throws(
    () => loadConfig(file, { ...base, jupiterUrl: "quote.example" }),
    /--jupiter must be an http\(s\) URL/,
  );
});

test(
  "a pool pinned to another cluster's AMM program is skipped with the reason",
  { timeout: 120_000 },
  async () => {
    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const priceAccounts = Object.fromEntries(
        demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
      );
      const metrics = new Metrics();
      const [outcome] = await crankOnce(
        createSolanaRpc(chain.rpcUrl),
        payer,
        {
          vaults: [demo.vault],
          priceAccounts,
          priorityFee: 0n,
          dryRun: true,
          cluster: CLUSTERS["mainnet-beta"],
        },
        metrics,
        () => {},
      );
      const [fork, raydium] = [
        CLUSTERS.localnet.programs.raydiumCpmm[0],
        CLUSTERS["mainnet-beta"].programs.raydiumCpmm[0],
      ];
      assert.ok(
        outcome.action === "skipped" &&
          outcome.reason === `the allow-listed program ${fork} is not mainnet-beta's (${raydium})`,
        JSON.stringify(outcome, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      );
      assert.match(
        metrics.render(),
        /^ballast_crank_skips_total\{reason="the allow-listed program is not the cluster's"\} 1$/m,
      );
    } finally {
      chain.stop();
    }
  },
);
