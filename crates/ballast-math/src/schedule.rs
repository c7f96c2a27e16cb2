//! When a vault may and must rebalance: the minimum interval after the last verified rebalance,
//! and the maximum interval (the schedule) after it, or after creation before the first. The
//! program's `Vault` and the simulator's `VaultState` both ask these two functions.

/// Earliest Unix time the next rebalance may run: `min_interval_secs` after the last one
/// (`last_rebalance_at`, `None` before the first, when any time will do: 0).
pub fn next_rebalance_at(last_rebalance_at: Option<i64>, min_interval_secs: u32) -> i64 {
    last_rebalance_at.map_or(0, |last| last.saturating_add(i64::from(min_interval_secs)))
}

/// Earliest Unix time the next rebalance auction may open: the next rebalance's, and no sooner than
/// `min_interval_secs` after the last auction's expiry (`last_auction_expires_at`, 0 when none is
/// recorded). An auction that expired unfilled leaves the pool path that window, so re-opening one
/// each time the last expires cannot keep a vault from trading.
pub fn next_auction_at(last_rebalance_at: Option<i64>, last_auction_expires_at: i64, min_interval_secs: u32) -> i64 {
    let after_last_auction = match last_auction_expires_at {
        0 => 0,
        expired => expired.saturating_add(i64::from(min_interval_secs)),
    };
    next_rebalance_at(last_rebalance_at, min_interval_secs).max(after_last_auction)
}

/// Whether `max_interval_secs` has passed at `now` since the last rebalance (or since
/// `created_at` before the first), so that a rebalance is due even inside the bands.
pub fn schedule_due(last_rebalance_at: Option<i64>, created_at: i64, max_interval_secs: u32, now: i64) -> bool {
    now >= last_rebalance_at.unwrap_or(created_at).saturating_add(i64::from(max_interval_secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_rebalance_may_run_at_once_and_the_next_after_the_minimum_interval() {
        assert_eq!(next_rebalance_at(None, 3_600), 0);
        assert_eq!(next_rebalance_at(Some(1_000), 3_600), 4_600);
        assert_eq!(next_rebalance_at(Some(i64::MAX - 1), 3_600), i64::MAX);
    }

    #[test]
    fn the_next_auction_waits_the_minimum_interval_after_the_last_rebalance_and_the_last_expiry() {
        assert_eq!(next_auction_at(None, 0, 3_600), 0);
        assert_eq!(next_auction_at(Some(1_000), 0, 3_600), 4_600);
        assert_eq!(next_auction_at(Some(1_000), 2_000, 3_600), 5_600);
        assert_eq!(next_auction_at(Some(9_000), 2_000, 3_600), 12_600);
        assert_eq!(next_auction_at(None, i64::MAX - 1, 3_600), i64::MAX);
    }

    #[test]
    fn the_schedule_counts_from_creation_then_from_the_last_rebalance_and_is_due_on_the_second() {
        assert!(!schedule_due(None, 1_000, 3_600, 4_599));
        assert!(schedule_due(None, 1_000, 3_600, 4_600));
        assert!(!schedule_due(Some(5_000), 1_000, 3_600, 8_599));
        assert!(schedule_due(Some(5_000), 1_000, 3_600, 8_600));
        // `u32::MAX` seconds is "never" in practice, and never overflows.
        assert!(!schedule_due(Some(i64::MAX - 10), 0, u32::MAX, i64::MAX - 1));
    }
}
