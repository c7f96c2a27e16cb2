//! The turnover cap: the value a vault may trade per epoch, in bps of its current value. An epoch
//! starts at the first rebalance after the previous one ended, so an idle vault does not bank an
//! allowance.

use crate::checked::{mul_div_u128, Rounding};
use crate::error::MathResult;
use crate::BPS_DENOMINATOR;

/// The epoch a rebalance at `now` falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Epoch {
    /// Unix time the epoch started (seconds).
    pub started_at: i64,
    /// Value traded in it so far (USD, 6 decimals).
    pub traded_value: u128,
}

impl Epoch {
    /// The epoch at `now`: this one while it lasts (`epoch_secs`), else a fresh one from `now`.
    pub fn at(self, now: i64, epoch_secs: u32) -> Epoch {
        if now >= self.started_at.saturating_add(i64::from(epoch_secs)) {
            Epoch { started_at: now, traded_value: 0 }
        } else {
            self
        }
    }

    /// Value still allowed this epoch for a vault worth `nav`: `cap_bps · nav − traded`, rounded
    /// down, never negative.
    pub fn allowance(&self, nav: u128, cap_bps: u16) -> MathResult<u128> {
        let cap = mul_div_u128(nav, u128::from(cap_bps), u128::from(BPS_DENOMINATOR), Rounding::Down)?;
        Ok(cap.saturating_sub(self.traded_value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_is_spent_within_an_epoch_and_renewed_after_it() {
        let epoch = Epoch { started_at: 1_000, traded_value: 150_000_000 };
        // Cap 20% of 1,000 USD = 200; 150 traded → 50 left.
        assert_eq!(epoch.at(1_500, 3_600).allowance(1_000_000_000, 2_000), Ok(50_000_000));
        // Over the cap (the vault's value fell): nothing left, never negative.
        assert_eq!(epoch.allowance(500_000_000, 2_000), Ok(0));
        // The epoch ends at 4,600: a fresh one starts at the rebalance's time.
        assert_eq!(epoch.at(4_599, 3_600), epoch);
        assert_eq!(epoch.at(4_600, 3_600), Epoch { started_at: 4_600, traded_value: 0 });
    }
}
