//! The GARCH-like generator: reproducible bit for bit, its variance recursion checked by hand, its
//! long-run volatility on target, and clusters that plain GBM does not have; correlated assets.
use ballast_sim::paths::{
    garch_variance, generate, generate_clustered, generate_with, Clusters, Dynamics, Model, PricePath,
};

const ONE: [Dynamics; 1] =
    [Dynamics { start: 100.0, drift: 0.0, volatility: 0.8, jumps_per_year: 0.0, jump_size: 0.0 }];

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
    let assets =
        [ONE[0], Dynamics { start: 60_000.0, drift: 0.1, volatility: 0.6, jumps_per_year: 2.0, jump_size: -0.1 }];
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

#[test]
fn correlation_through_a_common_factor() {
    let two = [ONE[0], Dynamics { start: 50.0, ..ONE[0] }];
    // Correlation 0 draws no common factor: the earlier generators' paths, bit for bit.
    assert_eq!(generate_with(4, 2_000, 60, &two, Model::default()), generate(4, 2_000, 60, &two));
    let clustered = Model { clusters: Some(Clusters::MINUTES), correlation: 0.0 };
    assert_eq!(generate_with(4, 2_000, 60, &two, clustered), generate_clustered(4, 2_000, 60, &two, Clusters::MINUTES));
    for (rho, clusters) in [(0.0, None), (0.6, None), (0.6, Some(Clusters::MINUTES))] {
        let model = Model { clusters, correlation: rho };
        let path = generate_with(5, 50_000, 60, &two, model);
        assert_eq!(path, generate_with(5, 50_000, 60, &two, model));
        let r: Vec<(f64, f64)> =
            path.prices.windows(2).map(|w| ((w[1][0] / w[0][0]).ln(), (w[1][1] / w[0][1]).ln())).collect();
        let n = r.len() as f64;
        let (ma, mb) = (r.iter().map(|x| x.0).sum::<f64>() / n, r.iter().map(|x| x.1).sum::<f64>() / n);
        let cov = r.iter().map(|x| (x.0 - ma) * (x.1 - mb)).sum::<f64>();
        let (va, vb) =
            (r.iter().map(|x| (x.0 - ma).powi(2)).sum::<f64>(), r.iter().map(|x| (x.1 - mb).powi(2)).sum::<f64>());
        let measured = cov / (va * vb).sqrt();
        if clusters.is_none() {
            assert!((measured - rho).abs() < 0.02, "ρ {rho}: measured {measured}");
        } else {
            // Each asset's own variance scales its share of the common shock, and the two
            // variances do not move together exactly: returns correlate somewhat less than ρ.
            assert!(measured > rho - 0.15 && measured < rho, "ρ {rho} with clusters: measured {measured}");
        }
    }
}
