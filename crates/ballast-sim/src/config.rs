//! A vault's simulated parameters (the same fields as the on-chain `VaultParams` that drive
//! rebalancing) and the execution model.
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
    /// Steps between two rebalances at least.
    pub min_interval_steps: usize,
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
}

fn default_vol_cap() -> u16 {
    1_000
}

fn default_lambda() -> u16 {
    9_400
}

fn default_move() -> u16 {
    1_500
}

fn default_warmup() -> u16 {
    3
}

fn default_window() -> u32 {
    3_600
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
            min_interval_steps: 60,
            pool_depth_usd: 50_000_000.0,
            latency_steps: 1,
            max_price_move_bps: default_move(),
            warmup_readings: default_warmup(),
            price_move_window_secs: default_window(),
            vol_band_k_pct: 0,
            vol_band_cap_bps: default_vol_cap(),
            ewma_lambda_bps: default_lambda(),
        }
    }
}
