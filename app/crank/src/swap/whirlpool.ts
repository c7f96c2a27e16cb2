// Orca Whirlpool legs: `swap_v2`'s 15 accounts from Orca's own client (addresses, the instruction
// builder) and the quote from Orca's own math (`@orca-so/whirlpools-core`) over the same tick arrays
// the swap is given. Ballast's adapter takes exactly the 15 accounts and no supplemental tick arrays
// (programs/ballast/src/swap/orca_whirlpool.rs), so the three arrays are the ones in the swap's
// direction from the current tick: Orca's SDK passes [current, +1, +2] and two more as supplemental
// accounts, which `rebalance` could not forward, so a sell of token A would see only one array.
import { createNoopSigner, type AccountMeta, type Address } from "@solana/kit";
import { MEMO_PROGRAM_ADDRESS } from "@solana-program/memo";
import {
  fetchAllMaybeTickArray,
  fetchMaybeOracle,
  fetchWhirlpool,
  getOracleAddress,
  getSwapV2Instruction,
  getTickArrayAddress,
  type Whirlpool,
} from "@orca-so/whirlpools-client";
import {
  _TICK_ARRAY_SIZE,
  getTickArrayStartTickIndex,
  swapQuoteByInputToken,
  type TickArrayFacade,
} from "@orca-so/whirlpools-core";
import { asRebalanceMetas, type LegRequest, type NoLeg, type SwapLeg } from "./leg.ts";

/** Start tick indexes of the three tick arrays a swap from `tickCurrentIndex` walks through. */
export function swapTickArrayStarts(
  tickCurrentIndex: number,
  tickSpacing: number,
  aToB: boolean,
): number[] {
  const start = getTickArrayStartTickIndex(tickCurrentIndex, tickSpacing);
  const step = _TICK_ARRAY_SIZE() * tickSpacing * (aToB ? -1 : 1);
  return [start, start + step, start + 2 * step];
}

/** A tick array that does not exist yet reads as one without liquidity (as Orca's SDK does). */
const uninitialized = (startTickIndex: number): TickArrayFacade => ({
  startTickIndex,
  ticks: Array.from({ length: _TICK_ARRAY_SIZE() }, () => ({
    initialized: false,
    liquidityNet: 0n,
    liquidityGross: 0n,
    feeGrowthOutsideA: 0n,
    feeGrowthOutsideB: 0n,
    rewardGrowthsOutside: [0n, 0n, 0n],
  })),
});

/** Whether the pool charges an adaptive fee (then its oracle account feeds the quote); Orca's rule:
 * a fee tier index other than the tick spacing. */
const adaptiveFee = (w: Whirlpool) =>
  w.feeTierIndexSeed[0] + w.feeTierIndexSeed[1] * 256 !== w.tickSpacing;

export type WhirlpoolSwap = {
  accounts: AccountMeta[];
  aToB: boolean;
  tickArrays: TickArrayFacade[];
  whirlpool: Whirlpool;
  oracle: Address;
};

/** `swap_v2`'s accounts for selling `sell` from `input` into `output` through `pool`, signed for by
 * `authority`, with Orca's instruction builder (amounts are Ballast's to set: zero here). */
export async function whirlpoolSwapAccounts(
  rpc: LegRequest["rpc"],
  program: Address,
  pool: Address,
  authority: Address,
  sell: { mint: Address; tokenProgram: Address; tokenAccount: Address },
  buy: { mint: Address; tokenProgram: Address; tokenAccount: Address },
): Promise<WhirlpoolSwap> {
  const { data: whirlpool } = await fetchWhirlpool(rpc, pool);
  const aToB = sell.mint === whirlpool.tokenMintA;
  if (
    ![whirlpool.tokenMintA, whirlpool.tokenMintB].includes(sell.mint) ||
    ![whirlpool.tokenMintA, whirlpool.tokenMintB].includes(buy.mint)
  )
    throw new Error(`pool ${pool} does not trade ${sell.mint} for ${buy.mint}`);
  const starts = swapTickArrayStarts(whirlpool.tickCurrentIndex, whirlpool.tickSpacing, aToB);
  const addresses = await Promise.all(
    starts.map(async (s) => (await getTickArrayAddress(pool, s, program))[0]),
  );
  const fetched = await fetchAllMaybeTickArray(rpc, addresses);
  const tickArrays = fetched.map((t, i) =>
    t.exists ? (t.data as TickArrayFacade) : uninitialized(starts[i]),
  );
  const [oracle] = await getOracleAddress(pool, program);
  const [a, b] = aToB ? [sell, buy] : [buy, sell];
  const ix = getSwapV2Instruction(
    {
      tokenProgramA: a.tokenProgram,
      tokenProgramB: b.tokenProgram,
      memoProgram: MEMO_PROGRAM_ADDRESS,
      tokenAuthority: createNoopSigner(authority),
      whirlpool: pool,
      tokenMintA: whirlpool.tokenMintA,
      tokenMintB: whirlpool.tokenMintB,
      tokenOwnerAccountA: a.tokenAccount,
      tokenVaultA: whirlpool.tokenVaultA,
      tokenOwnerAccountB: b.tokenAccount,
      tokenVaultB: whirlpool.tokenVaultB,
      tickArray0: addresses[0],
      tickArray1: addresses[1],
      tickArray2: addresses[2],
      oracle,
      amount: 0n,
      otherAmountThreshold: 0n,
      sqrtPriceLimit: 0n,
      amountSpecifiedIsInput: true,
      aToB,
      remainingAccountsInfo: null,
    },
    { programAddress: program },
  );
  return {
    accounts: asRebalanceMetas(ix.accounts, authority),
    aToB,
    tickArrays,
    whirlpool,
    oracle,
  };
}

export async function whirlpoolLeg({
  rpc,
  vault,
  entry,
  plan,
  sell,
  buy,
  now,
}: LegRequest): Promise<SwapLeg | NoLeg> {
  const swap = await whirlpoolSwapAccounts(
    rpc,
    entry.program,
    entry.pool,
    vault.swapAuthority,
    sell,
    buy,
  );
  const oracle = adaptiveFee(swap.whirlpool) ? await fetchMaybeOracle(rpc, swap.oracle) : undefined;
  let quote: bigint;
  try {
    quote = swapQuoteByInputToken(
      plan.amountIn,
      swap.aToB,
      0,
      swap.whirlpool,
      oracle?.exists ? oracle.data : undefined,
      swap.tickArrays,
      now,
    ).tokenEstOut;
  } catch (error) {
    return {
      skip: `the pool's three tick arrays cannot fill the trade (${error instanceof Error ? error.message : String(error)})`,
      metric: "the pool cannot fill the trade",
    };
  }
  return {
    ammProgram: entry.program,
    accounts: swap.accounts,
    route: new Uint8Array(),
    quote,
    minOut: plan.minOut,
  };
}
