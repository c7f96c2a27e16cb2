//! Why a rule refused. The program maps each variant to its own on-chain error code.

use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathError {
    /// An intermediate or result does not fit its type.
    Overflow,
    /// A division by zero was requested.
    DivisionByZero,
    /// The operation was asked to move zero tokens.
    ZeroAmount,
    /// A deposit so small that it would mint zero shares.
    ZeroShares,
    /// The vault's total value would exceed its deposit cap.
    DepositCapExceeded,
    /// One deposit exceeds the per-transaction cap.
    PerTransactionCapExceeded,
    /// The result is below the minimum the caller accepted.
    SlippageExceeded,
    /// The oracle price (or its EMA) is zero or negative.
    PriceNotPositive,
    /// The oracle price is older than the vault's maximum age.
    PriceStale,
    /// The oracle's confidence interval is wider than the vault accepts.
    ConfidenceTooWide,
    /// The spot price is too far from its EMA.
    EmaDivergenceTooLarge,
    /// The oracle exponent is outside the supported range.
    ExponentOutOfRange,
    /// Two lists that must pair up have different lengths.
    LengthMismatch,
    /// The vault has no shares or no holdings to take a ratio from.
    EmptyVault,
    /// More shares than exist (or than the holder has) were asked for.
    InsufficientShares,
    /// A parameter is outside its hard on-chain bound.
    ParameterOutOfBounds,
    /// Target weights do not sum to 10,000 bps.
    WeightsDoNotSum,
    /// A target weight is outside its asset's min/max range.
    WeightOutOfRange,
    /// Every asset is inside its drift bands: there is nothing to rebalance.
    RebalanceNotNeeded,
    /// The sized trade rounds to nothing.
    TradeTooSmall,
    /// The swap cost the vault more than its per-rebalance loss limit.
    LossLimitExceeded,
    /// The swap did not bring the vault closer to its targets.
    DriftNotReduced,
    /// The rebalance would cost more than the tracking error it removes is worth.
    RebalanceNotWorthIt,
    /// The target policy cannot be applied (CPPI without a risky slot to weight).
    TargetPolicyInvalid,
    /// The pair named by the crank is not an overweight seller and an underweight buyer.
    PairInvalid,
    /// The vault has traded its turnover cap for this epoch.
    TurnoverCapReached,
    /// The price was published before one the vault already accepted for the asset.
    PriceOlderThanAccepted,
    /// A deposit's price is older than the vault's `fresh_price_age_secs`.
    PriceNotFresh,
    /// The circuit breaker is tripped, or this reading would trip it.
    BreakerTripped,
    /// An insurance floor at or above the vault's share price (or zero) cannot be struck.
    FloorAboveValue,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MathError::Overflow => "arithmetic overflow",
            MathError::DivisionByZero => "division by zero",
            MathError::ZeroAmount => "amount must be greater than zero",
            MathError::ZeroShares => "deposit too small to mint a share unit",
            MathError::DepositCapExceeded => "deposit would exceed the vault's deposit cap",
            MathError::PerTransactionCapExceeded => "deposit exceeds the per-transaction cap",
            MathError::SlippageExceeded => "result below the caller's minimum",
            MathError::PriceNotPositive => "oracle price is not positive",
            MathError::PriceStale => "oracle price is too old",
            MathError::ConfidenceTooWide => "oracle confidence interval is too wide",
            MathError::EmaDivergenceTooLarge => "oracle price is too far from its EMA",
            MathError::ExponentOutOfRange => "oracle exponent out of range",
            MathError::LengthMismatch => "lists of different lengths",
            MathError::EmptyVault => "the vault has no shares or holdings to deposit in kind against",
            MathError::InsufficientShares => "more shares than exist were asked for",
            MathError::ParameterOutOfBounds => "a parameter is outside its on-chain bounds",
            MathError::WeightsDoNotSum => "target weights must sum to 10,000 bps",
            MathError::WeightOutOfRange => "a target weight is outside its asset's range",
            MathError::RebalanceNotNeeded => "every asset is inside its drift bands",
            MathError::TradeTooSmall => "the rebalance trade rounds to nothing",
            MathError::LossLimitExceeded => "the swap lost more than the vault's limit",
            MathError::DriftNotReduced => "the swap did not reduce the vault's drift",
            MathError::RebalanceNotWorthIt => "the rebalance would cost more than it is worth",
            MathError::TargetPolicyInvalid => "the target policy needs a risky asset with a weight",
            MathError::PairInvalid => "the named pair is not an overweight asset and an underweight one",
            MathError::TurnoverCapReached => "the vault has reached its turnover cap for this epoch",
            MathError::PriceOlderThanAccepted => "the price is older than one the vault already accepted",
            MathError::PriceNotFresh => "the price is too old for a deposit",
            MathError::FloorAboveValue => "the insurance floor must be above zero and below the share price",
            MathError::BreakerTripped => "the circuit breaker is tripped, or this reading would trip it",
        })
    }
}

pub type MathResult<T> = Result<T, MathError>;

#[cfg(test)]
mod tests {
    extern crate alloc;
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn errors_read_as_their_reason() {
        // The crank, the CLI and the simulator print these: each names its own reason.
        assert_eq!(MathError::Overflow.to_string(), "arithmetic overflow");
        assert_eq!(MathError::DepositCapExceeded.to_string(), "deposit would exceed the vault's deposit cap");
        assert_ne!(MathError::PriceStale.to_string(), MathError::PriceNotFresh.to_string());
    }
}
