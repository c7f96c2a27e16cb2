// The CLI's "applies at once or waits" prediction (`isTightening`) against the program's rule
// (`Params::direction`): trading less is the safe side, except while a vault is insured, when the
// fields that pace the hedge wait whichever way they move.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXAMPLE_PARAMS, PARAMETER_BOUNDS, isTightening, paramField } from "../src/index.ts";

const insured = { ...EXAMPLE_PARAMS, insuranceFloorSharePrice: 900_000_000_000n };

test("trading less applies at once on an uninsured vault and waits on an insured one", () => {
  const slower = { maxTradeBps: 1, minRebalanceIntervalSecs: 604_800 };
  assert.equal(isTightening(EXAMPLE_PARAMS, { ...EXAMPLE_PARAMS, ...slower }), true);
  assert.equal(isTightening(insured, { ...insured, ...slower }), false);
  // Switching the insurance on waits even with nothing else changed.
  assert.equal(isTightening(EXAMPLE_PARAMS, insured), false);
  // A guard against bad fills still tightens at once.
  assert.equal(isTightening(insured, { ...insured, maxSlippageBps: 50, maxLossBps: 100 }), true);
});

test("every field bounds.json marks as pacing the hedge waits either way only while insured", () => {
  const marked = PARAMETER_BOUNDS.filter((b) => b.pacesTheHedge);
  assert.equal(marked.length, 18);
  for (const bound of marked) {
    const field = paramField(bound.name);
    const example = BigInt(EXAMPLE_PARAMS[field]);
    for (const step of [1n, -1n]) {
      const moved = example + step;
      if (moved < BigInt(bound.min) || moved > BigInt(bound.max)) continue;
      const value = bound.type === "u64" ? moved : Number(moved);
      // A field neither direction makes safer ("never") waits either way, insured or not.
      const safer =
        bound.tightens === "never" ? false : bound.tightens === "lower" ? step < 0n : step > 0n;
      const uninsured = isTightening(EXAMPLE_PARAMS, { ...EXAMPLE_PARAMS, [field]: value });
      assert.equal(uninsured, safer, `${bound.name} ${step} without insurance`);
      assert.equal(
        isTightening(insured, { ...insured, [field]: value }),
        false,
        `${bound.name} ${step} insured`,
      );
    }
  }
});
