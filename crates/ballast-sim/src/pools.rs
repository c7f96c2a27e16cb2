//! The pinned pools as the simulated vault meets them: one constant-product pool per pair of assets,
//! `pool_depth_usd` a side, whose price is the oracle's or, with `pool_lag`, lags it. A pool is
//! moved only by arbitrageurs, who gain nothing bringing it closer than its fee to the oracle's
//! rate (so each step it is clamped to that band, pair by pair: a cross rate has its own pool and
//! its own arbitrage), and by the vault's own trades, which leave it at the edge they pushed it to.
use ballast_math::execution::Hop;

use crate::config::SimConfig;

#[derive(Debug, Clone)]
pub struct Pools {
    n: usize,
    /// `rates[s * n + b]` (s < b): the pool's price of `s` in `b` (whole tokens).
    rates: Vec<f64>,
    /// The AMM fee as a fraction: the arbitrage band's half-width.
    band: f64,
    lag: bool,
}

impl Pools {
    /// Every pool at the oracle's rate of `prices` (USD per whole token).
    pub fn new(prices: &[f64], cfg: &SimConfig) -> Self {
        let n = prices.len();
        let mut rates = vec![0.0; n * n];
        for s in 0..n {
            for b in s + 1..n {
                rates[s * n + b] = prices[s] / prices[b];
            }
        }
        Pools { n, rates, band: f64::from(cfg.params.amm_fee_bps) / 10_000.0, lag: cfg.pool_lag }
    }

    /// One step of arbitrage: each pool back within its fee of the oracle's rate (nothing lags
    /// without `pool_lag`: the rate is read from the oracle then).
    pub fn arbitrage(&mut self, prices: &[f64]) {
        if !self.lag {
            return;
        }
        for s in 0..self.n {
            for b in s + 1..self.n {
                let oracle = prices[s] / prices[b];
                let rate = &mut self.rates[s * self.n + b];
                *rate = rate.clamp(oracle * (1.0 - self.band), oracle * (1.0 + self.band));
            }
        }
    }

    /// The pool's price of `s` in `b`.
    pub fn rate(&self, prices: &[f64], s: usize, b: usize) -> f64 {
        match (self.lag, s < b) {
            (false, _) => prices[s] / prices[b],
            (true, true) => self.rates[s * self.n + b],
            (true, false) => 1.0 / self.rates[b * self.n + s],
        }
    }

    /// The hop selling `s` for `b`: `depth` USD of `s` at the oracle against the pool's rate's worth
    /// of `b`, so the pool's marginal price is `rate(s, b)`; the vault's AMM fee.
    pub fn hop(&self, cfg: &SimConfig, depth: f64, prices: &[f64], s: usize, b: usize) -> Hop {
        let whole = |i: usize| 10f64.powi(i32::from(cfg.decimals[i]));
        let reserve_in = depth / prices[s];
        let reserve_out = (reserve_in * self.rate(prices, s, b) * whole(b)) as u128;
        Hop {
            reserve_in: (reserve_in * whole(s)) as u128,
            reserve_out,
            fee_ppm: cfg.params.amm_fee_ppm(),
            max_out: u64::try_from(reserve_out).unwrap_or(u64::MAX),
        }
    }

    /// The vault sold `s` for `b` at `prices`: the pool is left with `s` cheap, at the band's edge.
    pub fn traded(&mut self, prices: &[f64], s: usize, b: usize) {
        if !self.lag {
            return;
        }
        let rate = prices[s] / prices[b] * (1.0 - self.band);
        if s < b {
            self.rates[s * self.n + b] = rate;
        } else {
            self.rates[b * self.n + s] = 1.0 / rate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lagging() -> SimConfig {
        SimConfig { pool_lag: true, ..SimConfig::demo() }
    }

    #[test]
    fn a_lagging_pool_stays_within_its_fee_of_the_oracle_pair_by_pair() {
        let cfg = lagging();
        let mut pools = Pools::new(&[1.0, 100.0, 1_000.0], &cfg);
        // Asset 1 rises 1 %: its pools lag by the fee (25 bps of the stored rate), the others do
        // not move.
        pools.arbitrage(&[1.0, 101.0, 1_000.0]);
        assert!((pools.rate(&[1.0, 101.0, 1_000.0], 1, 0) - 101.0 / 1.0025).abs() < 1e-9);
        assert!((pools.rate(&[1.0, 101.0, 1_000.0], 1, 2) - 0.101 * 0.9975).abs() < 1e-12);
        assert!((pools.rate(&[1.0, 101.0, 1_000.0], 0, 2) - 0.001).abs() < 1e-15);
        // The cross pool's rate is its own: never 2 fees off, whatever the two USD pools do.
        let r = pools.rate(&[1.0, 101.0, 1_000.0], 2, 1);
        assert!((r * 0.101 * 0.9975 - 1.0).abs() < 1e-12);
        // Without lag every rate is the oracle's.
        let flat = Pools::new(&[1.0, 100.0, 1_000.0], &SimConfig { pool_lag: false, ..cfg });
        assert_eq!(flat.rate(&[1.0, 101.0, 1_000.0], 1, 0), 101.0);
    }

    #[test]
    fn a_trade_leaves_its_pool_at_the_edge_and_the_hop_trades_at_the_pools_rate() {
        let cfg = lagging();
        let prices = [1.0, 100.0];
        let mut pools = Pools::new(&prices, &cfg);
        pools.traded(&prices, 1, 0);
        assert!((pools.rate(&prices, 1, 0) - 99.75).abs() < 1e-9);
        assert!((pools.rate(&prices, 0, 1) - 1.0 / 99.75).abs() < 1e-15);
        // One whole token of asset 1 (9 decimals) through 50 M USD a side: 99.75 less the fee and
        // a 2e-6 impact (99.75 · 0.9975 · (1 − 2e-6)), in USD atomic units.
        let out = pools.hop(&cfg, 50_000_000.0, &prices, 1, 0).amount_out(1_000_000_000).unwrap();
        assert_eq!(out, 99_500_426);
    }
}
