//! Price paths: seeded generators (geometric Brownian motion, with optional jumps) and CSV files
//! (`timestamp,price_1,...,price_n`, USD per whole token).

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
    pub start: f64,
    pub drift: f64,
    pub volatility: f64,
    pub jumps_per_year: f64,
    pub jump_size: f64,
}

const YEAR_SECS: f64 = 31_536_000.0;

/// Geometric Brownian motion with Poisson jumps (Merton), `steps` steps of `step_secs`.
pub fn generate(seed: u64, steps: usize, step_secs: i64, assets: &[Dynamics]) -> PricePath {
    let mut rng = Rng::new(seed);
    let dt = step_secs as f64 / YEAR_SECS;
    let mut level: Vec<f64> = assets.iter().map(|a| a.start).collect();
    let mut prices = Vec::with_capacity(steps);
    let mut times = Vec::with_capacity(steps);
    for step in 0..steps {
        times.push(step as i64 * step_secs);
        prices.push(level.clone());
        for (p, a) in level.iter_mut().zip(assets) {
            let diffusion = (a.drift - a.volatility * a.volatility / 2.0) * dt + a.volatility * dt.sqrt() * rng.normal();
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
            let t = fields.next().and_then(|f| f.trim().parse::<i64>().ok()).ok_or(format!("line {}: bad timestamp", n + 1))?;
            let row = fields.map(|f| f.trim().parse::<f64>().map_err(|_| format!("line {}: bad price {f:?}", n + 1))).collect::<Result<Vec<_>, _>>()?;
            if row.iter().any(|p| !(p.is_finite() && *p > 0.0)) || (!path.prices.is_empty() && row.len() != path.assets()) {
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
