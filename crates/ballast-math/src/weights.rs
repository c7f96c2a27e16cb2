//! Target weights: they sum to exactly 10,000 bps and each stays inside its asset's range.

use crate::error::{MathError, MathResult};
use crate::BPS_DENOMINATOR;

/// A weight and the range governance fixed for it when the asset was added (all bps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightRange {
    pub min_bps: u16,
    pub max_bps: u16,
}

/// Checks a full set of target weights against each asset's range and the 10,000 bps total.
pub fn validate_weights(weights: &[u16], ranges: &[WeightRange]) -> MathResult<()> {
    if weights.len() != ranges.len() || weights.is_empty() {
        return Err(MathError::LengthMismatch);
    }
    if weights.iter().zip(ranges).any(|(w, r)| *w < r.min_bps || *w > r.max_bps) {
        return Err(MathError::WeightOutOfRange);
    }
    let total: u32 = weights.iter().map(|w| u32::from(*w)).sum();
    if total != u32::from(BPS_DENOMINATOR) {
        return Err(MathError::WeightsDoNotSum);
    }
    Ok(())
}

/// A range is usable when `min ≤ max ≤ 10,000`.
pub fn validate_range(range: WeightRange) -> MathResult<()> {
    if range.min_bps > range.max_bps || range.max_bps > BPS_DENOMINATOR {
        return Err(MathError::ParameterOutOfBounds);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANY: WeightRange = WeightRange { min_bps: 0, max_bps: 10_000 };

    #[test]
    fn weights_must_sum_to_one_whole_and_respect_ranges() {
        assert_eq!(validate_weights(&[6_000, 4_000], &[ANY, ANY]), Ok(()));
        assert_eq!(validate_weights(&[6_000, 3_999], &[ANY, ANY]), Err(MathError::WeightsDoNotSum));
        let capped = WeightRange { min_bps: 1_000, max_bps: 5_000 };
        assert_eq!(validate_weights(&[6_000, 4_000], &[capped, ANY]), Err(MathError::WeightOutOfRange));
        assert_eq!(validate_weights(&[500, 9_500], &[capped, ANY]), Err(MathError::WeightOutOfRange));
        assert_eq!(validate_weights(&[10_000], &[ANY, ANY]), Err(MathError::LengthMismatch));
        assert_eq!(validate_range(WeightRange { min_bps: 2, max_bps: 1 }), Err(MathError::ParameterOutOfBounds));
    }

    #[test]
    fn a_weight_at_either_end_of_its_range_is_inside_it() {
        let range = WeightRange { min_bps: 1_000, max_bps: 5_000 };
        assert_eq!(validate_weights(&[1_000, 9_000], &[range, ANY]), Ok(()));
        assert_eq!(validate_weights(&[5_000, 5_000], &[range, ANY]), Ok(()));
        assert_eq!(validate_weights(&[999, 9_001], &[range, ANY]), Err(MathError::WeightOutOfRange));
        assert_eq!(validate_weights(&[5_001, 4_999], &[range, ANY]), Err(MathError::WeightOutOfRange));
        assert_eq!(validate_weights(&[], &[]), Err(MathError::LengthMismatch));
        // A range may be a single point, and may reach the whole vault but not past it.
        assert_eq!(validate_range(WeightRange { min_bps: 5_000, max_bps: 5_000 }), Ok(()));
        assert_eq!(validate_range(WeightRange { min_bps: 0, max_bps: 10_000 }), Ok(()));
        assert_eq!(validate_range(WeightRange { min_bps: 0, max_bps: 10_001 }), Err(MathError::ParameterOutOfBounds));
    }
}
