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
        })
    }
}

pub type MathResult<T> = Result<T, MathError>;
