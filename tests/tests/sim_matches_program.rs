//! The simulator decides and observes exactly as the program does: one recorded price path drives
//! both the SBF build's `preview_rebalance` and `ballast_sim::backtest::decide` for the same
//! holdings (fixed targets and CPPI); an insured vault hedges alike (the struck period, the Greeks
//! and the band, through executed trades); the two observers read through a trip and its warm-up; and
//! along a path of executed rebalances through the real CPMM, the simulator's own `VaultState`
//! (widening, schedule, minimum interval, turnover epoch, references, poor fills) gives the same
//! refusal or the same trade as the program at every step and holds what the vault holds.
//! The decision tests run in SBF only: the preview's return data is not observable from a host build.

use ballast::events::{HedgeView, Rebalanced};
use ballast::state::VaultParams;
use ballast::watch::Observed;
use ballast_math::decision::RebalanceDecision;
use ballast_math::execution::Hop;
use ballast_math::observer::{widening, AssetWatch, Signal, Watch};
use ballast_math::params::Params;
use ballast_math::price::{normalize, value_of, Price};
use ballast_math::trade::Trigger;
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
        latency_slots: vec![],
        pool_lag: false,
        execution: Default::default(),
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
        match decide(&amounts, &usd, &cfg, &moment, |_, _| None) {
            Ok(RebalanceDecision { trade: plan, targets, .. }) => {
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

/// The assets' mid prices as the program reads them from the fixture's Pyth prices (8 decimals).
fn mids(specs: &[AssetSpec]) -> Vec<Price> {
    specs.iter().map(|s| normalize(u64::try_from(s.price).expect("positive"), -8, false).expect("price")).collect()
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
        let mids = mids(&f.specs);
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
        assert_eq!(Observed::of(&vault).widening(&vault), widening(&assets, &limits), "{label}: the band widening");
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

/// SOL (USD, 8 decimals) at each half-hour step of `trade_alike`: small moves (quarter dollars, which
/// the simulator's f64 prices hold exactly) that feed the volatility estimate without tripping the
/// breaker or leaving the pool's price further than the slippage bound allows.
const SOL_PATH: [i64; 24] = [
    15_000, 15_100, 14_950, 15_075, 14_900, 15_050, 15_125, 14_975, 15_025, 14_925, 15_100, 15_000, 15_075, 14_950,
    15_050, 14_900, 15_125, 15_000, 14_975, 15_100, 15_025, 14_950, 15_075, 15_000,
];

/// What `trade_alike` saw, for its assertions.
#[derive(Debug, Default)]
struct Seen {
    trades: usize,
    scheduled: usize,
    widened: usize,
    too_soon: usize,
    other_refusals: Vec<u32>,
    /// Trades that steered to an insurance hedge.
    hedged: usize,
    /// Steps where the drift gate, weighing the real pool's reserves, refused on both sides (the
    /// simulator's decision, and the program's own `rebalance` through that pool).
    not_worth_it: usize,
    /// Trades the preview (the assumed fee, no pool) refused and the pool made worthwhile.
    preview_fee_refused: usize,
}

/// Through verified rebalances on the real CPMM (holdings, epoch and references change), with the
/// bands widened by volatility, a schedule and a turnover cap: every half hour the observer reads
/// (`accrue_fees` and `VaultState::read`), then the program's preview and the simulator's decision,
/// its moment taken from its own `VaultState::gate`, agree on the refusal or on the trade; the
/// program then rebalances and `VaultState::traded` keeps what the vault kept. After every step the
/// simulator's state (observer, last rebalance, turnover epoch) equals the vault's fields.
/// The parameters `trade_alike` runs under by default.
fn trade_params() -> Params {
    Params {
        vol_band_k_pct: 300,
        min_rebalance_interval_secs: 3_600,
        max_rebalance_interval_secs: 4 * 3_600,
        turnover_cap_bps: 3_000,
        turnover_epoch_secs: 86_400,
        ..PARAMS.to_math()
    }
}

/// The pool's vault of the vault's asset `asset` (the CPMM pool orders its mints by address).
fn pool_vault(
    pool: &ballast_tests::cpmm::Pool,
    f: &ballast_tests::fixture::VaultFixture,
    asset: usize,
) -> anchor_lang::prelude::Pubkey {
    if f.keys.assets[asset].mint == pool.token_0_mint {
        pool.token_0_vault
    } else {
        pool.token_1_vault
    }
}

/// `params_at(now)` gives the parameters from the chain's clock at the start (an insurance expiry).
async fn trade_alike(params_at: impl Fn(i64) -> Params) -> Seen {
    use ballast_sim::vault_state::{Fill, GateRefusal, VaultState};
    use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
    use ballast_tests::events_of;
    use solana_signer::Signer;

    let mut h = Harness::start_with(Mode::Sbf, &[(CPMM_ID, cpmm_so())]).await;
    let math = params_at(h.now().await);
    let params = VaultParams::from_math(&math);
    // 10,000 USDC against 50/50 targets, and a pool deep enough (15M USDC, 100k SOL) that the
    // vault's own trades barely move its price.
    let (mut f, pool) = h.cpmm_vault(params, &[(0, 10_000_000_000)], 15_000_000_000_000, 100_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let cfg = SimConfig {
        targets_bps: vec![5_000, 5_000],
        decimals: vec![6, 9],
        initial_usd: 0.0,
        pool_depth_usd: 0.0,
        latency_steps: 0,
        latency_slots: vec![],
        pool_lag: false,
        execution: Default::default(),
        params: math,
    };
    let vault = h.vault(&f).await;
    let mut sim = VaultState::new(&math, 2, vault.created_at);
    // The deposit took the first references.
    (sim.watch, sim.assets) = stored_watch(&vault);
    if math.insured() {
        // Governance strikes the period on both: the same index, strike and units.
        let now = h.now().await;
        let out = h.send("roll", &[ballast_tests::compute_limit(1_400_000), f.keys.roll_insurance()], &[]).await;
        assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
        let amounts = h.vault_balances(&f).await;
        let mids = mids(&f.specs);
        let nav: u128 = (0..2).map(|i| value_of(amounts[i], mids[i], [6, 9][i], false).expect("value")).sum();
        let struck = sim.roll_insurance(&[5_000, 5_000], &mids, nav, h.share_supply(&f).await, now).expect("struck");
        let vault = h.vault(&f).await;
        let stored = (vault.insurance.to_math(), vault.insurance_quantities[..2].to_vec());
        let (period, quantities) = sim.insurance.expect("struck");
        assert_eq!(stored, (period, quantities[..2].to_vec()), "the struck period");
        assert_eq!(struck.period, period);
    }
    let mut seen = Seen::default();
    for (step, sol) in SOL_PATH.into_iter().enumerate() {
        // Half-hourly, but a day passes before step 12: a new turnover epoch.
        h.warp(if step == 12 { 86_400 } else { 1_800 }).await;
        f.specs[1].price = sol * 1_000_000;
        h.publish_prices(&mut f).await;
        let now = h.now().await;
        let mids = mids(&f.specs);
        let usd: Vec<f64> = f.specs.iter().map(|s| s.price as f64 / 1e8).collect();
        assert_eq!(h.send("observe", &[f.keys.accrue_fees()], &[]).await.result, Ok(()), "step {step}");
        sim.read(&mids, now).expect("a reading");

        let program = h.preview_rebalance(&f).await.expect("the SBF build returns the preview");
        let amounts = h.vault_balances(&f).await;
        let supply = h.share_supply(&f).await;
        // The pool the rebalance would swap through, as the program's gate reads it (its two vaults).
        let reserves =
            [h.token_balance(pool_vault(&pool, &f, 0)).await, h.token_balance(pool_vault(&pool, &f, 1)).await];
        let fee_ppm = math.amm_fee_ppm();
        let hop = |s: usize, b: usize| Some(Hop::constant_product(reserves[s], reserves[b], fee_ppm));
        let decided = match sim.gate(&mids, now, supply) {
            Err(GateRefusal::TooSoon) => Err(ballast::errors::BallastError::RebalanceTooSoon),
            Err(GateRefusal::BreakerTripped) => Err(ballast::errors::BallastError::BreakerTripped),
            Ok(moment) => match decide(&amounts, &usd, &cfg, &moment, hop) {
                Ok(decision) => Ok((moment, decision)),
                Err(e) => Err(ballast::errors::BallastError::from(e)),
            },
        };
        match decided {
            Err(ballast::errors::BallastError::RebalanceNotWorthIt) => {
                // The preview counts the assumed fee only; the program's `rebalance` weighs the pool
                // itself, and refuses the same trade, changing nothing.
                let values: Vec<f64> = (0..2).map(|i| amounts[i] as f64 / [1e6, 1e9][i] * usd[i]).collect();
                let (sell, buy) = if values[0] > values[1] { (0, 1) } else { (1, 0) };
                let keys = h.fixture_keys(&f);
                let before = h.accounts(&keys).await;
                let ix = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, sell, buy, 0);
                let out = h.send("rebalance", &[ix], &[&bob]).await;
                h.assert_refused(&out, ballast::errors::BallastError::RebalanceNotWorthIt, &keys, &before).await;
                seen.not_worth_it += 1;
            }
            Err(e) => {
                assert_eq!(program.refusal, error_code(e), "step {step}: the program's refusal and the simulator's");
                if matches!(e, ballast::errors::BallastError::RebalanceTooSoon) {
                    seen.too_soon += 1;
                } else {
                    seen.other_refusals.push(error_code(e));
                }
            }
            Ok((moment, RebalanceDecision { trade: plan, targets, hedge, weighed })) => {
                // The preview sees no pool: under the drift gate it charges the assumed fee, and a
                // pool priced better than the oracle costs less than that, so the preview alone may
                // refuse what the pool makes worthwhile. `rebalance` below weighs the pool and trades.
                let not_worth_it = error_code(ballast::errors::BallastError::RebalanceNotWorthIt);
                if weighed.is_some() && program.refusal == not_worth_it {
                    seen.preview_fee_refused += 1;
                } else {
                    assert_eq!(program.refusal, 0, "step {step}: the program refused where the simulator trades");
                    assert_eq!(program.targets, targets[..2].to_vec(), "step {step}");
                    let insurance = h.vault(&f).await.insurance;
                    assert_eq!(program.hedge, hedge.map(|h| HedgeView::of(&h, &insurance)), "step {step}: the hedge");
                    assert_eq!(
                        (usize::from(program.sell), usize::from(program.buy), program.amount_in, program.min_out),
                        (plan.sell, plan.buy, plan.amount_in, plan.min_out),
                        "step {step}"
                    );
                    assert_eq!(
                        (program.drift_bps, program.trigger),
                        (plan.drift_bps, plan.trigger.code()),
                        "step {step}"
                    );
                }
                seen.hedged += usize::from(hedge.is_some());
                let ix = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, plan.sell, plan.buy, 0);
                let out = h.send("rebalance", &[ix], &[&bob]).await;
                assert_eq!(out.result, Ok(()), "step {step}: {:?}", out.program_output);
                let e = &events_of::<Rebalanced>(&out)[0];
                assert_eq!(e.amount_in, plan.amount_in, "step {step}: the program traded the plan");
                let fill = Fill {
                    value: plan.value,
                    value_before: u128::from(e.value_before),
                    value_after: u128::from(e.value_after),
                };
                sim.traded(&mids, now, &moment, fill).expect("the simulator keeps the trade");
                seen.trades += 1;
                seen.scheduled += usize::from(plan.trigger == Trigger::Schedule);
                seen.widened += usize::from(moment.widening_bps > 0);
            }
        }
        let vault = h.vault(&f).await;
        assert_eq!(stored_watch(&vault), (sim.watch, sim.assets.clone()), "step {step}: the observers");
        let program_state = (
            (vault.rebalance_count > 0).then_some(vault.last_rebalance_at),
            vault.epoch_started_at,
            u128::from(vault.epoch_traded_value),
        );
        assert_eq!(
            program_state,
            (sim.last_rebalance_at, sim.epoch.started_at, sim.epoch.traded_value),
            "step {step}: last rebalance and turnover epoch"
        );
    }
    seen
}

#[tokio::test]
async fn the_simulator_and_the_program_trade_alike_through_widening_schedule_and_turnover_cap() {
    use ballast::errors::BallastError::{RebalanceNotNeeded, TurnoverCapReached};
    let seen = trade_alike(|_| trade_params()).await;
    // The path exercises every branch the simulator's state decides: six trades (five with the
    // bands widened, one by the schedule once inside them), the minimum interval six times, the
    // day's turnover cap four times before the next epoch, and "inside the bands" after.
    assert_eq!((seen.trades, seen.widened, seen.scheduled, seen.too_soon), (6, 5, 1, 6), "{seen:?}");
    let count = |code: u32| seen.other_refusals.iter().filter(|c| **c == code).count();
    assert_eq!(
        (count(error_code(TurnoverCapReached)), count(error_code(RebalanceNotNeeded)), seen.other_refusals.len()),
        (4, 8, 12),
        "{seen:?}"
    );
}

#[tokio::test]
async fn the_drift_gate_weighs_the_real_pool_alike_in_the_simulator_and_the_program() {
    // The gate on, a day's horizon, through the real CPMM pool whose price the oracle path leaves
    // behind (the pool is never arbitraged here). Every verdict is the same in the simulator (the
    // pool's reserves read from the chain, `ballast_math::execution`) and in the program's own
    // `rebalance`: two trades of the vault holding only USDC, both through a pool priced better than
    // the oracle (the fee-only preview refused both), then twenty refusals as not worth the cost,
    // which the program's `rebalance` refuses too, changing nothing; no band or turnover refusal is
    // left for the others to make.
    let seen = trade_alike(|_| Params { drift_gate_horizon_hours: 24, ..trade_params() }).await;
    assert_eq!(
        (seen.trades, seen.not_worth_it, seen.preview_fee_refused, seen.too_soon, seen.other_refusals.len()),
        (2, 20, 2, 2, 0),
        "{seen:?}"
    );
}

#[tokio::test]
async fn the_simulator_and_the_program_hedge_an_insured_vault_alike() {
    // Insured to 0.95 per share for 30 days at 40 % implied volatility, Whalley–Wilmott bands.
    let insured = |now: i64| Params {
        insurance_floor_share_price: 950_000_000_000,
        insurance_expires_at: u64::try_from(now + 30 * 86_400).expect("positive"),
        insurance_vol_min_bps: 4_000,
        insurance_vol_max_bps: 4_000,
        insurance_risk_aversion: 100,
        vol_band_k_pct: 0,
        ..trade_params()
    };
    let seen = trade_alike(insured).await;
    use ballast::errors::BallastError::{RebalanceNotNeeded, TurnoverCapReached};
    // Seven trades, each steered to the hedge (one by the schedule), the minimum interval seven
    // times; the day's turnover cap four times, inside the hedge's band (capped at the drift band)
    // six times.
    assert_eq!((seen.trades, seen.hedged, seen.scheduled, seen.too_soon), (7, 7, 1, 7), "{seen:?}");
    let count = |code: u32| seen.other_refusals.iter().filter(|c| **c == code).count();
    assert_eq!((count(error_code(RebalanceNotNeeded)), count(error_code(TurnoverCapReached))), (6, 4), "{seen:?}");
}
