//! The price-move circuit breaker: a price that moved more than `max_move_bps` from the last
//! accepted one (within the window) trips it; after a trip it clears once `warmup` readings in a
//! row were normal (or governance resets it).

use crate::price::Price;
use crate::BPS_DENOMINATOR;

/// How far `current` is from `reference`, bps of the reference (saturating; 0 without a reference).
pub fn move_bps(reference: u64, current: Price) -> u32 {
    if reference == 0 {
        return 0;
    }
    let diff = current.0.abs_diff(u128::from(reference));
    let bps = diff.saturating_mul(u128::from(BPS_DENOMINATOR)) / u128::from(reference);
    u32::try_from(bps).unwrap_or(u32::MAX)
}

/// Whether a reading breaches the limit: the reference is fresh (within `window_secs` of `now`) and
/// the price moved more than `max_move_bps` from it.
pub fn breached(reference: u64, reference_at: i64, current: Price, now: i64, max_move_bps: u16, window_secs: u32) -> bool {
    let fresh = now.saturating_sub(reference_at) <= i64::from(window_secs);
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

/// Advances the breaker by one reading (`breach`: whether any asset breached).
pub fn observe(tripped: bool, normal_readings: u16, breach: bool, warmup: u16) -> Transition {
    match (tripped, breach) {
        (false, false) => Transition::Normal,
        (_, true) => Transition::Tripped,
        (true, false) => {
            let count = normal_readings.saturating_add(1);
            if count >= warmup { Transition::Cleared } else { Transition::WarmingUp(count) }
        }
    }
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
        assert_eq!(observe(false, 0, true, 3), Transition::Tripped);
        assert_eq!(observe(true, 0, false, 3), Transition::WarmingUp(1));
        assert_eq!(observe(true, 2, false, 3), Transition::Cleared);
        assert_eq!(observe(true, 2, true, 3), Transition::Tripped);
        assert_eq!(observe(false, 0, false, 3), Transition::Normal);
    }
}
