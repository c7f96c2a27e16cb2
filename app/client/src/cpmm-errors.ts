// Raydium CPMM's custom errors (Anchor `ErrorCode`, numbered from 6000), as its IDL lists them: the
// first ten are the crates.io build's (`raydium-cp-swap` 0.1.1392, src/error.rs) and Raydium's own
// program alike; the last five only Raydium's own program has. No kit client of CPMM exists on npm.
export const CPMM_ERRORS: Readonly<Record<number, { name: string; message: string }>> = {
  6000: {
    name: "NotApproved",
    message: "not approved (the pool's swaps are disabled or it has not opened yet)",
  },
  6001: { name: "InvalidOwner", message: "input account owner is not the program address" },
  6002: { name: "EmptySupply", message: "input token account empty" },
  6003: { name: "InvalidInput", message: "invalid input" },
  6004: { name: "IncorrectLpMint", message: "address of the provided lp token mint is incorrect" },
  6005: {
    name: "ExceededSlippage",
    message: "exceeds desired slippage limit (the pool pays less than min_out)",
  },
  6006: {
    name: "ZeroTradingTokens",
    message: "given pool token amount results in zero trading tokens",
  },
  6007: { name: "NotSupportMint", message: "token-2022 mint extension not supported" },
  6008: { name: "InvalidVault", message: "invalid vault" },
  6009: { name: "InitLpAmountTooLess", message: "initial lp amount too small (100 lp are locked)" },
  6010: {
    name: "TransferFeeCalculateNotMatch",
    message: "transfer fee calculation does not match",
  },
  6011: { name: "MathOverflow", message: "math overflow" },
  6012: { name: "InsufficientVault", message: "insufficient vault" },
  6013: { name: "InvalidFeeModel", message: "invalid fee model" },
  6014: { name: "NoFeeCollect", message: "no fee to collect" },
};
