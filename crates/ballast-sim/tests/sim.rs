//! The simulator: reproducible bit for bit, metrics right on a case small enough to check by hand,
//! CSV in and out, and a sweep that ranks every policy.
use ballast_math::params::Params;
use ballast_sim::backtest::run;
use ballast_sim::config::{Execution, SimConfig};
use ballast_sim::paths::{generate, Dynamics, PricePath};
use ballast_sim::sweep::{schedule_grid, schedule_sweep, sweep};

fn two_assets() -> SimConfig {
    SimConfig {
        targets_bps: vec![5_000, 5_000],
        decimals: vec![6, 9],
        pool_depth_usd: 1e15,
        latency_steps: 0,
        latency_slots: vec![],
        pool_lag: false,
        params: Params {
            relative_drift_band_bps: 10_000,
            max_trade_bps: 10_000,
            amm_fee_bps: 0,
            bounty_bps: 0,
            tx_cost_value: 0,
            min_rebalance_interval_secs: 0,
            // Off for this hand-checked case: the doubling would trip it.
            max_price_move_bps: u16::MAX,
            ..SimConfig::base_params()
        },
        ..SimConfig::demo()
    }
}

#[test]
fn seeded_runs_are_reproducible_bit_for_bit() {
    let assets = [
        Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
        Dynamics { start: 150.0, drift: 0.0, volatility: 0.9, jumps_per_year: 3.0, jump_size: -0.2 },
    ];
    let (a, b) = (generate(42, 5_000, 60, &assets), generate(42, 5_000, 60, &assets));
    assert_eq!(a, b);
    assert_ne!(a, generate(43, 5_000, 60, &assets));
    let (ma, mb) = (run(&a, &two_assets()), run(&b, &two_assets()));
    assert_eq!(ma.final_value_usd.to_bits(), mb.final_value_usd.to_bits());
    assert_eq!(ma.mean_tracking_error_bps.to_bits(), mb.mean_tracking_error_bps.to_bits());
}

#[test]
fn one_price_jump_gives_one_rebalance_checked_by_hand() {
    // 500,000 USDC and 3,333.33 SOL at 150; SOL doubles at step 1 and stays there.
    let path =
        PricePath { times: vec![0, 60, 120], prices: vec![vec![1.0, 150.0], vec![1.0, 300.0], vec![1.0, 300.0]] };
    let m = run(&path, &two_assets());
    // At step 1 the vault is 1/3 USDC, 2/3 SOL (1,666.7 bps off on each side): one trade moves
    // 250,000 USD back to 50/50 (an ocean-deep, fee-free pool: no cost to speak of).
    assert_eq!(m.rebalances, 1);
    assert!((m.value_series[1] - 1_500_000.0).abs() < 1.0);
    assert!((m.weight0_series[2] - 5_000.0).abs() < 1.0, "back at target: {}", m.weight0_series[2]);
    // Tracking error Σ|w − t|: 0 at step 0, 3,333.3 at step 1 (measured before the trade), ~0 at
    // step 2 -> mean 1,111.1 bps.
    assert!((m.mean_tracking_error_bps - 3_333.33 / 3.0).abs() < 1.0, "{}", m.mean_tracking_error_bps);
    assert!((m.buy_and_hold_usd - 1_500_000.0).abs() < 1.0);
    // The frictionless constant mix: 0.5 + 0.5 · 2 = 1.5x.
    assert!((m.constant_mix_usd - 1_500_000.0).abs() < 1e-6);
    assert!(m.max_drawdown < 1e-9, "no drawdown beyond integer rounding: {}", m.max_drawdown);
}

#[test]
fn csv_round_trips_and_refuses_bad_rows() {
    let path = PricePath { times: vec![0, 60], prices: vec![vec![1.0, 150.5], vec![1.0, 151.25]] };
    assert_eq!(PricePath::from_csv(&path.to_csv()), Ok(path));
    assert!(PricePath::from_csv("t,a\n0,1\n60,-1\n").unwrap_err().contains("line 3"));
    assert!(PricePath::from_csv("").is_err());
}

#[test]
fn a_window_keeps_from_inclusive_until_exclusive() {
    let path = PricePath { times: vec![0, 60, 120, 180], prices: vec![vec![1.0], vec![2.0], vec![3.0], vec![4.0]] };
    assert_eq!(path.window(60, 180), Some(PricePath { times: vec![60, 120], prices: vec![vec![2.0], vec![3.0]] }));
    assert_eq!(path.window(i64::MIN, i64::MAX), Some(path.clone()));
    assert_eq!(path.window(200, 300), None);
}

#[test]
fn the_sweep_ranks_every_policy_by_the_objective() {
    let assets = [
        Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
        Dynamics { start: 150.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 },
    ];
    let path = generate(7, 3_000, 60, &assets);
    let rows = sweep(&path, &SimConfig { targets_bps: vec![5_000, 5_000], decimals: vec![6, 9], ..SimConfig::demo() });
    assert_eq!(rows.len(), 54);
    assert!(rows.windows(2).all(|w| w[0].score <= w[1].score));
    for r in &rows {
        let m = &r.metrics;
        assert_eq!(r.score, ballast_sim::backtest::objective_bps(m.cost_drag_bps_per_year, m.return_tracking_error));
    }
    // A vault that trades drifts from the constant mix only between trades, and pays for them.
    let tight = rows.iter().find(|r| r.policy == "band 50 bps fixed").expect("in the grid");
    assert!(tight.metrics.rebalances > 0 && tight.metrics.cost_drag_bps_per_year > 0.0);
    assert!(tight.metrics.return_tracking_error > 0.0 && tight.metrics.return_tracking_error < 0.05);
}

#[test]
fn a_single_asset_vault_tracks_its_constant_mix_exactly_and_pays_nothing() {
    // All value in one asset: the vault's returns are the constant mix's, step for step.
    let assets = [Dynamics { start: 150.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 }];
    let path = generate(3, 5_000, 60, &assets);
    let cfg = SimConfig { targets_bps: vec![10_000], decimals: vec![9], ..SimConfig::demo() };
    let m = ballast_sim::backtest::run(&path, &cfg);
    assert_eq!((m.rebalances, m.total_cost_usd, m.cost_drag_bps_per_year), (0, 0.0, 0.0));
    assert!(m.return_tracking_error < 1e-9, "{}", m.return_tracking_error);
    assert!(m.objective_bps < 1e-9);
}

#[test]
fn a_calendar_schedule_trades_only_when_its_interval_has_passed() {
    // Thirty days of minutes; dSOL wanders (80%/yr), so a 1% band would trade often.
    let assets = [
        Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
        Dynamics { start: 150.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 },
    ];
    let path = generate(11, 30 * 1_440, 60, &assets);
    let base = SimConfig { targets_bps: vec![5_000, 5_000], decimals: vec![6, 9], ..SimConfig::demo() };
    let grid = schedule_grid(&base);
    let policy = |name: &str| grid.iter().find(|(n, _)| n == name).map(|(_, c)| c.clone()).expect("in the grid");
    let weekly = run(&path, &policy("calendar: every 7 days, no band"));
    // Every trade is the schedule's, at most one per week (the first a week after the start).
    assert!(weekly.rebalances >= 1);
    assert_eq!(weekly.scheduled_rebalances, weekly.rebalances);
    assert!(weekly.rebalances <= 30 / 7, "{} rebalances in 30 days", weekly.rebalances);
    // The band policy without a schedule trades on its band only, and more often.
    let band = run(&path, &policy("band 100 bps +1σ, no schedule"));
    assert_eq!(band.scheduled_rebalances, 0);
    assert!(band.rebalances > weekly.rebalances);
    // A band with a monthly schedule under it: inside the band the schedule may fire, never more
    // often than monthly (so at most once in 30 days).
    let both = run(&path, &policy("band 350 bps fixed + every 30 days"));
    assert!(both.scheduled_rebalances <= 1);
    let rows = schedule_sweep(&path, &base);
    assert_eq!(rows.len(), grid.len());
    assert!(rows.windows(2).all(|w| w[0].score <= w[1].score));
}

#[test]
fn stress_scenarios_stop_the_vault_and_never_block_withdrawal_value() {
    let results = ballast_sim::stress::run_all(&SimConfig::demo());
    let by_name = |needle: &str| &results.iter().find(|(n, _)| n.contains(needle)).expect("scenario").1;
    // A 50% crash in an hour leaves the hour-long EMA behind: the quote checks refuse before the
    // 15% move breaker could trip, and nothing is decided on those prices.
    assert!(by_name("crash").steps_price_refused > 0);
    assert_eq!(by_name("crash").breaker_trips, 0);
    // Were the EMA equal to the spot, the move breaker would trip instead.
    assert!(by_name("with the EMA equal").breaker_trips >= 1);
    // The spike is refused as it happens: nothing trades into a price that reverts.
    assert!(by_name("spike").steps_price_refused >= 5);
    assert_eq!(by_name("spike").rebalances, 0);
    // An 8% jump is under the move limit and over the EMA limit: refused until the EMA catches up.
    assert!(by_name("dislocation").steps_price_refused > 0);
    assert_eq!((by_name("dislocation").breaker_trips, by_name("dislocation").rebalances), (0, 0));
    // CPPI trades in the crash once prices can be read again.
    assert!(by_name("under CPPI").rebalances > by_name("crash").rebalances);
    // During the outage nothing can be decided.
    assert_eq!(by_name("outage").steps_without_prices, 120);
    // With the pool drained, trades that would fill below min_out are refused.
    assert!(by_name("drained").refused_slippage + by_name("drained").refused_not_worth_it > 0);
    // A depositor always has the pro-rata value to withdraw (the crash costs value, never access).
    assert!(results.iter().all(|(_, m)| m.min_value_per_share > 0.5));
}

#[test]
fn an_auction_fills_when_its_ask_covers_the_solver_checked_by_hand() {
    // The price jump of the pool case above, executed by auction: SOL doubles at 60 s; the plan
    // sells 833.33 SOL (250,000 USD). A solver costing 10 bps, plus one hop through an ocean-deep
    // pool (a fraction of a bp, rounded up to 1), is covered once the ask (+100 → −50 bps over
    // 300 s) reaches 9,989 bps: ⌈(100 + 11) · 300 / 150⌉ = 222 s after opening.
    let path =
        PricePath { times: vec![0, 60, 120], prices: vec![vec![1.0, 150.0], vec![1.0, 300.0], vec![1.0, 300.0]] };
    let cfg = SimConfig { execution: Execution::Auction { solver_cost_bps: 10 }, ..two_assets() };
    let m = run(&path, &cfg);
    assert_eq!((m.auctions, m.auctions_unfilled, m.rebalances), (1, 0, 1));
    assert_eq!(m.mean_fill_delay_secs, 222.0);
    // The vault gave 250,000 USD of SOL for 99.89% of it in USDC: 275 USD, and no bounty; USDC is
    // then 749,725 of 1,499,725 USD.
    assert!((m.total_cost_usd - 275.0).abs() < 0.01, "{}", m.total_cost_usd);
    assert!((m.weight0_series[2] - 4_999.08).abs() < 0.01, "{}", m.weight0_series[2]);
}

#[test]
fn an_auction_no_solver_fills_expires_and_the_next_waits_the_minimum_interval_from_its_expiry() {
    // Ten minutes with SOL doubled from the first; solvers cost 60 bps, above the 50 bps discount.
    let times: Vec<i64> = (0..10).map(|i| i * 60).collect();
    let mut prices = vec![vec![1.0, 150.0]];
    prices.extend((1..10).map(|_| vec![1.0, 300.0]));
    let path = PricePath { times, prices };
    let cfg = SimConfig { execution: Execution::Auction { solver_cost_bps: 60 }, ..two_assets() };
    // No minimum interval: opened at 60 s, expired at 360 s, opened again at 420 s.
    let m = run(&path, &cfg);
    assert_eq!((m.auctions, m.auctions_unfilled, m.rebalances), (2, 2, 0));
    assert_eq!(m.total_cost_usd, 0.0);
    // A ten-minute minimum interval counts from the expiry: no second auction before 960 s.
    let waits = SimConfig { params: Params { min_rebalance_interval_secs: 600, ..cfg.params }, ..cfg };
    assert_eq!(run(&path, &waits).auctions, 1);
}

#[test]
fn an_insured_vault_de_risks_in_a_crash_and_ends_at_its_floor_within_the_replication_error() {
    use ballast_sim::insurance::{replay, Rule, Setup};
    // A year of hours: flat for half a year, a 40 % fall over a day, flat again.
    let steps = 365 * 24 + 1;
    let times: Vec<i64> = (0..steps as i64).map(|i| i * 3_600).collect();
    let prices: Vec<Vec<f64>> = (0..steps)
        .map(|i| {
            vec![if i < 4_380 {
                100.0
            } else if i < 4_404 {
                100.0 - (i - 4_380) as f64 * 40.0 / 24.0
            } else {
                60.0
            }]
        })
        .collect();
    let path = PricePath { times, prices };
    let setup = Setup::EXAMPLE;
    for rule in [Rule::WhalleyWilmott, Rule::DeltaBand(100)] {
        let o = replay(&path, &setup, rule);
        // The put pays: the position's payoff is the floor.
        assert!((o.payoff_usd - 900_000.0).abs() < 1.0, "{rule:?}: payoff {}", o.payoff_usd);
        // The vault sold into the fall and ends within 1.5 % of the floor (the gap a 40 % fall over
        // one day opens in hourly hedging), having traded.
        assert!(o.final_usd > 885_000.0, "{rule:?}: {}", o.final_usd);
        assert!(o.trades > 2);
    }
}

#[test]
fn history_is_cut_into_consecutive_years_and_each_rule_replays_every_one() {
    use ballast_sim::insurance::{historical_study, yearly_periods};
    let history = PricePath::from_csv(include_str!("../data/historical-daily.csv")).expect("the shipped closes");
    let years = yearly_periods(&history, 0);
    // 1999-01-04 to 2018: nineteen whole years, each starting at the last close of the one before.
    assert_eq!(years.len(), 19);
    for pair in years.windows(2) {
        assert_eq!(pair[1].times[0], *pair[0].times.last().expect("closes"));
        assert!(*pair[0].times.last().expect("closes") - pair[0].times[0] >= 365 * 86_400);
    }
    assert!(years.iter().all(|y| y.prices.iter().all(|p| p.len() == 1)), "one asset per period");
    let rows = historical_study(&history, &[(0, "S&P 500", 0.2)]);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.paths == 19), "{rows:?}");
    // The Whalley–Wilmott band trades less than the 1 % band on the same years.
    assert!(rows[0].mean_trades < rows[1].mean_trades, "{rows:?}");
}
