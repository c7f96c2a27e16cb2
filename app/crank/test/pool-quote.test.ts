// The crank quotes the pool before sending (the real crates.io CPMM build on Surfpool, the demo's
// pools): its quote reads the pool's real fee from its AmmConfig and equals what the swap pays; a
// pool whose price moved away from the oracle is skipped with the quote in the reason and counted,
// and sending anyway shows why: the CPMM's own slippage refusal, named as the CPMM's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createKeyPairSignerFromBytes, createSolanaRpc } from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import {
  CLUSTERS,
  CPMM_PROGRAM_ADDRESS,
  cpmmQuote,
  feedIdHex,
  fetchCpmmPool,
  fetchVault,
  readableError,
  cpmmSwapInstruction,
} from "@ballast/client";
import { cpmmConfigAccount } from "@ballast/demo";
import { deployDemo, rpcChain, setAccount } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import {
  Metrics,
  POOL_SHORT,
  crankOnce,
  preview,
  rebalanceInstructions,
  simulate,
  type CrankConfig,
} from "../src/crank.ts";
import { entryFor, legFor } from "../src/swap/index.ts";

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));

async function demoChain() {
  const chain = startSurfnet();
  const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  const { demo, pools } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
  const rpc = createSolanaRpc(chain.rpcUrl);
  const vault = (await fetchVault(rpc, demo.vault)).data;
  const config: CrankConfig = {
    vaults: [demo.vault],
    priceAccounts: Object.fromEntries(
      demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount]),
    ),
    priorityFee: 0n,
    dryRun: false,
    // Not due for an observation: these passes only preview and trade.
    clock: () => vault.volObservedAt + 1n,
  };
  const prices = demo.assets.map((a) => a.priceAccount);
  return { chain, payer, demo, pools, rpc, config, prices };
}

test(
  "the CPMM quote uses the pool's real fee from its AmmConfig and is exactly what the rebalance's swap pays",
  { timeout: 120_000 },
  async () => {
    const { chain, payer, demo, pools, rpc, config, prices } = await demoChain();
    try {
      // The demo's config charges nothing; the crates.io build's fee is a flat amount of the input per
      // direction. 2 dUSD on the planned ~83 dUSD is more than the vault's 1 % slippage: skipped.
      const setFee = async (fee: bigint) => {
        const written = await cpmmConfigAccount(0, payer.address, { token0: fee, token1: fee });
        assert.equal(written.address, pools[1].config);
        await setAccount(chain.rpcUrl, written.address, written.data, CPMM_PROGRAM_ADDRESS);
      };
      await setFee(2_000_000n);
      const metrics = new Metrics();
      const [dear] = await crankOnce(rpc, payer, config, metrics, () => {});
      assert.ok(
        dear.action === "skipped" &&
          /^the pool cannot meet min_out: quote \d+ < \d+$/.test(dear.reason),
        show(dear),
      );
      // 0.3 dUSD is within it.
      const fee = 300_000n;
      await setFee(fee);
      const plan = await preview(
        rpc,
        payer.address,
        demo.vault,
        (await fetchVault(rpc, demo.vault)).data,
        prices,
      );
      const usd = demo.assets[0].mint;
      const state = await fetchCpmmPool(rpc, CPMM_PROGRAM_ADDRESS, pools[1].state);
      assert.equal(state.layout, "crates-fork");
      assert.deepEqual(state.fees, { layout: "crates-fork", token0Flat: fee, token1Flat: fee });
      const quote = cpmmQuote(state, usd, plan.amountIn);
      const withoutFee = cpmmQuote(
        { ...state, fees: { layout: "crates-fork", token0Flat: 0n, token1Flat: 0n } },
        usd,
        plan.amountIn,
      );
      assert.ok(quote < withoutFee, `the fee lowers the quote: ${quote} < ${withoutFee}`);
      // The curve by hand: out = (in − fee) · R_out / (R_in + in − fee), on the pool's reserves.
      const [rIn, rOut] =
        state.pool.token0Mint === usd
          ? [state.reserve0, state.reserve1]
          : [state.reserve1, state.reserve0];
      assert.equal(quote, ((plan.amountIn - fee) * rOut) / (rIn + plan.amountIn - fee));

      const [done] = await crankOnce(rpc, payer, config, metrics, () => {});
      assert.equal(done.action, "rebalanced", show(done));
      assert.ok(
        done.action === "rebalanced" && done.quote === quote && done.amountOut === quote,
        `quoted ${quote}, paid ${done.action === "rebalanced" ? done.amountOut : "-"}`,
      );
      assert.match(metrics.render(), /^ballast_crank_rebalances_total 1$/m);
      console.log(
        `# CPMM quote ${quote} = paid for ${plan.amountIn} dUSD units (fee ${fee}, min_out ${plan.minOut})`,
      );
    } finally {
      chain.stop();
    }
  },
);

test(
  "a pool whose price moved away from the oracle is skipped with its quote and counted; sent anyway, the CPMM refuses by its own name",
  { timeout: 120_000 },
  async () => {
    const { chain, payer, demo, pools, rpc, config, prices } = await demoChain();
    try {
      // Someone buys dBTC from the dUSD/dBTC pool with 5,000 dUSD: dBTC is dearer there than at the oracle.
      const [usd, btc] = [demo.assets[0], demo.assets[2]];
      await rpcChain(chain.rpcUrl, chain.wsUrl, payer).send([
        cpmmSwapInstruction(pools[1], payer, usd.mint, usd.wallet, btc.wallet, 5_000_000_000n, 0n),
      ]);
      const balances = async () =>
        Promise.all(
          demo.assets.map(async (a) => (await fetchToken(rpc, a.tokenAccount)).data.amount),
        );
      const before = await balances();

      const metrics = new Metrics();
      const [skipped] = await crankOnce(rpc, payer, config, metrics, () => {});
      assert.equal(skipped.action, "skipped", show(skipped));
      const match =
        skipped.action === "skipped"
          ? skipped.reason.match(/^the pool cannot meet min_out: quote (\d+) < (\d+)$/)
          : null;
      assert.ok(match, show(skipped));
      const plan = await preview(
        rpc,
        payer.address,
        demo.vault,
        (await fetchVault(rpc, demo.vault)).data,
        prices,
      );
      const state = await fetchCpmmPool(rpc, CPMM_PROGRAM_ADDRESS, pools[1].state);
      assert.equal(BigInt(match[1]), cpmmQuote(state, usd.mint, plan.amountIn));
      assert.equal(BigInt(match[2]), plan.minOut);
      assert.match(
        metrics.render(),
        new RegExp(`^ballast_crank_skips_total\\{reason="${POOL_SHORT}"\\} 1$`, "m"),
      );
      assert.deepEqual(await balances(), before, "nothing was sent");

      // What the skip spares: the same rebalance sent anyway fails in the CPMM, and says so.
      const vault = (await fetchVault(rpc, demo.vault)).data;
      const entry = entryFor(vault, usd.mint, btc.mint)!;
      const leg = await legFor(
        {
          rpc,
          vault,
          entry,
          plan,
          sell: vault.assets[0],
          buy: vault.assets[2],
          now: config.clock!(),
        },
        CLUSTERS.localnet,
      );
      assert.ok(!("skip" in leg));
      const { createBountyAccount, rebalance } = await rebalanceInstructions(
        payer,
        demo.vault,
        vault,
        prices,
        leg,
      );
      const result = await simulate(rpc, payer.address, [createBountyAccount, rebalance]);
      assert.equal(
        readableError(result.err, result.logs ?? undefined),
        "refused by Raydium CPMM (crates.io build): exceeds desired slippage limit (the pool pays less than min_out) (6005)",
      );
      console.log(`# skipped: quote ${match[1]} < min_out ${match[2]}`);
    } finally {
      chain.stop();
    }
  },
);
