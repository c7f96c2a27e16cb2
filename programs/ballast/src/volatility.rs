//! The vault's realized-volatility estimate per asset (rules in `ballast_math::volatility`):
//! updated by the observer (`accrue_fees`) at most once per `vol_observation_secs`, and read by
//! `rebalance` and `preview_rebalance` to widen the drift bands by `k · σ` of the most volatile
//! asset, capped.
use anchor_lang::prelude::*;
use ballast_math::volatility::{band_widening_bps, log_return_bps, sigma_bps, update_variance};

use crate::errors::to_u64;
use crate::oracle::Holdings;
use crate::state::Vault;

/// One observation: each asset's log-return since the last one feeds its EWMA.
pub fn observe(vault: &mut Vault, holdings: &Holdings, now: i64) -> Result<()> {
    if now.saturating_sub(vault.vol_observed_at) < i64::from(vault.params.vol_observation_secs) {
        return Ok(());
    }
    let lambda = vault.params.ewma_lambda_bps;
    let count = usize::from(vault.asset_count);
    for (i, slot) in vault.assets[..count].iter_mut().enumerate() {
        let mid = holdings.prices[i].mid;
        if slot.last_observed_price != 0 {
            slot.vol_variance =
                update_variance(slot.vol_variance, log_return_bps(slot.last_observed_price, mid), lambda);
        }
        slot.last_observed_price = to_u64(mid.0)?;
    }
    vault.vol_observed_at = now;
    Ok(())
}

/// How much the drift bands widen now (bps): `k · σ` of the most volatile asset, capped. One
/// widening for every asset, because a calm asset's drift is the mirror of a volatile one's.
pub fn band_widening(vault: &Vault) -> u16 {
    let p = vault.params;
    let sigma = vault.active_assets().iter().map(|s| sigma_bps(s.vol_variance)).max().unwrap_or(0);
    band_widening_bps(sigma, p.vol_band_k_pct, p.vol_band_cap_bps)
}
