//! The GARCH-like generator: reproducible bit for bit, its variance recursion checked by hand, its
//! long-run volatility on target, and clusters that plain GBM does not have.
use ballast_sim::paths::{garch_variance, generate, generate_clustered, Clusters, Dynamics, PricePath};

const ONE: [Dynamics; 1] = [Dynamics { start: 100.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 }];

fn squared_returns(path: &PricePath) -> Vec<f64> {
    path.prices.windows(2).map(|w| (w[1][0] / w[0][0]).ln().powi(2)).collect()
}

/// Sample autocorrelation of `x` at `lag`.
fn autocorrelation(x: &[f64], lag: usize) -> f64 {
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let var: f64 = x.iter().map(|v| (v - mean).powi(2)).sum();
    let cov: f64 = x.windows(lag + 1).map(|w| (w[0] - mean) * (w[lag] - mean)).sum();
    cov / var
}

#[test]
fn garch_variance_by_hand() {
    // ω = 1e-6 · (1 − 0.1 − 0.8) = 1e-7; + 0.1 · 0.002² = 4e-7; + 0.8 · 2e-6 = 1.6e-6 → 2.1e-6.
    let next = garch_variance(2e-6, 0.002, 1e-6, Clusters { alpha: 0.1, beta: 0.8 });
    assert!((next - 2.1e-6).abs() < 1e-18, "{next}");
    // At the long-run level with a shock of exactly one long-run σ, the variance stays put.
    let still = garch_variance(1e-6, 1e-3, 1e-6, Clusters::MINUTES);
    assert!((still - 1e-6).abs() < 1e-18, "{still}");
}

#[test]
fn clustered_paths_are_reproducible_bit_for_bit() {
    let assets = [ONE[0], Dynamics { start: 60_000.0, drift: 0.1, volatility: 0.6, jumps_per_year: 2.0, jump_size: -0.1 }];
    let a = generate_clustered(9, 5_000, 60, &assets, Clusters::MINUTES);
    assert_eq!(a, generate_clustered(9, 5_000, 60, &assets, Clusters::MINUTES));
    assert_ne!(a, generate_clustered(10, 5_000, 60, &assets, Clusters::MINUTES));
    assert_ne!(a, generate(9, 5_000, 60, &assets), "clusters change the path");
    assert!(a.prices.iter().flatten().all(|p| p.is_finite() && *p > 0.0));
}

#[test]
fn long_run_volatility_is_the_target_and_squared_returns_cluster() {
    let steps = 300_000; // about seven months of minutes: a few hundred cluster half-lives
    let garch = squared_returns(&generate_clustered(3, steps, 60, &ONE, Clusters::MINUTES));
    let gbm = squared_returns(&generate(3, steps, 60, &ONE));
    let annual = |r2: &[f64]| (r2.iter().sum::<f64>() / r2.len() as f64 * 525_600.0).sqrt();
    assert!((annual(&garch) - 0.8).abs() < 0.08, "GARCH long-run volatility {}", annual(&garch));
    assert!((annual(&gbm) - 0.8).abs() < 0.01, "GBM volatility {}", annual(&gbm));
    // Theory for α = 0.015, β = 0.9845: lag-1 autocorrelation of r² ≈ 0.2, decaying by 0.9995 a
    // step; GBM's squared returns are independent.
    let (g1, g60, b1) = (autocorrelation(&garch, 1), autocorrelation(&garch, 60), autocorrelation(&gbm, 1));
    assert!(g1 > 0.05 && g60 > 0.05, "GARCH clusters: {g1} {g60}");
    assert!(b1.abs() < 0.01, "GBM has none: {b1}");
}
