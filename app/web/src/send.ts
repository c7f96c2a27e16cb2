// Signs with the wallet, then the client's shared sender sends and polls for confirmation.
import type { Instruction, TransactionSigner } from "@solana/kit";
import { readableError, sendAndConfirmByPolling, signInstructions } from "@ballast/client";
import type { Rpc } from "./vaults.ts";

export async function sendInstructions(
  rpc: Rpc,
  signer: TransactionSigner,
  instructions: Instruction[],
  onStatus: (s: string) => void,
): Promise<string> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  onStatus("Waiting for your wallet to sign…");
  const transaction = await signInstructions(signer, lifetime, instructions);
  onStatus("Sending…");
  return sendAndConfirmByPolling(rpc, transaction);
}

/** A failed transaction in plain words, as a sentence. */
export function readable(error: unknown): string {
  const text = readableError(error);
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith(".") ? "" : ".");
}
