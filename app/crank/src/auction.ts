// The crank as a solver of Ballast's rebalance auctions (docs/auctions.md). With `auctions` on, a
// vault the program says is due gets an auction (`open_auction`) instead of a pool swap. An open
// auction, whoever opened it, is filled when the crank's liquidity pays more than the auction's
// current ask: one transaction of fill_begin (the vault sends the sold asset to the crank's account)
// → a swap from the crank's own accounts (the vault's pinned CPMM pool, or a Jupiter-compatible
// route when `jupiter` is set) → the ask paid into the vault → fill_end. The ask is the program's
// own figure: the fill is simulated first, and the simulation's AuctionFilled event says what the
// program requires; the crank keeps the rest.
import {
  AccountRole,
  address,
  getBase64Encoder,
  type Address,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";
import { Configuration, SwapApi } from "@jup-ag/api";
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getTransferCheckedInstruction,
} from "@solana-program/token";
import {
  BALLAST_ERROR__AUCTION_FILL_SHORT,
  activeAssets,
  clusterUnixTime,
  cpmmQuote,
  cpmmSwapInstruction,
  eventsFromLogs,
  fetchCpmmPool,
  fetchMaybeAuction,
  findAuctionPda,
  findEvent,
  getCloseAuctionInstruction,
  getPricedFillBeginInstruction,
  getPricedFillEndInstruction,
  getPricedOpenAuctionInstruction,
  programErrorCode,
  readableError,
  type Auction,
  type AssetSlot,
  type RebalancePreview,
  type Vault,
} from "@ballast/client";
import {
  computeBudget,
  sendWithRetries,
  simulate,
  type CrankConfig,
  type Outcome,
  type Rpc,
} from "./crank.ts";
import { entryFor } from "./swap/index.ts";

/** Skip label (metrics) of an auction whose ask is above what the crank's liquidity pays. */
export const ASK_ABOVE_QUOTE = "the auction asks more than the crank's liquidity pays";
/** Skip label (metrics) of a fill whose profit is under the crank's margin. */
export const UNDER_MARGIN = "the fill's profit is under the crank's margin";

const BPS = 10_000n;

type Context = {
  rpc: Rpc;
  signer: TransactionSigner;
  vaultAddress: Address;
  vault: Vault;
  prices: Address[];
  config: CrankConfig;
  log: (entry: object) => void;
};

/** The vault's auction account, if one exists. */
export async function findAuction(rpc: Rpc, vaultAddress: Address) {
  const [auction] = await findAuctionPda({ vault: vaultAddress });
  const account = await fetchMaybeAuction(rpc, auction);
  return account.exists ? { address: auction, data: account.data } : undefined;
}

/** Whether `auction` can still be filled at `now` (Unix seconds). */
export function auctionLive(auction: Auction, now: bigint): boolean {
  return auction.remaining > 0n && now <= auction.expiresAt;
}

/** `open_auction` for the plan the preview reported. */
export async function openAuction(ctx: Context, plan: RebalancePreview): Promise<Outcome> {
  const { rpc, signer, vaultAddress, vault, prices, config, log } = ctx;
  const [auction] = await findAuctionPda({ vault: vaultAddress });
  const ix = getPricedOpenAuctionInstruction(
    { opener: signer, vault: vaultAddress, shareMint: vault.shareMint, auction, pair: null },
    { assets: activeAssets(vault), priceAccounts: prices },
  );
  if (config.dryRun)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: "dry run (would open an auction)",
      preview: plan,
    };
  try {
    const signature = await sendWithRetries(rpc, signer, [ix], config, log, {
      vault: vaultAddress,
      auction,
    });
    return {
      vault: vaultAddress,
      action: "auction-opened",
      signature,
      auction,
      amountIn: plan.amountIn,
      sell: vault.assets[plan.sell].mint,
      buy: vault.assets[plan.buy].mint,
    };
  } catch (error) {
    return {
      vault: vaultAddress,
      action: "failed",
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** `close_auction` of a filled or expired auction (the rent goes back to its opener). */
export async function closeAuction(ctx: Context, auction: { address: Address; data: Auction }) {
  const ix = getCloseAuctionInstruction({
    vault: ctx.vaultAddress,
    auction: auction.address,
    opener: auction.data.opener,
  });
  if (ctx.config.dryRun) return undefined;
  return sendWithRetries(ctx.rpc, ctx.signer, [ix], ctx.config, ctx.log, {
    vault: ctx.vaultAddress,
    closing: auction.address,
  });
}

/** What the crank's liquidity pays for `amount` of `sell` in `buy`, and the swap that gets it, from
 * the crank's own account of `sell` into its own account of `buy`. */
type SolverLeg = { quote: bigint; swap: (minOut: bigint) => Promise<Instruction[]>; via: string };

async function solverLeg(
  ctx: Context,
  sell: AssetSlot,
  buy: AssetSlot,
  amount: bigint,
  accounts: { sell: Address; buy: Address },
): Promise<SolverLeg | string> {
  const { rpc, signer, vault, config } = ctx;
  if (config.jupiter) {
    // Not `createJupiterApiClient`: it overrides any basePath with Jupiter's own hosts.
    const api = new SwapApi(new Configuration({ basePath: config.jupiter }));
    const quote = await api.quoteGet({
      inputMint: sell.mint,
      outputMint: buy.mint,
      amount: Number(amount),
      slippageBps: 0,
      swapMode: "ExactIn",
    });
    let built: ReturnType<typeof api.swapInstructionsPost> | undefined;
    return {
      quote: BigInt(quote.outAmount),
      via: "route",
      swap: async () => {
        // The probe and the real fill use the same route: built once.
        built ??= api.swapInstructionsPost({
          swapRequest: {
            userPublicKey: signer.address,
            quoteResponse: quote,
            wrapAndUnwrapSol: false,
            useSharedAccounts: false,
            destinationTokenAccount: accounts.buy,
          },
        });
        const ix = (await built).swapInstruction;
        return [
          {
            programAddress: address(ix.programId),
            accounts: ix.accounts.map((a) => ({
              address: address(a.pubkey),
              role:
                a.pubkey === signer.address
                  ? a.isWritable
                    ? AccountRole.WRITABLE_SIGNER
                    : AccountRole.READONLY_SIGNER
                  : a.isWritable
                    ? AccountRole.WRITABLE
                    : AccountRole.READONLY,
              ...(a.pubkey === signer.address ? { signer } : {}),
            })),
            data: new Uint8Array(getBase64Encoder().encode(ix.data)),
          } as Instruction,
        ];
      },
    };
  }
  // The vault's pinned CPMM pool for the pair (any pool would do: the program checks what comes back).
  const entry = entryFor(vault, sell.mint, buy.mint);
  if (!entry || entry.adapter !== 1)
    return "no CPMM pool is pinned for the pair and no quote API is configured";
  const state = await fetchCpmmPool(rpc, entry.program, entry.pool);
  return {
    quote: cpmmQuote(state, sell.mint, amount),
    via: `pool ${entry.pool}`,
    swap: async (minOut) => [
      cpmmSwapInstruction(
        state.pool,
        signer,
        sell.mint,
        accounts.sell,
        accounts.buy,
        amount,
        minOut,
      ),
    ],
  };
}

/** Fills what is left of the vault's live auction when the crank's liquidity beats the ask. */
export async function fillAuction(
  ctx: Context,
  auction: { address: Address; data: Auction },
): Promise<Outcome> {
  const { rpc, signer, vaultAddress, vault, prices, config, log } = ctx;
  const a = auction.data;
  const [sell, buy] = [vault.assets[a.sell], vault.assets[a.buy]];
  const amount = a.remaining;
  const ata = async (slot: AssetSlot) =>
    (
      await findAssociatedTokenPda({
        owner: signer.address,
        mint: slot.mint,
        tokenProgram: slot.tokenProgram,
      })
    )[0];
  const accounts = { sell: await ata(sell), buy: await ata(buy) };
  let leg: SolverLeg | string;
  try {
    leg = await solverLeg(ctx, sell, buy, amount, accounts);
  } catch (error) {
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `quoting the fill: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof leg === "string") return { vault: vaultAddress, action: "skipped", reason: leg };
  const priced = { assets: activeAssets(vault), priceAccounts: prices };
  const transaction = async (pay: bigint): Promise<Instruction[]> => [
    ...[sell, buy].map((slot, i) =>
      getCreateAssociatedTokenIdempotentInstruction({
        payer: signer,
        ata: i === 0 ? accounts.sell : accounts.buy,
        owner: signer.address,
        mint: slot.mint,
        tokenProgram: slot.tokenProgram,
      }),
    ),
    getPricedFillBeginInstruction(
      {
        solver: signer,
        vault: vaultAddress,
        shareMint: vault.shareMint,
        auction: auction.address,
        sellMint: sell.mint,
        solverSellAccount: accounts.sell,
        sellTokenProgram: sell.tokenProgram,
        amount,
      },
      { ...priced, sellAccount: sell.tokenAccount },
    ),
    ...(await leg.swap(pay)),
    getTransferCheckedInstruction(
      {
        source: accounts.buy,
        mint: buy.mint,
        destination: buy.tokenAccount,
        authority: signer,
        amount: pay,
        decimals: buy.decimals,
      },
      { programAddress: buy.tokenProgram },
    ),
    getPricedFillEndInstruction(
      { solver: signer, vault: vaultAddress, shareMint: vault.shareMint, auction: auction.address },
      priced,
    ),
  ];

  // Paying the whole quote, the program's AuctionFilled event says what it requires now.
  const probe = await simulate(rpc, signer.address, await transaction(leg.quote));
  if (probe.err) {
    if (programErrorCode(probe.err) === BALLAST_ERROR__AUCTION_FILL_SHORT)
      return {
        vault: vaultAddress,
        action: "skipped",
        reason: `${ASK_ABOVE_QUOTE}: ${leg.via} pays ${leg.quote} for ${amount}`,
        metric: ASK_ABOVE_QUOTE,
      };
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `simulation: ${readableError(probe.err, probe.logs ?? undefined)}`,
    };
  }
  const event = findEvent(
    eventsFromLogs(probe.logs ?? []),
    "AuctionFilled",
    (e) => e.auction === auction.address,
  );
  if (!event)
    return {
      vault: vaultAddress,
      action: "failed",
      reason: "the simulated fill emitted no AuctionFilled event",
    };
  const pay = event.requiredOut;
  const profit = leg.quote - pay;
  if (profit * BPS < pay * BigInt(config.solverMarginBps ?? 0))
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: `${UNDER_MARGIN}: ${profit} on ${pay}`,
      metric: UNDER_MARGIN,
    };
  if (config.dryRun)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: `dry run (would fill ${amount}, paying ${pay})`,
    };

  // The real fill pays exactly the ask, and the swap must return at least that.
  const fill = await transaction(pay);
  const simulated = await simulate(rpc, signer.address, fill);
  if (simulated.err)
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `simulation: ${readableError(simulated.err, simulated.logs ?? undefined)}`,
    };
  const units = Number(simulated.unitsConsumed ?? 200_000n);
  const budget = computeBudget(simulated.unitsConsumed, config.priorityFee);
  try {
    const signature = await sendWithRetries(rpc, signer, [...budget, ...fill], config, log, {
      vault: vaultAddress,
      auction: auction.address,
    });
    return {
      vault: vaultAddress,
      action: "auction-filled",
      signature,
      auction: auction.address,
      sell: sell.mint,
      buy: buy.mint,
      amountIn: amount,
      paid: pay,
      quote: leg.quote,
      askFactorBps: event.askFactorBps,
      computeUnits: units,
    };
  } catch (error) {
    return {
      vault: vaultAddress,
      action: "failed",
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The crank's turn on a vault with an auction account: fill it while live, else close it. */
export async function solve(
  ctx: Context,
  auction: { address: Address; data: Auction },
): Promise<Outcome | undefined> {
  // The program's clock decides (`config.clock` is for the observer's schedule only).
  const now = await clusterUnixTime(ctx.rpc);
  if (auctionLive(auction.data, now)) return fillAuction(ctx, auction);
  await closeAuction(ctx, auction);
  return undefined;
}
