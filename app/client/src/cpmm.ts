// Raydium CPMM: the accounts of the crank's swaps, the same for Raydium's own program at any id
// (`CpmmPool.program`; clusters.ts lists the ids) and for the crates.io build `make amm` deploys.
// Layouts follow the program's Anchor definitions; the Rust tests (tests/src/cpmm.rs) build the
// same bytes. The demo's pools (config, observation, initialize, a wallet's swap) are built by
// @ballast/demo.
import {
  AccountRole,
  getProgramDerivedAddress,
  getU64Encoder,
  type AccountMeta,
  type Address,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";
import { CLUSTERS } from "./clusters.ts";

/** The CPMM the local chain runs (the crates.io build `make amm` makes). */
export const CPMM_PROGRAM_ADDRESS = CLUSTERS.localnet.programs.raydiumCpmm[0];

export type CpmmPool = {
  /** The CPMM program the pool belongs to (its PDAs derive from it). */
  program: Address;
  config: Address;
  authority: Address;
  state: Address;
  token0Mint: Address;
  token1Mint: Address;
  token0Vault: Address;
  token1Vault: Address;
  token0Program: Address;
  token1Program: Address;
  observation: Address;
};

/** `swap_base_input`'s discriminator (Anchor: sha256("global:swap_base_input")[..8]). */
const SWAP_BASE_INPUT = [143, 190, 90, 218, 196, 30, 51, 222];
const u64 = getU64Encoder();

const seed = (s: string) => new TextEncoder().encode(s);
/** A PDA of a CPMM program (its pools, vaults, configs and authority derive from it). */
export async function cpmmPda(
  seeds: Uint8Array[],
  programAddress: Address = CPMM_PROGRAM_ADDRESS,
): Promise<Address> {
  const [found] = await getProgramDerivedAddress({ programAddress, seeds });
  return found;
}

/** The pools' vault and LP mint authority of a CPMM program. */
export async function cpmmAuthority(program: Address): Promise<Address> {
  return cpmmPda([seed("vault_and_lp_mint_auth_seed")], program);
}

/**
 * The 13 accounts of `swap_base_input` selling `sellMint` from `input` into `output`, paid by
 * `payer`. `payerSigns: false` is how Ballast's `rebalance` takes them, with the vault's swap
 * authority as payer: it signs by CPI, as the sold account's delegate for the planned amount.
 */
export function cpmmSwapAccounts(
  pool: CpmmPool,
  payer: Address,
  sellMint: Address,
  input: Address,
  output: Address,
  payerSigns = false,
): AccountMeta[] {
  const zeroForOne = sellMint === pool.token0Mint;
  const [inVault, outVault, inMint, outMint, inProgram, outProgram] = zeroForOne
    ? [
        pool.token0Vault,
        pool.token1Vault,
        pool.token0Mint,
        pool.token1Mint,
        pool.token0Program,
        pool.token1Program,
      ]
    : [
        pool.token1Vault,
        pool.token0Vault,
        pool.token1Mint,
        pool.token0Mint,
        pool.token1Program,
        pool.token0Program,
      ];
  const w = (a: Address): AccountMeta => ({ address: a, role: AccountRole.WRITABLE });
  const r = (a: Address): AccountMeta => ({ address: a, role: AccountRole.READONLY });
  return [
    { address: payer, role: payerSigns ? AccountRole.READONLY_SIGNER : AccountRole.READONLY },
    r(pool.authority),
    r(pool.config),
    w(pool.state),
    w(input),
    w(output),
    w(inVault),
    w(outVault),
    r(inProgram),
    r(outProgram),
    r(inMint),
    r(outMint),
    w(pool.observation),
  ];
}

/** A direct `swap_base_input` by a wallet: a solver's leg (app/crank/src/solver.ts), or a trade that
 * moves a pool's price in demos and tests. */
export function cpmmSwapInstruction(
  pool: CpmmPool,
  payer: TransactionSigner,
  sellMint: Address,
  input: Address,
  output: Address,
  amountIn: bigint,
  minOut: bigint,
): Instruction {
  const accounts = cpmmSwapAccounts(pool, payer.address, sellMint, input, output, true);
  accounts[0] = { ...accounts[0], signer: payer } as AccountMeta;
  return {
    programAddress: pool.program,
    accounts,
    data: new Uint8Array([...SWAP_BASE_INPUT, ...u64.encode(amountIn), ...u64.encode(minOut)]),
  };
}
