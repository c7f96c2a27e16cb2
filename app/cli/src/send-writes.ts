// Sending many transactions: one with a fresh blockhash, or a program's buffer writes in parallel,
// confirmed together in batches and sent again when they did not land.
import {
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionMessageSize,
  getTransactionMessageSizeLimit,
  type Address,
  type Blockhash,
  type Instruction,
  type Signature,
  type TransactionSigner,
} from "@solana/kit";
import { getWriteInstruction } from "@solana-program/loader-v3";
import {
  buildTransactionMessage,
  readableError,
  sendAndConfirmByPolling,
  signInstructions,
  type Lifetime,
} from "@ballast/client";
import type { Rpc } from "./deploy.ts";

/** Writes in flight at once: enough to fill a few blocks, few enough for a public RPC's rate limit. */
export const DEFAULT_WRITE_CONCURRENCY = 16;
/** A blockhash is valid for 150 blocks: ~60 s on a public cluster but ~11 s on Surfpool (~13 blocks a
 * second), so the writes re-fetch it every 2 s. */
const BLOCKHASH_REFRESH_MS = 2_000;
/** `getSignatureStatuses` takes at most 256 signatures a call. */
const STATUS_BATCH = 256;
const STATUS_POLL_MS = 500;
/** A write that did not land is sent again with a fresh blockhash (writes are idempotent). */
const WRITE_ATTEMPTS = 3;

/** Sends one transaction with a fresh blockhash and confirms it by polling (no WebSocket needed). */
export async function sendOne(
  rpc: Rpc,
  feePayer: TransactionSigner,
  instructions: Instruction[],
): Promise<Signature> {
  const { value: lifetime } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
  return sendAndConfirmByPolling(rpc, await signInstructions(feePayer, lifetime, instructions));
}

type Write = { offset: number; attempt: number; lastError?: string };
type SentWrite = Write & { signature: Signature; lastValidBlockHeight: bigint };

/**
 * Sends every write (`concurrency` in flight), then confirms them together with batched status
 * queries, as the Solana CLI does: one status call covers 256 writes instead of a poll per write.
 * A write that failed to send or whose blockhash expired unconfirmed goes again, up to
 * WRITE_ATTEMPTS; a write the loader refused stops the deploy.
 */
export async function sendWrites(
  rpc: Rpc,
  authority: TransactionSigner,
  build: (offset: number) => Instruction,
  offsets: number[],
  concurrency: number,
): Promise<void> {
  let cached: { lifetime: Lifetime; at: number } | undefined;
  const lifetime = async () => {
    if (!cached || Date.now() - cached.at > BLOCKHASH_REFRESH_MS)
      cached = {
        lifetime: (await rpc.getLatestBlockhash({ commitment: "confirmed" }).send()).value,
        at: Date.now(),
      };
    return cached.lifetime;
  };
  let queue: Write[] = offsets.map((offset) => ({ offset, attempt: 0 }));
  while (queue.length) {
    const sent: SentWrite[] = [];
    const again: Write[] = [];
    await inParallel(queue, concurrency, async (write) => {
      if (write.attempt >= WRITE_ATTEMPTS)
        throw new Error(
          `the write at offset ${write.offset} did not land in ${WRITE_ATTEMPTS} attempts: ${write.lastError ?? "not confirmed"}`,
        );
      const { blockhash, lastValidBlockHeight } = await lifetime();
      const transaction = await signInstructions(authority, { blockhash, lastValidBlockHeight }, [
        build(write.offset),
      ]);
      try {
        // No preflight: simulating each write copies the whole buffer once more, and the status check
        // below reports a refused write all the same.
        await rpc
          .sendTransaction(getBase64EncodedWireTransaction(transaction), {
            encoding: "base64",
            skipPreflight: true,
          })
          .send();
        sent.push({
          ...write,
          signature: getSignatureFromTransaction(transaction),
          lastValidBlockHeight,
        });
      } catch (error) {
        cached = undefined;
        again.push({
          offset: write.offset,
          attempt: write.attempt + 1,
          lastError: readableError(error),
        });
      }
    });
    queue = [...again, ...(await confirmWrites(rpc, sent))];
  }
}

/** Waits until each write is confirmed or its blockhash has expired; returns the expired ones. */
async function confirmWrites(rpc: Rpc, sent: SentWrite[]): Promise<Write[]> {
  const expired: Write[] = [];
  for (let waiting = sent; waiting.length;) {
    const height = await rpc.getBlockHeight({ commitment: "confirmed" }).send();
    const next: SentWrite[] = [];
    for (let i = 0; i < waiting.length; i += STATUS_BATCH) {
      const batch = waiting.slice(i, i + STATUS_BATCH);
      const { value } = await rpc.getSignatureStatuses(batch.map((w) => w.signature)).send();
      batch.forEach((write, j) => {
        const status = value[j];
        if (status?.err)
          throw new Error(
            `the write at offset ${write.offset} was refused: ${readableError(status.err)}`,
          );
        if (
          status?.confirmationStatus === "confirmed" ||
          status?.confirmationStatus === "finalized"
        )
          return;
        if (height > write.lastValidBlockHeight)
          expired.push({
            offset: write.offset,
            attempt: write.attempt + 1,
            lastError: "blockhash expired unconfirmed",
          });
        else next.push(write);
      });
    }
    waiting = next;
    if (waiting.length) await new Promise((r) => setTimeout(r, STATUS_POLL_MS));
  }
  return expired;
}

/** The most code bytes one `Write` transaction (fee payer = buffer authority) carries. */
export function writeChunkSize(authority: TransactionSigner, buffer: Address): number {
  const lifetime = {
    blockhash: "11111111111111111111111111111111" as Blockhash,
    lastValidBlockHeight: 0n,
  };
  const message = (bytes: Uint8Array) =>
    buildTransactionMessage(authority, lifetime, [
      getWriteInstruction({ bufferAccount: buffer, bufferAuthority: authority, offset: 0, bytes }),
    ]);
  const empty = message(new Uint8Array());
  // Minus one: the data's compact-u16 length prefix takes two bytes once the data passes 127.
  const chunk = getTransactionMessageSizeLimit(empty) - getTransactionMessageSize(empty) - 1;
  if (
    getTransactionMessageSize(message(new Uint8Array(chunk))) >
    getTransactionMessageSizeLimit(empty)
  )
    throw new Error("write chunk size miscomputed");
  return chunk;
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
