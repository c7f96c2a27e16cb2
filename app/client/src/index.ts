// @ballast/client: the Codama-generated client (./generated, never edited by hand) plus the few
// things an IDL cannot describe: the vault PDA (its seed is a u64 argument), readable errors
// (errors.ts), the AMMs' accounts and the cluster profiles.
import {
  getAddressEncoder,
  getProgramDerivedAddress,
  getU64Encoder,
  type Address,
} from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS } from "./generated/index.ts";

export * from "./generated/index.ts";
export * from "./clock.ts";
export * from "./clusters.ts";
export * from "./cpmm.ts";
export * from "./cpmm-pool.ts";
export * from "./errors.ts";
export * from "./demo.ts";
export * from "./events.ts";
export * from "./math.ts";
export * from "./price-path.ts";
export * from "./pyth.ts";
export * from "./rules.ts";
export * from "./send.ts";
export * from "./tokens.ts";
export * from "./transaction.ts";
export * from "./vault.ts";

/** Seed prefix of vault PDAs (programs/ballast/src/state/seeds.rs). */
const VAULT_SEED = new TextEncoder().encode("vault");

/** The vault PDA: `["vault", creator, vault_id as u64 LE]`. */
export async function findVaultPda(creator: Address, vaultId: bigint): Promise<Address> {
  const [vault] = await getProgramDerivedAddress({
    programAddress: BALLAST_PROGRAM_ADDRESS,
    seeds: [VAULT_SEED, getAddressEncoder().encode(creator), getU64Encoder().encode(vaultId)],
  });
  return vault;
}
