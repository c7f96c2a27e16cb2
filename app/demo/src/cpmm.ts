// The demo's and the tests' Raydium CPMM pools on the local chain (the crates.io build `make amm`
// deploys, whose `AmmConfig` and `initialize` are its own): config and observation accounts to
// write, the pool's addresses and `initialize`. The swap's accounts and a wallet's own swap are in
// @ballast/client (`cpmmSwapAccounts`, `cpmmSwapInstruction`).
import {
  AccountRole,
  address,
  getAddressEncoder,
  type AccountMeta,
  type Address,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, findAssociatedTokenPda } from "@solana-program/token";
import { CPMM_PROGRAM_ADDRESS, cpmmAuthority, cpmmPda, type CpmmPool } from "@ballast/client";

const ASSOCIATED_TOKEN_PROGRAM = address("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
const SYSTEM_PROGRAM = address("11111111111111111111111111111111");
const RENT_SYSVAR = address("SysvarRent111111111111111111111111111111111");
/** Anchor discriminators (sha256 of "global:<ix>" / "account:<type>", first 8 bytes). */
const INITIALIZE = [175, 175, 109, 31, 13, 152, 155, 237];
const AMM_CONFIG = [218, 244, 33, 104, 203, 203, 43, 111];
const OBSERVATION_STATE = [122, 174, 197, 53, 129, 9, 165, 132];
/** `ObservationState` size: discriminator + packed (bool, u16, Pubkey, 100 × 40-byte observations, [u64; 4]). */
export const OBSERVATION_SPACE = 8 + 1 + 2 + 32 + 100 * 40 + 32;

const addressEncoder = getAddressEncoder();
const enc = { encode: (a: Address) => new Uint8Array(addressEncoder.encode(a)) };
const seed = (s: string) => new TextEncoder().encode(s);

function u64(v: bigint): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return [...b];
}

/** An `AmmConfig` account of the crates.io build (the real ones are created by Raydium's fixed admin
 * key), with no fees unless `flatFee` says what each direction takes from the input (its LP rates,
 * in input units: that build's fee model, see cpmm-pool.ts). */
export async function cpmmConfigAccount(
  index: number,
  owner: Address,
  flatFee = { token0: 0n, token1: 0n },
): Promise<{ address: Address; data: Uint8Array }> {
  const indexBytes = new Uint8Array(2);
  new DataView(indexBytes.buffer).setUint16(0, index, false);
  // bump, disable_create_pool, index (u64), token_1_lp_rate, token_0_lp_rate, token_0_creator_rate, token_1_creator_rate
  const rates = [...u64(flatFee.token1), ...u64(flatFee.token0), ...u64(0n), ...u64(0n)];
  const data = new Uint8Array([
    ...AMM_CONFIG,
    0,
    0,
    ...u64(BigInt(index)),
    ...rates,
    ...enc.encode(owner),
    ...enc.encode(owner),
    ...new Array(128).fill(0),
  ]);
  return { address: await cpmmPda([seed("amm_config"), indexBytes]), data };
}

/** The observation account swaps update (the fork creates it in a metadata-bound instruction). */
export function cpmmObservationData(): Uint8Array {
  const data = new Uint8Array(OBSERVATION_SPACE);
  data.set(OBSERVATION_STATE, 0);
  return data;
}

/** Addresses of the pool of two mints under `config` of CPMM `program` (the same PDAs in both builds;
 * the crates.io build takes the observation account as given, Raydium's derives it). */
export async function cpmmPool(
  config: Address,
  mintA: Address,
  mintB: Address,
  observation: Address,
  program: Address = CPMM_PROGRAM_ADDRESS,
): Promise<CpmmPool> {
  const [token0Mint, token1Mint] =
    Buffer.compare(Buffer.from(enc.encode(mintA)), Buffer.from(enc.encode(mintB))) < 0
      ? [mintA, mintB]
      : [mintB, mintA];
  const state = await cpmmPda(
    [seed("pool"), enc.encode(config), enc.encode(token0Mint), enc.encode(token1Mint)],
    program,
  );
  return {
    program,
    config,
    authority: await cpmmAuthority(program),
    state,
    token0Mint,
    token1Mint,
    token0Vault: await cpmmPda(
      [seed("pool_vault"), enc.encode(state), enc.encode(token0Mint)],
      program,
    ),
    token1Vault: await cpmmPda(
      [seed("pool_vault"), enc.encode(state), enc.encode(token1Mint)],
      program,
    ),
    token0Program: TOKEN_PROGRAM_ADDRESS,
    token1Program: TOKEN_PROGRAM_ADDRESS,
    observation,
  };
}

export async function cpmmInitializeInstruction(
  pool: CpmmPool,
  creator: TransactionSigner,
  source0: Address,
  source1: Address,
  amount0: bigint,
  amount1: bigint,
): Promise<Instruction> {
  const lpMint = await cpmmPda([seed("pool_lp_mint"), enc.encode(pool.state)], pool.program);
  const [creatorLp] = await findAssociatedTokenPda({
    owner: creator.address,
    mint: lpMint,
    tokenProgram: TOKEN_PROGRAM_ADDRESS,
  });
  const w = (a: Address): AccountMeta => ({ address: a, role: AccountRole.WRITABLE });
  const r = (a: Address): AccountMeta => ({ address: a, role: AccountRole.READONLY });
  return {
    programAddress: pool.program,
    accounts: [
      {
        address: creator.address,
        role: AccountRole.WRITABLE_SIGNER,
        signer: creator,
      } as AccountMeta,
      r(pool.config),
      r(pool.authority),
      w(pool.state),
      r(pool.token0Mint),
      r(pool.token1Mint),
      w(lpMint),
      w(source0),
      w(source1),
      w(creatorLp),
      w(pool.token0Vault),
      w(pool.token1Vault),
      r(TOKEN_PROGRAM_ADDRESS),
      r(TOKEN_PROGRAM_ADDRESS),
      r(TOKEN_PROGRAM_ADDRESS),
      r(ASSOCIATED_TOKEN_PROGRAM),
      r(SYSTEM_PROGRAM),
      r(RENT_SYSVAR),
      r(pool.observation),
      r(creator.address),
    ],
    data: new Uint8Array([...INITIALIZE, ...u64(amount0), ...u64(amount1), ...u64(0n)]),
  };
}
