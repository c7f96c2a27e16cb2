// Following the program from a signature cursor: every transaction that names the program, oldest
// first, after the last one recorded. A transaction the node cannot return yet stops the pass
// (it is retried on the next one, never skipped), and a node that cannot list the transactions
// right after the cursor stops the indexer (`HistoryGap`), so no event is lost; the store's keys
// make a transaction seen twice count once.
import type { Address, Rpc, Signature, SolanaRpcApi } from "@solana/kit";
import { eventsFromLogs } from "@ballast/client";
import type { EventStore } from "./store.ts";

/** Signatures per `getSignaturesForAddress` page (the RPC's maximum). */
const PAGE = 1_000;

export type SignatureInfo = {
  signature: Signature;
  slot: bigint;
  blockTime: bigint | null;
  failed: boolean;
};

/** The program's transactions after `after` (all of them without it), oldest first. */
export async function signaturesAfter(
  rpc: Rpc<SolanaRpcApi>,
  program: Address,
  after?: string,
): Promise<SignatureInfo[]> {
  const newestFirst: SignatureInfo[] = [];
  let before: Signature | undefined;
  for (;;) {
    const page = await rpc
      .getSignaturesForAddress(program, {
        until: after as Signature | undefined,
        before,
        limit: PAGE,
        commitment: "confirmed",
      })
      .send();
    for (const s of page)
      newestFirst.push({
        signature: s.signature,
        slot: s.slot,
        blockTime: s.blockTime === null ? null : BigInt(s.blockTime),
        failed: s.err !== null,
      });
    if (page.length < PAGE) break;
    before = page[page.length - 1].signature;
  }
  // A node that no longer holds the cursor (pruned history, or another node behind a load balancer)
  // ignores `until` and lists back to its oldest block: the transactions in between would be lost
  // without a word. The oldest listed must follow the cursor directly.
  const oldest = newestFirst.at(-1);
  if (after !== undefined && oldest !== undefined) {
    const [previous] = await rpc
      .getSignaturesForAddress(program, {
        before: oldest.signature,
        limit: 1,
        commitment: "confirmed",
      })
      .send();
    if (previous?.signature !== after)
      throw new HistoryGap(
        `history gap: the node lists ${oldest.signature} after ${previous?.signature ?? "nothing"}, not after the cursor ${after}`,
      );
  }
  return newestFirst.reverse();
}

/** The node cannot show the transactions right after the cursor: indexing stops rather than skip them. */
export class HistoryGap extends Error {}

/** One pass: records up to `limit` new transactions; returns how many it recorded. */
export async function indexPass(
  rpc: Rpc<SolanaRpcApi>,
  store: EventStore,
  program: Address,
  limit = Number.POSITIVE_INFINITY,
): Promise<number> {
  const pending = await signaturesAfter(rpc, program, (await store.cursor())?.signature);
  let recorded = 0;
  for (const s of pending) {
    if (recorded >= limit) break;
    let logs: readonly string[] = [];
    if (!s.failed) {
      const tx = await rpc
        .getTransaction(s.signature, {
          maxSupportedTransactionVersion: 0,
          encoding: "json",
          commitment: "confirmed",
        })
        .send();
      // Not returned yet, or without its logs: stop here and retry on the next pass.
      if (tx?.meta?.logMessages == null) break;
      logs = tx.meta.logMessages;
    }
    await store.record({
      signature: s.signature,
      slot: s.slot,
      blockTime: s.blockTime,
      events: eventsFromLogs(logs),
    });
    recorded++;
  }
  return recorded;
}
