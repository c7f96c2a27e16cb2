// The few `ballast-math` conversions the TS tools preview with (deposit shares, withdrawal amounts,
// valuation). Not a second source of rules: the constants come from the Rust crate through
// golden/math.json, and test/math.test.ts checks every function against the vectors there.
import GOLDEN from "./golden/math.json" with { type: "json" };

export const VIRTUAL_SHARES = BigInt(GOLDEN.constants.virtualShares);
export const VIRTUAL_VALUE = BigInt(GOLDEN.constants.virtualValue);
export const PRICE_DECIMALS = GOLDEN.constants.priceDecimals;
export const VALUE_DECIMALS = GOLDEN.constants.valueDecimals;
export const SHARE_DECIMALS = GOLDEN.constants.shareDecimals;
export const SHARE_PRICE_SCALE = BigInt(GOLDEN.constants.sharePriceScale);
const U64_MAX = (1n << 64n) - 1n;

/** A refusal, named like the Rust `MathError` variant. */
export class MathError extends Error {}

function divRound(numerator: bigint, divisor: bigint, roundUp: boolean): bigint {
  if (divisor === 0n) throw new MathError("DivisionByZero");
  const q = numerator / divisor;
  return roundUp && numerator % divisor !== 0n ? q + 1n : q;
}

function u64(v: bigint): bigint {
  if (v > U64_MAX) throw new MathError("Overflow");
  return v;
}

/** Pyth `mantissa · 10^expo` as USD per whole token with PRICE_DECIMALS decimals. */
export function normalizePrice(mantissa: bigint, expo: number, roundUp = false): bigint {
  if (expo < -24 || expo > 12) throw new MathError("ExponentOutOfRange");
  const shift = expo + PRICE_DECIMALS;
  return shift >= 0
    ? mantissa * 10n ** BigInt(shift)
    : divRound(mantissa, 10n ** BigInt(-shift), roundUp);
}

/** Value (USD, VALUE_DECIMALS) of `amount` atomic units at `price`. */
export function valueOf(amount: bigint, price: bigint, decimals: number, roundUp = false): bigint {
  return divRound(
    amount * price,
    10n ** BigInt(decimals + PRICE_DECIMALS - VALUE_DECIMALS),
    roundUp,
  );
}

/** Share price (USD per whole share, 12 decimals: `SHARE_PRICE_SCALE`) of a vault worth `totalValue`
 * (USD, VALUE_DECIMALS) with `supply` share units, counting the virtual offset as deposits do; rounded
 * down (ballast_math::fees::share_price). */
export function sharePrice(totalValue: bigint, supply: bigint): bigint {
  return ((totalValue + VIRTUAL_VALUE) * SHARE_PRICE_SCALE) / (supply + VIRTUAL_SHARES);
}

/** Shares a deposit of `value` mints (ballast_math::deposit::quote_deposit). */
export function quoteDeposit(
  value: bigint,
  totalValue: bigint,
  supply: bigint,
  depositCap: bigint,
  maxDepositPerTx: bigint,
  minSharesOut: bigint,
): bigint {
  if (value === 0n) throw new MathError("ZeroAmount");
  if (value > maxDepositPerTx) throw new MathError("PerTransactionCapExceeded");
  if (u64(totalValue + value) > depositCap) throw new MathError("DepositCapExceeded");
  const shares = u64(
    divRound(value * u64(supply + VIRTUAL_SHARES), u64(totalValue + VIRTUAL_VALUE), false),
  );
  if (shares === 0n) throw new MathError("ZeroShares");
  if (shares < minSharesOut) throw new MathError("SlippageExceeded");
  return shares;
}

/** Tokens of one asset paid for `shares` (ballast_math::in_kind::in_kind_withdrawal). */
export function inKindWithdrawal(shares: bigint, balance: bigint, supply: bigint): bigint {
  if (shares > supply) throw new MathError("InsufficientShares");
  return divRound(balance * shares, supply + VIRTUAL_SHARES, false);
}

/** Shares and amounts of an in-kind deposit (ballast_math::in_kind::in_kind_deposit). */
export function inKindDeposit(
  maxAmounts: readonly bigint[],
  balances: readonly bigint[],
  supply: bigint,
): { shares: bigint; amountsIn: bigint[] } {
  if (maxAmounts.length !== balances.length) throw new MathError("LengthMismatch");
  const total = u64(supply + VIRTUAL_SHARES);
  let shares: bigint | undefined;
  balances.forEach((balance, i) => {
    if (balance === 0n) return;
    const here = divRound(maxAmounts[i] * total, balance, false);
    const capped = here > U64_MAX ? U64_MAX : here;
    shares = shares === undefined || capped < shares ? capped : shares;
  });
  if (shares === undefined) throw new MathError("EmptyVault");
  if (shares === 0n) throw new MathError("ZeroShares");
  const s = shares;
  return { shares: s, amountsIn: balances.map((b) => u64(divRound(s * b, total, true))) };
}

const BPS = BigInt(GOLDEN.constants.bps);

/** CPPI settings, as in the vault's parameters (ballast_math::policy::Cppi). */
export type Cppi = { multiplierPct: number; floorSharePrice: bigint; maxRiskyBps: number };

/** The targets in force (bps, slot order; ballast_math::policy::targets): governance's `base`
 * weights under the fixed policy (multiplier 0); under CPPI slot 0 is the safe asset, the risky
 * basket gets `m · (NAV − floor) / NAV` (floor = protected share price × supply with the virtual
 * share, rounded up; the weight rounded down and capped), split over slots 1.. by their base
 * weights, and slot 0 takes the rest. `nav` is USD with VALUE_DECIMALS, at mid prices. */
export function cppiTargets(
  base: readonly number[],
  cppi: Cppi,
  nav: bigint,
  supply: bigint,
): number[] {
  if (base.length === 0) throw new MathError("LengthMismatch");
  if (cppi.multiplierPct === 0) return [...base];
  const basket = base.slice(1).reduce((sum, w) => sum + BigInt(w), 0n);
  if (basket === 0n) throw new MathError("TargetPolicyInvalid");
  if (nav === 0n) throw new MathError("EmptyVault");
  const floor = divRound(cppi.floorSharePrice * (supply + VIRTUAL_SHARES), SHARE_PRICE_SCALE, true);
  const cushion = nav > floor ? nav - floor : 0n;
  const exposure = (cushion * BigInt(cppi.multiplierPct)) / 100n;
  const cap = BigInt(Math.min(cppi.maxRiskyBps, Number(BPS)));
  const risky = (exposure * BPS) / nav < cap ? (exposure * BPS) / nav : cap;
  const shares = base.slice(1).map((w) => (risky * BigInt(w)) / basket);
  return [Number(BPS - shares.reduce((a, b) => a + b, 0n)), ...shares.map(Number)];
}

/** An auction's price curve (the `Auction` account's `premiumBps`, `discountBps`, `durationSecs`). */
export type AuctionCurve = { premiumBps: number; discountBps: number; durationSecs: number };

/**
 * `ballast_math::auction::Curve::ask_factor_bps`: the auction's ask `elapsedSecs` after opening, in
 * bps of the oracle rate (10,000 + premium at opening, falling linearly to 10,000 − discount at
 * `durationSecs`; the decay rounded down, in the vault's favour). For display: `fill_end` computes its
 * own at fill time.
 */
export function auctionAskFactorBps(curve: AuctionCurve, elapsedSecs: bigint): number {
  if (curve.durationSecs === 0) throw new MathError("DivisionByZero");
  const duration = BigInt(curve.durationSecs);
  const elapsed = elapsedSecs < 0n ? 0n : elapsedSecs > duration ? duration : elapsedSecs;
  const span = BigInt(curve.premiumBps + curve.discountBps);
  return Number(10_000n + BigInt(curve.premiumBps) - divRound(span * elapsed, duration, false));
}
