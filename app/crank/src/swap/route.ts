// Route legs from a Jupiter-compatible quote API (`--jupiter URL`, `@jup-ag/api`): the route is
// quoted for the planned input at the entry's own slippage bound, and its swap instruction becomes
// `rebalance`'s route data and accounts. The API builds the swap for a wallet (`userPublicKey`: the
// vault's swap authority) selling from that wallet's associated account; the vault sells from its
// own account instead, which the swap authority may spend as delegate, so that account takes the
// associated one's place, and the output goes straight to the vault (`destinationTokenAccount`).
import { Configuration, SwapApi } from "@jup-ag/api";
import { AccountRole, address, getBase64Encoder, type AccountMeta } from "@solana/kit";
import { findAssociatedTokenPda } from "@solana-program/token";
import { asRebalanceMetas, type LegRequest, type NoLeg, type SwapLeg } from "./leg.ts";

const BPS = 10_000n;

/**
 * The least `rebalance` accepts through a route: the preview's `min_out` is the fair output less the
 * vault's slippage (rounded up); a route entry allows only its own, tighter slippage of the same
 * fair output. An estimate within one unit; the program's own figure is what it enforces.
 */
export function routeMinOut(
  previewMinOut: bigint,
  vaultSlippageBps: number,
  routeSlippageBps: number,
): bigint {
  const bound = Math.min(routeSlippageBps, vaultSlippageBps);
  const fair = (previewMinOut * BPS) / (BPS - BigInt(vaultSlippageBps));
  return (fair * (BPS - BigInt(bound)) + BPS - 1n) / BPS;
}

export async function routeLeg({
  vault,
  entry,
  plan,
  sell,
  buy,
  jupiter,
}: LegRequest): Promise<SwapLeg | NoLeg> {
  if (!jupiter)
    return {
      skip: "a route is allow-listed for the pair, but no quote API is configured (--jupiter URL)",
      metric: "no quote API for the route",
    };
  // Not `createJupiterApiClient`: it overrides any basePath with Jupiter's own hosts.
  const api = new SwapApi(new Configuration({ basePath: jupiter }));
  const quote = await api.quoteGet({
    inputMint: sell.mint,
    outputMint: buy.mint,
    amount: Number(plan.amountIn),
    slippageBps: entry.maxSlippageBps,
    swapMode: "ExactIn",
  });
  if (BigInt(quote.inAmount) !== plan.amountIn)
    return {
      skip: `the route quotes ${quote.inAmount} in, not the planned ${plan.amountIn}`,
      metric: "the route does not match the plan",
    };
  const swap = await api.swapInstructionsPost({
    swapRequest: {
      userPublicKey: vault.swapAuthority,
      quoteResponse: quote,
      wrapAndUnwrapSol: false,
      useSharedAccounts: false,
      destinationTokenAccount: buy.tokenAccount,
    },
  });
  if (swap.swapInstruction.programId !== entry.program)
    return {
      skip: `the route goes through ${swap.swapInstruction.programId}, not the allow-listed ${entry.program}`,
      metric: "the route is not through the allow-listed program",
    };
  // Setup (creating the wallet's token accounts), cleanup and compute-budget instructions serve a
  // wallet's own swap; the vault's accounts exist and the crank sets its own budget.
  if (swap.addressLookupTableAddresses.length)
    return {
      skip: "the route needs address lookup tables, which the crank does not load yet",
      metric: "the route needs lookup tables",
    };
  const [walletInput] = await findAssociatedTokenPda({
    owner: vault.swapAuthority,
    mint: sell.mint,
    tokenProgram: sell.tokenProgram,
  });
  const accounts: AccountMeta[] = swap.swapInstruction.accounts.map((a) => ({
    address: a.pubkey === walletInput ? sell.tokenAccount : address(a.pubkey),
    role: a.isWritable
      ? a.isSigner
        ? AccountRole.WRITABLE_SIGNER
        : AccountRole.WRITABLE
      : a.isSigner
        ? AccountRole.READONLY_SIGNER
        : AccountRole.READONLY,
  }));
  return {
    ammProgram: address(swap.swapInstruction.programId),
    accounts: asRebalanceMetas(accounts, vault.swapAuthority),
    route: new Uint8Array(getBase64Encoder().encode(swap.swapInstruction.data)),
    quote: BigInt(quote.outAmount),
    minOut: routeMinOut(plan.minOut, vault.params.maxSlippageBps, entry.maxSlippageBps),
  };
}
