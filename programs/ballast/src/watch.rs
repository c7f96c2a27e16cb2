//! The observer's state on the vault. The rules are `ballast_math::observer` (shared with the
//! simulator); this module lets the math advance the per-asset state in place in the slots, copies
//! the few vault-wide fields out and back, and emits the events a change deserves.
//!
//! `accrue_fees` is the observer (`read`): it records every reading, trips the breaker (and still
//! succeeds, so the trip is kept), counts the warm-up and observes volatility. `deposit` refuses
//! while tripped or on a reading that breaches (`require_clear`); `rebalance` refuses the same in
//! `rebalance_gate::gate`, then moves the references forward (`take_references`) and, after a
//! verified swap, counts poor fills (`record_fill`).
//! Withdrawals never look at it.
use anchor_lang::prelude::*;
use ballast_math::observer::{self, AssetWatch, Signal, Watch, WatchLimits};

use crate::errors::{BallastError, IntoProgramResult};
use crate::events::{BreakerCleared, BreakerTripped};
use crate::oracle::Holdings;
use crate::state::{AssetSlot, Vault};

pub use ballast_math::observer::{TRIP_POOR_FILLS, TRIP_PRICE_MOVE};

/// Where the observer's three per-asset fields sit in a slot: `AssetWatch`'s fields in its order,
/// adjacent and aligned, so the math reads and writes them in place (no copy of the slots).
const WATCH_AT: usize = core::mem::offset_of!(AssetSlot, reference_price);
const WATCH_END: usize = WATCH_AT + core::mem::size_of::<AssetWatch>();
const LAST_OBSERVED_AT: usize = WATCH_AT + core::mem::offset_of!(AssetWatch, last_observed_price);
const VOL_VARIANCE_AT: usize = WATCH_AT + core::mem::offset_of!(AssetWatch, vol_variance);
const _: () = assert!(
    WATCH_AT.is_multiple_of(core::mem::align_of::<AssetWatch>())
        && core::mem::align_of::<AssetSlot>().is_multiple_of(core::mem::align_of::<AssetWatch>())
        && core::mem::offset_of!(AssetWatch, reference_price) == 0
        && core::mem::offset_of!(AssetSlot, last_observed_price) == LAST_OBSERVED_AT
        && core::mem::offset_of!(AssetSlot, vol_variance) == VOL_VARIANCE_AT
        && WATCH_END <= core::mem::size_of::<AssetSlot>()
);

impl AsRef<AssetWatch> for AssetSlot {
    fn as_ref(&self) -> &AssetWatch {
        bytemuck::from_bytes(&bytemuck::bytes_of(self)[WATCH_AT..WATCH_END])
    }
}

impl AsMut<AssetWatch> for AssetSlot {
    fn as_mut(&mut self) -> &mut AssetWatch {
        bytemuck::from_bytes_mut(&mut bytemuck::bytes_of_mut(self)[WATCH_AT..WATCH_END])
    }
}

/// The observer's vault-wide state, copied out of the vault's fields (a few scalars), and the limits
/// it reads. The per-asset state is read and written in place in the slots; `take_references` and
/// `store` write the vault-wide state back.
pub struct Observed {
    watch: Watch,
    limits: WatchLimits,
}

impl Observed {
    /// The vault's observer state.
    pub fn of(vault: &Vault) -> Self {
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
            limits: vault.params.as_math().watch_limits(),
        }
    }

    /// Writes the vault-wide state back into the vault's fields.
    pub fn store(&self, vault: &mut Vault) {
        let w = &self.watch;
        vault.references_at = w.references_at;
        vault.vol_observed_at = w.vol_observed_at;
        vault.breaker_tripped_at = w.tripped_at;
        vault.breaker_reading_at = w.reading_at;
        vault.breaker_normal_readings = w.normal_readings;
        vault.poor_fill_streak = w.poor_fill_streak;
        vault.breaker_reason = w.reason;
    }

    /// Refuses a reading that would trip the breaker (`BreakerTripped`), changing nothing: the
    /// read-only check of the rebalance gate and `roll_insurance`.
    pub fn require_no_breach(&self, vault: &Vault, holdings: &Holdings, now: i64) -> Result<()> {
        let breach = self.watch.breach(vault.active_assets(), holdings.active_prices(), now, &self.limits);
        require!(breach.is_none(), BallastError::BreakerTripped);
        Ok(())
    }

    /// How much the drift bands widen now (bps): `k · σ` of the most volatile asset, capped.
    pub fn widening(&self, vault: &Vault) -> u16 {
        observer::widening(vault.active_assets(), &self.limits)
    }

    /// Re-bases the reference prices once their window has passed (or when there are none), in the
    /// slots and the vault's `references_at` at once: a refused instruction reverts both.
    pub fn take_references(&mut self, vault: &mut Vault, holdings: &Holdings, now: i64) -> Result<()> {
        self.watch
            .take_references(vault.active_assets_mut(), holdings.active_prices(), now, &self.limits)
            .or_refuse()?;
        self.store(vault);
        Ok(())
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
    let mut o = Observed::of(vault);
    o.watch.require_clear(vault.active_assets_mut(), holdings.active_prices(), now, &o.limits).or_refuse()?;
    o.store(vault);
    Ok(())
}

/// For `accrue_fees`: one reading (the breaker's trip, warm-up and clearing, the references, then
/// the volatility observation).
#[inline(never)]
pub fn read(vault: &mut Vault, vault_key: Pubkey, holdings: &Holdings, now: i64) -> Result<()> {
    let mut o = Observed::of(vault);
    let signal = o.watch.read(vault.active_assets_mut(), holdings.active_prices(), now, &o.limits).or_refuse()?;
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
    let mut o = Observed::of(vault);
    o.watch.clear();
    o.store(vault);
    emit!(BreakerCleared { vault: vault_key, by_governance: true });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_reads_and_writes_its_observer_fields_in_place() {
        // Distinct bytes everywhere, so a wrong offset would read another field's bytes.
        let mut slot: AssetSlot = crate::state::distinct_bytes();
        let fields = AssetWatch {
            reference_price: slot.reference_price,
            last_observed_price: slot.last_observed_price,
            vol_variance: slot.vol_variance,
        };
        assert_eq!(*slot.as_ref(), fields);
        let before = slot;
        *slot.as_mut() = AssetWatch { reference_price: 1, last_observed_price: 2, vol_variance: 3 };
        assert_eq!((slot.reference_price, slot.last_observed_price, slot.vol_variance), (1, 2, 3));
        let unchanged = AssetSlot { reference_price: 1, last_observed_price: 2, vol_variance: 3, ..before };
        assert_eq!(slot, unchanged, "no other field written");
    }
}
