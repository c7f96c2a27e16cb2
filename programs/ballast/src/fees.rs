//! Fee accrual shared by every share-changing instruction: the rules are `ballast_math::fees`,
//! this only reads and writes the vault's fee state and reports what to mint.
use anchor_lang::prelude::*;
use ballast_math::fees::{management_fee_shares, performance_fee};

use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::FeesAccrued;
use crate::state::Vault;

/// Accrues the management fee since the last accrual and, when the vault's value is known (at mid
/// prices, USD 6 decimals), the performance fee over the high-water mark. Returns the fee shares
/// the caller must mint to `vault.fee_recipient_shares` before anything else changes the supply.
pub fn accrue(
    vault: &mut Vault,
    vault_key: Pubkey,
    share_supply: u64,
    total_value: Option<u128>,
    now: i64,
) -> Result<u64> {
    let elapsed = u64::try_from(now.saturating_sub(vault.fees_accrued_at)).unwrap_or(0);
    let management = management_fee_shares(share_supply, vault.params.management_fee_bps, elapsed).or_refuse()?;
    vault.fees_accrued_at = now.max(vault.fees_accrued_at);
    let supply = share_supply.checked_add(management).ok_or(BallastError::MathOverflow)?;
    let performance = match total_value {
        Some(value) => {
            let fee =
                performance_fee(value, supply, u128::from(vault.high_water_mark), vault.params.performance_fee_bps)
                    .or_refuse()?;
            vault.high_water_mark = to_u64(fee.high_water_mark)?;
            fee.shares
        }
        None => 0,
    };
    let fee_shares = management.checked_add(performance).ok_or(BallastError::MathOverflow)?;
    emit!(FeesAccrued {
        vault: vault_key,
        management_shares: management,
        performance_shares: performance,
        high_water_mark: vault.high_water_mark,
        accrued_at: now,
        total_value: total_value.map(to_u64).transpose()?,
        share_supply: share_supply.checked_add(fee_shares).ok_or(BallastError::MathOverflow)?,
    });
    Ok(fee_shares)
}
