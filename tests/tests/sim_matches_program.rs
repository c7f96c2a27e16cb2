//! The simulator decides exactly as the program does: one recorded price path drives both the SBF
//! build's `preview_rebalance` and `ballast_sim::backtest::decide` for the same holdings, and at
//! every step they agree on the refusal or on the trade (pair, amount, min_out, drift).
//! SBF only: the preview's return data is not observable from a host build.

use ballast_sim::backtest::decide;
use ballast_sim::config::SimConfig;
use ballast_tests::fixture::{AssetSpec, PARAMS};
use ballast_tests::{error_code, Harness, Mode};

const USDC: AssetSpec = AssetSpec { decimals: 6, price: 100_000_000, conf_bps: 0 };
const SOL: AssetSpec = AssetSpec { decimals: 9, price: 15_000_000_000, conf_bps: 0 };
const BTC: AssetSpec = AssetSpec { decimals: 8, price: 6_000_000_000_000, conf_bps: 0 };

/// Recorded prices (USD with 8 decimals, Pyth's usual exponent): SOL rallies 46% and comes back,
/// BTC wanders; no step moves more than the breaker's 15%.
const PATH: [[i64; 3]; 8] = [
    [100_000_000, 15_000_000_000, 6_000_000_000_000],
    [100_000_000, 17_000_000_000, 6_000_000_000_000],
    [100_000_000, 19_300_000_000, 5_800_000_000_000],
    [100_000_000, 21_900_000_000, 5_600_000_000_000],
    [100_000_000, 21_900_000_000, 5_600_000_000_000],
    [100_000_000, 19_000_000_000, 6_000_000_000_000],
    [100_000_000, 16_500_000_000, 6_300_000_000_000],
    [100_000_000, 15_000_000_000, 6_000_000_000_000],
];

fn sim_config() -> SimConfig {
    SimConfig {
        targets_bps: vec![4_000, 3_000, 3_000],
        decimals: vec![6, 9, 8],
        initial_usd: 0.0,
        drift_band_bps: PARAMS.drift_band_bps,
        relative_drift_band_bps: PARAMS.relative_drift_band_bps,
        max_trade_bps: PARAMS.max_trade_bps,
        max_slippage_bps: PARAMS.max_slippage_bps,
        amm_fee_bps: PARAMS.amm_fee_bps,
        bounty_bps: PARAMS.bounty_bps,
        benefit_weight_bps: PARAMS.benefit_weight_bps,
        tx_cost_usd: f64::from(PARAMS.tx_cost_value) / 1e6,
        min_interval_steps: 0,
        pool_depth_usd: 0.0,
        latency_steps: 0,
        max_price_move_bps: PARAMS.max_price_move_bps,
        warmup_readings: PARAMS.warmup_readings,
        price_move_window_secs: PARAMS.price_move_window_secs,
        vol_band_k_pct: PARAMS.vol_band_k_pct,
        vol_band_cap_bps: PARAMS.vol_band_cap_bps,
        ewma_lambda_bps: PARAMS.ewma_lambda_bps,
    }
}

#[tokio::test]
async fn the_simulator_and_the_program_decide_alike_on_a_recorded_path() {
    let mut h = Harness::start(Mode::Sbf).await;
    let mut f = h.vault_fixture(&[USDC, SOL, BTC], &[4_000, 3_000, 3_000], &[10_000_000_000, 100_000_000_000, 1_000_000_000]).await;
    // 4,000 USDC, 20 SOL, 0.05 BTC: 40/30/30 at the first prices.
    for (asset, amount) in [(0, 4_000_000_000u64), (1, 20_000_000_000), (2, 5_000_000)] {
        assert_eq!(h.deposit(&f, &f.alice, asset, amount, 0).await.result, Ok(()));
    }
    let cfg = sim_config();
    let (mut trades, mut refusals) = (0, 0);
    for (step, prices) in PATH.iter().enumerate() {
        // Each step an hour and a bit apart, so the breaker re-bases and never interferes.
        h.warp(3_700).await;
        for (spec, price) in f.specs.iter_mut().zip(prices) {
            spec.price = *price;
        }
        h.publish_prices(&mut f).await;
        let program = h.preview_rebalance(&f).await.expect("the SBF build returns the preview");

        let amounts = h.vault_balances(&f).await;
        let usd: Vec<f64> = prices.iter().map(|p| *p as f64 / 1e8).collect();
        match decide(&amounts, &usd, &cfg, 0, |_| None) {
            Ok(plan) => {
                trades += 1;
                assert_eq!(program.refusal, 0, "step {step}: the program refused {} where the simulator trades", program.refusal);
                assert_eq!((usize::from(program.sell), usize::from(program.buy)), (plan.sell, plan.buy), "step {step}");
                assert_eq!((program.amount_in, program.min_out, program.drift_bps), (plan.amount_in, plan.min_out, plan.drift_bps), "step {step}");
            }
            Err(e) => {
                refusals += 1;
                assert_eq!(program.refusal, error_code(ballast::errors::BallastError::from(e)), "step {step}");
            }
        }
    }
    // The path exercises both outcomes.
    assert!(trades > 0 && refusals > 0, "{trades} trades, {refusals} refusals");
}
