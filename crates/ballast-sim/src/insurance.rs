//! Option-based portfolio insurance replayed (docs/option-replication.md): a vault of a safe asset
//! and one risky asset that replicates "basket + a put struck at the floor" by delta hedging, with
//! the target weight and the Whalley–Wilmott band from `ballast_math::option` (the integer math the
//! program will run), against fixed bands around the same delta and against CPPI with the same floor
//! (`ballast_math::policy`). Reports, per rule and volatility regime, the replication error at expiry
//! against the true protective-put payoff, how often the floor is breached, trades and cost.
//!
//! The execution model is deliberately plain: a trade moves the vault to its target weight and pays
//! `cost_bps` of the traded value (the pool's fee and the bounty); no price impact, no latency. What
//! it measures is the hedging rule, not the venue.
use ballast_math::fixed::ONE;
use ballast_math::option::{insurance_risky_weight_bps, protective_put, whalley_wilmott_band_bps, years, PutInputs};
use ballast_math::policy::{risky_weight_bps, Cppi};
use ballast_math::shares::VIRTUAL_SHARES;
use rayon::prelude::*;

use crate::paths::{generate, Dynamics, PricePath};

/// The insured vault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setup {
    /// Starting value (USD).
    pub initial_usd: f64,
    /// The floor at expiry, a fraction of the starting value (0.9 protects 90 %).
    pub floor: f64,
    /// Seconds to expiry from the first step.
    pub horizon_secs: i64,
    /// The volatility the hedge assumes (annual; 0.6 is 60 %).
    pub assumed_vol: f64,
    /// A trade's cost, bps of the traded value (the pool's fee and the bounty).
    pub cost_bps: u16,
    /// Whalley–Wilmott's risk aversion, per unit of the position's value.
    pub risk_aversion: f64,
}

impl Setup {
    /// The study's vault (the first of `study`, and the crash test's): 1M USD insured to 90 % one year out, the hedge assuming 60 % volatility,
    /// 30 bps per trade, risk aversion 1.
    pub const EXAMPLE: Setup = Setup {
        initial_usd: 1_000_000.0,
        floor: 0.9,
        horizon_secs: 365 * 86_400,
        assumed_vol: 0.6,
        cost_bps: 30,
        risk_aversion: 1.0,
    };
}

/// When the vault trades back to its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Delta target, Whalley–Wilmott band.
    WhalleyWilmott,
    /// Delta target, a fixed band (bps of weight).
    DeltaBand(u16),
    /// CPPI toward the same floor: multiplier (hundredths), fixed band (bps).
    Cppi { multiplier_pct: u16, band_bps: u16 },
}

impl Rule {
    pub fn name(&self) -> String {
        match self {
            Rule::WhalleyWilmott => "delta, Whalley–Wilmott band".into(),
            Rule::DeltaBand(b) => format!("delta, fixed {:.1}% band", f64::from(*b) / 100.0),
            Rule::Cppi { multiplier_pct, band_bps } => {
                format!("CPPI {}×, {:.1}% band", f64::from(*multiplier_pct) / 100.0, f64::from(*band_bps) / 100.0)
            }
        }
    }
}

/// One path's outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The vault's value at expiry (USD).
    pub final_usd: f64,
    /// The protective put position's payoff at expiry, `n · max(S_T, K)` (USD).
    pub payoff_usd: f64,
    /// The floor (USD).
    pub floor_usd: f64,
    pub trades: usize,
    /// What the trades paid (USD).
    pub cost_usd: f64,
    /// Traded value over the starting value.
    pub turnover: f64,
    /// The basket's index at expiry (100 at the start; the strike per unit is on the same scale).
    pub index_end: f64,
}

impl Outcome {
    /// `(final − payoff) / initial`, bps.
    pub fn replication_error_bps(&self, initial_usd: f64) -> f64 {
        (self.final_usd - self.payoff_usd) / initial_usd * 10_000.0
    }
}

fn fx(x: f64) -> i128 {
    (x * ONE as f64).round() as i128
}

/// The units of "basket + put" and the strike per unit that the starting value buys, with the floor
/// at `n · K`: `n (S0 + P(K)) = V0` and `n K = floor · V0`, solved by fixed-point iteration with the
/// integer put price.
pub fn position(setup: &Setup, s0: f64) -> (f64, f64) {
    let tau = years(setup.horizon_secs).unwrap_or(0);
    let mut units = setup.initial_usd / s0;
    let mut strike = setup.floor * setup.initial_usd / units;
    for _ in 0..100 {
        let i = PutInputs { spot: fx(s0), strike: fx(strike), vol: fx(setup.assumed_vol), tau, rate: 0 };
        let put = protective_put(&i).map(|g| g.put as f64 / ONE as f64).unwrap_or(0.0);
        units = setup.initial_usd / (s0 + put);
        strike = setup.floor * setup.initial_usd / units;
    }
    (units, strike)
}

/// Replays `path` (asset 0: the risky asset's price) under `rule` until expiry or the path's end.
pub fn replay(path: &PricePath, setup: &Setup, rule: Rule) -> Outcome {
    // The basket's index: 100 at the first step.
    let p0 = path.prices[0][0];
    let index = |p: f64| 100.0 * p / p0;
    let (units, strike) = position(setup, 100.0);
    let floor_usd = setup.floor * setup.initial_usd;
    let supply = (setup.initial_usd * 1e9) as u64 - VIRTUAL_SHARES;
    let cppi =
        |multiplier_pct| Cppi { multiplier_pct, floor_share_price: (setup.floor * 1e12) as u64, max_risky_bps: 10_000 };
    let (mut cash, mut risky) = (setup.initial_usd, 0.0f64);
    let (mut trades, mut cost, mut traded) = (0usize, 0.0f64, 0.0f64);
    let cost_rate = f64::from(setup.cost_bps) / 10_000.0;
    let mut last_price = p0;
    for (step, prices) in path.prices.iter().enumerate() {
        let elapsed = path.times[step] - path.times[0];
        if elapsed > setup.horizon_secs {
            break;
        }
        let price = prices[0];
        last_price = price;
        let value = cash + risky * price;
        let weight = if value > 0.0 { risky * price / value } else { 0.0 };
        let nav = (value.max(0.0) * 1e6) as u128;
        let inputs = PutInputs {
            spot: fx(index(price)),
            strike: fx(strike),
            vol: fx(setup.assumed_vol),
            tau: years(setup.horizon_secs - elapsed).unwrap_or(0),
            rate: 0,
        };
        let (target_bps, band_bps) = match rule {
            Rule::WhalleyWilmott | Rule::DeltaBand(_) => {
                let target = insurance_risky_weight_bps(&inputs, fx(units), nav).unwrap_or(0);
                let band = match rule {
                    Rule::DeltaBand(b) => b,
                    _ => protective_put(&inputs)
                        .and_then(|g| whalley_wilmott_band_bps(&inputs, &g, setup.cost_bps, fx(setup.risk_aversion)))
                        .unwrap_or(0),
                };
                (target, band)
            }
            Rule::Cppi { multiplier_pct, band_bps } => {
                (risky_weight_bps(&cppi(multiplier_pct), nav, supply).unwrap_or(0), band_bps)
            }
        };
        let target = f64::from(target_bps) / 10_000.0;
        // The first step always trades into the position; after that only outside the band.
        if step == 0 || (weight - target).abs() * 10_000.0 > f64::from(band_bps) {
            let amount = (target - weight) * value;
            let fee = amount.abs() * cost_rate;
            risky += amount / price;
            cash -= amount + fee;
            trades += 1;
            cost += fee;
            traded += amount.abs();
        }
    }
    let final_usd = cash + risky * last_price;
    let payoff_usd = units * index(last_price).max(strike);
    Outcome {
        final_usd,
        payoff_usd,
        floor_usd,
        trades,
        cost_usd: cost,
        turnover: traded / setup.initial_usd,
        index_end: index(last_price),
    }
}

/// What a rule did over many paths of one regime.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub rule: String,
    pub regime: String,
    pub paths: usize,
    /// Replication error at expiry, bps of the starting value: mean, 5th and 95th percentiles, worst.
    pub mean_error_bps: f64,
    pub p5_error_bps: f64,
    pub p95_error_bps: f64,
    pub worst_error_bps: f64,
    /// Share of paths that ended below the floor, and the mean shortfall of those (bps).
    pub breach_share: f64,
    pub mean_breach_bps: f64,
    pub mean_trades: f64,
    pub mean_cost_bps: f64,
    pub mean_turnover: f64,
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// `rule` over `paths` under `setup`, summarised.
pub fn summarise(rule: Rule, regime: &str, paths: &[PricePath], setup: &Setup) -> Summary {
    let outcomes: Vec<Outcome> = paths.par_iter().map(|p| replay(p, setup, rule)).collect();
    let n = outcomes.len() as f64;
    let mut errors: Vec<f64> = outcomes.iter().map(|o| o.replication_error_bps(setup.initial_usd)).collect();
    errors.sort_by(f64::total_cmp);
    let breaches: Vec<f64> = outcomes
        .iter()
        .filter(|o| o.final_usd < o.floor_usd)
        .map(|o| (o.floor_usd - o.final_usd) / setup.initial_usd * 10_000.0)
        .collect();
    Summary {
        rule: rule.name(),
        regime: regime.into(),
        paths: outcomes.len(),
        mean_error_bps: errors.iter().sum::<f64>() / n,
        p5_error_bps: percentile(&errors, 0.05),
        p95_error_bps: percentile(&errors, 0.95),
        worst_error_bps: errors[0],
        breach_share: breaches.len() as f64 / n,
        mean_breach_bps: if breaches.is_empty() { 0.0 } else { breaches.iter().sum::<f64>() / breaches.len() as f64 },
        mean_trades: outcomes.iter().map(|o| o.trades as f64).sum::<f64>() / n,
        mean_cost_bps: outcomes.iter().map(|o| o.cost_usd / setup.initial_usd * 10_000.0).sum::<f64>() / n,
        mean_turnover: outcomes.iter().map(|o| o.turnover).sum::<f64>() / n,
    }
}

/// `count` hourly one-year paths (seeds 1..=count) of one asset at realised volatility `vol`.
pub fn regime_paths(vol: f64, count: usize) -> Vec<PricePath> {
    (1..=count as u64)
        .map(|seed| {
            let asset = Dynamics { start: 100.0, drift: 0.0, volatility: vol, jumps_per_year: 0.0, jump_size: 0.0 };
            generate(seed, 365 * 24 + 1, 3_600, &[asset])
        })
        .collect()
}

/// The study: one year to expiry, hourly prices, a 90 % floor, the hedge assuming 60 % volatility,
/// 30 bps per trade; realised volatility at half, the same and twice the assumption; every rule.
pub fn study(paths_per_regime: usize) -> (Setup, Vec<Summary>) {
    let setup = Setup::EXAMPLE;
    let rules = [
        Rule::WhalleyWilmott,
        Rule::DeltaBand(100),
        Rule::DeltaBand(250),
        Rule::DeltaBand(500),
        Rule::Cppi { multiplier_pct: 300, band_bps: 250 },
        Rule::Cppi { multiplier_pct: 500, band_bps: 250 },
    ];
    let mut out = Vec::new();
    for (regime, vol) in
        [("realised 30 % (half)", 0.3), ("realised 60 % (as assumed)", 0.6), ("realised 120 % (twice)", 1.2)]
    {
        let paths = regime_paths(vol, paths_per_regime);
        for rule in rules {
            out.push(summarise(rule, regime, &paths, &setup));
        }
        // A floor buffer: the same hedge priced at a higher volatility than it expects (the put
        // costs more, so the vault starts with less of the basket and more cushion).
        for hedge_vol in [0.75, 0.9] {
            let priced_up = Setup { assumed_vol: hedge_vol, ..setup };
            let mut row = summarise(Rule::WhalleyWilmott, regime, &paths, &priced_up);
            row.rule = format!("delta priced at {:.0} % vol, Whalley–Wilmott band", hedge_vol * 100.0);
            out.push(row);
        }
    }
    (setup, out)
}

/// The study's table (Markdown).
pub fn table(rows: &[Summary]) -> String {
    use std::fmt::Write as _;
    let mut t = String::from("| regime | rule | replication error at expiry, mean (5 % / 95 %; worst), bps | below the floor (mean shortfall) | trades | cost (bps) | turnover |\n|---|---|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {:.0} ({:.0} / {:.0}; {:.0}) | {:.1} % ({:.0} bps) | {:.0} | {:.0} | {:.2} |",
            r.regime,
            r.rule,
            r.mean_error_bps,
            r.p5_error_bps,
            r.p95_error_bps,
            r.worst_error_bps,
            r.breach_share * 100.0,
            r.mean_breach_bps,
            r.mean_trades,
            r.mean_cost_bps,
            r.mean_turnover
        );
    }
    t
}

/// One asset's daily closes cut into consecutive one-year periods (the last, shorter one dropped):
/// each a path of its own, starting at that year's first close.
pub fn yearly_periods(path: &PricePath, asset: usize) -> Vec<PricePath> {
    let year = 365 * 86_400;
    let mut out = Vec::new();
    let mut start = 0;
    while start < path.times.len() {
        let end = path.times[start] + year;
        let Some(stop) = path.times[start..].iter().position(|t| *t >= end) else { break };
        let steps = start..=start + stop;
        out.push(PricePath {
            times: path.times[steps.clone()].to_vec(),
            prices: path.prices[steps].iter().map(|p| vec![p[asset]]).collect(),
        });
        start += stop;
    }
    out
}

/// The study on real series: the shipped daily closes (crates/ballast-sim/data, 1999–2018), each
/// asset insured to 90 % one year at a time, the hedge assuming a volatility near the asset's own
/// (20 % for the S&P 500, 40 % for WTI crude), hedged daily at 30 bps per trade.
pub fn historical_study(path: &PricePath, assets: &[(usize, &str, f64)]) -> Vec<Summary> {
    let mut out = Vec::new();
    for (asset, name, vol) in assets {
        let periods = yearly_periods(path, *asset);
        let setup = Setup { assumed_vol: *vol, horizon_secs: 365 * 86_400, ..Setup::EXAMPLE };
        let regime = format!("{name}, {} one-year periods, hedge at {:.0} %", periods.len(), vol * 100.0);
        for rule in [Rule::WhalleyWilmott, Rule::DeltaBand(100), Rule::Cppi { multiplier_pct: 300, band_bps: 250 }] {
            out.push(summarise(rule, &regime, &periods, &setup));
        }
    }
    out
}

/// The payoff plot: each path's value at expiry (bps of the start) against its index at expiry,
/// for one rule, with the protective put's payoff `n · max(I, K)` and the floor.
pub fn plot(paths: &[PricePath], setup: &Setup, rule: Rule, out: &std::path::Path) -> Result<(), String> {
    use plotters::prelude::*;
    let outcomes: Vec<Outcome> = paths.par_iter().map(|p| replay(p, setup, rule)).collect();
    let (units, strike) = position(setup, 100.0);
    let per = |usd: f64| usd / setup.initial_usd * 100.0;
    let (lo, hi) = outcomes.iter().fold((f64::MAX, f64::MIN), |(a, b), o| (a.min(o.index_end), b.max(o.index_end)));
    let top = outcomes.iter().map(|o| per(o.final_usd)).fold(per(units * hi.max(strike)), f64::max);
    let root = SVGBackend::new(out, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("value at expiry (% of the start) against the index at expiry: {}", rule.name()),
            ("sans-serif", 18),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(lo * 0.95..hi * 1.05, 0f64..top * 1.05)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("index at expiry (100 at the start)")
        .y_desc("% of the start")
        .draw()
        .map_err(|e| e.to_string())?;
    let payoff = [lo * 0.95, strike, hi * 1.05].map(|i| (i, per(units * i.max(strike))));
    chart.draw_series(LineSeries::new(payoff, &BLUE)).map_err(|e| e.to_string())?.label("payoff of index + put");
    chart
        .draw_series(LineSeries::new(
            [(lo * 0.95, per(setup.floor * setup.initial_usd)), (hi * 1.05, per(setup.floor * setup.initial_usd))],
            &BLACK,
        ))
        .map_err(|e| e.to_string())?
        .label("floor");
    chart
        .draw_series(outcomes.iter().map(|o| Circle::new((o.index_end, per(o.final_usd)), 2, RED.filled())))
        .map_err(|e| e.to_string())?
        .label("the vault, one path each");
    root.present().map_err(|e| e.to_string())
}
