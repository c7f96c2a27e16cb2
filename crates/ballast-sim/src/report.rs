//! Markdown reports and SVG plots (plotters).
use std::fmt::Write as _;
use std::path::Path;

use plotters::prelude::*;

use crate::aggregate::{Aggregate, HeadToHead};
use crate::backtest::Metrics;
use crate::bootstrap::Comparison;
use crate::sweep::{best, Kind, Row};

pub fn metrics_table(m: &Metrics) -> String {
    let mut t = String::from("| metric | value |\n|---|---:|\n");
    let rows: [(&str, String); 16] = [
        ("steps", m.steps.to_string()),
        ("rebalances", m.rebalances.to_string()),
        ("… triggered by a drift band", (m.rebalances - m.scheduled_rebalances).to_string()),
        ("… triggered by the schedule", m.scheduled_rebalances.to_string()),
        ("refused: pool below min_out", m.refused_slippage.to_string()),
        ("refused: not worth it (step count)", m.refused_not_worth_it.to_string()),
        ("mean drift (Σ|w−t|, bps)", format!("{:.1}", m.mean_tracking_error_bps)),
        ("return tracking error vs the constant mix (a year)", format!("{:.2}%", m.return_tracking_error * 100.0)),
        ("cost drag (bps a year of the mean value)", format!("{:.1}", m.cost_drag_bps_per_year)),
        ("objective: cost drag + λ·TE² (bps a year, λ = 1)", format!("{:.1}", m.objective_bps)),
        ("total cost (USD)", format!("{:.2}", m.total_cost_usd)),
        ("turnover (traded / mean value)", format!("{:.3}", m.turnover)),
        ("final value (USD)", format!("{:.2}", m.final_value_usd)),
        ("buy and hold (USD)", format!("{:.2}", m.buy_and_hold_usd)),
        ("constant mix, frictionless (USD)", format!("{:.2}", m.constant_mix_usd)),
        ("max drawdown", format!("{:.2}%", m.max_drawdown * 100.0)),
    ];
    for (k, v) in rows {
        let _ = writeln!(t, "| {k} | {v} |");
    }
    t
}

pub fn sweep_table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| rank | policy | return TE (a year) | cost drag (bps a year) | mean drift (bps) | cost (USD) | rebalances | objective (bps a year) |\n|---:|---|---:|---:|---:|---:|---:|---:|\n",
    );
    let idle: Vec<&str> = rows.iter().filter(|r| r.metrics.rebalances == 0).map(|r| r.policy.as_str()).collect();
    // A policy whose run is identical to a better-ranked one's (its band never mattered: the gate
    // decided every trade) is named once, under that one.
    let mut shown: Vec<&Row> = Vec::new();
    let mut same: Vec<String> = Vec::new();
    for r in rows.iter().filter(|r| r.metrics.rebalances > 0) {
        match shown.iter().find(|s| s.metrics == r.metrics) {
            Some(s) => same.push(format!("{} (as {})", r.policy, s.policy)),
            None => shown.push(r),
        }
    }
    for (i, r) in shown.iter().enumerate() {
        let m = &r.metrics;
        let _ = writeln!(
            t,
            "| {} | {} | {:.2}% | {:.1} | {:.1} | {:.2} | {} | {:.1} |",
            i + 1,
            r.policy,
            m.return_tracking_error * 100.0,
            m.cost_drag_bps_per_year,
            m.mean_tracking_error_bps,
            m.total_cost_usd,
            m.rebalances,
            r.score
        );
    }
    if !idle.is_empty() {
        let _ =
            writeln!(t, "\n{} policies never traded on this path and are left out: {}.", idle.len(), idle.join(", "));
    }
    if !same.is_empty() {
        let _ = writeln!(
            t,
            "\n{} policies ran exactly as a better-ranked one and are left out: {}.",
            same.len(),
            same.join("; ")
        );
    }
    t
}

/// The execution sweep's ranking: each path's rebalances, its unfilled auctions and their mean
/// time to fill, what the vault paid, and the score.
pub fn execution_table(rows: &[Row]) -> String {
    let mut t = String::from("| rank | execution | rebalances | auctions unfilled | mean time to fill (s) | cost (USD) | cost per rebalance (USD) | mean drift (bps) | objective (bps a year) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (i, r) in rows.iter().enumerate() {
        let m = &r.metrics;
        let per = if m.rebalances == 0 { 0.0 } else { m.total_cost_usd / m.rebalances as f64 };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {:.1} |",
            i + 1,
            r.policy,
            m.rebalances,
            m.auctions_unfilled,
            m.mean_fill_delay_secs,
            m.total_cost_usd,
            per,
            m.mean_tracking_error_bps,
            r.score
        );
    }
    t
}

/// The schedule sweep's ranking, with each policy's rebalances split by trigger.
pub fn schedule_table(rows: &[Row]) -> String {
    let mut t = String::from("| rank | policy | mean drift (bps) | cost (USD) | rebalances (band / schedule) | objective (bps a year) |\n|---:|---|---:|---:|---:|---:|\n");
    for (i, r) in rows.iter().enumerate() {
        let m = &r.metrics;
        let _ = writeln!(
            t,
            "| {} | {} | {:.1} | {:.2} | {} / {} | {:.1} |",
            i + 1,
            r.policy,
            m.mean_tracking_error_bps,
            m.total_cost_usd,
            m.rebalances - m.scheduled_rebalances,
            m.scheduled_rebalances,
            r.score
        );
    }
    t
}

fn head_to_head(h: &HeadToHead, paths: usize) -> String {
    format!(
        "{} beats {} on {} of {paths} paths, by {:.1}% of the objective on average",
        h.challenger, h.fixed, h.wins, h.mean_gain_pct
    )
}

/// The comparisons of widened against fixed bands, then every policy by mean score.
/// CPPI's rows: protection first (worst value per initial share, drawdown), then outcome and cost.
pub fn cppi_table(rows: &[(String, Metrics)]) -> String {
    let mut t = String::from("| policy | worst value per share | max drawdown | final value (USD) | rebalances | cost (USD) |\n|---|---:|---:|---:|---:|---:|\n");
    for (policy, m) in rows {
        t.push_str(&format!(
            "| {policy} | {:.4} | {:.1}% | {:.0} | {} | {:.0} |\n",
            m.min_value_per_share,
            m.max_drawdown * 100.0,
            m.final_value_usd,
            m.rebalances,
            m.total_cost_usd
        ));
    }
    t
}

pub fn aggregate_table(a: &Aggregate) -> String {
    let mut t = format!(
        "- Per path, the best widened policy against the best fixed one (each chosen after the fact): {}.\n- Chosen in advance (best mean score of each kind over all paths, so in sample): {}.\n",
        head_to_head(&a.best_of_each, a.paths),
        head_to_head(&a.fixed_choice, a.paths)
    );
    if let Some(h) = &a.out_of_sample {
        let (chosen, tested) = (a.paths / 2, a.paths - a.paths / 2);
        let _ = writeln!(
            t,
            "- Out of sample (chosen on the first {chosen} paths, compared on the other {tested}): {}.",
            head_to_head(h, tested)
        );
    }
    if let Some(h) = &a.gate_choice {
        let _ = writeln!(t, "- The drift gate, chosen in advance (in sample): {}.", head_to_head(h, a.paths));
    }
    if let Some(h) = &a.gate_out_of_sample {
        let tested = a.paths - a.paths / 2;
        let _ = writeln!(
            t,
            "- The drift gate out of sample (chosen on the first {} paths, compared on the other {tested}): {}.",
            a.paths / 2,
            head_to_head(h, tested)
        );
    }
    t.push_str("\n| policy | mean score | mean rank | first on |\n|---|---:|---:|---:|\n");
    for p in &a.policies {
        let _ = writeln!(t, "| {} | {:.1} | {:.1} | {} |", p.policy, p.mean_score, p.mean_rank, p.firsts);
    }
    t
}

/// At most this many points per line: the SVG stays small whatever the path's length.
const MAX_POINTS: usize = 2_000;

fn thin(series: &[f64]) -> impl Iterator<Item = (f64, f64)> + '_ {
    let stride = series.len().div_ceil(MAX_POINTS).max(1);
    series.iter().enumerate().step_by(stride).map(|(i, v)| (i as f64, *v))
}

/// Vault value and the weight of asset 0 against its target, one SVG.
pub fn plot(m: &Metrics, target0_bps: f64, out: &Path) -> Result<(), String> {
    let root = SVGBackend::new(out, (900, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (top, bottom) = root.split_vertically(300);
    let steps = m.value_series.len() as f64;
    let (lo, hi) = m.value_series.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let mut chart = ChartBuilder::on(&top)
        .caption("vault value (USD)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(25)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..steps, lo * 0.98..hi * 1.02)
        .map_err(|e| e.to_string())?;
    chart.configure_mesh().draw().map_err(|e| e.to_string())?;
    chart.draw_series(LineSeries::new(thin(&m.value_series), &BLUE)).map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(&bottom)
        .caption("weight of asset 0 (bps) against its target", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(25)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..steps, 0f64..10_000f64)
        .map_err(|e| e.to_string())?;
    chart.configure_mesh().draw().map_err(|e| e.to_string())?;
    chart.draw_series(LineSeries::new(thin(&m.weight0_series), &RED)).map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new([(0.0, target0_bps), (steps, target0_bps)], &BLACK))
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

/// The bootstrap comparison as markdown: the policies, their objective on the path and in 90 %
/// intervals, and the paired difference (`challenger`'s best against the best fixed band).
pub fn bootstrap_report(c: &Comparison, challenger: Kind, steps: usize, secs: f64) -> String {
    format!(
        "# Bootstrap: the best {kind} against the best fixed band\n\n\
         Chosen on the path itself (in sample) by the objective (cost drag + λ·TE², bps a year, λ = 1); \
         then both run on {samples} moving-block resamples of its {steps} steps (blocks of {block}), {secs:.1} s.\n\n\
         | policy | objective on the path | 90 % interval over resamples |\n|---|---:|---:|\n\
         | {a} | {oa:.2} | {a0:.2} … {a1:.2} |\n| {b} | {ob:.2} | {b0:.2} … {b1:.2} |\n\n\
         Paired difference ({kind} − fixed band): mean {mean:+.2} bps a year, 90 % interval {d0:+.2} … {d1:+.2}; \
         the {kind} did better on {wins} of {samples} resamples.\n",
        kind = challenger.name(),
        samples = c.samples,
        block = c.block,
        a = c.a,
        b = c.b,
        oa = c.original.0,
        ob = c.original.1,
        a0 = c.a_interval.0,
        a1 = c.a_interval.1,
        b0 = c.b_interval.0,
        b1 = c.b_interval.1,
        mean = c.mean_difference,
        d0 = c.difference_interval.0,
        d1 = c.difference_interval.1,
        wins = c.a_wins,
    )
}

/// Walk-forward folds: in each, the best of each challenger kind (widened band, drift gate) and the
/// best fixed band of the `chosen` sweep (policies that traded), and how each scored in the
/// `measured` sweep (the same grid on the other part of the path).
pub fn walk_forward(folds: &[(String, &[Row], &[Row])]) -> String {
    let mut t = String::from(
        "# Walk-forward: chosen on one part of the path, measured on the other\n\n\
         Objective in bps a year (cost drag + λ·TE², λ = 1); lower is better.\n\n\
         | fold | challenger (chosen / measured) | best fixed band (chosen / measured) | challenger − fixed, measured |\n|---|---|---|---:|\n",
    );
    for (fold, chosen, measured) in folds {
        let score = |policy: &str| measured.iter().find(|r| r.policy == policy).map_or(f64::NAN, |r| r.score);
        let Some(f) = best(chosen, Kind::Fixed) else { continue };
        for kind in [Kind::Widened, Kind::Gated] {
            if let Some(w) = best(chosen, kind) {
                let (mw, mf) = (score(&w.policy), score(&f.policy));
                let _ = writeln!(
                    t,
                    "| {fold} | {} ({:.2} / {mw:.2}) | {} ({:.2} / {mf:.2}) | {:+.2} |",
                    w.policy,
                    w.score,
                    f.policy,
                    f.score,
                    mw - mf
                );
            }
        }
    }
    t
}
