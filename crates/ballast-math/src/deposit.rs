//! The deposit rule: caps, then shares, then the caller's slippage floor.

use crate::checked::add;
use crate::error::{MathError, MathResult};
use crate::shares::shares_for_deposit;

/// What a deposit is allowed to do, as configured on the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepositLimits {
    /// Largest total value the vault may hold after a deposit (value units).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (value units).
    pub max_deposit_per_tx: u64,
}

/// Shares to mint for a deposit of `deposit_value` into a vault worth `total_value` with
/// `share_supply` shares, or why the deposit is refused. Checks run in this order: zero amount,
/// per-transaction cap, total cap, zero shares, `min_shares_out`.
///
/// Kept out of line on purpose: with six arguments it is the program's call that passes
/// arguments on the stack (SBF has five argument registers), which the VM tests must exercise.
#[inline(never)]
pub fn quote_deposit(
    deposit_value: u64,
    total_value: u64,
    share_supply: u64,
    deposit_cap: u64,
    max_deposit_per_tx: u64,
    min_shares_out: u64,
) -> MathResult<u64> {
    if deposit_value == 0 {
        return Err(MathError::ZeroAmount);
    }
    if deposit_value > max_deposit_per_tx {
        return Err(MathError::PerTransactionCapExceeded);
    }
    if add(total_value, deposit_value)? > deposit_cap {
        return Err(MathError::DepositCapExceeded);
    }
    let shares = shares_for_deposit(deposit_value, total_value, share_supply)?;
    if shares == 0 {
        return Err(MathError::ZeroShares);
    }
    if shares < min_shares_out {
        return Err(MathError::SlippageExceeded);
    }
    Ok(shares)
}

/// The value a deposit of `value` is credited with after the deposit fee of `fee_bps`: the fee is
/// rounded up, so it favours the vault; it stays in the vault, for the holders already in.
pub fn value_after_deposit_fee(value: u64, fee_bps: u16) -> MathResult<u64> {
    let fee = crate::checked::mul_div(
        value,
        u64::from(fee_bps),
        u64::from(crate::BPS_DENOMINATOR),
        crate::checked::Rounding::Up,
    )?;
    value.checked_sub(fee).ok_or(MathError::Overflow)
}

impl DepositLimits {
    /// [`quote_deposit`] with this vault's limits.
    pub fn quote(
        &self,
        deposit_value: u64,
        total_value: u64,
        share_supply: u64,
        min_shares_out: u64,
    ) -> MathResult<u64> {
        quote_deposit(
            deposit_value,
            total_value,
            share_supply,
            self.deposit_cap,
            self.max_deposit_per_tx,
            min_shares_out,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: DepositLimits = DepositLimits { deposit_cap: 10_000_000, max_deposit_per_tx: 5_000_000 };

    #[test]
    fn accepts_a_deposit_within_limits() {
        assert_eq!(LIMITS.quote(2_000_000, 0, 0, 2_000_000_000), Ok(2_000_000_000));
    }

    #[test]
    fn refuses_each_limit_with_its_own_error() {
        assert_eq!(LIMITS.quote(0, 0, 0, 0), Err(MathError::ZeroAmount));
        assert_eq!(LIMITS.quote(5_000_001, 0, 0, 0), Err(MathError::PerTransactionCapExceeded));
        assert_eq!(LIMITS.quote(5_000_000, 5_000_001, 0, 0), Err(MathError::DepositCapExceeded));
        // 1 · 1e9 / (2e9 + 1e6) rounds to zero shares.
        let open = DepositLimits { deposit_cap: u64::MAX, max_deposit_per_tx: u64::MAX };
        assert_eq!(open.quote(1, 2_000_000_000, 0, 0), Err(MathError::ZeroShares));
        assert_eq!(LIMITS.quote(1_000_000, 0, 0, 1_000_000_001), Err(MathError::SlippageExceeded));
        // Each limit is inclusive: a deposit of exactly the per-transaction cap that fills the vault
        // exactly to its cap goes through (5e6 · (5e9 + 1e9) / (5e6 + 1e6) = 5e9 shares). A
        // mutation test found the cap's boundary untested.
        assert_eq!(LIMITS.quote(5_000_000, 5_000_000, 5_000_000_000, 5_000_000_000), Ok(5_000_000_000));
    }

    #[test]
    fn the_deposit_fee_rounds_up_and_stays_with_the_vault() {
        assert_eq!(value_after_deposit_fee(1_000_000, 0), Ok(1_000_000));
        assert_eq!(value_after_deposit_fee(1_000_000, 30), Ok(997_000));
        // 0.3% of 1,001 units is 3.003: the fee is 4, not 3.
        assert_eq!(value_after_deposit_fee(1_001, 30), Ok(997));
        assert_eq!(value_after_deposit_fee(u64::MAX, 100), Ok(u64::MAX - u64::MAX.div_ceil(100)));
    }

    #[test]
    fn total_value_overflow_is_an_error_not_a_wrap() {
        let open = DepositLimits { deposit_cap: u64::MAX, max_deposit_per_tx: u64::MAX };
        assert_eq!(open.quote(2, u64::MAX - 1, 0, 0), Err(MathError::Overflow));
    }
}
