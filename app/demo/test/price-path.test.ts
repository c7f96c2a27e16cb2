// The demo's seeded price path (src/price-path.ts): it replays, and the live demo's walk reverts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pricePath } from "../src/index.ts";

test("the demo's seeded price path replays exactly and stays positive", () => {
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

test("the live demo's price walk reverts: its spread stays near vol / √(2·reversion) and the pull is bounded", () => {
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
