// Raydium CPMM legs (either build, clusters.ts): the pool's accounts read from its pool state, and
// the program's own math on its reserves and its real fee for the quote.
import { cpmmQuote, cpmmSwapAccounts, fetchCpmmPool } from "@ballast/client";
import type { LegRequest, NoLeg, SwapLeg } from "./leg.ts";

export async function cpmmLeg({
  rpc,
  vault,
  entry,
  plan,
  sell,
  buy,
  now,
}: LegRequest): Promise<SwapLeg | NoLeg> {
  const state = await fetchCpmmPool(rpc, entry.program, entry.pool);
  if (!state.swapsEnabled) return { skip: "the pool has swaps disabled" };
  if (now < state.openTime)
    return { skip: `the pool opens at ${state.openTime}`, metric: "the pool is not open yet" };
  return {
    ammProgram: entry.program,
    accounts: cpmmSwapAccounts(
      state.pool,
      vault.swapAuthority,
      sell.mint,
      sell.tokenAccount,
      buy.tokenAccount,
    ),
    route: new Uint8Array(),
    quote: cpmmQuote(state, sell.mint, plan.amountIn),
    minOut: plan.minOut,
  };
}
