//! Confidence for a comparison of two policies: a moving-block bootstrap of the price path, both
//! policies run on every resampled path (paired), and the 5–95 % interval of their difference in the
//! objective. A path's per-step returns are drawn in blocks of consecutive steps, all assets of a
//! step together, so volatility clusters within a block and the assets' co-movement survive.
use rayon::prelude::*;

use crate::backtest::run;
use crate::config::SimConfig;
use crate::paths::{PricePath, Rng};

/// A path as long as `path`, on its times, from its first prices, whose per-step returns are
/// `path`'s drawn in blocks of `block` consecutive steps (block starts uniform, with replacement).
pub fn resample(path: &PricePath, block: usize, seed: u64) -> PricePath {
    let steps = path.prices.len();
    let returns: Vec<Vec<f64>> = path
        .prices
        .windows(2)
        .map(|pair| pair[1].iter().zip(&pair[0]).map(|(now, before)| now / before).collect())
        .collect();
    let block = block.clamp(1, returns.len().max(1));
    let starts = returns.len().saturating_sub(block) + 1;
    let mut rng = Rng::new(seed);
    let mut prices = Vec::with_capacity(steps);
    prices.push(path.prices[0].clone());
    while prices.len() < steps {
        let start = ((rng.uniform() * starts as f64) as usize).min(starts - 1);
        for step in &returns[start..start + block] {
            if prices.len() == steps {
                break;
            }
            let last: &Vec<f64> = prices.last().expect("the first prices");
            let next = last.iter().zip(step).map(|(p, r)| p * r).collect();
            prices.push(next);
        }
    }
    PricePath { times: path.times.clone(), prices }
}

/// Policy `a` against policy `b` over resampled paths: differences are `a − b` in the objective
/// (bps a year), so a negative difference means `a` did better.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub samples: usize,
    pub block: usize,
    /// On the path itself.
    pub original: (f64, f64),
    /// Paths on which `a` scored strictly lower.
    pub a_wins: usize,
    pub mean_difference: f64,
    /// The 5 % and 95 % quantiles of the difference: a 90 % interval.
    pub difference_interval: (f64, f64),
    /// Each policy's own 90 % interval.
    pub a_interval: (f64, f64),
    pub b_interval: (f64, f64),
}

/// The `q` quantile of `values` (nearest rank, on a sorted copy).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let index = ((sorted.len().saturating_sub(1)) as f64 * q).round() as usize;
    sorted.get(index).copied().unwrap_or(f64::NAN)
}

fn interval(values: &[f64]) -> (f64, f64) {
    (quantile(values, 0.05), quantile(values, 0.95))
}

/// Runs `a` and `b` on `path` and on `samples` block-bootstrapped paths (seeds 1..=samples).
pub fn compare(
    path: &PricePath,
    a: (&str, &SimConfig),
    b: (&str, &SimConfig),
    samples: usize,
    block: usize,
) -> Comparison {
    let pairs: Vec<(f64, f64)> = (1..=samples as u64)
        .into_par_iter()
        .map(|seed| {
            let p = resample(path, block, seed);
            (run(&p, a.1).objective_bps, run(&p, b.1).objective_bps)
        })
        .collect();
    let differences: Vec<f64> = pairs.iter().map(|(x, y)| x - y).collect();
    let (xs, ys): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    Comparison {
        a: a.0.to_string(),
        b: b.0.to_string(),
        samples,
        block,
        original: (run(path, a.1).objective_bps, run(path, b.1).objective_bps),
        a_wins: differences.iter().filter(|d| **d < 0.0).count(),
        mean_difference: differences.iter().sum::<f64>() / samples.max(1) as f64,
        difference_interval: interval(&differences),
        a_interval: interval(&xs),
        b_interval: interval(&ys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> PricePath {
        let prices = (0..100).map(|t| vec![1.0, 100.0 * (1.0 + 0.01 * f64::from(t % 7))]).collect();
        PricePath { times: (0..100).map(|t| t * 60).collect(), prices }
    }

    #[test]
    fn a_resampled_path_keeps_the_length_times_start_and_draws_only_the_paths_returns() {
        let original = path();
        let r = resample(&original, 5, 3);
        assert_eq!(
            (r.prices.len(), r.times.clone(), r.prices[0].clone()),
            (100, original.times.clone(), vec![1.0, 100.0])
        );
        let returns = |p: &PricePath| -> Vec<f64> { p.prices.windows(2).map(|w| w[1][1] / w[0][1]).collect() };
        let own = returns(&original);
        for x in returns(&r) {
            assert!(own.iter().any(|y| (x - y).abs() < 1e-12), "{x} is not one of the path's returns");
        }
        assert_eq!(resample(&original, 5, 3), r, "seeded");
        assert_ne!(resample(&original, 5, 4), r);
    }

    #[test]
    fn a_policy_against_itself_differs_by_nothing() {
        let cfg = SimConfig::demo();
        let original = crate::paths::generate(
            7,
            2_000,
            60,
            &[
                crate::paths::Dynamics { start: 1.0, drift: 0.0, volatility: 0.0, jumps_per_year: 0.0, jump_size: 0.0 },
                crate::paths::Dynamics {
                    start: 150.0,
                    drift: 0.1,
                    volatility: 0.8,
                    jumps_per_year: 0.0,
                    jump_size: 0.0,
                },
                crate::paths::Dynamics {
                    start: 60_000.0,
                    drift: 0.1,
                    volatility: 0.6,
                    jumps_per_year: 0.0,
                    jump_size: 0.0,
                },
            ],
        );
        let c = compare(&original, ("x", &cfg), ("x", &cfg), 8, 50);
        assert_eq!((c.a_wins, c.mean_difference, c.difference_interval), (0, 0.0, (0.0, 0.0)));
        assert!(c.a_interval.0 <= c.a_interval.1);
    }

    #[test]
    fn quantiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=21).map(f64::from).collect();
        assert_eq!((quantile(&v, 0.05), quantile(&v, 0.5), quantile(&v, 0.95)), (2.0, 11.0, 20.0));
    }
}
