//! `a · b / c` with a `u128` intermediate, rounding chosen by the caller.

use crate::error::{MathError, MathResult};

/// Which way a division rounds. Callers pick the direction that favours the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Down,
    Up,
}

/// `a · b / c` computed in `u128`, rounded as asked; errors when `c == 0` or the result exceeds `u64`.
pub fn mul_div(a: u64, b: u64, c: u64, rounding: Rounding) -> MathResult<u64> {
    let rounded = div_round(wide_mul(a, b), u128::from(c), rounding)?;
    u64::try_from(rounded).map_err(|_| MathError::Overflow)
}

/// `a · b` of two `u64` in `u128`: exact, since `(2⁶⁴ − 1)² < 2¹²⁸`, so the wrapping product never
/// wraps and the dearer overflow-checked `u128` routine (a software call on SBF) is not needed.
pub fn wide_mul(a: u64, b: u64) -> u128 {
    u128::from(a).wrapping_mul(u128::from(b))
}

/// `a + b` of two `u64` in `u128`: exact, never wraps.
pub fn wide_add(a: u64, b: u64) -> u128 {
    u128::from(a).wrapping_add(u128::from(b))
}

/// `n / d` rounded as asked; errors when `d == 0`. Rounding up adds one only to a quotient with a
/// remainder, so `d ≥ 2` and the quotient is at most `u128::MAX / 2`: the addition cannot overflow
/// (checked anyway).
pub fn div_round(n: u128, d: u128, rounding: Rounding) -> MathResult<u128> {
    let quotient = n.checked_div(d).ok_or(MathError::DivisionByZero)?;
    match rounding {
        Rounding::Up if n.checked_rem(d) != Some(0) => quotient.checked_add(1).ok_or(MathError::Overflow),
        _ => Ok(quotient),
    }
}

/// `a · b`, `None` on overflow. Operands that fit in `u64` cannot overflow a `u128` product, so they
/// skip the overflow-checked routine (on SBF every `u128` multiplication is a software call, and the
/// checked one is the dearest); values, prices and bps almost always fit.
pub fn mul_u128(a: u128, b: u128) -> Option<u128> {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => Some(wide_mul(a, b)),
        _ => a.checked_mul(b),
    }
}

/// `a · b / c` for `u128` operands; errors when `c == 0` or `a · b` exceeds `u128`.
pub fn mul_div_u128(a: u128, b: u128, c: u128, rounding: Rounding) -> MathResult<u128> {
    if c == 0 {
        return Err(MathError::DivisionByZero);
    }
    div_round(mul_u128(a, b).ok_or(MathError::Overflow)?, c, rounding)
}

/// [`mul_div_u128`] with a product past `u128` read as `u128::MAX`, for estimates where a figure that
/// large only ever meets its cap (a pool's virtual depth, the drift gate's benefit); `c == 0` is still
/// `DivisionByZero`.
pub fn mul_div_u128_saturating(a: u128, b: u128, c: u128, rounding: Rounding) -> MathResult<u128> {
    match mul_div_u128(a, b, c, rounding) {
        Err(MathError::Overflow) => Ok(u128::MAX),
        other => other,
    }
}

pub fn add(a: u64, b: u64) -> MathResult<u64> {
    a.checked_add(b).ok_or(MathError::Overflow)
}

pub fn sub(a: u64, b: u64) -> MathResult<u64> {
    a.checked_sub(b).ok_or(MathError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unchecked_path_multiplies_like_the_checked_one() {
        let max = u128::from(u64::MAX);
        for (a, b) in [
            (0, 0),
            (3, 7),
            (max, max),
            (max + 1, 2),
            (u128::MAX, 1),
            (u128::MAX, 2),
            (1 << 100, 1 << 27),
            (1 << 100, 1 << 28),
        ] {
            assert_eq!(mul_u128(a, b), a.checked_mul(b), "{a} · {b}");
        }
    }

    #[test]
    fn rounds_in_the_requested_direction() {
        assert_eq!(mul_div(10, 1, 3, Rounding::Down), Ok(3));
        assert_eq!(mul_div(10, 1, 3, Rounding::Up), Ok(4));
        assert_eq!(mul_div(9, 1, 3, Rounding::Up), Ok(3));
    }

    #[test]
    fn uses_a_wide_intermediate() {
        // u64::MAX · u64::MAX overflows u64 but not u128; dividing back gives u64::MAX exactly.
        assert_eq!(mul_div(u64::MAX, u64::MAX, u64::MAX, Rounding::Down), Ok(u64::MAX));
    }

    #[test]
    fn refuses_results_beyond_u64_and_zero_divisors() {
        assert_eq!(mul_div(u64::MAX, 2, 1, Rounding::Down), Err(MathError::Overflow));
        assert_eq!(mul_div(1, 1, 0, Rounding::Down), Err(MathError::DivisionByZero));
        assert_eq!(add(u64::MAX, 1), Err(MathError::Overflow));
        assert_eq!(sub(0, 1), Err(MathError::Overflow));
    }
}
