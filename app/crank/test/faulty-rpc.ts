// The real Surfpool RPC with faults injected at `sendTransaction`, for the crank's retry tests:
// everything else goes to the chain untouched. A send can be forwarded, rejected (as a flaky RPC
// or a dropped connection does) or silently dropped (as a congested leader does, so it never lands
// and its blockhash expires), or "applied": the hook itself did what the transaction would have done
// (standing in for a program the local chain lacks) and the status then reads confirmed. Every send
// is recorded with its signature, blockhash and accounts.
import {
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  type Address,
  type Signature,
} from "@solana/kit";
import type { Rpc } from "../src/crank.ts";

export type Verdict = "forward" | "drop" | "applied" | Error;
export type Sent = {
  signature: Signature;
  blockhash: string;
  verdict: "forward" | "drop" | "applied" | "reject";
  instructions: SentInstruction[];
};
export type SentInstruction = { program: Address; accounts: Address[]; data: Uint8Array };

type V0Message = {
  lifetimeToken: string;
  staticAccounts: Address[];
  instructions: { programAddressIndex: number; accountIndices?: number[]; data?: Uint8Array }[];
};

export function withFaults(
  rpc: Rpc,
  onSend: (attempt: number, instructions: SentInstruction[]) => Promise<Verdict> | Verdict = () =>
    "forward",
): { rpc: Rpc; sent: Sent[] } {
  const sent: Sent[] = [];
  const applied = new Set<string>();
  const proxy = new Proxy(rpc, {
    get(target, prop, receiver) {
      if (prop === "getSignatureStatuses") {
        return (signatures: Signature[], config?: object) => ({
          async send() {
            const real = await target.getSignatureStatuses(signatures, config as never).send();
            const value = real.value.map((status, i) =>
              applied.has(signatures[i])
                ? {
                    slot: 0n,
                    confirmations: null,
                    err: null,
                    status: { Ok: null },
                    confirmationStatus: "confirmed" as const,
                  }
                : status,
            );
            return { ...real, value };
          },
        });
      }
      if (prop !== "sendTransaction") return Reflect.get(target, prop, receiver);
      return (
        wire: Parameters<Rpc["sendTransaction"]>[0],
        config: Parameters<Rpc["sendTransaction"]>[1],
      ) => ({
        async send() {
          const transaction = getTransactionDecoder().decode(getBase64Encoder().encode(wire));
          // The crank sends v0 messages with every account static (no lookup tables).
          const message = getCompiledTransactionMessageDecoder().decode(
            transaction.messageBytes,
          ) as unknown as V0Message;
          const signature = getSignatureFromTransaction(transaction);
          const instructions = message.instructions.map((ix) => ({
            program: message.staticAccounts[ix.programAddressIndex],
            accounts: (ix.accountIndices ?? []).map((i) => message.staticAccounts[i]),
            data: new Uint8Array(ix.data ?? []),
          }));
          const verdict = await onSend(sent.length + 1, instructions);
          sent.push({
            signature,
            blockhash: message.lifetimeToken,
            verdict: verdict instanceof Error ? "reject" : verdict,
            instructions,
          });
          if (verdict instanceof Error) throw verdict;
          if (verdict === "applied") applied.add(signature);
          if (verdict === "drop" || verdict === "applied") return signature;
          return target.sendTransaction(wire, config).send();
        },
      });
    },
  });
  return { rpc: proxy, sent };
}
