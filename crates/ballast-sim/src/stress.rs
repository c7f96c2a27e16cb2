//! Stress scenarios: one day of minute prices at the demo's levels with one event each, replayed
//! through the same rules; the report says which breakers trip, what the vault trades and what a
//! depositor withdrawing in kind could receive at each step (value per USD deposited, min and max).
use ballast_math::params::Params;

use crate::backtest::{run_with, Conditions, Metrics};
use crate::config::SimConfig;
use crate::paths::PricePath;

const STEPS: usize = 1_440;
const EVENT: usize = 600;
const START: [f64; 3] = [1.0, 150.0, 60_000.0];

fn flat() -> PricePath {
    PricePath { times: (0..STEPS as i64).map(|s| s * 60).collect(), prices: vec![START.to_vec(); STEPS] }
}

/// The scenarios: a name, the path, the conditions.
pub fn scenarios() -> Vec<(&'static str, PricePath, Conditions)> {
    let mut crash = flat();
    for (step, row) in crash.prices.iter_mut().enumerate().skip(EVENT) {
        // dSOL falls 50% over one hour, then stays there.
        row[1] = START[1] * (1.0 - 0.5 * ((step - EVENT).min(60) as f64 / 60.0));
    }
    let mut spike = flat();
    for row in spike.prices.iter_mut().skip(EVENT).take(5) {
        row[2] = START[2] * 1.3; // dBTC +30% for five minutes, then back
    }
    let mut drained = flat();
    for (step, row) in drained.prices.iter_mut().enumerate().skip(EVENT) {
        row[1] = START[1] * (1.0 + 0.6 * ((step - EVENT).min(600) as f64 / 600.0));
        // a slow 60% rise
    }
    let outage = flat();
    let mut dislocated = flat();
    for row in dislocated.prices.iter_mut().skip(EVENT) {
        row[1] = START[1] * 1.08; // dSOL +8% at once: under the move breaker, beyond the EMA limit
    }
    // Every scenario reads quotes as the program does: spot against an EMA of about an hour
    // (Pyth's), at most 5% apart.
    let oracle = Conditions { ema_window_secs: Some(3_600), max_ema_divergence_bps: 500, ..Conditions::default() };
    vec![
        ("a 50% crash of dSOL in one hour", crash, oracle.clone()),
        ("a flash spike of dBTC (+30% for 5 minutes) and revert", spike, oracle.clone()),
        ("a spot/EMA dislocation: dSOL +8% at once", dislocated, oracle.clone()),
        ("an oracle outage of two hours", outage, Conditions { outage: EVENT..EVENT + 120, ..oracle.clone() }),
        (
            "pool liquidity drained to 1% while dSOL rises 60% over 10 hours",
            drained,
            Conditions { drain: EVENT..STEPS, drain_factor: 0.01, ..oracle },
        ),
    ]
}

/// Every scenario with `cfg`; then the crash again under CPPI (dUSD safe; 3× the cushion above 0.80
/// USD per share), and once more with the EMA taken equal to the spot price, to show what the
/// price-move breaker does when the EMA check does not stop the vault first.
pub fn run_all(cfg: &SimConfig) -> Vec<(String, Metrics)> {
    let mut rows: Vec<(String, Metrics)> = scenarios()
        .into_iter()
        .map(|(name, path, conditions)| (name.to_string(), run_with(&path, cfg, &conditions)))
        .collect();
    if let Some((name, path, conditions)) = scenarios().into_iter().next() {
        let params = Params {
            cppi_multiplier_pct: 300,
            cppi_floor_share_price: SimConfig::floor_share_price(0.8),
            ..cfg.params
        };
        let cppi = SimConfig { params, ..cfg.clone() };
        rows.push((format!("{name}, under CPPI (3×, floor 0.80)"), run_with(&path, &cppi, &conditions)));
        let spot_ema = Conditions { ema_window_secs: None, ..conditions };
        rows.push((format!("{name}, with the EMA equal to the spot price"), run_with(&path, cfg, &spot_ema)));
    }
    rows
}

pub fn table(results: &[(String, Metrics)]) -> String {
    let mut t = String::from("| scenario | breaker trips | steps tripped | steps without prices | steps with a refused quote | rebalances | refused (slippage) | cost (USD) | withdrawal value per USD deposited (min – max) |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (name, m) in results {
        t.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {:.2} | {:.4} – {:.4} |\n",
            m.breaker_trips,
            m.steps_tripped,
            m.steps_without_prices,
            m.steps_price_refused,
            m.rebalances,
            m.refused_slippage,
            m.total_cost_usd,
            m.min_value_per_share,
            m.max_value_per_share
        ));
    }
    t
}
