// The demo's arbitrageur. On a real cluster arbitrage keeps every pool near the market price; on the
// demo chain nobody else trades, so after each price move the pools would drift away from the
// oracle, every rebalance would fail the program's min_out, and the demo would stop rebalancing.
// Each tick this trades the payer's tokens through each CPMM pool until its price is back at the
// oracle's (constant product, the demo pools charge no fee).
import { fetchToken } from "@solana-program/token";
import { createSolanaRpc } from "@solana/kit";
import { cpmmSwapInstruction, type CpmmPool } from "@ballast/client";
import { DEMO_ASSETS, type Chain, type DemoVault } from "@ballast/demo";
import type { KeyPairSigner } from "@solana/kit";

/** Pools off the oracle by less than this are left alone (in parts per million of the price). */
const TOLERANCE_PPM = 1_000n;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/**
 * The amount of the pool's token 0 (`sell0`) or token 1 to sell so that reserves (x, y) end at the
 * price `num/den` token-1 units per token-0 unit, keeping x·y: x' = √(x·y·den/num).
 */
export function tradeToPrice(
  x: bigint,
  y: bigint,
  num: bigint,
  den: bigint,
): { sell0: boolean; amount: bigint } | undefined {
  const target0 = isqrt((x * y * den) / num);
  // |x' − x| / x below the tolerance: the pool already quotes the oracle's price.
  if ((target0 > x ? target0 - x : x - target0) * 1_000_000n < x * TOLERANCE_PPM) return undefined;
  if (target0 > x) return { sell0: true, amount: target0 - x };
  const target1 = (x * y) / target0;
  return { sell0: false, amount: target1 - y };
}

/** Brings every pool back to the prices the publisher just posted (`factors` as in publishDemoPrices). */
export async function realignPools(
  rpcUrl: string,
  chain: Chain,
  payer: KeyPairSigner,
  demo: DemoVault,
  pools: CpmmPool[],
  factors: readonly bigint[],
): Promise<number> {
  const rpc = createSolanaRpc(rpcUrl);
  const index = (mint: string) => demo.assets.findIndex((a) => a.mint === mint);
  // USD per whole token (8 decimals) times 10^-decimals: value of one atomic unit, scaled.
  const unitValue = (i: number) => ({
    price: (DEMO_ASSETS[i].price * (factors[i] ?? 10_000n)) / 10_000n,
    scale: 10n ** BigInt(DEMO_ASSETS[i].decimals),
  });
  let trades = 0;
  for (const pool of pools) {
    const [i0, i1] = [index(pool.token0Mint), index(pool.token1Mint)];
    const [x, y] = await Promise.all(
      [pool.token0Vault, pool.token1Vault].map(async (v) => (await fetchToken(rpc, v)).data.amount),
    );
    // token-1 units per token-0 unit = (p0 / 10^d0) / (p1 / 10^d1).
    const [v0, v1] = [unitValue(i0), unitValue(i1)];
    const trade = tradeToPrice(x, y, v0.price * v1.scale, v1.price * v0.scale);
    if (!trade) continue;
    const [sell, buy] = trade.sell0
      ? [demo.assets[i0], demo.assets[i1]]
      : [demo.assets[i1], demo.assets[i0]];
    await chain.send([
      cpmmSwapInstruction(pool, payer, sell.mint, sell.wallet, buy.wallet, trade.amount, 0n),
    ]);
    trades++;
  }
  return trades;
}
