//! One year of minute prices (525,600 steps) for 8 assets through the backtest, timed; prints the
//! figure recorded in docs/benchmarks.md (`cargo run --release -p ballast-sim --example perf`).
use std::time::Instant;

use ballast_sim::backtest::run;
use ballast_sim::config::SimConfig;
use ballast_sim::paths::{generate, Dynamics};

fn main() {
    let assets: Vec<Dynamics> = (0..8)
        .map(|i| Dynamics {
            start: 10.0 * f64::from(i + 1),
            drift: 0.05,
            volatility: 0.2 + 0.1 * f64::from(i),
            jumps_per_year: 2.0,
            jump_size: -0.1,
        })
        .collect();
    let path = generate(1, 525_600, 60, &assets);
    let cfg = SimConfig { targets_bps: vec![1_250; 8], decimals: vec![9; 8], ..SimConfig::demo() };
    let start = Instant::now();
    let m = run(&path, &cfg);
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "525,600 steps x 8 assets: {elapsed:.3} s ({} rebalances, mean tracking error {:.1} bps)",
        m.rebalances, m.mean_tracking_error_bps
    );
}
