// The real Surfpool RPC with faults injected at `sendTransaction`, for the crank's retry tests:
// everything else goes to the chain untouched. A send can be forwarded, rejected (as a flaky RPC
// or a dropped connection does) or silently dropped (as a congested leader does, so it never lands
// and its blockhash expires). Every send is recorded with its signature and blockhash.
import { getBase64Encoder, getCompiledTransactionMessageDecoder, getSignatureFromTransaction, getTransactionDecoder, type Signature } from "@solana/kit";
import type { Rpc } from "../src/crank.ts";

export type Verdict = "forward" | "drop" | Error;
export type Sent = { signature: Signature; blockhash: string; verdict: "forward" | "drop" | "reject" };

export function withFaults(rpc: Rpc, onSend: (attempt: number) => Promise<Verdict> | Verdict = () => "forward"): { rpc: Rpc; sent: Sent[] } {
  const sent: Sent[] = [];
  const proxy = new Proxy(rpc, {
    get(target, prop, receiver) {
      if (prop !== "sendTransaction") return Reflect.get(target, prop, receiver);
      return (wire: Parameters<Rpc["sendTransaction"]>[0], config: Parameters<Rpc["sendTransaction"]>[1]) => ({
        async send() {
          const transaction = getTransactionDecoder().decode(getBase64Encoder().encode(wire));
          const message = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
          const signature = getSignatureFromTransaction(transaction);
          const verdict = await onSend(sent.length + 1);
          sent.push({ signature, blockhash: message.lifetimeToken, verdict: verdict instanceof Error ? "reject" : verdict });
          if (verdict instanceof Error) throw verdict;
          if (verdict === "drop") return signature;
          return target.sendTransaction(wire, config).send();
        },
      });
    },
  });
  return { rpc: proxy, sent };
}
