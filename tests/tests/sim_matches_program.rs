//! The simulator decides exactly as the program does, with fixed targets and under CPPI: one recorded price path drives both the SBF
//! build's `preview_rebalance` and `ballast_sim::backtest::decide` for the same holdings, and at
//! every step they agree on the refusal or on the trade (pair, amount, min_out, drift).
//! SBF only: the preview's return data is not observable from a host build.

use ballast::state::VaultParams;
use ballast::watch::Observed;
use ballast_math::decision::RebalanceDecision;
use ballast_math::observer::{widening, AssetWatch, Signal, Watch};
use ballast_math::price::{normalize, Price};
use ballast_sim::backtest::{decide, Moment};
use ballast_sim::config::SimConfig;
use ballast_tests::fixture::{AssetSpec, PARAMS};
use ballast_tests::{error_code, run_both, Harness, Mode, Trace};

const USDC: AssetSpec = AssetSpec { decimals: 6, price: 100_000_000, conf_bps: 0, freezable: false };
const SOL: AssetSpec = AssetSpec { decimals: 9, price: 15_000_000_000, conf_bps: 0, freezable: false };
const BTC: AssetSpec = AssetSpec { decimals: 8, price: 6_000_000_000_000, conf_bps: 0, freezable: false };

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

fn sim_config(params: &VaultParams) -> SimConfig {
    SimConfig {
        targets_bps: vec![4_000, 3_000, 3_000],
        decimals: vec![6, 9, 8],
        initial_usd: 0.0,
        pool_depth_usd: 0.0,
        latency_steps: 0,
        params: params.to_math(),
    }
}

/// Drives the program's `preview_rebalance` and the simulator's `decide` through the path with the
/// vault's `params`; returns (trades, refusals) after asserting every decision is the same.
async fn decide_alike(params: VaultParams) -> (usize, usize) {
    let mut h = Harness::start(Mode::Sbf).await;
    let mut f = h
        .vault_fixture_with(
            params,
            &[USDC, SOL, BTC],
            &[4_000, 3_000, 3_000],
            &[10_000_000_000, 100_000_000_000, 1_000_000_000],
        )
        .await;
    // 4,000 USDC, 20 SOL, 0.05 BTC: 40/30/30 at the first prices.
    for (asset, amount) in [(0, 4_000_000_000u64), (1, 20_000_000_000), (2, 5_000_000)] {
        assert_eq!(h.deposit(&f, &f.alice, asset, amount, 0).await.result, Ok(()));
    }
    let cfg = sim_config(&params);
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
        let moment = Moment::calm(h.share_supply(&f).await);
        match decide(&amounts, &usd, &cfg, &moment, |_| None) {
            Ok(RebalanceDecision { trade: plan, targets }) => {
                assert_eq!(program.targets, targets[..3].to_vec(), "step {step}: the targets in force");
                trades += 1;
                assert_eq!(
                    program.refusal, 0,
                    "step {step}: the program refused {} where the simulator trades",
                    program.refusal
                );
                assert_eq!((usize::from(program.sell), usize::from(program.buy)), (plan.sell, plan.buy), "step {step}");
                assert_eq!(
                    (program.amount_in, program.min_out, program.drift_bps),
                    (plan.amount_in, plan.min_out, plan.drift_bps),
                    "step {step}"
                );
            }
            Err(e) => {
                refusals += 1;
                assert_eq!(program.refusal, error_code(ballast::errors::BallastError::from(e)), "step {step}");
            }
        }
    }
    (trades, refusals)
}

#[tokio::test]
async fn the_simulator_and_the_program_decide_alike_on_a_recorded_path() {
    let (trades, refusals) = decide_alike(PARAMS).await;
    // The path exercises both outcomes.
    assert!(trades > 0 && refusals > 0, "{trades} trades, {refusals} refusals");
}

#[tokio::test]
async fn under_cppi_too() {
    // USDC safe, SOL and BTC the risky basket: 4× the cushion above 0.90 USD per share.
    let cppi = VaultParams {
        cppi_multiplier_pct: 400,
        cppi_floor_share_price: 900_000_000_000,
        cppi_max_risky_bps: 8_000,
        ..PARAMS
    };
    // Never idle on this path (the targets move with the value), every step compared.
    let (trades, _) = decide_alike(cppi).await;
    assert_eq!(trades, PATH.len());
}

/// The observer's state as the vault stores it: (watch, per-asset watch) for the active assets.
fn stored_watch(v: &ballast::state::Vault) -> (Watch, Vec<AssetWatch>) {
    let watch = Watch {
        references_at: v.references_at,
        vol_observed_at: v.vol_observed_at,
        tripped_at: v.breaker_tripped_at,
        reading_at: v.breaker_reading_at,
        normal_readings: v.breaker_normal_readings,
        poor_fill_streak: v.poor_fill_streak,
        reason: v.breaker_reason,
    };
    let assets = v.active_assets().iter().map(|s| AssetWatch {
        reference_price: s.reference_price,
        last_observed_price: s.last_observed_price,
        vol_variance: s.vol_variance,
    });
    (watch, assets.collect())
}

/// Through a trip and its warm-up, the program's observer (`accrue_fees`) and the simulator's (the
/// same `ballast_math::observer::Watch::read` the backtest calls every step) hold the same state
/// after every reading: references, the trip, readings too soon that count for nothing, the
/// warm-up count, the clearing, and the volatility estimate that widens the bands.
async fn observe_alike(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 6_666_666_667, 0).await.result, Ok(()));
    let limits = PARAMS.to_math().watch_limits();
    // The simulator starts from what the deposits left (they take the first references).
    let (mut watch, mut assets) = stored_watch(&h.vault(&f).await);
    // (seconds later, SOL in USD with 8 decimals): a 20 % jump trips it; readings inside the window
    // still breach; past it, readings warm up, one too soon counts for nothing, the third clears.
    let steps: [(i64, i64, &str); 9] = [
        (60, 15_500_000_000, "a normal reading"),
        (60, 18_000_000_000, "SOL 20 % above its reference: trips"),
        (30, 18_100_000_000, "tripped, still breaching"),
        (3_700, 18_000_000_000, "the window passed: first warm-up reading"),
        (30, 18_050_000_000, "too soon: counts for nothing"),
        (30, 17_900_000_000, "second warm-up reading"),
        (60, 18_200_000_000, "third: cleared"),
        (60, 17_000_000_000, "a normal reading after the trip"),
        (60, 17_500_000_000, "and another"),
    ];
    let (mut trips, mut clears) = (0, 0);
    for (secs, sol, label) in steps {
        h.warp(secs).await;
        f.specs[1].price = sol;
        h.publish_prices(&mut f).await;
        let out = h.send(label, &[f.keys.accrue_fees()], &[]).await;
        assert_eq!(out.result, Ok(()), "{label}: {:?}", out.program_output);
        let now = h.now().await;
        let mids: Vec<Price> = f
            .specs
            .iter()
            .map(|s| normalize(u64::try_from(s.price).expect("positive"), -8, false).expect("price"))
            .collect();
        match watch.read(&mut assets, &mids, now, &limits).expect("a reading") {
            Signal::Tripped { .. } => trips += 1,
            Signal::Cleared => clears += 1,
            Signal::None => {}
        }
        let vault = h.vault(&f).await;
        assert_eq!(
            stored_watch(&vault),
            (watch, assets.clone()),
            "{label}: the program's observer and the simulator's"
        );
        assert_eq!(Observed::of(&vault, None).widening(), widening(&assets, &limits), "{label}: the band widening");
    }
    assert_eq!((trips, clears), (1, 1), "the path trips the breaker once and clears it once");
    assert!(assets[1].vol_variance > 0, "the path moved the volatility estimate");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn the_simulator_and_the_program_observe_alike_through_a_trip_and_warm_up() {
    run_both(observe_alike).await;
}
