//! The observer's state on the vault. The rules are `ballast_math::observer` (shared with the
//! simulator); this module copies the state out of the vault's fields, lets the math advance it,
//! writes it back and emits the events a change deserves.
//!
//! `accrue_fees` is the observer (`read`): it records every reading, trips the breaker (and still
//! succeeds, so the trip is kept), counts the warm-up and observes volatility. `deposit` refuses
//! while tripped or on a reading that breaches (`require_clear`); `rebalance` refuses the same in
//! `rebalance_gate::gate`, then moves the references forward (`take_references`) and, after a
//! verified swap, counts poor fills (`record_fill`), all on the one copy the gate made.
//! Withdrawals never look at it.
use anchor_lang::prelude::*;
use ballast_math::observer::{self, AssetWatch, Signal, Watch, WatchLimits};
use ballast_math::price::Price;

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::{BreakerCleared, BreakerTripped};
use crate::oracle::Holdings;
use crate::state::Vault;

pub use ballast_math::observer::{TRIP_POOR_FILLS, TRIP_PRICE_MOVE};

/// The observer's state of a vault, copied out of its fields once per instruction (active assets
/// only), with those assets' mid prices; `store` writes it back.
pub struct Observed {
    watch: Watch,
    assets: Vec<AssetWatch>,
    mids: Vec<Price>,
    limits: WatchLimits,
}

impl Observed {
    /// The vault's observer state; `holdings` gives the readings (none for `record_fill`, `clear`).
    pub fn of(vault: &Vault, holdings: Option<&Holdings>) -> Self {
        let slots = vault.active_assets();
        Observed {
            watch: Watch {
                references_at: vault.references_at,
                vol_observed_at: vault.vol_observed_at,
                tripped_at: vault.breaker_tripped_at,
                reading_at: vault.breaker_reading_at,
                normal_readings: vault.breaker_normal_readings,
                poor_fill_streak: vault.poor_fill_streak,
                reason: vault.breaker_reason,
            },
            assets: slots
                .iter()
                .map(|slot| AssetWatch {
                    reference_price: slot.reference_price,
                    last_observed_price: slot.last_observed_price,
                    vol_variance: slot.vol_variance,
                })
                .collect(),
            mids: holdings.map_or_else(Vec::new, |h| h.prices.iter().take(slots.len()).map(|p| p.mid).collect()),
            limits: vault.params.as_math().watch_limits(),
        }
    }

    /// Writes the state back into the vault's fields.
    pub fn store(&self, vault: &mut Vault) {
        let w = &self.watch;
        vault.references_at = w.references_at;
        vault.vol_observed_at = w.vol_observed_at;
        vault.breaker_tripped_at = w.tripped_at;
        vault.breaker_reading_at = w.reading_at;
        vault.breaker_normal_readings = w.normal_readings;
        vault.poor_fill_streak = w.poor_fill_streak;
        vault.breaker_reason = w.reason;
        for (slot, a) in vault.assets.iter_mut().zip(&self.assets) {
            slot.reference_price = a.reference_price;
            slot.last_observed_price = a.last_observed_price;
            slot.vol_variance = a.vol_variance;
        }
    }

    /// Refuses a reading that would trip the breaker (`BreakerTripped`), changing nothing: the
    /// read-only check of the rebalance gate and `roll_insurance`.
    pub fn require_no_breach(&self, now: i64) -> Result<()> {
        require!(self.breach(now).is_none(), BallastError::BreakerTripped);
        Ok(())
    }

    /// The asset whose mid price moved most beyond the limit, if any (index, move in bps).
    pub fn breach(&self, now: i64) -> Option<(usize, u32)> {
        self.watch.breach(&self.assets, &self.mids, now, &self.limits)
    }

    /// How much the drift bands widen now (bps): `k · σ` of the most volatile asset, capped.
    pub fn widening(&self) -> u16 {
        observer::widening(&self.assets, &self.limits)
    }

    /// Re-bases the reference prices once their window has passed (or when there are none).
    pub fn take_references(&mut self, now: i64) -> Result<()> {
        self.watch.take_references(&mut self.assets, &self.mids, now, &self.limits).or_refuse()
    }

    /// After a verified rebalance: counts consecutive poor fills and trips the breaker at
    /// `max_poor_fills` (only governance clears that trip, `reset_breaker`); emits the trip.
    pub fn record_fill(&mut self, vault_key: Pubkey, bought: &Pubkey, value_before: u128, value_after: u128, now: i64) {
        if let Some(move_bps) = self.watch.record_fill(value_before, value_after, now, &self.limits) {
            emit!(BreakerTripped { vault: vault_key, reason: TRIP_POOR_FILLS, mint: *bought, move_bps });
        }
    }
}

/// For `deposit`: refuses while tripped or on a breaching reading; else re-bases the references if
/// their window has passed.
#[inline(never)]
pub fn require_clear(vault: &mut Vault, holdings: &Holdings, now: i64) -> Result<()> {
    let mut o = Observed::of(vault, Some(holdings));
    o.watch.require_clear(&mut o.assets, &o.mids, now, &o.limits).or_refuse()?;
    o.store(vault);
    Ok(())
}

/// For `accrue_fees`: one reading (the breaker's trip, warm-up and clearing, the references, then
/// the volatility observation).
#[inline(never)]
pub fn read(vault: &mut Vault, vault_key: Pubkey, holdings: &Holdings, now: i64) -> Result<()> {
    let mut o = Observed::of(vault, Some(holdings));
    let signal = o.watch.read(&mut o.assets, &o.mids, now, &o.limits).or_refuse()?;
    o.store(vault);
    match signal {
        Signal::Tripped { asset, move_bps } => emit!(BreakerTripped {
            vault: vault_key,
            reason: TRIP_PRICE_MOVE,
            mint: vault.assets[asset].mint,
            move_bps
        }),
        Signal::Cleared => emit!(BreakerCleared { vault: vault_key, by_governance: false }),
        Signal::None => {}
    }
    Ok(())
}

/// `reset_breaker`: governance clears the breaker, whatever tripped it.
#[inline(never)]
pub fn clear(vault: &mut Vault, vault_key: Pubkey) {
    let mut o = Observed::of(vault, None);
    o.watch.clear();
    o.store(vault);
    emit!(BreakerCleared { vault: vault_key, by_governance: true });
}
