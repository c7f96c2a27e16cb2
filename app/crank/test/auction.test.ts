// The crank as a solver, against the demo on a real local chain (embedded Surfpool, the .so files
// deployed, the demo's Raydium CPMM pools): with `auctions` on it opens an auction where the program
// says a rebalance is due, skips the fill while the ask is above what the pinned pool pays, fills it
// once the ask has decayed below (paying exactly the program's ask, keeping the rest), counts it in
// its metrics, and closes the filled auction on the next pass; and the same fill through a
// Jupiter-compatible route (a local server answering in Jupiter's format, jupiter-server.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createKeyPairSignerFromBytes, createSolanaRpc, type Signature } from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import { eventsFromLogs, feedIdHex, fetchVault, findEvent } from "@ballast/client";
import { publishDemoPrices, type DemoVault } from "@ballast/demo";
import { advanceClock, deployDemo, rpcChain } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import { ASK_ABOVE_QUOTE, findAuction } from "../src/auction.ts";
import { Metrics, crankOnce, type CrankConfig } from "../src/crank.ts";
import { serveJupiter, type JupiterStandIn } from "./jupiter-server.ts";

/** The crank rebalancing the demo vault by auction, on the demo's price accounts. */
const auctionCrank = (demo: DemoVault, extra: Partial<CrankConfig> = {}): CrankConfig => ({
  vaults: [demo.vault],
  priceAccounts: Object.fromEntries(demo.assets.map((a) => [feedIdHex(a.feedId), a.priceAccount])),
  priorityFee: 0n,
  dryRun: false,
  auctions: true,
  ...extra,
});

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));

test(
  "the crank opens an auction, waits while its ask is above the pool, then fills it at the program's ask",
  { timeout: 180_000 },
  async () => {
    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const rpc = createSolanaRpc(chain.rpcUrl);
      const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      const config = auctionCrank(demo);
      const metrics = new Metrics();
      const pass = async () => (await crankOnce(rpc, payer, config, metrics, () => {}))[0];
      const balances = async () =>
        Promise.all(
          demo.assets.map(async (a) => (await fetchToken(rpc, a.tokenAccount)).data.amount),
        );
      const wallets = async () =>
        Promise.all(demo.assets.map(async (a) => (await fetchToken(rpc, a.wallet)).data.amount));

      // The demo vault is drifted (dBTC empty): an auction opens for the program's plan.
      const opened = await pass();
      assert.equal(opened.action, "auction-opened", show(opened));
      const auction = await findAuction(rpc, demo.vault);
      assert.ok(auction, "the auction account exists");
      assert.ok(opened.action === "auction-opened" && opened.auction === auction.address);
      assert.equal(auction.data.sell, 0, "sells dUSD");
      assert.equal(auction.data.buy, 2, "buys dBTC");
      assert.equal(auction.data.remaining, auction.data.amount);
      assert.equal(
        (await fetchVault(rpc, demo.vault)).data.auctionExpiresAt,
        auction.data.expiresAt,
      );

      // At once the ask is 1% above the oracle; the pool (at the oracle, no fee) pays less: skipped.
      const before = await balances();
      const early = await pass();
      assert.ok(
        early.action === "skipped" && early.metric === ASK_ABOVE_QUOTE,
        `skipped with the quote: ${show(early)}`,
      );
      assert.deepEqual(await balances(), before, "a skipped fill moves nothing");

      // 280 s later (of 300) the ask is 0.4% under the oracle: the pool's price beats it.
      await advanceClock(chain.rpcUrl, publisher, 280);
      await publishDemoPrices(publisher, demo);
      const walletsBefore = await wallets();
      const filled = await pass();
      assert.equal(filled.action, "auction-filled", show(filled));
      if (filled.action !== "auction-filled") return;
      assert.equal(filled.amountIn, auction.data.amount, "the whole auction in one fill");
      assert.ok(filled.quote > filled.paid, "the crank keeps the difference");
      // The vault gave exactly the auction's amount of dUSD and got exactly the program's ask.
      const after = await balances();
      assert.equal(after[0], before[0] - filled.amountIn);
      assert.equal(after[2], before[2] + filled.paid);
      // The crank's own dBTC account (the payer's wallet) kept the pool's output less the ask.
      const walletsAfter = await wallets();
      assert.equal(walletsAfter[2] - walletsBefore[2], filled.quote - filled.paid);
      const tx = await rpc
        .getTransaction(filled.signature as Signature, {
          maxSupportedTransactionVersion: 0,
          encoding: "json",
          commitment: "confirmed",
        })
        .send();
      const event = findEvent(eventsFromLogs(tx?.meta?.logMessages ?? []), "AuctionFilled");
      assert.ok(event, "the fill's AuctionFilled event");
      assert.equal(event.amountIn, filled.amountIn);
      assert.equal(event.amountOut, filled.paid);
      assert.equal(event.requiredOut, filled.paid, "paid exactly the ask");
      assert.equal(event.remaining, 0n);
      assert.ok(
        event.askFactorBps < 10_000 && event.askFactorBps >= 9_950,
        `${event.askFactorBps}`,
      );
      assert.equal(filled.askFactorBps, event.askFactorBps);
      assert.ok(filled.computeUnits > 0, "the compute-unit limit came from simulation");
      const rendered = metrics.render();
      assert.match(rendered, /^ballast_crank_auctions_opened_total 1$/m);
      assert.ok(
        rendered.includes(`ballast_crank_auction_fills_total{auction="${auction.address}"} 1`),
        rendered,
      );
      assert.ok(
        rendered.includes(
          `ballast_crank_auction_kept_total{auction="${auction.address}"} ${filled.quote - filled.paid}`,
        ),
      );

      // Filled: the next pass closes the auction (rent back to its opener, the crank) and the
      // program's minimum interval holds the next rebalance.
      const next = await pass();
      assert.equal(next.action, "skipped", show(next));
      assert.equal(await findAuction(rpc, demo.vault), undefined, "the filled auction was closed");
    } finally {
      chain.stop();
    }
  },
);

test(
  "the crank fills an auction through a Jupiter-compatible route from its own wallet",
  { timeout: 180_000 },
  async () => {
    const chain = startSurfnet();
    let jupiter: JupiterStandIn | undefined;
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo, pools } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const rpc = createSolanaRpc(chain.rpcUrl);
      const publisher = rpcChain(chain.rpcUrl, chain.wsUrl, payer);
      const [usd, btc] = [demo.assets[0].mint, demo.assets[2].mint];
      const pool = pools.find(
        (p) => [p.token0Mint, p.token1Mint].sort().join() === [usd, btc].sort().join(),
      );
      assert.ok(pool, "the demo's dUSD/dBTC pool");
      jupiter = await serveJupiter(chain.rpcUrl, pool);
      const config = auctionCrank(demo, { jupiter: jupiter.url });
      const pass = async () => (await crankOnce(rpc, payer, config, new Metrics(), () => {}))[0];
      assert.equal((await pass()).action, "auction-opened");
      await advanceClock(chain.rpcUrl, publisher, 280);
      await publishDemoPrices(publisher, demo);
      const before = (await fetchToken(rpc, demo.assets[2].tokenAccount)).data.amount;
      const filled = await pass();
      assert.equal(filled.action, "auction-filled", show(filled));
      if (filled.action !== "auction-filled") return;
      assert.equal(
        (await fetchToken(rpc, demo.assets[2].tokenAccount)).data.amount,
        before + filled.paid,
      );
      // The route was quoted for the whole auction and built for the crank's own wallet, paying
      // into its own dBTC account (the vault is paid by the crank's transfer).
      const quote = jupiter.requests.find((r) => r.path === "/quote");
      assert.equal(quote?.query?.inputMint, usd);
      assert.equal(quote?.query?.amount, String(filled.amountIn));
      const swap = jupiter.requests.find((r) => r.path === "/swap-instructions")?.body as {
        userPublicKey: string;
        destinationTokenAccount: string;
      };
      assert.equal(swap.userPublicKey, payer.address);
      assert.equal(swap.destinationTokenAccount, demo.assets[2].wallet);
    } finally {
      jupiter?.server.close();
      chain.stop();
    }
  },
);
