// The CLI's "applies at once or waits" prediction (`isTightening`) against the program's rule
// (`Params::direction`): trading less is the safe side, except while a vault is insured, when the
// fields that pace the hedge wait whichever way they move.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXAMPLE_PARAMS, PARAMETER_BOUNDS, isTightening } from "../src/index.ts";

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

test("the seventeen fields that pace the hedge are the ones bounds.json marks", () => {
  const marked = PARAMETER_BOUNDS.filter((b) => b.pacesTheHedge).map((b) => b.name);
  assert.deepEqual(marked, [
    "drift_band_bps",
    "relative_drift_band_bps",
    "max_trade_bps",
    "bounty_bps",
    "min_rebalance_interval_secs",
    "amm_fee_bps",
    "tx_cost_value",
    "vol_band_k_pct",
    "vol_band_cap_bps",
    "vol_observation_secs",
    "max_rebalance_interval_secs",
    "turnover_epoch_secs",
    "turnover_cap_bps",
    "max_bounty_value",
    "auction_premium_bps",
    "auction_discount_bps",
    "auction_duration_secs",
  ]);
});
