// @ballast/client: the Codama-generated client (./generated, never edited by hand) plus the few
// things an IDL cannot describe: the vault PDA (its seed is a u64 argument) and readable errors.
import { getAddressEncoder, getProgramDerivedAddress, getU64Encoder, type Address } from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, getBallastErrorMessage, type BallastError } from "./generated/index.ts";

export * from "./generated/index.ts";
export * from "./cpmm.ts";
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

const ANCHOR_ERROR_OFFSET = 6000;
const LAST_BALLAST_ERROR = 6999;

/** A program error code as a sentence for people: Ballast's own errors, then Anchor's account checks. */
export function describeProgramError(code: number): string {
  if (code >= ANCHOR_ERROR_OFFSET && code <= LAST_BALLAST_ERROR) {
    return getBallastErrorMessage(code as BallastError) ?? `unknown Ballast error ${code}`;
  }
  if (code >= 2000 && code < 3000) return `an account failed Anchor's checks (constraint error ${code})`;
  return `program error ${code}`;
}
