// The crank through the route adapter (Surfpool, the real Ballast and crates.io CPMM programs): a
// vault whose allow-list has only a route for the pair (the CPMM program allowed as a route, with
// its own 0.5 % slippage bound), rebalanced from a Jupiter-compatible quote API — a local server
// answering in Jupiter's format (jupiter-server.ts) whose one route is the CPMM's swap.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  address,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  generateKeyPairSigner,
  type Signature,
} from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import {
  CPMM_PROGRAM_ADDRESS,
  eventsFromLogs,
  feedIdHex,
  fetchVault,
  findShareMintPda,
  getAddAmmInstruction,
  ADAPTER,
  findEvent,
} from "@ballast/client";
import {
  DEMO_ASSETS,
  cpmmConfigAccount,
  cpmmInitializeInstruction,
  cpmmObservationData,
  cpmmPool,
  createDemoVault,
  demoDeposit,
  publishDemoPrices,
} from "@ballast/demo";
import { advanceClock, rpcChain, setAccount } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { Metrics, crankOnce, preview, type CrankConfig } from "../src/crank.ts";
import { routeMinOut } from "../src/swap/route.ts";
import { serveJupiter } from "./jupiter-server.ts";

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));
const ROUTE_SLIPPAGE_BPS = 50;

test(
  "the crank rebalances a vault through its route entry from a Jupiter-compatible quote API",
  { timeout: 120_000 },
  async () => {
    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const rc = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      const rpc = createSolanaRpc(chain.rpcUrl);
      const demo = await createDemoVault(rc, payer, 7n);
      const [usd, btc] = [demo.assets[0], demo.assets[2]];
      // A dUSD/dBTC pool at the demo price, 100,000 dUSD deep.
      const config = await cpmmConfigAccount(0, payer.address);
      await setAccount(chain.rpcUrl, config.address, config.data, CPMM_PROGRAM_ADDRESS);
      const observation = (await generateKeyPairSigner()).address;
      await setAccount(chain.rpcUrl, observation, cpmmObservationData(), CPMM_PROGRAM_ADDRESS);
      const pool = await cpmmPool(config.address, usd.mint, btc.mint, observation);
      const depth = {
        [usd.mint]: [100_000_000_000n, usd.wallet],
        [btc.mint]: [(100_000n * 10n ** 8n * 100_000_000n) / DEMO_ASSETS[2].price, btc.wallet],
      } as const;
      const [a0, a1] = [depth[pool.token0Mint], depth[pool.token1Mint]];
      await rc.send([await cpmmInitializeInstruction(pool, payer, a0[1], a1[1], a0[0], a1[0])]);
      // Governance allows the CPMM program as a route for the pair: no pool pinned, 0.5 % slippage.
      const [shareMint] = await findShareMintPda({ vault: demo.vault });
      await rc.send([
        getAddAmmInstruction({
          authority: payer,
          vault: demo.vault,
          shareMint,
          ammProgram: CPMM_PROGRAM_ADDRESS,
          adapter: ADAPTER.route,
          pool: address("11111111111111111111111111111111"),
          mintA: usd.mint,
          mintB: btc.mint,
          maxSlippageBps: ROUTE_SLIPPAGE_BPS,
        }),
      ]);
      await advanceClock(chain.rpcUrl, rc, 2);
      await publishDemoPrices(rc, demo);
      await rc.send([demoDeposit(demo, payer, 0, 250_000_000n)]);
      await rc.send([demoDeposit(demo, payer, 1, 1_000_000_000n)]);

      const crankConfig: CrankConfig = {
        vaults: [demo.vault],
        priceAccounts: Object.fromEntries(
          demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
        ),
        priorityFee: 0n,
        dryRun: false,
      };
      const metrics = new Metrics();
      // Without a quote API the route cannot be priced: skipped, saying what is missing.
      const [noApi] = await crankOnce(
        rpc,
        payer,
        { ...crankConfig, dryRun: true },
        metrics,
        () => {},
      );
      assert.ok(
        noApi.action === "skipped" &&
          noApi.reason ===
            "a route is allow-listed for the pair, but no quote API is configured (--jupiter URL)",
        show(noApi),
      );

      // A quote API that does not answer: the pass fails and says where.
      const [down] = await crankOnce(
        rpc,
        payer,
        { ...crankConfig, dryRun: true, jupiter: "http://127.0.0.1:1" },
        metrics,
        () => {},
      );
      assert.ok(
        down.action === "failed" && down.reason.startsWith("quoting the allow-listed route: "),
        show(down),
      );

      const jupiter = await serveJupiter(chain.rpcUrl, pool);
      try {
        const vault = (await fetchVault(rpc, demo.vault)).data;
        const plan = await preview(
          rpc,
          payer.address,
          demo.vault,
          vault,
          demo.assets.map((a) => a.priceAccount),
        );
        assert.deepEqual([plan.refusal, plan.sell, plan.buy], [0, 0, 2], "sell dUSD, buy dBTC");
        const btcBefore = (await fetchToken(rpc, btc.tokenAccount)).data.amount;
        const [done] = await crankOnce(
          rpc,
          payer,
          { ...crankConfig, jupiter: jupiter.url },
          metrics,
          () => {},
        );
        assert.equal(done.action, "rebalanced", show(done));
        if (done.action !== "rebalanced") return;

        // What the crank asked the API: the planned input at the route's own bound, for the vault.
        assert.deepEqual(
          jupiter.requests.map((r) => r.path),
          ["/quote", "/swap-instructions"],
        );
        const q = jupiter.requests[0].query!;
        assert.deepEqual(
          [q.inputMint, q.outputMint, q.amount, q.slippageBps, q.swapMode],
          [usd.mint, btc.mint, String(plan.amountIn), String(ROUTE_SLIPPAGE_BPS), "ExactIn"],
        );
        const body = jupiter.requests[1].body as {
          userPublicKey: string;
          destinationTokenAccount: string;
          wrapAndUnwrapSol: boolean;
        };
        assert.deepEqual(
          [body.userPublicKey, body.destinationTokenAccount, body.wrapAndUnwrapSol],
          [vault.swapAuthority, btc.tokenAccount, false],
        );

        // On chain: the swap went through the CPMM as a route, paid the quote, at least the route's min_out.
        const tx = await rpc
          .getTransaction(done.signature as Signature, {
            maxSupportedTransactionVersion: 0,
            encoding: "json",
            commitment: "confirmed",
          })
          .send();
        const event = findEvent(eventsFromLogs(tx?.meta?.logMessages ?? []), "Rebalanced");
        assert.ok(event, "a Rebalanced event");
        assert.equal(event.ammProgram, CPMM_PROGRAM_ADDRESS);
        assert.equal(event.amountIn, plan.amountIn);
        assert.equal(event.amountOut, done.quote, "the route paid what the API quoted");
        assert.equal((await fetchToken(rpc, btc.tokenAccount)).data.amount - btcBefore, done.quote);
        // The route's tighter bound: the program's min_out and the crank's estimate of it agree.
        assert.equal(event.minOut, done.minOut);
        assert.equal(
          done.minOut,
          routeMinOut(plan.minOut, vault.params.maxSlippageBps, ROUTE_SLIPPAGE_BPS),
        );
        assert.ok(
          event.minOut > plan.minOut,
          `route min_out ${event.minOut} above the vault's ${plan.minOut}`,
        );
        assert.match(metrics.render(), /^ballast_crank_rebalances_total 1$/m);
        console.log(
          `# route: ${plan.amountIn} dUSD units -> ${event.amountOut} dBTC units (quote ${done.quote}, route min_out ${event.minOut}, vault min_out ${plan.minOut})`,
        );
      } finally {
        jupiter.server.close();
      }
    } finally {
      chain.stop();
    }
  },
);
