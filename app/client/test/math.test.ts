// The TS previews against the golden vectors the Rust math crate writes (crates/ballast-math/tests/golden.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import GOLDEN from "../src/golden/math.json" with { type: "json" };
import {
  MathError,
  auctionAskFactorBps,
  cppiTargets,
  inKindDeposit,
  inKindWithdrawal,
  normalizePrice,
  quoteDeposit,
  sharePrice,
  valueOf,
} from "../src/math.ts";

type Out = string | { error: string };

function check(out: Out, run: () => bigint | string) {
  if (typeof out === "string") assert.equal(String(run()), out);
  else assert.throws(run, (e: unknown) => e instanceof MathError && e.message === out.error);
}

test("price normalisation matches ballast-math", () => {
  for (const c of GOLDEN.normalize)
    check(c.out as Out, () => normalizePrice(BigInt(c.mantissa), c.expo));
});

test("valuation matches ballast-math, both roundings", () => {
  for (const c of GOLDEN.valueOf)
    check(c.out as Out, () => valueOf(BigInt(c.amount), BigInt(c.price), c.decimals, c.roundUp));
});

test("deposit quotes match ballast-math, refusals included", () => {
  for (const c of GOLDEN.quoteDeposit) {
    check(c.out as Out, () =>
      quoteDeposit(
        BigInt(c.value),
        BigInt(c.totalValue),
        BigInt(c.supply),
        BigInt(c.depositCap),
        BigInt(c.maxDepositPerTx),
        BigInt(c.minSharesOut),
      ),
    );
  }
});

test("in-kind withdrawals and deposits match ballast-math", () => {
  for (const c of GOLDEN.inKindWithdrawal)
    check(c.out as Out, () =>
      inKindWithdrawal(BigInt(c.shares), BigInt(c.balance), BigInt(c.supply)),
    );
  for (const c of GOLDEN.inKindDeposit) {
    check(
      c.out as Out,
      () =>
        inKindDeposit(c.maxAmounts.map(BigInt), c.balances.map(BigInt), BigInt(c.supply)).shares,
    );
    if (typeof c.out === "string")
      assert.deepEqual(
        inKindDeposit(
          c.maxAmounts.map(BigInt),
          c.balances.map(BigInt),
          BigInt(c.supply),
        ).amountsIn.map(String),
        c.amountsIn,
      );
  }
});

test("CPPI targets match ballast-math: de-risking toward the floor, the cap, the fixed policy, refusals", () => {
  assert.ok(GOLDEN.cppiTargets.length >= 8);
  for (const c of GOLDEN.cppiTargets) {
    const run = () =>
      cppiTargets(
        c.base,
        {
          multiplierPct: c.multiplierPct,
          floorSharePrice: BigInt(c.floorSharePrice),
          maxRiskyBps: c.maxRiskyBps,
        },
        BigInt(c.nav),
        BigInt(c.supply),
      );
    if (Array.isArray(c.out)) assert.deepEqual(run(), c.out);
    else
      assert.throws(
        run,
        (e: unknown) => e instanceof MathError && e.message === (c.out as { error: string }).error,
      );
  }
});

test("the auction's ask matches ballast-math: premium at opening, linear decay rounded down, floor at expiry", () => {
  assert.ok(GOLDEN.auctionAskFactor.length >= 10);
  for (const c of GOLDEN.auctionAskFactor) {
    const run = () => auctionAskFactorBps(c, BigInt(c.elapsedSecs));
    if (typeof c.factorBps === "number") assert.equal(run(), c.factorBps, JSON.stringify(c));
    else
      assert.throws(
        run,
        (e: unknown) =>
          e instanceof MathError && e.message === (c.factorBps as { error: string }).error,
      );
  }
});

test("the share price matches ballast-math: the virtual offset counted, rounded down", () => {
  assert.ok(GOLDEN.sharePrice.length >= 6);
  for (const c of GOLDEN.sharePrice)
    check(c.out, () => sharePrice(BigInt(c.totalValue), BigInt(c.supply)));
});
