// Builds and signs a transaction from instructions: the one place every tool (tests, demo, crank)
// turns instructions into a wire transaction.
import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Blockhash,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";

export type Lifetime = { blockhash: Blockhash; lastValidBlockHeight: bigint };

/** The v0 message for `instructions`: signed by `signInstructions`, or compiled unsigned for a multisig. */
export function buildTransactionMessage(feePayer: TransactionSigner, lifetime: Lifetime, instructions: Instruction[]) {
  return pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
}

export async function signInstructions(feePayer: TransactionSigner, lifetime: Lifetime, instructions: Instruction[]) {
  return signTransactionMessageWithSigners(buildTransactionMessage(feePayer, lifetime, instructions));
}
