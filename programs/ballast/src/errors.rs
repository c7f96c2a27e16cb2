use anchor_lang::prelude::*;
use ballast_math::MathError;

/// Every refusal of the program, each with its own code (6000 + index).
#[error_code]
pub enum BallastError {
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("division by zero")]
    DivisionByZero,
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    #[msg("deposit too small to mint a share unit")]
    ZeroShares,
    #[msg("deposit would exceed the vault's deposit cap")]
    DepositCapExceeded,
    #[msg("deposit exceeds the per-transaction cap")]
    PerTransactionCapExceeded,
    #[msg("fewer shares than min_shares_out")]
    SlippageExceeded,
    #[msg("max_deposit_per_tx must be between 1 and deposit_cap")]
    InvalidDepositLimits,
    #[msg("the mint is not an asset of this vault")]
    AssetNotInVault,
    #[msg("the vault received a different amount than was sent")]
    TransferAmountMismatch,
    #[msg("vault state violates an invariant")]
    InvariantViolated,
}

impl From<MathError> for BallastError {
    fn from(e: MathError) -> Self {
        match e {
            MathError::Overflow => BallastError::MathOverflow,
            MathError::DivisionByZero => BallastError::DivisionByZero,
            MathError::ZeroAmount => BallastError::ZeroAmount,
            MathError::ZeroShares => BallastError::ZeroShares,
            MathError::DepositCapExceeded => BallastError::DepositCapExceeded,
            MathError::PerTransactionCapExceeded => BallastError::PerTransactionCapExceeded,
            MathError::SlippageExceeded => BallastError::SlippageExceeded,
        }
    }
}

/// `?` on a `ballast-math` result gives the program error of the same name.
pub trait IntoProgramResult<T> {
    fn or_refuse(self) -> Result<T>;
}

impl<T> IntoProgramResult<T> for core::result::Result<T, MathError> {
    fn or_refuse(self) -> Result<T> {
        self.map_err(|e| error!(BallastError::from(e)))
    }
}
