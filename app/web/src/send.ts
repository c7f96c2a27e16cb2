// Signs with the wallet, sends, and waits for confirmation by polling (no WebSocket needed).
import { getBase64EncodedWireTransaction, getSignatureFromTransaction, type Instruction, type TransactionSigner } from "@solana/kit";
import { describeProgramError, programErrorCode, signInstructions } from "@ballast/client";
import type { Rpc } from "./vaults.ts";

export async function sendInstructions(rpc: Rpc, signer: TransactionSigner, instructions: Instruction[], onStatus: (s: string) => void): Promise<string> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  onStatus("Waiting for your wallet to sign…");
  const transaction = await signInstructions(signer, lifetime, instructions);
  const signature = getSignatureFromTransaction(transaction);
  onStatus("Sending…");
  try {
    await rpc.sendTransaction(getBase64EncodedWireTransaction(transaction), { encoding: "base64", preflightCommitment: "confirmed" }).send();
  } catch (error) {
    throw new Error(readable(error));
  }
  for (let attempt = 0; attempt < 60; attempt++) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const status = value[0];
    if (status?.err) throw new Error(readable(status.err));
    if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) return signature;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the transaction was not confirmed in 30 seconds; check your wallet's history");
}

/** A failed transaction in plain words. */
export function readable(error: unknown): string {
  const code = programErrorCode(error);
  if (code !== undefined) return `Refused by the vault: ${describeProgramError(code)}.`;
  const text = error instanceof Error ? error.message : JSON.stringify(error, (_, v) => (typeof v === "bigint" ? String(v) : v));
  if (/insufficient funds/i.test(text)) return "Your wallet does not hold enough of that token.";
  return `The transaction failed: ${text}`;
}
