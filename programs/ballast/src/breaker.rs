//! The price-move circuit breaker on the vault's state; the rules are `ballast_math::breaker`.
//!
//! `accrue_fees` is the breaker's observer: it records every reading, trips the breaker (and still
//! succeeds, so the trip is kept) and counts the warm-up — one normal reading per
//! `vol_observation_secs` at most, so a trip lasts at least `warmup_readings ×
//! vol_observation_secs` and cannot be cleared by several readings in one transaction. A trip by
//! poor fills is not a market condition that readings can see pass: only governance clears it.
//! `deposit` and `rebalance` refuse while it is tripped or when their own reading breaches (for
//! `rebalance`, in `rebalance_gate::gate`), and otherwise move the references forward. Withdrawals never look at it.
use anchor_lang::prelude::*;
use ballast_math::breaker::{
    breached, loss_bps, move_bps, observe, poor_fill, poor_fill_streak, warmup_reading_due, Transition,
};

use crate::errors::{to_u64, BallastError};
use crate::events::{BreakerCleared, BreakerTripped};
use crate::oracle::Holdings;
use crate::state::Vault;

/// `BreakerTripped::reason`: a price moved beyond `max_price_move_bps` within the window.
pub const TRIP_PRICE_MOVE: u8 = 1;
/// `BreakerTripped::reason`: `max_poor_fills` rebalances in a row lost more than half the limit.
pub const TRIP_POOR_FILLS: u8 = 2;

/// The asset whose mid price moved most beyond the limit, if any (index, move in bps).
pub fn breach(vault: &Vault, holdings: &Holdings, now: i64) -> Option<(usize, u32)> {
    let p = vault.params;
    vault
        .active_assets()
        .iter()
        .enumerate()
        .filter(|(i, slot)| {
            breached(
                slot.reference_price,
                vault.references_at,
                holdings.prices[*i].mid,
                now,
                p.max_price_move_bps,
                p.price_move_window_secs,
            )
        })
        .map(|(i, slot)| (i, move_bps(slot.reference_price, holdings.prices[i].mid)))
        .max_by_key(|(_, m)| *m)
}

/// Re-bases the reference prices once they are older than the window (or absent): a move is
/// measured against the price at the start of the window, so a slow crash trips it too.
pub fn take_references(vault: &mut Vault, holdings: &Holdings, now: i64) -> Result<()> {
    let window = i64::from(vault.params.price_move_window_secs);
    if vault.references_at != 0 && now.saturating_sub(vault.references_at) <= window {
        return Ok(());
    }
    let count = usize::from(vault.asset_count);
    for (i, slot) in vault.assets[..count].iter_mut().enumerate() {
        slot.reference_price = to_u64(holdings.prices[i].mid.0)?;
    }
    vault.references_at = now;
    Ok(())
}

/// For `deposit`: refuses while tripped or on a breaching reading; else re-bases
/// the references if their window has passed.
pub fn require_clear(vault: &mut Vault, holdings: &Holdings, now: i64) -> Result<()> {
    require!(!vault.breaker_tripped(), BallastError::BreakerTripped);
    require!(breach(vault, holdings, now).is_none(), BallastError::BreakerTripped);
    take_references(vault, holdings, now)
}

/// For `accrue_fees`: records one reading and moves the breaker (trip, warm-up, clear).
pub fn record(vault: &mut Vault, vault_key: Pubkey, holdings: &Holdings, now: i64) -> Result<()> {
    let worst = breach(vault, holdings, now);
    if vault.breaker_tripped() && worst.is_none() {
        // Only governance clears a poor-fill trip; a normal reading too soon after the last counts
        // for nothing (and changes nothing).
        if vault.breaker_reason == TRIP_POOR_FILLS
            || !warmup_reading_due(vault.breaker_reading_at, now, vault.params.vol_observation_secs)
        {
            return Ok(());
        }
    }
    match observe(vault.breaker_tripped(), vault.breaker_normal_readings, worst.is_some(), vault.params.warmup_readings)
    {
        Transition::Tripped => {
            let (i, move_bps) = worst.ok_or(BallastError::MathOverflow)?;
            if !vault.breaker_tripped() {
                emit!(BreakerTripped {
                    vault: vault_key,
                    reason: TRIP_PRICE_MOVE,
                    mint: vault.assets[i].mint,
                    move_bps
                });
            }
            vault.breaker_tripped_at = now;
            vault.breaker_reading_at = now;
            vault.breaker_normal_readings = 0;
            if vault.breaker_reason != TRIP_POOR_FILLS {
                vault.breaker_reason = TRIP_PRICE_MOVE;
            }
        }
        Transition::WarmingUp(count) => {
            vault.breaker_normal_readings = count;
            vault.breaker_reading_at = now;
            take_references(vault, holdings, now)?;
        }
        Transition::Cleared => {
            clear(vault, vault_key, false);
            take_references(vault, holdings, now)?;
        }
        Transition::Normal => take_references(vault, holdings, now)?,
    }
    Ok(())
}

/// After a verified rebalance: counts consecutive poor fills (a loss above half the limit) and trips
/// the breaker at `max_poor_fills`; only governance clears that trip (`reset_breaker`).
pub fn record_fill(
    vault: &mut Vault,
    vault_key: Pubkey,
    bought: &Pubkey,
    value_before: u128,
    value_after: u128,
    now: i64,
) -> Result<()> {
    let poor = poor_fill(value_before, value_after, vault.params.max_loss_bps);
    let (streak, trips) = poor_fill_streak(vault.poor_fill_streak, poor, vault.params.max_poor_fills);
    vault.poor_fill_streak = streak;
    if trips {
        emit!(BreakerTripped {
            vault: vault_key,
            reason: TRIP_POOR_FILLS,
            mint: *bought,
            move_bps: loss_bps(value_before, value_after)
        });
        vault.breaker_tripped_at = now;
        vault.breaker_reading_at = now;
        vault.breaker_reason = TRIP_POOR_FILLS;
        vault.breaker_normal_readings = 0;
        vault.poor_fill_streak = 0;
    }
    Ok(())
}

pub fn clear(vault: &mut Vault, vault_key: Pubkey, by_governance: bool) {
    vault.breaker_tripped_at = 0;
    vault.breaker_reading_at = 0;
    vault.breaker_reason = 0;
    vault.breaker_normal_readings = 0;
    emit!(BreakerCleared { vault: vault_key, by_governance });
}
