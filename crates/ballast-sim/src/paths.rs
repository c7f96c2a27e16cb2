//! Price paths: seeded generators for any number of assets (geometric Brownian motion with optional
//! jumps, GARCH(1,1) volatility clusters, a common factor for correlation) and CSV files (`timestamp,price_1,...,price_n`, USD per whole token).

use std::fmt::Write as _;

/// Prices of every asset at every step (USD per whole token).
#[derive(Debug, Clone, PartialEq)]
pub struct PricePath {
    /// Unix seconds of each step.
    pub times: Vec<i64>,
    /// `prices[step][asset]`.
    pub prices: Vec<Vec<f64>>,
}

/// splitmix64 + Box–Muller: seeded, reproducible bit for bit on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    pub fn normal(&mut self) -> f64 {
        (-2.0 * self.uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.uniform()).cos()
    }
}

/// One asset's dynamics: annual drift and volatility, and jumps (yearly intensity, mean log size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dynamics {
    /// Price at step 0 (USD per whole token).
    pub start: f64,
    /// Expected log-return drift (per year).
    pub drift: f64,
    /// Volatility of log-returns (per √year); with [`Clusters`] the long-run level.
    pub volatility: f64,
    /// Expected number of jumps (per year).
    pub jumps_per_year: f64,
    /// Log size of each jump (−0.15 ≈ a 14% fall).
    pub jump_size: f64,
}

const YEAR_SECS: f64 = 31_536_000.0;

/// GARCH(1,1) volatility clusters: each step's variance follows the last step's shock, so calm and
/// stormy stretches alternate while the long-run volatility stays the asset's `volatility`.
/// `alpha` and `beta` are per step (their meaning depends on the step length); `alpha + beta < 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clusters {
    /// Weight of the last squared shock (per step).
    pub alpha: f64,
    /// Weight of the last variance (per step): `alpha + beta` is the persistence.
    pub beta: f64,
}

impl Clusters {
    /// For one-minute steps: persistence 0.9995 (a shock's effect on variance halves in about 23
    /// hours) and a finite fourth moment (3α² + 2αβ + β² < 1), so sample statistics settle.
    pub const MINUTES: Clusters = Clusters { alpha: 0.015, beta: 0.9845 };
}

/// The next step's variance (log-return², per step) under GARCH(1,1):
/// `σ²ₜ = ω + α·ε²ₜ₋₁ + β·σ²ₜ₋₁` with `ω = long_run·(1 − α − β)`, so that `long_run` is the
/// stationary variance. `shock` is the last step's diffusion shock `σₜ₋₁·z` (jumps excluded: a
/// −15% jump would otherwise multiply minute variance by hundreds).
pub fn garch_variance(variance: f64, shock: f64, long_run: f64, c: Clusters) -> f64 {
    long_run * (1.0 - c.alpha - c.beta) + c.alpha * shock * shock + c.beta * variance
}

/// How the assets' shocks behave beyond each asset's own [`Dynamics`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Model {
    /// GARCH(1,1) volatility clusters; `None` for constant volatility.
    pub clusters: Option<Clusters>,
    /// Correlation of every pair of assets' diffusion shocks, through one common factor (0..=1).
    /// Jumps stay independent.
    pub correlation: f64,
}

/// Geometric Brownian motion with Poisson jumps (Merton), `steps` steps of `step_secs`.
pub fn generate(seed: u64, steps: usize, step_secs: i64, assets: &[Dynamics]) -> PricePath {
    generate_with(seed, steps, step_secs, assets, Model::default())
}

/// As [`generate`], with each asset's diffusion variance following GARCH(1,1) from its long-run
/// level `volatility² · dt`. Same seed, same path, bit for bit.
pub fn generate_clustered(
    seed: u64,
    steps: usize,
    step_secs: i64,
    assets: &[Dynamics],
    clusters: Clusters,
) -> PricePath {
    generate_with(seed, steps, step_secs, assets, Model { clusters: Some(clusters), correlation: 0.0 })
}

/// The general generator. With `correlation` 0 no common factor is drawn, so the paths are those
/// of [`generate`] and [`generate_clustered`] bit for bit (earlier seeds' results stay valid).
pub fn generate_with(seed: u64, steps: usize, step_secs: i64, assets: &[Dynamics], model: Model) -> PricePath {
    let mut rng = Rng::new(seed);
    let dt = step_secs as f64 / YEAR_SECS;
    let rho = model.correlation.clamp(0.0, 1.0);
    let (common_weight, own_weight) = (rho.sqrt(), (1.0 - rho).sqrt());
    let mut level: Vec<f64> = assets.iter().map(|a| a.start).collect();
    // Per-step variance of each asset, starting at its long-run level.
    let mut variance: Vec<f64> = assets.iter().map(|a| a.volatility * a.volatility * dt).collect();
    let mut prices = Vec::with_capacity(steps);
    let mut times = Vec::with_capacity(steps);
    for step in 0..steps {
        times.push(step as i64 * step_secs);
        prices.push(level.clone());
        let common = if rho > 0.0 { rng.normal() } else { 0.0 };
        for ((p, a), h) in level.iter_mut().zip(assets).zip(variance.iter_mut()) {
            // A unit normal whose covariance with every other asset's is `rho`.
            let z = if rho > 0.0 { common_weight * common + own_weight * rng.normal() } else { rng.normal() };
            let diffusion = match model.clusters {
                // The plain formula, kept as it was so earlier seeds give the same paths.
                None => (a.drift - a.volatility * a.volatility / 2.0) * dt + a.volatility * dt.sqrt() * z,
                Some(c) => {
                    let shock = h.sqrt() * z;
                    let drift = a.drift * dt - *h / 2.0;
                    *h = garch_variance(*h, shock, a.volatility * a.volatility * dt, c);
                    drift + shock
                }
            };
            let jump = if a.jumps_per_year > 0.0 && rng.uniform() < a.jumps_per_year * dt { a.jump_size } else { 0.0 };
            *p *= (diffusion + jump).exp();
        }
    }
    PricePath { times, prices }
}

impl PricePath {
    pub fn assets(&self) -> usize {
        self.prices.first().map_or(0, Vec::len)
    }

    /// The steps with `from <= time < until` (Unix seconds); `None` when there are none. Lets one
    /// file be split, e.g. to choose a policy on one period and test it on the next.
    pub fn window(&self, from: i64, until: i64) -> Option<PricePath> {
        let keep: Vec<usize> =
            (0..self.times.len()).filter(|&i| from <= self.times[i] && self.times[i] < until).collect();
        if keep.is_empty() {
            return None;
        }
        Some(PricePath {
            times: keep.iter().map(|&i| self.times[i]).collect(),
            prices: keep.iter().map(|&i| self.prices[i].clone()).collect(),
        })
    }

    pub fn to_csv(&self) -> String {
        let mut out = String::from("timestamp");
        for i in 0..self.assets() {
            let _ = write!(out, ",asset_{i}");
        }
        out.push('\n');
        for (t, row) in self.times.iter().zip(&self.prices) {
            let _ = write!(out, "{t}");
            for p in row {
                let _ = write!(out, ",{p}");
            }
            out.push('\n');
        }
        out
    }

    /// Parses `timestamp,price_1,...` (a header line is skipped); errors name the line.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut path = PricePath { times: Vec::new(), prices: Vec::new() };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || (n == 0 && line.starts_with(|c: char| c.is_alphabetic())) {
                continue;
            }
            let mut fields = line.split(',');
            let t = fields
                .next()
                .and_then(|f| f.trim().parse::<i64>().ok())
                .ok_or(format!("line {}: bad timestamp", n + 1))?;
            let row = fields
                .map(|f| f.trim().parse::<f64>().map_err(|_| format!("line {}: bad price {f:?}", n + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            if row.iter().any(|p| !(p.is_finite() && *p > 0.0))
                || (!path.prices.is_empty() && row.len() != path.assets())
            {
                return Err(format!("line {}: every row needs the same number of positive prices", n + 1));
            }
            path.times.push(t);
            path.prices.push(row);
        }
        if path.prices.is_empty() {
            return Err("no prices".into());
        }
        Ok(path)
    }
}
