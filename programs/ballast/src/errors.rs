use anchor_lang::prelude::*;
use ballast_math::MathError;

/// Every refusal of the program, each with its own code (6000 + index). New variants go at the
/// end so that published codes never change.
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
    #[msg("result below the caller's minimum")]
    SlippageExceeded,
    #[msg("(no longer returned: the parameter bounds check covers it) max_deposit_per_tx must be between 1 and deposit_cap")]
    InvalidDepositLimits,
    #[msg("the mint is not an asset of this vault")]
    AssetNotInVault,
    #[msg("the vault received a different amount than was sent")]
    TransferAmountMismatch,
    #[msg("(no longer returned: each invariant has its own error, Invariant*) vault state violates an invariant")]
    InvariantViolated,
    #[msg("oracle price is not positive")]
    PriceNotPositive,
    #[msg("oracle price is too old")]
    PriceStale,
    #[msg("oracle confidence interval is too wide")]
    ConfidenceTooWide,
    #[msg("oracle price is too far from its EMA")]
    EmaDivergenceTooLarge,
    #[msg("oracle exponent out of range")]
    ExponentOutOfRange,
    #[msg("lists of different lengths")]
    LengthMismatch,
    #[msg("the vault has no shares or holdings to deposit in kind against")]
    EmptyVault,
    #[msg("more shares than exist were asked for")]
    InsufficientShares,
    #[msg("a parameter is outside its on-chain bounds")]
    ParameterOutOfBounds,
    #[msg("target weights must sum to 10,000 bps")]
    WeightsDoNotSum,
    #[msg("a target weight is outside its asset's range")]
    WeightOutOfRange,
    #[msg("the price account is not a Pyth PriceUpdateV2 owned by the Pyth receiver")]
    InvalidPriceAccount,
    #[msg("the price account is for a different feed than the asset's")]
    WrongPriceFeed,
    #[msg("the price update is not fully verified")]
    PriceNotFullyVerified,
    #[msg("remaining accounts do not match the vault's asset slots")]
    WrongRemainingAccounts,
    #[msg("a token account has the wrong mint or owner")]
    WrongTokenAccount,
    #[msg("the signer is not the vault's authority")]
    NotAuthority,
    #[msg("the signer is not the vault's guardian or authority")]
    NotGuardian,
    #[msg("the signer is not the proposed authority")]
    NotPendingAuthority,
    #[msg("deposits are paused")]
    DepositsPaused,
    #[msg("the vault already holds the maximum number of assets")]
    VaultFull,
    #[msg("the mint is already an asset of this vault")]
    AssetAlreadyInVault,
    #[msg("the mint has a freeze authority (pass allow_freeze_authority to accept it)")]
    MintHasFreezeAuthority,
    #[msg("Token-2022 mints with a transfer fee are not supported")]
    MintHasTransferFee,
    #[msg("Token-2022 mints with a transfer hook are not supported")]
    MintHasTransferHook,
    #[msg("Token-2022 mints with a permanent delegate are not supported")]
    MintHasPermanentDelegate,
    #[msg("non-transferable Token-2022 mints are not supported")]
    MintIsNonTransferable,
    #[msg("Token-2022 mints with confidential transfers are not supported")]
    MintHasConfidentialTransfers,
    #[msg("an asset can be removed only at weight 0 and zero balance")]
    AssetNotEmpty,
    #[msg("another governance change is already pending")]
    ChangePending,
    #[msg("no governance change is pending")]
    NoChangePending,
    #[msg("the timelock has not elapsed")]
    TimelockNotElapsed,
    #[msg("the wrong token program for this account")]
    WrongTokenProgram,
    #[msg("pausable Token-2022 mints are not supported (their pause would block withdrawals)")]
    MintIsPausable,
    #[msg("the pool (or route) is already on the allow-list")]
    PoolAlreadyAllowed,
    #[msg("the pool allow-list is full")]
    PoolListFull,
    #[msg("the AMM program and pool are not on the vault's allow-list")]
    PoolNotAllowed,
    #[msg("the account is not an executable program")]
    NotAProgram,
    #[msg("every asset is inside its drift bands")]
    RebalanceNotNeeded,
    #[msg("the rebalance trade rounds to nothing")]
    TradeTooSmall,
    #[msg("the swap lost more than the vault's limit")]
    LossLimitExceeded,
    #[msg("the swap did not reduce the vault's drift")]
    DriftNotReduced,
    #[msg("rebalancing is paused")]
    RebalancePaused,
    #[msg("the last rebalance was too recent")]
    RebalanceTooSoon,
    #[msg("the swap took more of the sold asset than planned")]
    InputOverspent,
    #[msg("the swap delivered less than min_out")]
    OutputShort,
    #[msg("a vault token account the swap must not touch changed")]
    UntouchedAccountChanged,
    #[msg("a vault token account changed beyond its balance (authority, delegate, state, extensions, length, lamports or owner program)")]
    VaultAccountAltered,
    #[msg("the swap accounts do not match the planned trade")]
    WrongSwapAccounts,
    #[msg("the rebalance would cost more than it is worth")]
    RebalanceNotWorthIt,
    #[msg("the price-move circuit breaker is tripped: deposits and rebalancing wait (withdrawals do not)")]
    BreakerTripped,
    #[msg("the breaker is not tripped")]
    BreakerNotTripped,
    #[msg("the target policy needs a risky asset with a weight (CPPI: slot 0 is the safe asset)")]
    TargetPolicyInvalid,
    #[msg("the named pair is not an overweight asset and an underweight one")]
    PairInvalid,
    #[msg("the vault has traded its turnover cap for this epoch")]
    TurnoverCapReached,
    #[msg("unknown swap adapter (1 Raydium CPMM, 2 Orca Whirlpool, 3 route)")]
    UnknownAdapter,
    #[msg("route data is only for AMMs allowed with the route adapter")]
    RouteDataNotAllowed,
    #[msg("the share mint changed during the swap (supply, authorities or any other byte)")]
    ShareMintAltered,
    #[msg("the bounty asset cannot be removed: governance must choose another first")]
    BountyAssetInUse,
    #[msg("the bounty accounts are not the vault's bounty mint and its token program, or the bounty asset's vault account is not writable")]
    WrongBountyAccounts,
    #[msg("the share mint account is not an initialized SPL Token mint")]
    ShareMintUnreadable,
    #[msg("the allow-listed pool does not serve the planned pair")]
    PoolPairMismatch,
    #[msg("a pinned pool needs a pool and no slippage bound of its own; a route needs no pool and a slippage bound below the vault's")]
    PoolEntryInvalid,
    #[msg("the price was published before one the vault already accepted for this asset")]
    PriceOlderThanAccepted,
    #[msg("the price is older than the vault's fresh_price_age_secs (deposits and rebalances)")]
    PriceNotFresh,
    #[msg("holders' claims on this asset are outstanding: they must be redeemed first")]
    AssetHasClaims,
    #[msg("the claim account is not this owner's claim on this asset of this vault")]
    WrongClaim,
    #[msg("Token-2022 mints with a close authority are not supported (a closed mint can be re-created with other extensions)")]
    MintHasCloseAuthority,
    #[msg("the native mint (wrapped SOL) is not supported: its accounts move lamports with their balance")]
    NativeMintNotSupported,
    #[msg("the swap authority must be a system account with no data")]
    SwapAuthorityAltered,
    #[msg("the bounty is more than the vault holds of the bounty asset beyond what claims are owed")]
    BountyExceedsHoldings,
    #[msg("stored asset slots are out of shape: count, keys, a target outside its range, or a free slot not zero")]
    InvariantAssetSlots,
    #[msg("stored target weights of the active assets do not sum to 10,000 bps")]
    InvariantWeights,
    #[msg("stored parameters are outside their bounds")]
    InvariantParams,
    #[msg("the stored pending change has an unknown kind")]
    InvariantPendingChange,
    #[msg("the stored pause flags have an unknown bit")]
    InvariantPauseBits,
    #[msg("the stored allow-list is out of shape: a duplicate, an unknown adapter, a malformed entry or a free slot not zero")]
    InvariantAllowList,
    #[msg("the stored bounty asset is neither shares nor an active asset slot")]
    InvariantBountyAsset,
    #[msg("the stored breaker state is inconsistent: a trip without a reason, or a reason or warm-up reading without a trip")]
    InvariantBreaker,
    #[msg("the stored claim names no vault, owner or mint")]
    InvariantClaim,
    #[msg("the vault's layout is not the one this program reads (version byte or reserved space): migrate it first")]
    VaultLayoutUnsupported,
    #[msg("a rebalance auction is open on this vault: fill it or wait for it to expire")]
    AuctionOpen,
    #[msg("the auction has expired or is filled")]
    AuctionNotLive,
    #[msg("the auction is still live: it can be closed once expired or filled")]
    AuctionStillLive,
    #[msg("the fill asks for more than the auction has left")]
    FillExceedsRemaining,
    #[msg("the vault received less of the bought asset than the auction's current price asks")]
    AuctionFillShort,
    #[msg("an asset's oracle price moved more than the breaker's limit since the auction opened")]
    AuctionOracleMoved,
    #[msg("fill_begin and fill_end must be top-level instructions of the transaction, not CPIs")]
    FillNotTopLevel,
    #[msg("fill_begin must be followed by its fill_end (same vault and auction) before any other Ballast instruction")]
    FillEndMissing,
    #[msg("no fill is in flight: fill_end must follow its fill_begin in the same transaction")]
    FillNotInFlight,
    #[msg("a fill is in flight on this vault: nothing else may change it before the fill's fill_end")]
    FillInFlight,
    #[msg("fill_end must be signed by the solver that began the fill")]
    FillSolverMismatch,
    #[msg("the stored auction is inconsistent")]
    InvariantAuction,
    #[msg("an auction fill must sell at least a tenth of the auction's amount, or all that is left")]
    FillTooSmall,
    #[msg("the insurance floor must be above zero and below the share price")]
    FloorAboveValue,
    #[msg("the vault's policy is insurance but no period is struck: governance must roll one")]
    InsuranceNotRolled,
    #[msg("an insurance period may be rolled only when none is live or its terms changed, with an expiry ahead")]
    InsuranceRollRefused,
    #[msg("the stored insurance period is inconsistent")]
    InvariantInsurance,
    #[msg("the share token's name must be 1-32 bytes, its symbol 1-10, its URI at most 200, none with control or invisible characters")]
    ShareMetadataInvalid,
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
            MathError::PriceNotPositive => BallastError::PriceNotPositive,
            MathError::PriceStale => BallastError::PriceStale,
            MathError::ConfidenceTooWide => BallastError::ConfidenceTooWide,
            MathError::EmaDivergenceTooLarge => BallastError::EmaDivergenceTooLarge,
            MathError::ExponentOutOfRange => BallastError::ExponentOutOfRange,
            MathError::LengthMismatch => BallastError::LengthMismatch,
            MathError::EmptyVault => BallastError::EmptyVault,
            MathError::InsufficientShares => BallastError::InsufficientShares,
            MathError::ParameterOutOfBounds => BallastError::ParameterOutOfBounds,
            MathError::WeightsDoNotSum => BallastError::WeightsDoNotSum,
            MathError::WeightOutOfRange => BallastError::WeightOutOfRange,
            MathError::RebalanceNotNeeded => BallastError::RebalanceNotNeeded,
            MathError::TradeTooSmall => BallastError::TradeTooSmall,
            MathError::LossLimitExceeded => BallastError::LossLimitExceeded,
            MathError::DriftNotReduced => BallastError::DriftNotReduced,
            MathError::RebalanceNotWorthIt => BallastError::RebalanceNotWorthIt,
            MathError::TargetPolicyInvalid => BallastError::TargetPolicyInvalid,
            MathError::PairInvalid => BallastError::PairInvalid,
            MathError::TurnoverCapReached => BallastError::TurnoverCapReached,
            MathError::PriceOlderThanAccepted => BallastError::PriceOlderThanAccepted,
            MathError::PriceNotFresh => BallastError::PriceNotFresh,
            MathError::BreakerTripped => BallastError::BreakerTripped,
            MathError::FloorAboveValue => BallastError::FloorAboveValue,
        }
    }
}

/// A value that must fit a `u64` (caps, state fields, events): `MathOverflow` otherwise.
pub fn to_u64(value: impl TryInto<u64>) -> Result<u64> {
    value.try_into().map_err(|_| error!(BallastError::MathOverflow))
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
