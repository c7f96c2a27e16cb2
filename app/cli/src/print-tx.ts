// `--print-tx`: the unsigned transaction a multisig (e.g. Squads) proposes, instead of a signature.
import {
  compileTransaction,
  createNoopSigner,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  type Address,
  type Instruction,
} from "@solana/kit";
import { buildTransactionMessage, type Lifetime } from "@ballast/client";
import type { Plan } from "./commands.ts";
import type { Rpc } from "./deploy.ts";

/** The transaction a multisig proposes: compiled with `feePayer` paying (the instructions name the
 * authority as their signer), with every signature left empty. */
export function unsignedTransactionBase64(
  feePayer: Address,
  lifetime: Lifetime,
  instructions: Instruction[],
): string {
  return getBase64EncodedWireTransaction(
    compileTransaction(buildTransactionMessage(createNoopSigner(feePayer), lifetime, instructions)),
  );
}

/** Prints `plan` unsigned at a fresh blockhash: base64 on stdout, the summary and base58 of the same
 * bytes (what Squads' import takes) on stderr. */
export async function printUnsigned(rpc: Rpc, feePayer: Address, plan: Plan): Promise<void> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  const base64 = unsignedTransactionBase64(feePayer, lifetime, plan.instructions);
  console.error(
    `${plan.summary}\nunsigned transaction, fee payer ${feePayer}; base58:\n${getBase58Decoder().decode(getBase64Encoder().encode(base64))}\nbase64:`,
  );
  console.log(base64);
}
