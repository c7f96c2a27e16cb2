//! Signed fixed-point reals with 12 decimals (`i128`, [`ONE`] = 1.0) and the functions option
//! pricing needs on chain, without floats: `ln`, `exp`, `sqrt`, the standard normal density and
//! distribution function. Every operation is checked (an overflow is an error, never a wrap); every
//! division truncates toward zero.
//!
//! # Error bounds (checked by the property tests below against `f64`)
//! - `mul`, `div`: at most one unit of the last place (1e-12) per operation.
//! - `ln(x)` for 1e-9 ≤ x ≤ 1e9: absolute error ≤ 2e-11.
//! - `exp(x)` for −40 ≤ x ≤ 40: relative error ≤ 1e-10, or 2e-12 absolute where that is larger.
//! - `sqrt(x)`: the floor of the exact root in the last place (error < 1e-12).
//! - `norm_pdf(x)`: absolute error ≤ 1e-11; `norm_cdf(x)`: absolute error ≤ 1e-11 everywhere
//!   (Hart's rational approximation, as published by G. West, "Better approximations to cumulative
//!   normal functions", 2005: double-precision accurate, evaluated here in 12-decimal fixed point).

use crate::error::{MathError, MathResult};

/// 1.0.
pub const ONE: i128 = 1_000_000_000_000;
/// ln 2.
pub const LN_2: i128 = 693_147_180_560;
/// 1 / √(2π).
pub const INV_SQRT_2PI: i128 = 398_942_280_401;
/// √(2π).
pub const SQRT_2PI: i128 = 2_506_628_274_631;

/// `a · b`.
pub fn mul(a: i128, b: i128) -> MathResult<i128> {
    a.checked_mul(b).and_then(|p| p.checked_div(ONE)).ok_or(MathError::Overflow)
}

/// `a / b`.
pub fn div(a: i128, b: i128) -> MathResult<i128> {
    if b == 0 {
        return Err(MathError::DivisionByZero);
    }
    a.checked_mul(ONE).and_then(|p| p.checked_div(b)).ok_or(MathError::Overflow)
}

fn add(a: i128, b: i128) -> MathResult<i128> {
    a.checked_add(b).ok_or(MathError::Overflow)
}

fn sub(a: i128, b: i128) -> MathResult<i128> {
    a.checked_sub(b).ok_or(MathError::Overflow)
}

/// The natural logarithm of `x > 0`: `x = m · 2^k` with `1 ≤ m < 2`, then
/// `ln m = 2 · atanh((m − 1)/(m + 1))` by its series (the ratio is below 1/3, so each term is at
/// most a ninth of the last).
pub fn ln(x: i128) -> MathResult<i128> {
    if x <= 0 {
        return Err(MathError::ParameterOutOfBounds);
    }
    let (mut m, mut k) = (x, 0i128);
    let two = ONE.checked_mul(2).ok_or(MathError::Overflow)?;
    while m >= two {
        m = m.checked_shr(1).ok_or(MathError::Overflow)?;
        k = add(k, 1)?;
    }
    while m < ONE {
        m = m.checked_shl(1).ok_or(MathError::Overflow)?;
        k = sub(k, 1)?;
    }
    let z = div(sub(m, ONE)?, add(m, ONE)?)?;
    let z2 = mul(z, z)?;
    let (mut power, mut sum, mut n) = (z, 0i128, 1i128);
    while power != 0 {
        sum = add(sum, power.checked_div(n).ok_or(MathError::DivisionByZero)?)?;
        power = mul(power, z2)?;
        n = add(n, 2)?;
    }
    add(k.checked_mul(LN_2).ok_or(MathError::Overflow)?, sum.checked_mul(2).ok_or(MathError::Overflow)?)
}

/// `e^x` for `x ≤ 40` (0 below −40, where it is under the last place): `x = k · ln 2 + r` with
/// `|r| ≤ ln 2 / 2`, `e^r` by its Taylor series, then `· 2^k`.
pub fn exp(x: i128) -> MathResult<i128> {
    let limit = ONE.checked_mul(40).ok_or(MathError::Overflow)?;
    if x < limit.checked_neg().ok_or(MathError::Overflow)? {
        return Ok(0);
    }
    if x > limit {
        return Err(MathError::Overflow);
    }
    // k = round(x / ln 2).
    let half = LN_2.checked_div(2).ok_or(MathError::DivisionByZero)?;
    let shifted = if x >= 0 { add(x, half)? } else { sub(x, half)? };
    let k = shifted.checked_div(LN_2).ok_or(MathError::DivisionByZero)?;
    let r = sub(x, k.checked_mul(LN_2).ok_or(MathError::Overflow)?)?;
    let (mut term, mut sum, mut n) = (ONE, ONE, 1i128);
    while term != 0 {
        term = mul(term, r)?.checked_div(n).ok_or(MathError::DivisionByZero)?;
        sum = add(sum, term)?;
        n = add(n, 1)?;
    }
    let shift = u32::try_from(k.unsigned_abs()).map_err(|_| MathError::Overflow)?;
    if k >= 0 {
        // 2^k · sum < 2^58 · 2e12 < 2^100: no bit is lost.
        sum.checked_mul(1i128.checked_shl(shift).ok_or(MathError::Overflow)?).ok_or(MathError::Overflow)
    } else {
        Ok(sum.checked_shr(shift).unwrap_or(0))
    }
}

/// `√x` for `x ≥ 0`: the integer root of `x · ONE` (Newton's method from above), i.e. the exact root
/// truncated to the last place.
pub fn sqrt(x: i128) -> MathResult<i128> {
    let n = u128::try_from(x).map_err(|_| MathError::ParameterOutOfBounds)?;
    let n = n.checked_mul(ONE.unsigned_abs()).ok_or(MathError::Overflow)?;
    if n < 2 {
        return i128::try_from(n).map_err(|_| MathError::Overflow);
    }
    // Start above the root: 2^⌈bits/2⌉ ≥ √n.
    let bits = 128u32.checked_sub(n.leading_zeros()).ok_or(MathError::Overflow)?;
    let mut root = 1u128.checked_shl(bits.div_ceil(2)).ok_or(MathError::Overflow)?;
    loop {
        let sum = root.checked_add(n.checked_div(root).ok_or(MathError::DivisionByZero)?).ok_or(MathError::Overflow)?;
        let next = sum.checked_shr(1).ok_or(MathError::Overflow)?;
        if next >= root {
            return i128::try_from(root).map_err(|_| MathError::Overflow);
        }
        root = next;
    }
}

/// The standard normal density `φ(x) = e^(−x²/2) / √(2π)`.
pub fn norm_pdf(x: i128) -> MathResult<i128> {
    let half_square = mul(x, x)?.checked_div(2).ok_or(MathError::DivisionByZero)?;
    mul(exp(half_square.checked_neg().ok_or(MathError::Overflow)?)?, INV_SQRT_2PI)
}

/// Hart's rational approximation of the normal tail (see the module's note): numerator and
/// denominator coefficients, highest power first, in 12-decimal fixed point.
const HART_NUM: [i128; 7] = [
    35_262_496_600,
    700_383_064_444,
    6_373_962_203_532,
    33_912_866_078_383,
    112_079_291_497_871,
    221_213_596_169_931,
    220_206_867_912_376,
];
const HART_DEN: [i128; 8] = [
    88_388_347_648,
    1_755_667_163_183,
    16_064_177_579_207,
    86_780_732_202_946,
    296_564_248_779_674,
    637_333_633_378_831,
    793_826_512_519_948,
    440_413_735_824_752,
];
/// Beyond `|x| = 10/√2` Hart uses a continued fraction.
const HART_SWITCH: i128 = 7_071_067_811_865;
/// Beyond `|x| = 37` the tail is below the last place: `N(x)` is 0 or 1.
const TAIL_CUTOFF: i128 = 37 * ONE;

fn horner(coefficients: &[i128], x: i128) -> MathResult<i128> {
    coefficients.iter().try_fold(0i128, |acc, c| add(mul(acc, x)?, *c))
}

/// The standard normal distribution function `N(x) = P(Z ≤ x)`.
pub fn norm_cdf(x: i128) -> MathResult<i128> {
    let a = x.checked_abs().ok_or(MathError::Overflow)?;
    let tail = if a > TAIL_CUTOFF {
        0
    } else {
        let density = exp(mul(a, a)?
            .checked_div(2)
            .ok_or(MathError::DivisionByZero)?
            .checked_neg()
            .ok_or(MathError::Overflow)?)?;
        if a < HART_SWITCH {
            div(mul(density, horner(&HART_NUM, a)?)?, horner(&HART_DEN, a)?)?
        } else {
            // density / (a + 1/(a + 2/(a + 3/(a + 4/(a + 0.65))))) / √(2π)
            let mut fraction = add(a, 650_000_000_000)?;
            for k in [4i128, 3, 2, 1] {
                fraction = add(a, div(k.checked_mul(ONE).ok_or(MathError::Overflow)?, fraction)?)?;
            }
            div(div(density, fraction)?, SQRT_2PI)?
        }
    };
    if x > 0 {
        sub(ONE, tail)
    } else {
        Ok(tail)
    }
}

/// `f64` helpers and an independent `f64` reference for the property tests of this module and of
/// `option` (the tests' yardstick, never used on chain).
#[cfg(test)]
pub(crate) mod reference {
    extern crate std;
    use super::ONE;

    pub fn f(x: i128) -> f64 {
        x as f64 / ONE as f64
    }

    pub fn fx(x: f64) -> i128 {
        (x * ONE as f64).round() as i128
    }

    /// `N(x)` in f64 by the complementary error function's series and continued fraction (an
    /// independent reference: `libm`-free, accurate to ~1e-15 where it is used).
    pub fn norm_cdf_f64(x: f64) -> f64 {
        // erfc via its continued fraction for large |z|, the Taylor series of erf for small.
        let z = x.abs() / std::f64::consts::SQRT_2;
        let erfc = if z < 3.0 {
            let (mut term, mut sum, mut n) = (z, z, 0.0f64);
            loop {
                n += 1.0;
                term *= -z * z / n;
                let add = term / (2.0 * n + 1.0);
                sum += add;
                if add.abs() < 1e-17 {
                    break;
                }
            }
            1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum
        } else {
            let mut fraction = 0.0f64;
            for k in (1..=60).rev() {
                fraction = (k as f64 / 2.0) / (z + fraction);
            }
            (-z * z).exp() / std::f64::consts::PI.sqrt() / (z + fraction)
        };
        if x > 0.0 {
            1.0 - erfc / 2.0
        } else {
            erfc / 2.0
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::reference::{f, fx, norm_cdf_f64};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        assert_eq!(ln(ONE), Ok(0));
        assert!((ln(2 * ONE).unwrap() - LN_2).abs() <= 1);
        assert_eq!(exp(0), Ok(ONE));
        // e = 2.718281828459045…: the series' truncations cost a few units of the last place.
        assert!((exp(ONE).unwrap() - 2_718_281_828_459).abs() <= 20);
        assert_eq!(sqrt(4 * ONE), Ok(2 * ONE));
        assert_eq!(sqrt(2 * ONE), Ok(1_414_213_562_373));
        assert_eq!(sqrt(0), Ok(0));
        assert_eq!(norm_cdf(0), Ok(ONE / 2));
        // Tabulated: N(1) = 0.841344746068543, N(−1.96) = 0.024997895148220, N(3) = 0.998650101968370.
        assert!((norm_cdf(ONE).unwrap() - 841_344_746_069).abs() <= 10);
        assert!((norm_cdf(-1_960_000_000_000).unwrap() - 24_997_895_148).abs() <= 10);
        assert!((norm_cdf(3 * ONE).unwrap() - 998_650_101_968).abs() <= 10);
        assert!((norm_pdf(0).unwrap() - INV_SQRT_2PI).abs() <= 1);
        assert_eq!(norm_cdf(40 * ONE), Ok(ONE));
        assert_eq!(norm_cdf(-40 * ONE), Ok(0));
        assert_eq!(exp(-41 * ONE), Ok(0));
    }

    #[test]
    fn refusals() {
        assert_eq!(ln(0), Err(MathError::ParameterOutOfBounds));
        assert_eq!(ln(-ONE), Err(MathError::ParameterOutOfBounds));
        assert_eq!(exp(41 * ONE), Err(MathError::Overflow));
        assert_eq!(sqrt(-1), Err(MathError::ParameterOutOfBounds));
        assert_eq!(div(ONE, 0), Err(MathError::DivisionByZero));
    }

    proptest! {
        #[test]
        fn ln_is_within_2e_11(x in 1_000i128..=1_000_000_000_000_000_000_000i128) {
            let got = f(ln(x).unwrap());
            prop_assert!((got - f(x).ln()).abs() <= 2e-11, "ln({}) = {got}", f(x));
        }

        #[test]
        fn exp_is_within_1e_10_relative(x in -40_000_000_000_000i128..=40_000_000_000_000i128) {
            let (got, want) = (f(exp(x).unwrap()), f(x).exp());
            prop_assert!((got - want).abs() <= (want * 1e-10).max(2e-12), "exp({}) = {got}, not {want}", f(x));
        }

        #[test]
        fn sqrt_truncates_the_exact_root(x in 0i128..=1_000_000_000_000_000_000_000_000i128) {
            let r = sqrt(x).unwrap();
            let n = x * ONE;
            prop_assert!(r * r <= n && (r + 1) * (r + 1) > n);
        }

        #[test]
        fn the_normal_functions_are_within_1e_11(x in -40_000_000_000_000i128..=40_000_000_000_000i128) {
            let (cdf, want_cdf) = (f(norm_cdf(x).unwrap()), norm_cdf_f64(f(x)));
            prop_assert!((cdf - want_cdf).abs() <= 1e-11, "N({}) = {cdf}, not {want_cdf}", f(x));
            let want_pdf = (-f(x) * f(x) / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
            prop_assert!((f(norm_pdf(x).unwrap()) - want_pdf).abs() <= 1e-11);
        }

        #[test]
        fn norm_cdf_rises(a in -10_000_000_000_000i128..=10_000_000_000_000i128, step in 1i128..=1_000_000_000_000) {
            prop_assert!(norm_cdf(a + step).unwrap() >= norm_cdf(a).unwrap());
        }
    }

    #[test]
    fn the_fixed_point_helpers_round_trip() {
        assert_eq!(fx(f(1_234_567_890_123)), 1_234_567_890_123);
    }
}
