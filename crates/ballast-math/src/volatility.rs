//! Realized volatility as an on-chain estimate: an EWMA of squared log-returns between the
//! observer's readings, in integers, and the drift band it widens.
//!
//! `ln(p1/p0)` is approximated by `2(p1 − p0)/(p1 + p0)` (the first term of the atanh series): for
//! moves within ±20% the error is below 0.14% of the return, far inside what a band needs.

use crate::price::Price;
use crate::BPS_DENOMINATOR;

/// Hundredths (k is in hundredths), as a divisor that cannot be zero.
const ONE_HUNDRED: core::num::NonZeroU64 = match core::num::NonZeroU64::new(100) {
    Some(n) => n,
    None => panic!("100 is not zero"),
};

/// The log-return from `prev` to `cur` in bps (signed, at most 20,000 in size: |2(p1 − p0)/(p1 + p0)| < 2),
/// rounded toward zero; 0 without a previous price. Total for every input: a difference too large
/// to scale by 20,000 in a `u128` is divided after dropping both prices' low 64 bits (a relative
/// error below 2⁻⁶⁴ of a price that large), so no price can abort the observer.
pub fn log_return_bps(prev: u64, cur: Price) -> i64 {
    if prev == 0 {
        return 0;
    }
    let (p0, p1) = (u128::from(prev), cur.0);
    let (diff, sum) = (p1.abs_diff(p0), p1.saturating_add(p0));
    let scale = u128::from(BPS_DENOMINATOR).saturating_mul(2);
    // `sum ≥ p0 > 0`; on the fallback `diff · scale` overflowed, so `sum ≥ diff ≥ 2⁶⁴` and
    // `sum >> 64 > 0`: neither division can fail, and 0 is never returned by them.
    let magnitude = match diff.checked_mul(scale) {
        Some(scaled) => scaled.checked_div(sum),
        None => (diff >> 64).saturating_mul(scale).checked_div(sum >> 64),
    }
    .unwrap_or(0);
    // magnitude ≤ 20,000, so it fits; the fallback is never taken.
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    if p1 >= p0 {
        magnitude
    } else {
        magnitude.saturating_neg()
    }
}

/// The interval the estimate is kept per, seconds: each squared return is scaled from the time it
/// was observed over to this (a random walk's variance grows with time), so σ is per √minute
/// whatever the spacing of the readings, and `vol_band_k_pct` means the same at any observation
/// interval. A crank that reads every ten minutes no longer measures a σ √10 times larger.
pub const VOL_REFERENCE_SECS: u64 = 60;

/// `λ · variance + (1 − λ) · r²` with λ = `lambda_bps` / 10,000 and `r²` the squared return over
/// `elapsed_secs` scaled to `VOL_REFERENCE_SECS`; variance in bps² per minute, rounded down. An
/// elapsed time of 0 counts as one second (the observer never observes twice in one second).
pub fn update_variance(variance: u64, return_bps: i64, elapsed_secs: u64, lambda_bps: u16) -> u64 {
    let lambda = u128::from(lambda_bps.min(BPS_DENOMINATOR));
    let squared = u128::from(return_bps.unsigned_abs()).saturating_mul(u128::from(return_bps.unsigned_abs()));
    // Rounded down: the estimate, and so the band's widening, never grows from rounding.
    // The divisor is at least 1, so the division cannot fail.
    let r2 = squared
        .saturating_mul(u128::from(VOL_REFERENCE_SECS))
        .checked_div(u128::from(elapsed_secs.max(1)))
        .unwrap_or(u128::MAX);
    let bps = u128::from(BPS_DENOMINATOR);
    // Saturating: an r² beyond any real reading (|r| is at most 20,000 bps) pins the estimate at the
    // top instead of wrapping.
    let weighted =
        lambda.saturating_mul(u128::from(variance)).saturating_add(bps.saturating_sub(lambda).saturating_mul(r2));
    let v = weighted.checked_div(bps).unwrap_or(u128::MAX);
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// The standard deviation (bps) of a variance in bps²: the integer square root, rounded down.
pub fn sigma_bps(variance: u64) -> u32 {
    // Newton's method on integers: from above, it decreases to ⌊√variance⌋.
    let (mut x, mut y) = (variance, variance.div_ceil(2));
    while y < x {
        x = y;
        // x ≥ 1 here (y ≥ 1 for any variance ≥ 1), so the division cannot fail.
        y = x.saturating_add(variance.checked_div(x).unwrap_or(0)) >> 1;
    }
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// How much the absolute drift band widens: `k · σ` (k in hundredths), at most `cap_bps`.
pub fn band_widening_bps(sigma_bps: u32, k_pct: u16, cap_bps: u16) -> u16 {
    // u32 · u16 fits a u64: the saturating product never saturates.
    let widen = u64::from(sigma_bps).saturating_mul(u64::from(k_pct)) / ONE_HUNDRED;
    u16::try_from(widen.min(u64::from(cap_bps))).unwrap_or(cap_bps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_returns_are_close_to_the_true_ones() {
        let p = 150_000_000_000_000u64;
        assert_eq!(log_return_bps(p, Price(157_500_000_000_000)), 487); // ln(1.05) = 487.9 bps
        assert_eq!(log_return_bps(p, Price(142_500_000_000_000)), -512); // ln(0.95) = -512.9 bps
        assert_eq!(log_return_bps(0, Price(1)), 0);
    }

    #[test]
    fn the_ewma_converges_to_the_squared_move_and_the_band_widens_with_it() {
        let mut v = 0u64;
        for i in 0..60 {
            v = update_variance(v, if i % 2 == 0 { 500 } else { -500 }, VOL_REFERENCE_SECS, 9_000);
        }
        // 1 − 0.9^60 of 500² = 249,550.
        assert!((249_000..=250_000).contains(&v), "{v}");
        assert_eq!(sigma_bps(v), 499);
        assert_eq!(sigma_bps(250_000), 500);
        assert_eq!((sigma_bps(0), sigma_bps(1), sigma_bps(3), sigma_bps(u64::MAX)), (0, 1, 1, 4_294_967_295));
        assert_eq!(band_widening_bps(500, 100, 2_000), 500);
        assert_eq!(band_widening_bps(500, 300, 1_000), 1_000); // capped
        assert_eq!(update_variance(1_000, 0, 60, 10_000), 1_000); // λ = 1 keeps the estimate
    }

    #[test]
    fn a_return_counts_per_minute_whatever_the_time_it_took() {
        // 500 bps over ten minutes is 500²/10 = 25,000 bps² a minute (σ 158 bps per √minute), as ten
        // one-minute returns of 158 bps would be; over 15 s it is four times 500².
        assert_eq!(update_variance(0, 500, 600, 0), 25_000);
        assert_eq!(update_variance(0, -500, 60, 0), 250_000);
        assert_eq!(update_variance(0, 500, 15, 0), 1_000_000);
        assert_eq!(update_variance(0, 500, 0, 0), update_variance(0, 500, 1, 0));
        // Rounded down: 7² over 60 s … 49·60/61 = 48.19 → 48.
        assert_eq!(update_variance(0, 7, 61, 0), 48);
        assert_eq!(sigma_bps(update_variance(0, 500, 600, 0)), 158);
    }

    /// σ of one seeded random walk of ±20 bps a minute (σ ≈ 20 bps per √minute) observed every
    /// `every` minutes, with `elapsed` as the observer reports it (λ 0.99).
    fn walk_sigma(every: usize, elapsed: impl Fn(usize) -> u64) -> u32 {
        let (mut price, mut seed) = (100_000_000_000_000u64, 7u64);
        let (mut observed, mut v) = (price, 0u64);
        for minute in 1..=60_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let step = price / 500;
            price = if seed >> 63 == 1 { price + step } else { price - step };
            if minute % every == 0 {
                v = update_variance(v, log_return_bps(observed, Price(u128::from(price))), elapsed(every), 9_900);
                observed = price;
            }
        }
        sigma_bps(v)
    }

    #[test]
    fn one_k_means_the_same_whatever_the_observation_interval() {
        let minutes = |every: usize| u64::try_from(every).unwrap_or(u64::MAX) * VOL_REFERENCE_SECS;
        let (one, ten) = (walk_sigma(1, minutes), walk_sigma(10, minutes));
        assert!((15..=21).contains(&one), "observed every minute: {one} bps per √minute");
        assert!((17..=23).contains(&ten), "observed every ten minutes: {ten} bps per √minute");
        // Counting each observation as one minute, as before: ten-minute readings measured a σ about
        // √10 times larger, so the same k widened the bands three times as much.
        let unscaled = walk_sigma(10, |_| VOL_REFERENCE_SECS);
        assert!(unscaled > 3 * ten - 6 && unscaled > 55, "unscaled: {unscaled}");
    }

    #[test]
    fn log_returns_stay_within_two_whole_units_whatever_the_prices() {
        // |2(p1 − p0)/(p1 + p0)| < 2: the largest moves a u128 price can make still fit, no overflow.
        assert_eq!(log_return_bps(1, Price(u128::MAX)), 20_000); // coarse path: 19,999.99… becomes 20,000
        assert_eq!(log_return_bps(u64::MAX, Price(1)), -19_999);
        assert_eq!(log_return_bps(u64::MAX, Price(u128::from(u64::MAX))), 0);
    }
}
