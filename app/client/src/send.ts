// Sends a signed transaction and waits for confirmation by polling signature statuses: the one
// sender the web app, the crank and the CLI share (no WebSocket needed, works against any RPC).
import { getBase64EncodedWireTransaction, getSignatureFromTransaction, type Signature, type Transaction } from "@solana/kit";
import { describeProgramError } from "./index.ts";
import { programErrorCode } from "./rules.ts";

type StatusRpc = {
  sendTransaction(tx: ReturnType<typeof getBase64EncodedWireTransaction>, config: { encoding: "base64"; preflightCommitment: "confirmed" }): { send(): Promise<unknown> };
  getSignatureStatuses(signatures: Signature[]): { send(): Promise<{ value: readonly ({ err: unknown; confirmationStatus: string | null } | null)[] }> };
};

/** A failed transaction in plain words (program errors by name, the rest as the RPC said). */
export function readableError(error: unknown): string {
  const code = programErrorCode(error);
  if (code !== undefined) return `refused by the program: ${describeProgramError(code)} (${code})`;
  // Kit puts the RPC's generic words in the message and the specific ones in the cause
  // ("Transaction simulation failed" / "This program may not be used for executing instructions").
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const text = error instanceof Error ? error.message + cause : JSON.stringify(error, (_, v) => (typeof v === "bigint" ? String(v) : v));
  if (/insufficient funds/i.test(text)) return "the wallet does not hold enough of that token";
  return text;
}

/** Sends `transaction` and resolves with its signature once confirmed; throws a readable Error. */
export async function sendAndConfirmByPolling(rpc: StatusRpc, transaction: Transaction, timeoutMs = 30_000): Promise<Signature> {
  const signature = getSignatureFromTransaction(transaction);
  try {
    await rpc.sendTransaction(getBase64EncodedWireTransaction(transaction), { encoding: "base64", preflightCommitment: "confirmed" }).send();
  } catch (error) {
    throw new Error(readableError(error));
  }
  for (const start = Date.now(); Date.now() - start < timeoutMs; ) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const status = value[0];
    if (status?.err) throw new Error(readableError(status.err));
    if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) return signature;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`not confirmed within ${timeoutMs / 1000} s: ${signature}`);
}
