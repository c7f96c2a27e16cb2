//! A vault's simulated parameters (the same fields as the on-chain `VaultParams` that drive
//! rebalancing) and the execution model.
use ballast_math::params::Params;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimConfig {
    /// Target weights, bps, summing to 10,000.
    pub targets_bps: Vec<u16>,
    /// Token decimals per asset.
    pub decimals: Vec<u8>,
    /// Starting value of the vault (USD), split at the targets.
    pub initial_usd: f64,
    pub drift_band_bps: u16,
    pub relative_drift_band_bps: u16,
    pub max_trade_bps: u16,
    pub max_slippage_bps: u16,
    pub amm_fee_bps: u16,
    pub bounty_bps: u16,
    /// 0 turns the cost-benefit gate off.
    pub benefit_weight_bps: u16,
    /// Cost of one transaction (USD).
    pub tx_cost_usd: f64,
    /// Shortest time between two rebalances, seconds (the vault's `min_rebalance_interval_secs`).
    #[serde(default = "default_min_interval")]
    pub min_rebalance_interval_secs: u32,
    /// Depth of each asset's constant-product pool against USD, per side (USD).
    pub pool_depth_usd: f64,
    /// Steps between the decision and the execution (prices move against the trade meanwhile).
    pub latency_steps: usize,
    /// Price move that trips the breaker, bps from the last accepted price.
    #[serde(default = "default_move")]
    pub max_price_move_bps: u16,
    /// Normal readings that clear a tripped breaker.
    #[serde(default = "default_warmup")]
    pub warmup_readings: u16,
    /// How long a reference price counts, seconds.
    #[serde(default = "default_window")]
    pub price_move_window_secs: u32,
    /// Bands widen by this multiple of the most volatile asset's σ, hundredths (0 = fixed bands).
    #[serde(default)]
    pub vol_band_k_pct: u16,
    /// Most the bands may widen, bps.
    #[serde(default = "default_vol_cap")]
    pub vol_band_cap_bps: u16,
    /// EWMA decay, bps.
    #[serde(default = "default_lambda")]
    pub ewma_lambda_bps: u16,
    /// Longest time without a rebalance before one is due inside the bands, seconds (`u32::MAX` = never).
    #[serde(default = "default_max_interval")]
    pub max_rebalance_interval_secs: u32,
    /// Most value traded per epoch, bps of the vault.
    #[serde(default = "default_turnover_cap")]
    pub turnover_cap_bps: u16,
    /// Length of a turnover epoch, seconds.
    #[serde(default = "default_epoch")]
    pub turnover_epoch_secs: u32,
    /// CPPI multiplier, hundredths (0 = the fixed targets). Asset 0 is the safe asset.
    #[serde(default)]
    pub cppi_multiplier_pct: u16,
    /// CPPI floor, as a fraction of the starting share price (0.8 = protect 80%).
    #[serde(default)]
    pub cppi_floor: f64,
    /// Highest weight of CPPI's risky basket, bps.
    #[serde(default = "default_max_risky")]
    pub cppi_max_risky_bps: u16,
}

// Defaults of the fields a vault file may leave out: the math crate's example parameters (one
// home for these numbers), except the turnover cap, which the simulator leaves wide open.
fn default_max_interval() -> u32 {
    Params::EXAMPLE.max_rebalance_interval_secs
}

fn default_min_interval() -> u32 {
    Params::EXAMPLE.min_rebalance_interval_secs
}

fn default_turnover_cap() -> u16 {
    50_000
}

fn default_epoch() -> u32 {
    Params::EXAMPLE.turnover_epoch_secs
}

fn default_max_risky() -> u16 {
    Params::EXAMPLE.cppi_max_risky_bps
}

fn default_vol_cap() -> u16 {
    Params::EXAMPLE.vol_band_cap_bps
}

fn default_lambda() -> u16 {
    Params::EXAMPLE.ewma_lambda_bps
}

fn default_move() -> u16 {
    Params::EXAMPLE.max_price_move_bps
}

fn default_warmup() -> u16 {
    Params::EXAMPLE.warmup_readings
}

fn default_window() -> u32 {
    Params::EXAMPLE.price_move_window_secs
}

impl SimConfig {
    /// The demo vault's shape (dUSD/dSOL/dBTC at 40/30/30) with the demo's rebalance parameters.
    pub fn demo() -> Self {
        SimConfig {
            targets_bps: vec![4_000, 3_000, 3_000],
            decimals: vec![6, 9, 8],
            initial_usd: 1_000_000.0,
            drift_band_bps: 500,
            relative_drift_band_bps: 2_500,
            max_trade_bps: 500,
            max_slippage_bps: 100,
            amm_fee_bps: 25,
            bounty_bps: 5,
            benefit_weight_bps: 5_000,
            tx_cost_usd: 0.01,
            min_rebalance_interval_secs: default_min_interval(),
            pool_depth_usd: 50_000_000.0,
            latency_steps: 1,
            max_price_move_bps: default_move(),
            warmup_readings: default_warmup(),
            price_move_window_secs: default_window(),
            vol_band_k_pct: 0,
            vol_band_cap_bps: default_vol_cap(),
            ewma_lambda_bps: default_lambda(),
            max_rebalance_interval_secs: default_max_interval(),
            turnover_cap_bps: default_turnover_cap(),
            turnover_epoch_secs: default_epoch(),
            cppi_multiplier_pct: 0,
            cppi_floor: 0.0,
            cppi_max_risky_bps: default_max_risky(),
        }
    }

    /// Shares the simulated vault starts with (and keeps: the bounty dilutes instead of minting),
    /// at the program's first-deposit price of 1 USD per share (atomic units, 9 decimals).
    pub fn share_supply(&self) -> u64 {
        (self.initial_usd * 1e9) as u64
    }

    /// The on-chain parameters this configuration stands for: its own rebalancing fields, and
    /// `Params::EXAMPLE`'s in-bounds values for the fields the planner never reads (caps, fees,
    /// oracle limits).
    pub fn params(&self) -> Params {
        Params {
            drift_band_bps: self.drift_band_bps,
            relative_drift_band_bps: self.relative_drift_band_bps,
            max_trade_bps: self.max_trade_bps,
            max_slippage_bps: self.max_slippage_bps,
            bounty_bps: self.bounty_bps,
            amm_fee_bps: self.amm_fee_bps,
            benefit_weight_bps: self.benefit_weight_bps,
            tx_cost_value: (self.tx_cost_usd * 1e6) as u32,
            max_price_move_bps: self.max_price_move_bps,
            warmup_readings: self.warmup_readings,
            price_move_window_secs: self.price_move_window_secs,
            vol_band_k_pct: self.vol_band_k_pct,
            vol_band_cap_bps: self.vol_band_cap_bps,
            ewma_lambda_bps: self.ewma_lambda_bps,
            min_rebalance_interval_secs: self.min_rebalance_interval_secs,
            max_rebalance_interval_secs: self.max_rebalance_interval_secs,
            turnover_cap_bps: self.turnover_cap_bps,
            turnover_epoch_secs: self.turnover_epoch_secs,
            cppi_multiplier_pct: self.cppi_multiplier_pct,
            // The starting share price is 1 USD (12 decimals).
            cppi_floor_share_price: (self.cppi_floor * 1e12) as u64,
            cppi_max_risky_bps: self.cppi_max_risky_bps,
            ..Params::EXAMPLE
        }
    }
}
