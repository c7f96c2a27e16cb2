// A Raydium CPMM pool as it is on chain, for both builds (clusters.ts, `CpmmLayout`): its accounts
// from the pool state (so a pool pinned by governance needs no configuration), its reserves net of
// the fees it holds for others, its fee rates from its `AmmConfig`, and what `swap_base_input` pays
// for an input, with the program's own integer math.
import {
  fixDecoderSize,
  getAddressDecoder,
  getArrayDecoder,
  getBase64Encoder,
  getBooleanDecoder,
  getBytesDecoder,
  getStructDecoder,
  getU16Decoder,
  getU64Decoder,
  getU8Decoder,
  type Address,
  type GetAccountInfoApi,
  type GetMultipleAccountsApi,
  type Rpc,
} from "@solana/kit";
import { cpmmLayoutOf, type CpmmLayout } from "./clusters.ts";
import { cpmmAuthority, type CpmmPool } from "./cpmm.ts";

const addr = getAddressDecoder();
const u64 = getU64Decoder();
const skip = (n: number) => fixDecoderSize(getBytesDecoder(), n);

/** `PoolState` (zero-copy, packed): the fields both builds share, in order, after the discriminator. */
const POOL_STATE = getStructDecoder([
  ["discriminator", skip(8)],
  ["ammConfig", addr],
  ["poolCreator", addr],
  ["token0Vault", addr],
  ["token1Vault", addr],
  ["lpMint", addr],
  ["token0Mint", addr],
  ["token1Mint", addr],
  ["token0Program", addr],
  ["token1Program", addr],
  ["observationKey", addr],
  ["authBump", getU8Decoder()],
  ["status", getU8Decoder()],
  ["lpMintDecimals", getU8Decoder()],
  ["mint0Decimals", getU8Decoder()],
  ["mint1Decimals", getU8Decoder()],
  ["lpSupply", u64],
  ["protocolFeesToken0", u64],
  ["protocolFeesToken1", u64],
  ["fundFeesToken0", u64],
  ["fundFeesToken1", u64],
  ["openTime", u64],
  ["recentEpoch", u64],
]);
/** Raydium's own build only: creator fees, right after the shared fields. */
const RAYDIUM_CREATOR_FEES = getStructDecoder([
  ["creatorFeeOn", getU8Decoder()],
  ["enableCreatorFee", getBooleanDecoder()],
  ["padding", skip(6)],
  ["creatorFeesToken0", u64],
  ["creatorFeesToken1", u64],
]);
const SHARED_POOL_BYTES = 389;

/** Raydium's `AmmConfig`: rates in millionths (`FEE_RATE_DENOMINATOR_VALUE`). */
const RAYDIUM_CONFIG = getStructDecoder([
  ["discriminator", skip(8)],
  ["bump", getU8Decoder()],
  ["disableCreatePool", getBooleanDecoder()],
  ["index", getU16Decoder()],
  ["tradeFeeRate", u64],
  ["protocolFeeRate", u64],
  ["fundFeeRate", u64],
  ["createPoolFee", u64],
  ["protocolOwner", addr],
  ["fundOwner", addr],
  ["creatorFeeRate", u64],
  ["padding", getArrayDecoder(u64, { size: 15 })],
]);
/** The crates.io build's `AmmConfig`: flat fees in input units, per direction (its src/states/config.rs). */
const FORK_CONFIG = getStructDecoder([
  ["discriminator", skip(8)],
  ["bump", getU8Decoder()],
  ["disableCreatePool", getBooleanDecoder()],
  ["index", u64],
  ["token1LpRate", u64],
  ["token0LpRate", u64],
  ["token0CreatorRate", u64],
  ["token1CreatorRate", u64],
]);

const FEE_RATE_DENOMINATOR = 1_000_000n;
/** Bit of `PoolState::status` that disables swaps (`PoolStatusBitIndex::Swap`). */
const SWAP_DISABLED_BIT = 2;

/** How a pool charges a swap, by build. */
export type CpmmFees =
  | { layout: "raydium"; tradeFeeRate: bigint; creatorFeeRate: bigint; creatorFeeOn: number }
  | { layout: "crates-fork"; token0Flat: bigint; token1Flat: bigint };

export type CpmmPoolState = {
  pool: CpmmPool;
  layout: CpmmLayout;
  fees: CpmmFees;
  /** Reserves the curve trades against: the pool's vault balances less the fees it holds for others. */
  reserve0: bigint;
  reserve1: bigint;
  /** Unix seconds; the pool refuses swaps before it. */
  openTime: bigint;
  swapsEnabled: boolean;
};

type Rpcs = Rpc<GetAccountInfoApi & GetMultipleAccountsApi>;

async function accounts(rpc: Rpcs, addresses: Address[]): Promise<Uint8Array[]> {
  const { value } = await rpc.getMultipleAccounts(addresses, { encoding: "base64" }).send();
  return value.map((account, i) => {
    if (!account) throw new Error(`account ${addresses[i]} does not exist`);
    return new Uint8Array(getBase64Encoder().encode(account.data[0]));
  });
}

/** The amount of an SPL Token / Token-2022 account (base layout: the u64 at byte 64). */
const tokenAmount = (data: Uint8Array) => u64.decode(data, 64);

/** Reads the pool `state` of CPMM `program` with its config and vault balances. */
export async function fetchCpmmPool(
  rpc: Rpcs,
  program: Address,
  state: Address,
): Promise<CpmmPoolState> {
  const [poolData] = await accounts(rpc, [state]);
  const { ammConfig, token0Vault, token1Vault } = POOL_STATE.decode(poolData);
  const [configData, vault0, vault1] = await accounts(rpc, [ammConfig, token0Vault, token1Vault]);
  return decodeCpmmPool(program, state, { pool: poolData, config: configData, vault0, vault1 });
}

/** The pool from its accounts' data (pool state, its `AmmConfig`, its two token vaults). */
export async function decodeCpmmPool(
  program: Address,
  state: Address,
  data: { pool: Uint8Array; config: Uint8Array; vault0: Uint8Array; vault1: Uint8Array },
): Promise<CpmmPoolState> {
  const layout = cpmmLayoutOf(program);
  if (!layout)
    throw new Error(`${program} is no Raydium CPMM build this client knows (clusters.ts)`);
  const s = POOL_STATE.decode(data.pool);
  let fees: CpmmFees;
  let [held0, held1] = [
    s.protocolFeesToken0 + s.fundFeesToken0,
    s.protocolFeesToken1 + s.fundFeesToken1,
  ];
  if (layout === "raydium") {
    if (data.config.length !== RAYDIUM_CONFIG.fixedSize)
      throw new Error(
        `AmmConfig of ${data.config.length} bytes is not Raydium's (${RAYDIUM_CONFIG.fixedSize})`,
      );
    const config = RAYDIUM_CONFIG.decode(data.config);
    const creator = RAYDIUM_CREATOR_FEES.decode(data.pool, SHARED_POOL_BYTES);
    held0 += creator.creatorFeesToken0;
    held1 += creator.creatorFeesToken1;
    fees = {
      layout,
      tradeFeeRate: config.tradeFeeRate,
      creatorFeeRate: creator.enableCreatorFee ? config.creatorFeeRate : 0n,
      creatorFeeOn: creator.creatorFeeOn,
    };
  } else {
    const config = FORK_CONFIG.decode(data.config);
    fees = {
      layout,
      token0Flat: config.token0CreatorRate + config.token0LpRate,
      token1Flat: config.token1CreatorRate + config.token1LpRate,
    };
  }
  return {
    pool: {
      program,
      config: s.ammConfig,
      authority: await cpmmAuthority(program),
      state,
      token0Mint: s.token0Mint,
      token1Mint: s.token1Mint,
      token0Vault: s.token0Vault,
      token1Vault: s.token1Vault,
      token0Program: s.token0Program,
      token1Program: s.token1Program,
      observation: s.observationKey,
    },
    layout,
    fees,
    reserve0: tokenAmount(data.vault0) - held0,
    reserve1: tokenAmount(data.vault1) - held1,
    openTime: s.openTime,
    swapsEnabled: (s.status & (1 << SWAP_DISABLED_BIT)) === 0,
  };
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const constantProduct = (input: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (input * reserveOut) / (reserveIn + input);

/**
 * What `swap_base_input` pays for `amountIn` of `sellMint` (before any Token-2022 transfer fee,
 * which Ballast's vault mints do not carry): the curve on the reserves net of held fees, after the
 * trade fee (Raydium: ceil of the rate on the input; a creator fee on the input or the output as
 * the pool says) or the crates.io build's flat per-direction fee.
 */
export function cpmmQuote(state: CpmmPoolState, sellMint: Address, amountIn: bigint): bigint {
  const zeroForOne = sellMint === state.pool.token0Mint;
  if (!zeroForOne && sellMint !== state.pool.token1Mint)
    throw new Error(`${sellMint} is not a mint of pool ${state.pool.state}`);
  const [reserveIn, reserveOut] = zeroForOne
    ? [state.reserve0, state.reserve1]
    : [state.reserve1, state.reserve0];
  const fees = state.fees;
  if (fees.layout === "crates-fork") {
    const input = amountIn - (zeroForOne ? fees.token0Flat : fees.token1Flat);
    return input <= 0n ? 0n : constantProduct(input, reserveIn, reserveOut);
  }
  // creator_fee_on: 0 both tokens (taken from the input), 1 only token 0, 2 only token 1.
  const creatorOnInput = fees.creatorFeeOn === 0 || (fees.creatorFeeOn === 1) === zeroForOne;
  if (creatorOnInput) {
    const input =
      amountIn -
      ceilDiv(amountIn * (fees.tradeFeeRate + fees.creatorFeeRate), FEE_RATE_DENOMINATOR);
    return constantProduct(input, reserveIn, reserveOut);
  }
  const out = constantProduct(
    amountIn - ceilDiv(amountIn * fees.tradeFeeRate, FEE_RATE_DENOMINATOR),
    reserveIn,
    reserveOut,
  );
  return out - ceilDiv(out * fees.creatorFeeRate, FEE_RATE_DENOMINATOR);
}
