// A vault's history derived from its stored events: the share price and value over time, what
// rebalancing and fees cost, the breaker's record, and one depositor's flows. Pure and computed from
// the rows both databases serve identically, so one derivation serves both.
//
// Units: values in USD with 6 decimals, share prices in USD per whole share with 12 decimals
// (`sharePrice` of @ballast/client, ballast_math::fees::share_price), shares in atomic units; every
// figure a decimal string, as the API serves u64s.
import { SHARE_PRICE_SCALE, sharePrice } from "@ballast/client";
import type { EventRow } from "./store.ts";

/** The vault's value and share price as of one priced fee accrual (every `accrue_fees` and priced
 * deposit accrues fees first, at the vault's value). */
export type PricePoint = {
  /** Unix seconds of the accrual. */
  at: string;
  slot: string;
  signature: string;
  value: string;
  supply: string;
  sharePrice: string;
};

export type BreakerEntry = {
  at: string | null;
  signature: string;
  event: "tripped" | "cleared";
  /** Why it tripped (TRIP_* codes); the asset that moved and by how much (bps). */
  reason?: number;
  mint?: string;
  moveBps?: number;
  byGovernance?: boolean;
};

export type VaultHistory = {
  points: PricePoint[];
  rebalances: {
    /** Verified trades: pinned-pool swaps and auction fills. */
    count: number;
    auctionFills: number;
    /** Σ (value before − value after) at mid prices: the fees and price impact the trades paid. */
    tradeCost: string;
    /** Bounties paid in shares, valued at the share price of the last point before each. */
    bountyValue: string;
    /** Σ drift before and after the trades (bps), the imbalance they removed. */
    driftBeforeBps: number;
    driftAfterBps: number;
  };
  fees: {
    managementShares: string;
    performanceShares: string;
    /** The fee shares valued at the share price of their accrual (the last point before it). */
    value: string;
  };
  breaker: BreakerEntry[];
};

/** One depositor's deposit or withdrawal, valued when it happened. */
export type Flow = {
  at: string | null;
  signature: string;
  kind: "deposit" | "deposit in kind" | "withdrawal in kind" | "crank bounty";
  shares: string;
  /** What it was worth: a priced deposit's value as the program counted it (before its deposit
   * fee, at the low side of the price); an in-kind flow's (or a bounty's) shares at the share price
   * of the last reading before it, `null` before the first reading. A bounty is income, not a
   * deposit: its shares count in `sharesIn`, its value in neither `deposited` nor `withdrawn`. */
  value: string | null;
  valuedBy: "program" | "share price";
  /** The reading the value is at (Unix seconds; a share-price flow only): how old the price is. */
  pricedAt?: string;
};

export type Position = {
  owner: string;
  flows: Flow[];
  sharesIn: string;
  sharesOut: string;
  deposited: string;
  withdrawn: string;
  /** Flows before the vault's first reading: no value, left out of `deposited` and `withdrawn`. */
  unpriced: number;
};

type Data = Record<string, unknown>;

const big = (v: unknown): bigint => BigInt(v as string | number);

/** An `Option<u64>` as the generated codec decodes it (stored as JSON). */
function optional(v: unknown): bigint | undefined {
  const o = v as { __option?: string; value?: unknown } | null | undefined;
  return o?.__option === "Some" ? big(o.value) : undefined;
}

/** The Unix time of each transaction that accrued fees (every depositor operation and observation
 * does, first): block times are not served by every node (Surfpool serves none). */
function timesOf(rows: readonly EventRow[]): Map<string, string> {
  const times = new Map<string, string>();
  for (const r of rows)
    if (r.kind === "FeesAccrued") times.set(r.signature, String(big(r.data.accruedAt)));
  return times;
}

/** The share price of a reading and when it was taken. */
type Reading = { price: bigint; at: string };

/** Walks the rows in chain order with the reading in force before each (the last point). */
function walk(
  rows: readonly EventRow[],
  visit: (r: EventRow, reading: Reading | undefined) => void,
) {
  let reading: Reading | undefined;
  for (const r of rows) {
    visit(r, reading);
    if (r.kind === "FeesAccrued") {
      const value = optional(r.data.totalValue);
      if (value !== undefined)
        reading = {
          price: sharePrice(value, big(r.data.shareSupply)),
          at: String(big(r.data.accruedAt)),
        };
    }
  }
}

/** `shares` at `price` (USD, 6 decimals; 0 without a price yet). */
const valueOfShares = (shares: bigint, price: bigint | undefined) =>
  price === undefined ? 0n : (shares * price) / SHARE_PRICE_SCALE;

/** The vault's history from its rows (one vault's, in chain order). */
export function historyOf(rows: readonly EventRow[]): VaultHistory {
  const times = timesOf(rows);
  const at = (r: EventRow) => times.get(r.signature) ?? r.blockTime;
  const shareMint = rows.find((r) => r.kind === "VaultInitialized")?.data.shareMint;
  const history: VaultHistory = {
    points: [],
    rebalances: {
      count: 0,
      auctionFills: 0,
      tradeCost: "0",
      bountyValue: "0",
      driftBeforeBps: 0,
      driftAfterBps: 0,
    },
    fees: { managementShares: "0", performanceShares: "0", value: "0" },
    breaker: [],
  };
  let [tradeCost, bountyValue, management, performance, feeValue] = [0n, 0n, 0n, 0n, 0n];
  const rebalanced = (d: Data) => {
    history.rebalances.count++;
    tradeCost += big(d.valueBefore) - big(d.valueAfter);
    history.rebalances.driftBeforeBps += Number(d.driftBeforeBps);
    history.rebalances.driftAfterBps += Number(d.driftAfterBps);
  };
  walk(rows, (r, reading) => {
    const d = r.data;
    const price = reading?.price;
    switch (r.kind) {
      case "FeesAccrued": {
        const fees = big(d.managementShares) + big(d.performanceShares);
        management += big(d.managementShares);
        performance += big(d.performanceShares);
        const value = optional(d.totalValue);
        const supply = big(d.shareSupply);
        const now = value === undefined ? price : sharePrice(value, supply);
        feeValue += valueOfShares(fees, now);
        if (value !== undefined)
          history.points.push({
            at: String(big(d.accruedAt)),
            slot: r.slot,
            signature: r.signature,
            value: String(value),
            supply: String(supply),
            sharePrice: String(now),
          });
        break;
      }
      case "Rebalanced":
        rebalanced(d);
        if (shareMint !== undefined && d.bountyMint === shareMint)
          bountyValue += valueOfShares(big(d.bountyAmount), price);
        break;
      case "AuctionFilled":
        rebalanced(d);
        history.rebalances.auctionFills++;
        break;
      case "BreakerTripped":
        history.breaker.push({
          at: at(r),
          signature: r.signature,
          event: "tripped",
          reason: Number(d.reason),
          mint: String(d.mint),
          moveBps: Number(d.moveBps),
        });
        break;
      case "BreakerCleared":
        history.breaker.push({
          at: at(r),
          signature: r.signature,
          event: "cleared",
          byGovernance: Boolean(d.byGovernance),
        });
        break;
    }
  });
  Object.assign(history.rebalances, {
    tradeCost: String(tradeCost),
    bountyValue: String(bountyValue),
  });
  history.fees = {
    managementShares: String(management),
    performanceShares: String(performance),
    value: String(feeValue),
  };
  return history;
}

/** One depositor's flows from the vault's rows. Shares moved between wallets outside the program
 * are not events: the current balance is the chain's, these are the flows the program saw. */
export function positionOf(rows: readonly EventRow[], owner: string): Position {
  const times = timesOf(rows);
  const shareMint = rows.find((r) => r.kind === "VaultInitialized")?.data.shareMint;
  const flows: Flow[] = [];
  walk(rows, (r, reading) => {
    const d = r.data;
    const base = { at: times.get(r.signature) ?? r.blockTime, signature: r.signature };
    /** A flow of `shares` valued at the share price of the reading before it. */
    const atSharePrice = (kind: Flow["kind"], shares: unknown) =>
      flows.push({
        ...base,
        kind,
        shares: String(big(shares)),
        value: reading ? String(valueOfShares(big(shares), reading.price)) : null,
        valuedBy: "share price",
        ...(reading ? { pricedAt: reading.at } : {}),
      });
    if (r.kind === "Deposited" && d.depositor === owner)
      flows.push({
        ...base,
        kind: "deposit",
        shares: String(big(d.sharesOut)),
        value: String(big(d.value) + big(d.feeValue)),
        valuedBy: "program",
      });
    else if (r.kind === "DepositedInKind" && d.depositor === owner)
      atSharePrice("deposit in kind", d.sharesOut);
    else if (r.kind === "WithdrawnInKind" && d.owner === owner)
      atSharePrice("withdrawal in kind", d.shares);
    else if (
      r.kind === "Rebalanced" &&
      d.cranker === owner &&
      shareMint !== undefined &&
      d.bountyMint === shareMint
    )
      atSharePrice("crank bounty", d.bountyAmount);
  });
  const sum = (kinds: Flow["kind"][], field: "shares" | "value") =>
    String(
      flows.filter((f) => kinds.includes(f.kind)).reduce((s, f) => s + big(f[field] ?? 0), 0n),
    );
  return {
    owner,
    flows,
    sharesIn: sum(["deposit", "deposit in kind", "crank bounty"], "shares"),
    sharesOut: sum(["withdrawal in kind"], "shares"),
    deposited: sum(["deposit", "deposit in kind"], "value"),
    withdrawn: sum(["withdrawal in kind"], "value"),
    unpriced: flows.filter((f) => f.value === null).length,
  };
}
