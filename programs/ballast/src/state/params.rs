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
        }
    }

    pub fn price_limits(&self) -> ballast_math::price::PriceLimits {
        ballast_math::price::PriceLimits {
            max_age_secs: self.max_price_age_secs,
            max_conf_bps: self.max_conf_bps,
            max_ema_divergence_bps: self.max_ema_divergence_bps,
        }
    }
}
