//! A grid of policies run in parallel and ranked by the objective (cost drag + λ·TE²).
use ballast_math::params::Params;
use rayon::prelude::*;

use crate::backtest::{run, Metrics};
use crate::config::{Execution, SimConfig};
use crate::paths::PricePath;

/// The family a policy belongs to: the comparisons pit each challenger's best against the best fixed band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A fixed drift band.
    Fixed,
    /// A band widened with volatility (`vol_band_k_pct > 0`).
    Widened,
    /// A narrow band under the drift gate (`drift_gate_horizon_hours > 0`): the gate decides.
    Gated,
}

impl Kind {
    pub fn of(cfg: &SimConfig) -> Kind {
        if cfg.params.drift_gate_horizon_hours > 0 {
            Kind::Gated
        } else if cfg.params.vol_band_k_pct > 0 {
            Kind::Widened
        } else {
            Kind::Fixed
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Fixed => "fixed band",
            Kind::Widened => "widened band",
            Kind::Gated => "drift gate",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub policy: String,
    pub kind: Kind,
    pub metrics: Metrics,
    /// The objective (`Metrics::objective_bps`): cost drag plus λ × squared return tracking error,
    /// bps a year; lower is better.
    pub score: f64,
}

/// The widths a widened band starts from.
pub const WIDENED_BASES_BPS: [u16; 9] = [50, 100, 150, 250, 350, 500, 750, 1_000, 2_000];
/// The fixed widths: the widened bases and the widths between them, so that the fixed bands are as
/// many as the widened ones (18 each) and neither kind wins merely by having more tries in sample.
pub const FIXED_BANDS_BPS: [u16; 18] =
    [50, 75, 100, 125, 150, 200, 250, 300, 350, 425, 500, 625, 750, 875, 1_000, 1_500, 2_000, 3_000];

/// The drift gate's horizons, hours (a day to a year).
pub const GATE_HORIZONS_HOURS: [u16; 9] = [24, 72, 168, 336, 720, 1_440, 2_160, 4_380, 8_760];
/// The narrow bands the drift gate sits under (the band only lets the gate look; the gate decides).
pub const GATED_BANDS_BPS: [u16; 2] = [50, 250];

/// Three families of 18 policies each: fixed bands, bands widened by 1σ or 3σ of volatility per
/// √minute, and narrow bands under the drift gate at nine horizons. The gate is off in the first two.
pub fn grid(base: &SimConfig) -> Vec<(String, SimConfig)> {
    let policy = |band: u16, k: u16, hours: u16| SimConfig {
        params: Params {
            drift_band_bps: band,
            relative_drift_band_bps: 10_000,
            drift_gate_horizon_hours: hours,
            vol_band_k_pct: k,
            ..base.params
        },
        ..base.clone()
    };
    let mut out: Vec<(String, SimConfig)> =
        FIXED_BANDS_BPS.iter().map(|&band| (format!("band {band} bps fixed"), policy(band, 0, 0))).collect();
    for k in [100u16, 300] {
        for band in WIDENED_BASES_BPS {
            out.push((format!("band {band} bps +{}σ", k / 100), policy(band, k, 0)));
        }
    }
    for band in GATED_BANDS_BPS {
        for hours in GATE_HORIZONS_HOURS {
            out.push((format!("band {band} bps, gate {}", horizon(hours)), policy(band, 0, hours)));
        }
    }
    out
}

/// A horizon as people say it: "1 d", "2 w", "1 y".
fn horizon(hours: u16) -> String {
    match hours {
        8_760 => "1 y".into(),
        4_380 => "6 mo".into(),
        h if h % 720 == 0 => format!("{} mo", h / 720),
        h if h % 168 == 0 => format!("{} w", h / 168),
        h => format!("{} d", h / 24),
    }
}

/// The grid ranked on `path` (every policy, so sweeps of several paths line up).
pub fn sweep(path: &PricePath, base: &SimConfig) -> Vec<Row> {
    rank(path, grid(base))
}

/// The best-ranked policy of `kind` in `rows` that traded at all: one that never trades is
/// buy-and-hold under another name, so it is never chosen (nor printed in a sweep's table).
pub fn best(rows: &[Row], kind: Kind) -> Option<&Row> {
    rows.iter().find(|r| r.kind == kind && r.metrics.rebalances > 0)
}

/// Runs every policy of `grid` in parallel and ranks them by score (lower first).
fn rank(path: &PricePath, grid: Vec<(String, SimConfig)>) -> Vec<Row> {
    let mut rows: Vec<Row> = grid
        .into_par_iter()
        .map(|(policy, cfg)| {
            let metrics = run(path, &cfg);
            let score = metrics.objective_bps;
            Row { policy, kind: Kind::of(&cfg), metrics, score }
        })
        .collect();
    rows.sort_by(|a, b| a.score.total_cmp(&b.score));
    rows
}

const DAY_SECS: u32 = 86_400;

/// Time schedules (the program's `max_rebalance_interval_secs`, `Trigger::Schedule`), gate off:
/// calendar rebalancing (bands wider than any drift, so only the schedule trades: daily, weekly,
/// monthly, quarterly), wide bands with a weekly or monthly schedule under them, and, for
/// reference, the band policies that won the main sweeps without a schedule. Each scheduled
/// rebalance trades one pair (the program's rule), and the next waits for the interval again.
pub fn schedule_grid(base: &SimConfig) -> Vec<(String, SimConfig)> {
    let policy = |band: u16, k: u16, interval_days: Option<u32>| SimConfig {
        params: Params {
            drift_band_bps: band,
            relative_drift_band_bps: 10_000,
            drift_gate_horizon_hours: 0,
            vol_band_k_pct: k,
            max_rebalance_interval_secs: interval_days.map_or(u32::MAX, |d| d * DAY_SECS),
            ..base.params
        },
        ..base.clone()
    };
    let mut out = Vec::new();
    for (band, k) in [(150u16, 0u16), (150, 100), (100, 100), (100, 300)] {
        let vol = if k == 0 { "fixed".to_string() } else { format!("+{}σ", k / 100) };
        out.push((format!("band {band} bps {vol}, no schedule"), policy(band, k, None)));
    }
    for days in [1u32, 7, 30, 91] {
        out.push((format!("calendar: every {days} days, no band"), policy(5_000, 0, Some(days))));
    }
    for band in [350u16, 500, 1_000] {
        for days in [7u32, 30] {
            out.push((format!("band {band} bps fixed + every {days} days"), policy(band, 0, Some(days))));
        }
    }
    out
}

/// Runs `schedule_grid` in parallel, ranked like the main sweep.
pub fn schedule_sweep(path: &PricePath, base: &SimConfig) -> Vec<Row> {
    rank(path, schedule_grid(base))
}

/// CPPI's grid (asset 0 safe, the others the risky basket): multipliers × floors, on the base
/// vault's bands. Reported on its own — CPPI's targets move, so its tracking error is not the fixed
/// policies' — by what it is for: the worst value per share, the drawdown, the final value, cost.
pub fn cppi_grid(base: &SimConfig) -> Vec<(String, SimConfig)> {
    let mut out = vec![("fixed targets (no CPPI)".to_string(), base.clone())];
    for multiplier in [200u16, 300, 500] {
        for floor in [0.7, 0.8, 0.9] {
            let params = Params {
                cppi_multiplier_pct: multiplier,
                cppi_floor_share_price: SimConfig::floor_share_price(floor),
                ..base.params
            };
            let cfg = SimConfig { params, ..base.clone() };
            out.push((format!("CPPI {}×, floor {floor:.2}", f64::from(multiplier) / 100.0), cfg));
        }
    }
    out
}

/// Runs `cppi_grid` in parallel; rows in grid order.
pub fn cppi_sweep(path: &PricePath, base: &SimConfig) -> Vec<(String, Metrics)> {
    cppi_grid(base).into_par_iter().map(|(policy, cfg)| (policy, run(path, &cfg))).collect()
}

/// The two execution paths for the same vault and bands: the pinned pools (one constant-product
/// hop with the AMM fee, the crank's bounty and transaction), and Dutch auctions with solvers of
/// several costs (each: a fixed part in bps plus one hop of the vault's pool depth), on the vault's
/// curve and on a deeper discount. Ranked like the main sweep (the objective).
pub fn execution_grid(base: &SimConfig) -> Vec<(String, SimConfig)> {
    let p = &base.params;
    let mut out = vec![("pool: the pinned pool, one hop".to_string(), base.clone())];
    let curve =
        |discount: u16| format!("+{} → −{} bps over {} s", p.auction_premium_bps, discount, p.auction_duration_secs);
    for solver_cost_bps in [0u16, 10, 25, 40, 60] {
        out.push((
            format!("auction {}, solver cost {solver_cost_bps} bps + one hop", curve(p.auction_discount_bps)),
            SimConfig { execution: Execution::Auction { solver_cost_bps }, ..base.clone() },
        ));
    }
    for solver_cost_bps in [25u16, 60] {
        let params = Params { auction_discount_bps: 100, ..base.params };
        out.push((
            format!("auction {}, solver cost {solver_cost_bps} bps + one hop", curve(100)),
            SimConfig { execution: Execution::Auction { solver_cost_bps }, params, ..base.clone() },
        ));
    }
    out
}

/// Runs `execution_grid` in parallel, ranked like the main sweep.
pub fn execution_sweep(path: &PricePath, base: &SimConfig) -> Vec<Row> {
    rank(path, execution_grid(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_has_as_many_policies_of_each_kind_and_no_duplicate() {
        let grid = grid(&SimConfig::demo());
        let count = |kind: Kind| grid.iter().filter(|(_, c)| Kind::of(c) == kind).count();
        assert_eq!((grid.len(), count(Kind::Fixed), count(Kind::Widened), count(Kind::Gated)), (54, 18, 18, 18));
        let mut keys: Vec<(u16, u16, u16)> = grid
            .iter()
            .map(|(_, c)| (c.params.drift_band_bps, c.params.vol_band_k_pct, c.params.drift_gate_horizon_hours))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 54, "every policy differs from every other");
        let mut names: Vec<&String> = grid.iter().map(|(p, _)| p).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 54, "every name differs");
    }
}
