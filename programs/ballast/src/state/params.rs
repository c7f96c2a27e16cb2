use anchor_lang::prelude::*;
use ballast_math::params::Params;

/// Governance-set parameters (bounds: `ballast_math::params::BOUNDS`, printed in docs/parameters.md).
///
/// Both an instruction argument (borsh) and a field of the zero-copy vault (`Pod`): the layout has
/// no padding, so the two encodings are the same bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, AnchorSerialize, AnchorDeserialize, bytemuck::Pod, bytemuck::Zeroable)]
pub struct VaultParams {
    /// Largest total value the vault may hold after a deposit (USD, 6 decimals).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (USD, 6 decimals; ≤ `deposit_cap`).
    pub max_deposit_per_tx: u64,
    /// Management fee (bps of vault value per year).
    pub management_fee_bps: u16,
    /// Performance fee (bps of gains above the high-water mark).
    pub performance_fee_bps: u16,
    /// Oldest oracle price the vault accepts (seconds).
    pub max_price_age_secs: u32,
    /// Widest oracle confidence interval accepted (bps of price).
    pub max_conf_bps: u16,
    /// Largest spot-vs-EMA gap accepted (bps of the EMA).
    pub max_ema_divergence_bps: u16,
    /// Delay before a loosening change may execute (seconds).
    pub timelock_secs: u32,
    /// Drift that triggers a rebalance: |weight − target| (bps of the vault).
    pub drift_band_bps: u16,
    /// Drift that also triggers it, relative to the target (bps of the target weight).
    pub relative_drift_band_bps: u16,
    /// Largest trade of one rebalance (bps of the vault's value).
    pub max_trade_bps: u16,
    /// Slippage accepted against oracle prices when deriving `min_out` (bps).
    pub max_slippage_bps: u16,
    /// Largest drop of the vault's oracle value one rebalance may cause (bps).
    pub max_loss_bps: u16,
    /// Crank bounty (bps of the traded value), paid only on a verified rebalance.
    pub bounty_bps: u16,
    /// Shortest time between two rebalances (seconds).
    pub min_rebalance_interval_secs: u32,
    /// The AMM's fee assumed by the cost-benefit gate (bps of the traded value).
    pub amm_fee_bps: u16,
    /// What one bp of tracking-error reduction is worth to the gate (bps of its value; 0 = gate off).
    pub benefit_weight_bps: u16,
    /// Fixed cost of one rebalance transaction assumed by the gate (USD, 6 decimals).
    pub tx_cost_value: u32,
    /// Price move that trips the breaker (bps away from the last accepted price).
    pub max_price_move_bps: u16,
    /// Normal readings needed after a trip before the breaker clears on its own (count).
    pub warmup_readings: u16,
    /// How long a reference price counts for the move check (seconds).
    pub price_move_window_secs: u32,
    /// The drift band widens by this multiple of an asset's volatility (hundredths: 100 = 1σ).
    pub vol_band_k_pct: u16,
    /// Most the band may widen (bps).
    pub vol_band_cap_bps: u16,
    /// EWMA decay of the volatility estimate (bps; 9,400 = 0.94).
    pub ewma_lambda_bps: u16,
    /// Shortest time between two volatility observations (seconds).
    pub vol_observation_secs: u16,
    /// CPPI floor: the share price the vault protects (USD per share, 12 decimals).
    pub cppi_floor_share_price: u64,
    /// Longest time without a rebalance before one is due inside the bands (seconds; `u32::MAX` = never).
    pub max_rebalance_interval_secs: u32,
    /// Length of a turnover epoch (seconds).
    pub turnover_epoch_secs: u32,
    /// Most value traded per epoch (bps of the vault's value).
    pub turnover_cap_bps: u16,
    /// Consecutive poor fills (loss above half of `max_loss_bps`) that trip the breaker (count).
    pub max_poor_fills: u16,
    /// Target policy: 0 = fixed weights, else CPPI with this multiplier (hundredths: 300 = 3×).
    pub cppi_multiplier_pct: u16,
    /// Highest weight CPPI gives the risky basket (bps).
    pub cppi_max_risky_bps: u16,
    /// Most one rebalance's bounty may be worth (USD, 6 decimals).
    pub max_bounty_value: u32,
    /// What the bounty is paid in: an asset's slot index, or 16 (`BOUNTY_IN_SHARES`) for vault shares.
    pub bounty_asset: u32,
    /// Oldest price a deposit or a rebalance is valued at, and a performance fee charged at (seconds; tighter than `max_price_age_secs`).
    pub fresh_price_age_secs: u16,
    /// Deposit fee (bps of the deposit's value), kept by the vault for the holders already in.
    pub deposit_fee_bps: u16,
    /// Most a removed asset's leftover balance may be worth to be swept to the fee recipient (USD, 6 decimals).
    pub max_dust_value: u32,
}

impl VaultParams {
    /// The same values as the math crate's type, which holds the bounds and the tightening rule.
    pub fn to_math(&self) -> Params {
        Params {
            deposit_cap: self.deposit_cap,
            max_deposit_per_tx: self.max_deposit_per_tx,
            management_fee_bps: self.management_fee_bps,
            performance_fee_bps: self.performance_fee_bps,
            max_price_age_secs: self.max_price_age_secs,
            max_conf_bps: self.max_conf_bps,
            max_ema_divergence_bps: self.max_ema_divergence_bps,
            timelock_secs: self.timelock_secs,
            drift_band_bps: self.drift_band_bps,
            relative_drift_band_bps: self.relative_drift_band_bps,
            max_trade_bps: self.max_trade_bps,
            max_slippage_bps: self.max_slippage_bps,
            max_loss_bps: self.max_loss_bps,
            bounty_bps: self.bounty_bps,
            min_rebalance_interval_secs: self.min_rebalance_interval_secs,
            amm_fee_bps: self.amm_fee_bps,
            benefit_weight_bps: self.benefit_weight_bps,
            tx_cost_value: self.tx_cost_value,
            max_price_move_bps: self.max_price_move_bps,
            warmup_readings: self.warmup_readings,
            price_move_window_secs: self.price_move_window_secs,
            vol_band_k_pct: self.vol_band_k_pct,
            vol_band_cap_bps: self.vol_band_cap_bps,
            ewma_lambda_bps: self.ewma_lambda_bps,
            vol_observation_secs: self.vol_observation_secs,
            cppi_floor_share_price: self.cppi_floor_share_price,
            max_rebalance_interval_secs: self.max_rebalance_interval_secs,
            turnover_epoch_secs: self.turnover_epoch_secs,
            turnover_cap_bps: self.turnover_cap_bps,
            max_poor_fills: self.max_poor_fills,
            cppi_multiplier_pct: self.cppi_multiplier_pct,
            cppi_max_risky_bps: self.cppi_max_risky_bps,
            max_bounty_value: self.max_bounty_value,
            bounty_asset: self.bounty_asset,
            fresh_price_age_secs: self.fresh_price_age_secs,
            deposit_fee_bps: self.deposit_fee_bps,
            max_dust_value: self.max_dust_value,
        }
    }

    /// The program's type from the math crate's (same fields, same values).
    pub fn from_math(p: &Params) -> VaultParams {
        VaultParams {
            deposit_cap: p.deposit_cap,
            max_deposit_per_tx: p.max_deposit_per_tx,
            management_fee_bps: p.management_fee_bps,
            performance_fee_bps: p.performance_fee_bps,
            max_price_age_secs: p.max_price_age_secs,
            max_conf_bps: p.max_conf_bps,
            max_ema_divergence_bps: p.max_ema_divergence_bps,
            timelock_secs: p.timelock_secs,
            drift_band_bps: p.drift_band_bps,
            relative_drift_band_bps: p.relative_drift_band_bps,
            max_trade_bps: p.max_trade_bps,
            max_slippage_bps: p.max_slippage_bps,
            max_loss_bps: p.max_loss_bps,
            bounty_bps: p.bounty_bps,
            min_rebalance_interval_secs: p.min_rebalance_interval_secs,
            amm_fee_bps: p.amm_fee_bps,
            benefit_weight_bps: p.benefit_weight_bps,
            tx_cost_value: p.tx_cost_value,
            max_price_move_bps: p.max_price_move_bps,
            warmup_readings: p.warmup_readings,
            price_move_window_secs: p.price_move_window_secs,
            vol_band_k_pct: p.vol_band_k_pct,
            vol_band_cap_bps: p.vol_band_cap_bps,
            ewma_lambda_bps: p.ewma_lambda_bps,
            vol_observation_secs: p.vol_observation_secs,
            cppi_floor_share_price: p.cppi_floor_share_price,
            max_rebalance_interval_secs: p.max_rebalance_interval_secs,
            turnover_epoch_secs: p.turnover_epoch_secs,
            turnover_cap_bps: p.turnover_cap_bps,
            max_poor_fills: p.max_poor_fills,
            cppi_multiplier_pct: p.cppi_multiplier_pct,
            cppi_max_risky_bps: p.cppi_max_risky_bps,
            max_bounty_value: p.max_bounty_value,
            bounty_asset: p.bounty_asset,
            fresh_price_age_secs: p.fresh_price_age_secs,
            deposit_fee_bps: p.deposit_fee_bps,
            max_dust_value: p.max_dust_value,
        }
    }

    pub fn price_limits(&self) -> ballast_math::price::PriceLimits {
        ballast_math::price::PriceLimits { max_age_secs: self.max_price_age_secs, max_conf_bps: self.max_conf_bps, max_ema_divergence_bps: self.max_ema_divergence_bps }
    }
}
