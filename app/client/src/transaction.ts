// Builds and signs a transaction from instructions: the one place every tool (tests, demo, crank)
// turns instructions into a wire transaction.
import {
  appendTransactionMessageInstructions,
  compileTransaction,
  createNoopSigner,
  getBase64EncodedWireTransaction,
  type Address,
  type GetLatestBlockhashApi,
  type Rpc,
  type SimulateTransactionApi,
  createTransactionMessage,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Blockhash,
  type FullySignedTransaction,
  type Instruction,
  type Transaction,
  type TransactionSigner,
  type TransactionWithBlockhashLifetime,
  type TransactionWithinSizeLimit,
} from "@solana/kit";

export type Lifetime = { blockhash: Blockhash; lastValidBlockHeight: bigint };

/** The v0 message for `instructions`: signed by `signInstructions`, or compiled unsigned for a multisig. */
export function buildTransactionMessage(
  feePayer: TransactionSigner,
  lifetime: Lifetime,
  instructions: Instruction[],
) {
  return pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
}

/** A signed transaction with its blockhash lifetime (kit's helpers lose that through the pipe). */
export type SignedTransaction = Transaction &
  FullySignedTransaction &
  TransactionWithinSizeLimit &
  TransactionWithBlockhashLifetime;

export async function signInstructions(
  feePayer: TransactionSigner,
  lifetime: Lifetime,
  instructions: Instruction[],
): Promise<SignedTransaction> {
  return (await signTransactionMessageWithSigners(
    buildTransactionMessage(feePayer, lifetime, instructions),
  )) as SignedTransaction;
}

/**
 * Simulates `instructions` with `payer` as the fee payer, unsigned (`sigVerify: false`, a fresh
 * blockhash): what the program would do, its logs and return data. The crank previews and probes
 * with it; the web app reads `view_insurance` with it.
 */
export async function simulate(
  rpc: Rpc<GetLatestBlockhashApi & SimulateTransactionApi>,
  payer: Address,
  instructions: Instruction[],
) {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  const wire = getBase64EncodedWireTransaction(
    compileTransaction(buildTransactionMessage(createNoopSigner(payer), lifetime, instructions)),
  );
  return (
    await rpc
      .simulateTransaction(wire, {
        encoding: "base64",
        sigVerify: false,
        replaceRecentBlockhash: true,
      })
      .send()
  ).value;
}
