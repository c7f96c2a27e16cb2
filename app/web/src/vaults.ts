// Reads vaults, balances and prices, and computes what the page shows with the client's previews
// (the same rules as ballast-math, checked against its golden vectors).
import {
  address,
  createSolanaRpc,
  fetchEncodedAccount,
  getBase64Encoder,
  type Address,
} from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import {
  BALLAST_PROGRAM_ADDRESS,
  activeAssets,
  auctionAskFactorBps,
  clusterUnixTime,
  cppiTargets,
  decodePriceUpdateV2,
  decodeVault,
  eventsFromLogs,
  feedIdHex,
  fetchShareToken,
  fetchMaybeAuction,
  findAuctionPda,
  getHedgeViewDecoder,
  getPricedViewInsuranceInstruction,
  normalizePrice,
  sharePrice,
  simulate,
  valueOf,
  type Auction,
  type Vault,
  type BallastEvent,
  type HedgeView,
} from "@ballast/client";
import type { Config } from "./config.ts";

export type Rpc = ReturnType<typeof createSolanaRpc>;

export type AssetView = {
  mint: Address;
  /** Display name from the run-time config, when it knows the mint. */
  symbol?: string;
  tokenAccount: Address;
  tokenProgram: Address;
  decimals: number;
  balance: bigint;
  priceAccount?: Address;
  /** USD per whole token, 12 decimals: mid, and the low/high sides of the confidence interval. */
  price?: { mid: bigint; low: bigint; high: bigint; publishTime: bigint };
  /** USD, 6 decimals, at mid price. */
  value?: bigint;
  weightBps?: number;
  /** The target in force, bps: governance's weight, or under CPPI the policy's target at the
   * vault's value now (what `rebalance` would steer toward). */
  targetBps: number;
  /** Governance's target weight, bps (under CPPI it only splits the risky basket). */
  governanceBps: number;
  minBps: number;
  maxBps: number;
};

export type VaultView = {
  address: Address;
  vault: Vault;
  supply: bigint;
  /** The share token's name, symbol and URI, from the share mint's Token-2022 metadata. */
  shareToken: { name: string; symbol: string; uri: string };
  assets: AssetView[];
  /** USD, 6 decimals, at mid prices; undefined when a price is missing. */
  totalValue?: bigint;
  /** USD per whole share, 12 decimals (`sharePrice` of @ballast/client). */
  sharePrice?: bigint;
  /** Whether the targets come from CPPI (slot 0 safe) rather than governance's fixed weights. */
  cppi: boolean;
  /** The vault's rebalance auction account, if one exists (open, or filled or expired and not yet
   * closed), with its ask now (bps of the oracle rate) while it is live. */
  auction?: { address: Address; data: Auction; live: boolean; askFactorBps: number };
  /** Under option-based insurance with a struck period: the program's hedge now (`view_insurance`,
   * simulated), undefined when it cannot be read (a price missing, the RPC refusing). */
  hedge?: HedgeView;
};

/** The insured vault's hedge now, from the program itself: `view_insurance` simulated with the
 * vault's creator as the fee payer (it paid the vault's rent, so it exists; nothing is signed). */
async function loadHedge(rpc: Rpc, vaultAddress: Address, vault: Vault, assets: AssetView[]) {
  if (vault.params.insuranceFloorSharePrice === 0n || vault.insurance.expiresAt === 0n)
    return undefined;
  const priceAccounts = assets.map((a) => a.priceAccount);
  if (priceAccounts.some((p) => p === undefined)) return undefined;
  const ix = getPricedViewInsuranceInstruction(
    { vault: vaultAddress, shareMint: vault.shareMint },
    { assets: activeAssets(vault), priceAccounts: priceAccounts as Address[] },
  );
  const result = await simulate(rpc, vault.creator, [ix]);
  const data = result.returnData?.data?.[0];
  if (result.err || !data) return undefined;
  return getHedgeViewDecoder().decode(getBase64Encoder().encode(data));
}

/** The vault's auction account, with its state at the chain's clock. */
async function loadAuction(rpc: Rpc, vault: Address): Promise<VaultView["auction"]> {
  const [auctionAddress] = await findAuctionPda({ vault });
  const account = await fetchMaybeAuction(rpc, auctionAddress);
  if (!account.exists) return undefined;
  const data = account.data;
  const now = await clusterUnixTime(rpc);
  return {
    address: auctionAddress,
    data,
    live: data.remaining > 0n && now <= data.expiresAt,
    askFactorBps: auctionAskFactorBps(data, now - data.openedAt),
  };
}

async function readPrice(rpc: Rpc, account: Address) {
  const info = (await rpc.getAccountInfo(account, { encoding: "base64" }).send()).value;
  if (!info) return undefined;
  const raw = decodePriceUpdateV2(new Uint8Array(getBase64Encoder().encode(info.data[0])));
  if (raw.price <= 0n) return undefined;
  const conf = raw.conf;
  return {
    mid: normalizePrice(raw.price, raw.exponent),
    low: normalizePrice(raw.price - conf > 0n ? raw.price - conf : 0n, raw.exponent),
    high: normalizePrice(raw.price + conf, raw.exponent, true),
    publishTime: raw.publishTime,
  };
}

export async function loadVault(
  rpc: Rpc,
  vaultAddress: Address,
  config: Config,
): Promise<VaultView> {
  // Only an account the program owns is a vault: a look-alike of another program's is refused here
  // (its share token's name would otherwise head the page).
  const account = await fetchEncodedAccount(rpc, vaultAddress);
  if (!account.exists || account.programAddress !== BALLAST_PROGRAM_ADDRESS)
    throw new Error(`${vaultAddress} is not a Ballast vault`);
  const vault = decodeVault(account).data;
  const { supply, name, symbol, uri } = await fetchShareToken(rpc, vault.shareMint);
  const assets: AssetView[] = [];
  for (const slot of activeAssets(vault)) {
    const balance = (await fetchToken(rpc, slot.tokenAccount)).data.amount;
    const priceAccount = config.priceAccounts[feedIdHex(slot.priceFeedId)];
    const price = priceAccount ? await readPrice(rpc, address(priceAccount)) : undefined;
    assets.push({
      mint: slot.mint,
      symbol: config.tokens?.[slot.mint]?.symbol,
      tokenAccount: slot.tokenAccount,
      tokenProgram: slot.tokenProgram,
      decimals: slot.decimals,
      balance,
      priceAccount: priceAccount ? address(priceAccount) : undefined,
      price,
      value: price ? valueOf(balance, price.mid, slot.decimals) : undefined,
      targetBps: slot.targetWeightBps,
      governanceBps: slot.targetWeightBps,
      minBps: slot.minWeightBps,
      maxBps: slot.maxWeightBps,
    });
  }
  const priced = assets.every((a) => a.value !== undefined);
  const totalValue = priced ? assets.reduce((sum, a) => sum + (a.value ?? 0n), 0n) : undefined;
  if (totalValue !== undefined) {
    for (const a of assets)
      a.weightBps = totalValue === 0n ? 0 : Number(((a.value ?? 0n) * 10_000n) / totalValue);
  }
  const pricePerShare = totalValue === undefined ? undefined : sharePrice(totalValue, supply);
  const p = vault.params;
  const cppi = p.cppiMultiplierPct > 0;
  if (cppi && totalValue !== undefined && totalValue > 0n) {
    const targets = cppiTargets(
      assets.map((a) => a.governanceBps),
      {
        multiplierPct: p.cppiMultiplierPct,
        floorSharePrice: p.cppiFloorSharePrice,
        maxRiskyBps: p.cppiMaxRiskyBps,
      },
      totalValue,
      supply,
    );
    assets.forEach((a, i) => (a.targetBps = targets[i]));
  }
  const auction = await loadAuction(rpc, vaultAddress);
  const hedge = await loadHedge(rpc, vaultAddress, vault, assets);
  // Under insurance the targets in force are the hedge's: the basket's weight split over the
  // index's slots by its composition now (quantity × price, as `ballast_math::insurance`), slot 0
  // (safe) the rest.
  if (hedge) {
    const parts = assets.map((a, i) => vault.insuranceQuantities[i] * (a.price?.mid ?? 0n));
    const index = parts.reduce((sum, p) => sum + p, 0n);
    assets.forEach((a, i) => {
      if (i > 0)
        a.targetBps = index === 0n ? 0 : Number((BigInt(hedge.basketBps) * parts[i]) / index);
    });
    assets[0].targetBps = 10_000 - assets.slice(1).reduce((sum, a) => sum + a.targetBps, 0);
  }
  return {
    address: vaultAddress,
    vault,
    supply,
    shareToken: { name, symbol, uri },
    assets,
    totalValue,
    sharePrice: pricePerShare,
    cppi,
    auction,
    hedge,
  };
}

/** A value (USD, 6 decimals) as the page shows it: dollars and cents, a loss with a minus sign. */
export const usd = (value: bigint | undefined) =>
  value === undefined
    ? "—"
    : `${value < 0n ? "−" : ""}$${formatUnits(value < 0n ? -value : value, 6, 2)}`;

/** A share price (USD per whole share, 12 decimals) as the page shows it: four decimals. */
export const perShare = (price: bigint) => `$${formatUnits(price, 12, 4)}`;

/** `amount` atomic units as a decimal string. */
export function formatUnits(amount: bigint, decimals: number, shown = 4): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const unit = 10n ** BigInt(decimals);
  const whole = abs / unit;
  const fraction = (abs % unit)
    .toString()
    .padStart(decimals, "0")
    .slice(0, shown)
    .replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""}`;
}

/** A decimal string as atomic units; throws a readable error on bad input. */
export function parseUnits(text: string, decimals: number): bigint {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new Error("enter a positive number, e.g. 12.5");
  const [whole, fraction = ""] = trimmed.split(".");
  if (fraction.length > decimals) throw new Error(`at most ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** The events the activity list shows. */
export type ActivityEvent = Extract<
  BallastEvent,
  {
    name:
      | "Deposited"
      | "DepositedInKind"
      | "WithdrawnInKind"
      | "Rebalanced"
      | "AuctionOpened"
      | "AuctionFilled"
      | "AuctionClosed";
  }
>;
const ACTIVITY: ReadonlySet<BallastEvent["name"]> = new Set([
  "Deposited",
  "DepositedInKind",
  "WithdrawnInKind",
  "Rebalanced",
  "AuctionOpened",
  "AuctionFilled",
  "AuctionClosed",
]);
const isActivity = (e: BallastEvent): e is ActivityEvent => ACTIVITY.has(e.name);

/** The vault's latest deposits, withdrawals, rebalances and auctions, newest first, from transaction logs. */
export async function loadActivity(
  rpc: Rpc,
  vault: Address,
  limit = 10,
): Promise<{ signature: string; time?: bigint; event: ActivityEvent }[]> {
  const signatures = await rpc.getSignaturesForAddress(vault, { limit }).send();
  const out: { signature: string; time?: bigint; event: ActivityEvent }[] = [];
  for (const s of signatures) {
    if (s.err) continue;
    const tx = await rpc
      .getTransaction(s.signature, { maxSupportedTransactionVersion: 0, encoding: "json" })
      .send();
    for (const event of eventsFromLogs(tx?.meta?.logMessages ?? [])) {
      if (isActivity(event) && event.data.vault === vault)
        out.push({ signature: s.signature, time: s.blockTime ?? undefined, event });
    }
  }
  return out;
}
