// SPL Token set-up instructions (mints, associated token accounts, minting) for tests and the demo,
// built with the token program's own Codama client.
import { type Address, type Instruction, type TransactionSigner } from "@solana/kit";
import { getCreateAccountInstruction } from "@solana-program/system";
import {
  TOKEN_PROGRAM_ADDRESS,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToInstruction,
} from "@solana-program/token";

/** Rent-exempt minimum for a mint (82 bytes) at the default rent. */
export const MINT_RENT_LAMPORTS = 1_461_600n;

export function createMintInstructions(
  payer: TransactionSigner,
  mint: TransactionSigner,
  decimals: number,
  authority: Address,
): Instruction[] {
  return [
    getCreateAccountInstruction({
      payer,
      newAccount: mint,
      lamports: MINT_RENT_LAMPORTS,
      space: getMintSize(),
      programAddress: TOKEN_PROGRAM_ADDRESS,
    }),
    getInitializeMint2Instruction({ mint: mint.address, decimals, mintAuthority: authority }),
  ];
}

export async function associatedTokenAddress(
  owner: Address,
  mint: Address,
  tokenProgram: Address = TOKEN_PROGRAM_ADDRESS,
): Promise<Address> {
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram });
  return ata;
}

/** Creates `owner`'s associated token account for `mint` if it does not exist yet. */
export async function createAssociatedTokenAccount(
  payer: TransactionSigner,
  owner: Address,
  mint: Address,
  tokenProgram: Address = TOKEN_PROGRAM_ADDRESS,
) {
  const ata = await associatedTokenAddress(owner, mint, tokenProgram);
  return {
    ata,
    instruction: getCreateAssociatedTokenIdempotentInstruction({
      payer,
      ata,
      owner,
      mint,
      tokenProgram,
    }),
  };
}

export function mintToInstruction(
  mint: Address,
  to: Address,
  authority: TransactionSigner,
  amount: bigint,
): Instruction {
  return getMintToInstruction({ mint, token: to, mintAuthority: authority, amount });
}
