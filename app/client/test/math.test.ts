// The TS previews against the golden vectors the Rust math crate writes (crates/ballast-math/tests/golden.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import GOLDEN from "../src/golden/math.json" with { type: "json" };
import {
  MathError,
  cppiTargets,
  inKindDeposit,
  inKindWithdrawal,
  normalizePrice,
  quoteDeposit,
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

test("the demo's seeded price path replays exactly and stays positive", async () => {
  const { pricePath } = await import("../src/price-path.ts");
  const take = (seed: bigint) => {
    const path = pricePath(seed, [0, 80, 60]);
    return Array.from({ length: 50 }, () => path.next().value!);
  };
  assert.deepEqual(take(7n), take(7n));
  assert.notDeepEqual(take(7n), take(8n));
  for (const step of take(7n)) {
    assert.equal(step[0], 10_000n, "a zero-volatility asset never moves");
    assert.ok(step[1] > 0n && step[2] > 0n);
  }
});

test("the live demo's price walk reverts: its spread stays near vol / √(2·reversion) and the pull is bounded", async () => {
  const { pricePath } = await import("../src/price-path.ts");
  const spread = (reversion: number) => {
    const path = pricePath(11n, [0, 60], reversion);
    const logs = Array.from({ length: 20_000 }, () =>
      Math.log(Number(path.next().value![1]) / 10_000),
    );
    return Math.sqrt(logs.reduce((s, l) => s + l * l, 0) / logs.length);
  };
  // 60 bps a step pulled back 1 % a step: a stationary spread of 0.006 / √0.02 ≈ 4.2 %.
  const reverting = spread(0.01);
  assert.ok(reverting > 0.03 && reverting < 0.055, `spread ${reverting}`);
  // Without the pull, 20,000 steps of 60 bps wander far wider (√20,000 · 0.6 % ≈ 85 % by the end).
  assert.ok(spread(0) > 2 * reverting, `random-walk spread ${spread(0)} vs ${reverting}`);
  assert.throws(() => pricePath(1n, [10], 1).next(), RangeError);
  assert.throws(() => pricePath(1n, [10], -0.1).next(), RangeError);
});
