//! The price-move circuit breaker: a price that moved more than `max_move_bps` from the last
//! accepted one (within the window) trips it; after a trip it clears once `warmup` readings in a
//! row, each at least the observation interval after the previous one, were normal (or governance
//! resets it). A trip by poor fills clears only by governance.

use crate::price::Price;
use crate::BPS_DENOMINATOR;

/// How far `current` is from `reference`, bps of the reference (saturating; 0 without a reference).
pub fn move_bps(reference: u64, current: Price) -> u32 {
    if reference == 0 {
        return 0;
    }
    let diff = current.0.abs_diff(u128::from(reference));
    // `reference` is not 0 (returned above).
    let bps = diff.saturating_mul(u128::from(BPS_DENOMINATOR)).checked_div(u128::from(reference)).unwrap_or(u128::MAX);
    u32::try_from(bps).unwrap_or(u32::MAX)
}

/// Whether a reading breaches the limit: there is a reference (`reference_at` 0 means none, as after
/// a reset), it is fresh (within `window_secs` of `now`) and the price moved more than
/// `max_move_bps` from it.
pub fn breached(
    reference: u64,
    reference_at: i64,
    current: Price,
    now: i64,
    max_move_bps: u16,
    window_secs: u32,
) -> bool {
    let fresh = reference_at != 0 && now.saturating_sub(reference_at) <= i64::from(window_secs);
    fresh && move_bps(reference, current) > u32::from(max_move_bps)
}

/// The breaker's state after one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Not tripped and still normal.
    Normal,
    /// This reading tripped it.
    Tripped,
    /// Tripped, counting normal readings toward the warm-up (the new count).
    WarmingUp(u16),
    /// This reading completed the warm-up.
    Cleared,
}

/// Whether a normal reading at `now` counts toward the warm-up: it must come at least
/// `interval_secs` (the vault's `vol_observation_secs`) after the trip or the last counted reading,
/// so that readings sent together (several `accrue_fees` in one transaction) count once and a trip
/// lasts at least `warmup × interval_secs`.
pub fn warmup_reading_due(last_counted_at: i64, now: i64, interval_secs: u16) -> bool {
    now >= last_counted_at.saturating_add(i64::from(interval_secs))
}

/// Advances the breaker by one reading (`breach`: whether any asset breached).
pub fn observe(tripped: bool, normal_readings: u16, breach: bool, warmup: u16) -> Transition {
    match (tripped, breach) {
        (false, false) => Transition::Normal,
        (_, true) => Transition::Tripped,
        (true, false) => {
            let count = normal_readings.saturating_add(1);
            if count >= warmup {
                Transition::Cleared
            } else {
                Transition::WarmingUp(count)
            }
        }
    }
}

/// A fill is poor when the rebalance lost more than half of the vault's per-rebalance loss limit
/// at oracle mid prices: verified, but close to the limit. Reverted rebalances leave no trace on
/// chain, so repeated poor fills are what the program can count of "repeated failures".
pub fn poor_fill(value_before: u128, value_after: u128, max_loss_bps: u16) -> bool {
    let loss = value_before.saturating_sub(value_after);
    // loss / before > max_loss / 2 / 10,000  ⇔  loss · 20,000 > max_loss · before
    loss.saturating_mul(2 * u128::from(BPS_DENOMINATOR)) > value_before.saturating_mul(u128::from(max_loss_bps))
}

/// The drop from `value_before` to `value_after`, bps of `value_before` (0 for a gain; saturating).
pub fn loss_bps(value_before: u128, value_after: u128) -> u32 {
    let loss = value_before.saturating_sub(value_after);
    let bps = loss.saturating_mul(u128::from(BPS_DENOMINATOR)).checked_div(value_before).unwrap_or(0);
    u32::try_from(bps).unwrap_or(u32::MAX)
}

/// The streak of consecutive poor fills after one more rebalance, and whether it trips the breaker.
pub fn poor_fill_streak(streak: u16, poor: bool, max_poor_fills: u16) -> (u16, bool) {
    let next = if poor { streak.saturating_add(1) } else { 0 };
    (next, poor && next >= max_poor_fills)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_move_within_the_window_trips_and_normal_readings_clear() {
        let reference = 150_000_000_000_000; // 150 USD
        assert_eq!(move_bps(reference, Price(172_500_000_000_000)), 1_500);
        assert!(!breached(reference, 1_000, Price(172_500_000_000_000), 1_100, 1_500, 3_600));
        assert!(breached(reference, 1_000, Price(172_515_000_000_000), 1_100, 1_500, 3_600)); // 1,501 bps
                                                                                              // An old reference does not count: the price is simply re-based.
        assert!(!breached(reference, 1_000, Price(300_000_000_000_000), 5_000, 1_500, 3_600));
        assert!(!breached(0, 0, Price(1), 1, 1_500, 3_600));
        // No reference time (a reset): not fresh, even on a clock near 1970.
        assert!(!breached(reference, 0, Price(300_000_000_000_000), 60, 1_500, 3_600));
        assert_eq!(observe(false, 0, true, 3), Transition::Tripped);
        assert_eq!(observe(true, 0, false, 3), Transition::WarmingUp(1));
        assert_eq!(observe(true, 2, false, 3), Transition::Cleared);
        assert_eq!(observe(true, 2, true, 3), Transition::Tripped);
        assert_eq!(observe(false, 0, false, 3), Transition::Normal);
    }

    #[test]
    fn consecutive_poor_fills_trip_and_a_good_one_resets_the_streak() {
        // Limit 150 bps: a loss of 75 bps is not poor, 76 is.
        assert!(!poor_fill(1_000_000, 992_500, 150));
        assert!(poor_fill(1_000_000, 992_400, 150));
        assert!(!poor_fill(1_000_000, 1_010_000, 150));
        assert_eq!((loss_bps(1_000_000, 992_400), loss_bps(1_000_000, 1_010_000), loss_bps(0, 0)), (76, 0, 0));
        assert_eq!(poor_fill_streak(0, true, 3), (1, false));
        assert_eq!(poor_fill_streak(2, true, 3), (3, true));
        assert_eq!(poor_fill_streak(2, false, 3), (0, false));
    }
}

#[cfg(test)]
mod warmup_tests {
    use super::*;

    #[test]
    fn readings_count_only_an_interval_apart() {
        assert!(!warmup_reading_due(1_000, 1_000, 60), "the trip's own second");
        assert!(!warmup_reading_due(1_000, 1_059, 60));
        assert!(warmup_reading_due(1_000, 1_060, 60));
        assert!(!warmup_reading_due(i64::MAX, i64::MAX - 1, 60), "saturates instead of wrapping");
    }
}
