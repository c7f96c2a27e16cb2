// Sends a signed transaction and waits for confirmation by polling signature statuses: the one
// sender the web app, the crank and the CLI share (no WebSocket needed, works against any RPC).
import {
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  type Signature,
  type Transaction,
} from "@solana/kit";
import { describeRefusal } from "./errors.ts";
import { programErrorCode } from "./rules.ts";

type StatusRpc = {
  sendTransaction(
    tx: ReturnType<typeof getBase64EncodedWireTransaction>,
    config: { encoding: "base64"; preflightCommitment: "confirmed" },
  ): { send(): Promise<unknown> };
  getSignatureStatuses(signatures: Signature[]): {
    send(): Promise<{
      value: readonly ({ err: unknown; confirmationStatus: string | null } | null)[];
    }>;
  };
  /** Where a failed transaction's logs come from, to name the program that refused it. */
  getTransaction?(
    signature: Signature,
    config: { maxSupportedTransactionVersion: 0; encoding: "json"; commitment: "confirmed" },
  ): { send(): Promise<{ meta: { logMessages: readonly string[] | null } | null } | null> };
};

/** The logs a failed send or simulation carries: kit's preflight error keeps the simulation's
 * (`context.logs`), somewhere along its cause chain. */
function logsOf(error: unknown): readonly string[] | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const logs = (e as { context?: { logs?: unknown } }).context?.logs;
    if (Array.isArray(logs)) return logs as string[];
  }
  return undefined;
}

/** A failed transaction in plain words (a program error by the name of the program that raised it,
 * found in `logs` or in the error's own; the rest as the RPC said). */
export function readableError(error: unknown, logs?: readonly string[]): string {
  const code = programErrorCode(error);
  if (code !== undefined) return describeRefusal(code, logs ?? logsOf(error));
  // Kit puts the RPC's generic words in the message and the specific ones in the cause
  // ("Transaction simulation failed" / "This program may not be used for executing instructions").
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const text =
    error instanceof Error
      ? error.message + cause
      : JSON.stringify(error, (_, v) => (typeof v === "bigint" ? String(v) : v));
  if (/insufficient funds/i.test(text)) return "the wallet does not hold enough of that token";
  return text;
}

/** Sends `transaction` and resolves with its signature once confirmed; throws a readable Error. */
export async function sendAndConfirmByPolling(
  rpc: StatusRpc,
  transaction: Transaction,
  timeoutMs = 30_000,
): Promise<Signature> {
  const signature = getSignatureFromTransaction(transaction);
  try {
    await rpc
      .sendTransaction(getBase64EncodedWireTransaction(transaction), {
        encoding: "base64",
        preflightCommitment: "confirmed",
      })
      .send();
  } catch (error) {
    throw new Error(readableError(error));
  }
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const status = value[0];
    if (status?.err) throw new Error(readableError(status.err, await landedLogs(rpc, signature)));
    if (
      status &&
      (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")
    )
      return signature;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`not confirmed within ${timeoutMs / 1000} s: ${signature}`);
}

async function landedLogs(
  rpc: StatusRpc,
  signature: Signature,
): Promise<readonly string[] | undefined> {
  try {
    return (
      (
        await rpc
          .getTransaction?.(signature, {
            maxSupportedTransactionVersion: 0,
            encoding: "json",
            commitment: "confirmed",
          })
          .send()
      )?.meta?.logMessages ?? undefined
    );
  } catch {
    return undefined;
  }
}
