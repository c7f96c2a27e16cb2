// One crank pass: for every vault, ask the program what it would trade (preview_rebalance, by
// simulation), skip with the program's own reason when it would refuse, then quote the pool (or
// route) governance allow-listed for the pair and skip when it cannot meet min_out, otherwise send
// `rebalance` through it, with a compute-unit limit from simulation, a priority fee, and retries with
// a fresh blockhash.
import {
  getBase64Encoder,
  getSignatureFromTransaction,
  type Address,
  type Instruction,
  type Signature,
  type TransactionSigner,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
} from "@solana-program/token";
import {
  ADAPTER,
  BOUNTY_IN_SHARES,
  CLUSTERS,
  SHARE_TOKEN_PROGRAM_ADDRESS,
  activeAssets,
  simulate,
  clusterUnixTime,
  describeProgramError,
  eventsFromLogs,
  feedIdHex,
  fetchVault,
  findEvent,
  getPricedAccrueFeesInstruction,
  getPricedPreviewRebalanceInstruction,
  getPricedRebalanceInstruction,
  getRebalancePreviewDecoder,
  listVaults,
  programErrorCode,
  readableError,
  sendAndConfirmByPolling,
  signInstructions,
  type ClusterProfile,
  type RebalancePreview,
  type Vault,
} from "@ballast/client";
import type { createSolanaRpc } from "@solana/kit";
export { simulate };
import { buildPythPosts, packTransactions, type HermesConfig } from "./hermes.ts";
import { entryFor, legFor, type SwapLeg } from "./swap/index.ts";
import { findAuction, openAuction, solve } from "./auction.ts";

/** The skip label (metrics) of a pool that would pay less than the program's min_out. */
export const POOL_SHORT = "the pool cannot meet min_out";

export type Rpc = ReturnType<typeof createSolanaRpc>;

export type CrankConfig = {
  /** Vaults to watch; empty = every Ballast vault on the cluster. */
  vaults: Address[];
  /** Pyth price account per feed id (lower-case hex). */
  priceAccounts: Record<string, Address>;
  /** Program ids of the cluster (default: localnet, the chain `make demo` runs). */
  cluster?: ClusterProfile;
  /** Base URL of a Jupiter-compatible quote API (`/quote`, `/swap-instructions`) for route entries. */
  jupiter?: string;
  /** Priority fee, micro-lamports per compute unit. */
  priorityFee: bigint;
  /** Decide and log, send nothing. */
  dryRun: boolean;
  /** On a real cluster: post fresh Pyth updates from Hermes and rebalance against those accounts
   * (then `priceAccounts` is not used). */
  hermes?: HermesConfig;
  /** How long to wait for one send to confirm before retrying with a fresh blockhash (ms). */
  confirmTimeoutMs?: number;
  /** Unix seconds now, for deciding whether an observation is due (default: this machine's clock). */
  clock?: () => bigint;
  /** Rebalance by auction: open one (`open_auction`) where the program says a rebalance is due,
   * instead of swapping through the pinned pool. Open auctions are filled either way (auction.ts). */
  auctions?: boolean;
  /** The least profit the crank takes to fill an auction, bps of what it pays (default 0). */
  solverMarginBps?: number;
};

export type Outcome = (
  | {
      vault: Address;
      action: "rebalanced";
      signature: string;
      amountIn: bigint;
      minOut: bigint;
      sell: Address;
      buy: Address;
      bounty?: { mint: Address; amount: bigint };
      /** What the pool quoted before sending, and what the swap paid (from the `Rebalanced` event). */
      quote: bigint;
      amountOut?: bigint;
    }
  | {
      vault: Address;
      action: "skipped";
      reason: string;
      preview?: RebalancePreview;
      /** Metrics label when the reason carries figures. */ metric?: string;
    }
  | {
      vault: Address;
      action: "auction-opened";
      signature: string;
      auction: Address;
      amountIn: bigint;
      sell: Address;
      buy: Address;
    }
  | {
      vault: Address;
      action: "auction-filled";
      signature: string;
      auction: Address;
      sell: Address;
      buy: Address;
      amountIn: bigint;
      /** What the program asked (the AuctionFilled event's `required_out`), paid into the vault. */
      paid: bigint;
      /** What the crank's liquidity quoted for `amountIn`: the crank keeps `quote − paid`. */
      quote: bigint;
      askFactorBps: number;
      computeUnits: number;
    }
  | { vault: Address; action: "failed"; reason: string }
) & {
  /** The signature of the vault's observer (`accrue_fees`) when this pass sent it first. */
  observation?: string;
};

/** Per-auction counters of `Metrics.auctionFills`, with their help text. */
const AUCTION_FILL_HELP = {
  fills: "Fills of each auction by this crank.",
  sold: "Units of the sold asset the vault gave this crank, per auction.",
  paid: "Units of the bought asset this crank paid the vault, per auction.",
  kept: "Units of the bought asset this crank kept (its quote less what it paid), per auction.",
} as const;

/** Counters for the metrics endpoint. */
export class Metrics {
  rebalances = 0;
  errors = 0;
  observations = 0;
  skips = new Map<string, number>();
  /** Bounty earned per mint (share or asset units). */
  bounty = new Map<Address, bigint>();
  auctionsOpened = 0;
  /** Per auction filled by this crank: fills, units sold by the vault, paid to it, and kept. */
  auctionFills = new Map<Address, { fills: number; sold: bigint; paid: bigint; kept: bigint }>();
  record(outcome: Outcome) {
    if (outcome.observation) this.observations++;
    if (outcome.action === "auction-opened") this.auctionsOpened++;
    else if (outcome.action === "auction-filled") {
      const a = this.auctionFills.get(outcome.auction) ?? {
        fills: 0,
        sold: 0n,
        paid: 0n,
        kept: 0n,
      };
      this.auctionFills.set(outcome.auction, {
        fills: a.fills + 1,
        sold: a.sold + outcome.amountIn,
        paid: a.paid + outcome.paid,
        kept: a.kept + outcome.quote - outcome.paid,
      });
    } else if (outcome.action === "rebalanced") {
      this.rebalances++;
      if (outcome.bounty)
        this.bounty.set(
          outcome.bounty.mint,
          (this.bounty.get(outcome.bounty.mint) ?? 0n) + outcome.bounty.amount,
        );
    } else if (outcome.action === "failed") this.errors++;
    else {
      const label = outcome.metric ?? outcome.reason;
      this.skips.set(label, (this.skips.get(label) ?? 0) + 1);
    }
  }
  /** The per-auction counters, each labelled by auction. */
  private renderAuctionFills(): string[] {
    const fields = Object.keys(AUCTION_FILL_HELP) as (keyof typeof AUCTION_FILL_HELP)[];
    return fields.flatMap((field) => [
      `# HELP ballast_crank_auction_${field}_total ${AUCTION_FILL_HELP[field]}`,
      `# TYPE ballast_crank_auction_${field}_total counter`,
      ...[...this.auctionFills].map(
        ([auction, f]) => `ballast_crank_auction_${field}_total{auction="${auction}"} ${f[field]}`,
      ),
    ]);
  }

  /** Prometheus text exposition format. */
  render(): string {
    const lines = [
      "# HELP ballast_crank_rebalances_total Verified rebalances sent by this crank.",
      "# TYPE ballast_crank_rebalances_total counter",
      `ballast_crank_rebalances_total ${this.rebalances}`,
      "# HELP ballast_crank_errors_total Rebalances that failed after being sent.",
      "# TYPE ballast_crank_errors_total counter",
      `ballast_crank_errors_total ${this.errors}`,
      "# HELP ballast_crank_observations_total accrue_fees sent to observe a vault (fees, breaker reading, volatility).",
      "# TYPE ballast_crank_observations_total counter",
      `ballast_crank_observations_total ${this.observations}`,
      "# HELP ballast_crank_skips_total Vaults skipped, by reason.",
      "# TYPE ballast_crank_skips_total counter",
      ...[...this.skips].map(
        ([reason, n]) => `ballast_crank_skips_total{reason=${JSON.stringify(reason)}} ${n}`,
      ),
      "# HELP ballast_crank_auctions_opened_total Rebalance auctions this crank opened.",
      "# TYPE ballast_crank_auctions_opened_total counter",
      `ballast_crank_auctions_opened_total ${this.auctionsOpened}`,
      ...this.renderAuctionFills(),
      "# HELP ballast_crank_bounty_earned_total Bounty paid to this crank, in atomic units of each mint (vault shares or the bounty asset).",
      "# TYPE ballast_crank_bounty_earned_total counter",
      ...[...this.bounty].map(
        ([mint, amount]) => `ballast_crank_bounty_earned_total{mint="${mint}"} ${amount}`,
      ),
    ];
    return lines.join("\n") + "\n";
  }
}

/** A compute-unit limit from a simulation's units (20 % and 1,000 units of headroom, capped at the
 * transaction maximum) and the priority fee. */
export function computeBudget(
  unitsConsumed: bigint | undefined,
  priorityFee: bigint,
): Instruction[] {
  const units = Number(unitsConsumed ?? 200_000n);
  return [
    getSetComputeUnitLimitInstruction({
      units: Math.min(1_400_000, Math.ceil(units * 1.2) + 1_000),
    }),
    getSetComputeUnitPriceInstruction({ microLamports: priorityFee }),
  ];
}

/** Simulates `instructions` paid by `payer` (no signature needed). */
function priceAccountsOf(vault: Vault, config: CrankConfig): Address[] | string {
  const out: Address[] = [];
  for (const slot of activeAssets(vault)) {
    const account = config.priceAccounts[feedIdHex(slot.priceFeedId)];
    if (!account)
      return `no price account configured for feed ${feedIdHex(slot.priceFeedId).slice(0, 8)}…`;
    out.push(account);
  }
  return out;
}

/** What the program would trade now, read from `preview_rebalance`'s return data. */
export async function preview(
  rpc: Rpc,
  payer: Address,
  vaultAddress: Address,
  vault: Vault,
  prices: Address[],
): Promise<RebalancePreview> {
  const ix = getPricedPreviewRebalanceInstruction(
    { vault: vaultAddress, shareMint: vault.shareMint },
    { assets: activeAssets(vault), priceAccounts: prices },
  );
  const result = await simulate(rpc, payer, [ix]);
  if (result.err)
    throw new Error(`preview failed: ${readableError(result.err, result.logs ?? undefined)}`);
  const data = result.returnData?.data?.[0];
  if (!data) throw new Error("preview returned no data");
  return getRebalancePreviewDecoder().decode(getBase64Encoder().encode(data));
}

/** Signs `instructions` with a fresh blockhash and sends until confirmed: up to 3 attempts, each
 * with a new blockhash (an expired or dropped transaction is simply re-signed). A program refusal
 * is final: resending would be refused again. Throws the last readable error. */
export async function sendWithRetries(
  rpc: Rpc,
  signer: TransactionSigner,
  instructions: Instruction[],
  config: Pick<CrankConfig, "confirmTimeoutMs">,
  log: (entry: object) => void,
  what: object,
): Promise<string> {
  let lastError = "";
  let lastSignature: Parameters<typeof rpc.getSignatureStatuses>[0][number] | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const { value: lifetime } = await rpc.getLatestBlockhash().send();
      const transaction = await signInstructions(signer, lifetime, instructions);
      lastSignature = getSignatureFromTransaction(transaction);
      return await sendAndConfirmByPolling(rpc, transaction, config.confirmTimeoutMs);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      log({ level: "warn", ...what, attempt, error: lastError });
      if (lastError.startsWith("refused by ")) break;
      // A late landing of the previous attempt counts: sending again could post twice.
      const { value } = await rpc.getSignatureStatuses([lastSignature!]).send();
      if (value[0] && !value[0].err && value[0].confirmationStatus !== "processed")
        return lastSignature!;
    }
  }
  throw new Error(lastError);
}

export async function crankVault(
  rpc: Rpc,
  signer: TransactionSigner,
  vaultAddress: Address,
  config: CrankConfig,
  log: (entry: object) => void,
): Promise<Outcome> {
  const vault = (await fetchVault(rpc, vaultAddress)).data;
  if (config.hermes)
    return crankWithHermes(rpc, signer, vaultAddress, vault, config.hermes, config, log);
  const prices = priceAccountsOf(vault, config);
  if (typeof prices === "string") return { vault: vaultAddress, action: "skipped", reason: prices };
  return rebalanceWith(rpc, signer, vaultAddress, vault, prices, config, log);
}

/** Posts the vault's latest Pyth updates from Hermes, rebalances against the posted accounts, then
 * closes what Pyth lets us close (encoded VAA, ephemeral price updates) to get the rent back. */
async function crankWithHermes(
  rpc: Rpc,
  signer: TransactionSigner,
  vaultAddress: Address,
  vault: Vault,
  hermes: HermesConfig,
  config: CrankConfig,
  log: (entry: object) => void,
): Promise<Outcome> {
  const posts = await buildPythPosts(hermes, signer, vault);
  const postTransactions = packTransactions(signer, posts.post, config.priorityFee);
  if (config.dryRun) {
    // Ephemeral accounts do not exist until posted, so there is nothing to preview against yet.
    log({
      level: "info",
      vault: vaultAddress,
      msg: "dry run: would post Pyth updates, then preview and rebalance",
      feeds: posts.feedIds,
      transactions: postTransactions.length,
    });
    return { vault: vaultAddress, action: "skipped", reason: "dry run" };
  }
  const closeAll = async () => {
    for (const tx of packTransactions(signer, posts.close, config.priorityFee)) {
      await sendWithRetries(rpc, signer, tx, config, log, {
        vault: vaultAddress,
        step: "close Pyth accounts",
      }).catch(() => undefined);
    }
  };
  try {
    for (const [i, tx] of postTransactions.entries()) {
      await sendWithRetries(rpc, signer, tx, config, log, {
        vault: vaultAddress,
        step: `post Pyth updates ${i + 1}/${postTransactions.length}`,
      });
    }
  } catch (error) {
    await closeAll();
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `posting Pyth updates: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  try {
    return await rebalanceWith(rpc, signer, vaultAddress, vault, posts.accounts, config, log);
  } finally {
    await closeAll();
  }
}

/** The vault's observer (`accrue_fees`: fees, one breaker reading, the volatility estimate) is due
 * when the last volatility observation is `vol_observation_secs` old, and on every pass while the
 * breaker is tripped (each normal reading counts toward its warm-up). Nothing else calls it on a
 * schedule: without it the volatility-widened bands never widen and a tripped breaker never clears. */
export function observationDue(vault: Vault, nowSecs: bigint): boolean {
  return (
    vault.breakerTrippedAt !== 0n ||
    nowSecs - vault.volObservedAt >= BigInt(vault.params.volObservationSecs)
  );
}

/** Sends `accrue_fees` when `observationDue`; a failure is logged and does not stop the pass (the
 * preview then reports the same reason). Returns the confirmed signature, if it was sent. */
async function observe(
  rpc: Rpc,
  signer: TransactionSigner,
  vaultAddress: Address,
  vault: Vault,
  prices: Address[],
  config: CrankConfig,
  log: (entry: object) => void,
): Promise<string | undefined> {
  const now = config.clock?.() ?? BigInt(Math.floor(Date.now() / 1000));
  if (!observationDue(vault, now)) return undefined;
  if (config.dryRun) {
    log({
      level: "info",
      vault: vaultAddress,
      msg: "dry run: would send accrue_fees (observation due)",
    });
    return undefined;
  }
  const ix = getPricedAccrueFeesInstruction(
    {
      vault: vaultAddress,
      shareMint: vault.shareMint,
      feeRecipientShares: vault.feeRecipientShares,
    },
    { assets: activeAssets(vault), priceAccounts: prices },
  );
  const budget = getSetComputeUnitPriceInstruction({ microLamports: config.priorityFee });
  try {
    return await sendWithRetries(rpc, signer, [budget, ix], config, log, {
      vault: vaultAddress,
      step: "observe (accrue_fees)",
    });
  } catch (error) {
    log({
      level: "warn",
      vault: vaultAddress,
      msg: "observation failed",
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

async function rebalanceWith(
  rpc: Rpc,
  signer: TransactionSigner,
  vaultAddress: Address,
  vault: Vault,
  prices: Address[],
  config: CrankConfig,
  log: (entry: object) => void,
): Promise<Outcome> {
  const observation = await observe(rpc, signer, vaultAddress, vault, prices, config, log);
  // The observer may have tripped or cleared the breaker: plan on the vault as it is now.
  const current = observation ? (await fetchVault(rpc, vaultAddress)).data : vault;
  return {
    ...(await tradeWith(rpc, signer, vaultAddress, current, prices, config, log)),
    observation,
  };
}

async function tradeWith(
  rpc: Rpc,
  signer: TransactionSigner,
  vaultAddress: Address,
  vault: Vault,
  prices: Address[],
  config: CrankConfig,
  log: (entry: object) => void,
): Promise<Outcome> {
  const ctx = { rpc, signer, vaultAddress, vault, prices, config, log };
  // An auction account: filled while live (whoever opened it), else closed so the next can open.
  const auction = await findAuction(rpc, vaultAddress);
  if (auction) {
    const solved = await solve(ctx, auction);
    if (solved) return solved;
  }
  const plan = await preview(rpc, signer.address, vaultAddress, vault, prices);
  if (plan.refusal !== 0)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: describeProgramError(plan.refusal),
      preview: plan,
    };
  if (config.auctions) return openAuction(ctx, plan);
  const [sell, buy] = [vault.assets[plan.sell], vault.assets[plan.buy]];
  // Only the pool (or route) governance allow-listed for the pair can fill the vault: its entry on
  // chain says which adapter, and the adapter reads the pool's accounts from the chain.
  const entry = entryFor(vault, sell.mint, buy.mint);
  if (!entry)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: "no pool is allow-listed for the pair",
      preview: plan,
    };
  // The pool's own clock decides whether it is open: the cluster's, not this machine's (a local
  // chain's clock runs ahead of the wall clock).
  const now = config.clock?.() ?? (await clusterUnixTime(rpc));
  let leg: Awaited<ReturnType<typeof legFor>>;
  try {
    leg = await legFor(
      { rpc, vault, entry, plan, sell, buy, now, jupiter: config.jupiter },
      config.cluster ?? CLUSTERS.localnet,
    );
  } catch (error) {
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `quoting the allow-listed ${entry.adapter === ADAPTER.route ? "route" : `pool ${entry.pool}`}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if ("skip" in leg)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: leg.skip,
      metric: leg.metric,
      preview: plan,
    };
  // The program's min_out holds whatever the pool pays: a pool that would pay less (its price moved
  // away from the oracle's, or its fee is above the slippage bound) fails every attempt.
  if (leg.quote < leg.minOut)
    return {
      vault: vaultAddress,
      action: "skipped",
      reason: `the pool cannot meet min_out: quote ${leg.quote} < ${leg.minOut}`,
      metric: POOL_SHORT,
      preview: plan,
    };
  if (config.dryRun)
    return { vault: vaultAddress, action: "skipped", reason: "dry run", preview: plan };
  const { createBountyAccount, rebalance } = await rebalanceInstructions(
    signer,
    vaultAddress,
    vault,
    prices,
    leg,
  );
  const simulated = await simulate(rpc, signer.address, [createBountyAccount, rebalance]);
  if (simulated.err) {
    // A refusal is named from the logs; anything else (the runtime's own errors) shows where it failed.
    const where =
      programErrorCode(simulated.err) === undefined
        ? (simulated.logs ?? []).filter((l) => / failed: /.test(l)).join(" | ")
        : "";
    return {
      vault: vaultAddress,
      action: "failed",
      reason: `simulation: ${readableError(simulated.err, simulated.logs ?? undefined)}${where ? ` [${where}]` : ""}`,
    };
  }
  const budget = computeBudget(simulated.unitsConsumed, config.priorityFee);
  try {
    const signature = await sendWithRetries(
      rpc,
      signer,
      [...budget, createBountyAccount, rebalance],
      config,
      log,
      { vault: vaultAddress },
    );
    const event = await rebalancedEvent(rpc, signature, vaultAddress);
    return {
      vault: vaultAddress,
      action: "rebalanced",
      signature,
      amountIn: plan.amountIn,
      minOut: leg.minOut,
      quote: leg.quote,
      amountOut: event?.amountOut,
      sell: sell.mint,
      buy: buy.mint,
      bounty: event && { mint: event.bountyMint, amount: event.bountyAmount },
    };
  } catch (error) {
    return {
      vault: vaultAddress,
      action: "failed",
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** `rebalance` through `leg` (its bounty into the cranker's associated account, created if missing). */
export async function rebalanceInstructions(
  signer: TransactionSigner,
  vaultAddress: Address,
  vault: Vault,
  prices: Address[],
  leg: SwapLeg,
) {
  // The bounty is paid in shares (bountyAsset BOUNTY_IN_SHARES) or in the asset governance chose: into the
  // cranker's associated account for that mint, created if missing.
  const bountySlot =
    vault.params.bountyAsset === BOUNTY_IN_SHARES
      ? undefined
      : vault.assets[vault.params.bountyAsset];
  const bounty = bountySlot
    ? { mint: bountySlot.mint, tokenProgram: bountySlot.tokenProgram }
    : { mint: vault.shareMint, tokenProgram: SHARE_TOKEN_PROGRAM_ADDRESS };
  const [crankerBounty] = await findAssociatedTokenPda({
    owner: signer.address,
    mint: bounty.mint,
    tokenProgram: bounty.tokenProgram,
  });
  const rebalance = getPricedRebalanceInstruction(
    {
      cranker: signer,
      vault: vaultAddress,
      shareMint: vault.shareMint,
      crankerBounty,
      bountyMint: bounty.mint,
      ammProgram: leg.ammProgram,
      bountyTokenProgram: bounty.tokenProgram,
      // The program's own floor and pair (the preview's); route data only for a route.
      minOut: 0n,
      pair: null,
      route: leg.route,
    },
    {
      assets: activeAssets(vault),
      priceAccounts: prices,
      bountySource: bountySlot?.tokenAccount,
      swapAccounts: leg.accounts,
    },
  );
  const createBountyAccount = getCreateAssociatedTokenIdempotentInstruction({
    payer: signer,
    ata: crankerBounty,
    owner: signer.address,
    mint: bounty.mint,
    tokenProgram: bounty.tokenProgram,
  });
  return { createBountyAccount, rebalance };
}

/** The `Rebalanced` event of a confirmed rebalance (undefined if unreadable): what it paid and bought. */
async function rebalancedEvent(rpc: Rpc, signature: string, vault: Address) {
  try {
    const tx = await rpc
      .getTransaction(signature as Signature, {
        maxSupportedTransactionVersion: 0,
        encoding: "json",
        commitment: "confirmed",
      })
      .send();
    return findEvent(
      eventsFromLogs(tx?.meta?.logMessages ?? []),
      "Rebalanced",
      (e) => e.vault === vault,
    );
  } catch {
    return undefined;
  }
}

/** One pass over every watched vault; never throws for one vault's failure. */
export async function crankOnce(
  rpc: Rpc,
  signer: TransactionSigner,
  config: CrankConfig,
  metrics: Metrics,
  log: (entry: object) => void,
): Promise<Outcome[]> {
  const vaults = config.vaults.length ? config.vaults : await listVaults(rpc);
  const outcomes: Outcome[] = [];
  for (const vault of vaults) {
    let outcome: Outcome;
    try {
      outcome = await crankVault(rpc, signer, vault, config, log);
    } catch (error) {
      outcome = {
        vault,
        action: "failed",
        reason: error instanceof Error ? error.message : String(error),
      };
    }
    metrics.record(outcome);
    log({ level: outcome.action === "failed" ? "error" : "info", ...outcome, preview: undefined });
    outcomes.push(outcome);
  }
  return outcomes;
}
