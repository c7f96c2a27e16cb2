// A litesvm chain with the SBF build of Ballast (target/deploy/ballast.so) loaded and a funded
// payer, implementing the demo's `Chain`: for the tests (`@ballast/demo/lite-chain`).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LiteSVM, TransactionMetadata } from "litesvm";
import { lamports, type Address, type Instruction, type KeyPairSigner } from "@solana/kit";
import { getMintDecoder, getTokenDecoder } from "@solana-program/token";
import {
  BALLAST_PROGRAM_ADDRESS,
  PYTH_RECEIVER_PROGRAM_ADDRESS,
  decodeShareToken,
  getVaultDecoder,
  signInstructions,
} from "@ballast/client";
import type { Chain } from "./demo.ts";

const SO_PATH = fileURLToPath(new URL("../../../target/deploy/ballast.so", import.meta.url));

/** One litesvm chain with the program loaded and a funded payer. */
export class LiteChain implements Chain {
  svm = new LiteSVM();
  constructor(readonly payer: KeyPairSigner) {
    this.svm.addProgram(BALLAST_PROGRAM_ADDRESS, readFileSync(SO_PATH));
    this.svm.airdrop(payer.address, lamports(100_000_000_000n));
  }

  async trySend(instructions: Instruction[]) {
    this.svm.expireBlockhash();
    const lifetime = { blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: 1_000n };
    return this.svm.sendTransaction(await signInstructions(this.payer, lifetime, instructions));
  }

  /** The log messages of every transaction `send` landed, in order. */
  readonly logs: string[][] = [];

  async send(instructions: Instruction[]) {
    const result = await this.trySend(instructions);
    if (!(result instanceof TransactionMetadata))
      assert.fail(`transaction failed: ${result.toString()}\n${result.meta().logs().join("\n")}`);
    this.logs.push(result.logs());
  }

  /** Writes an account owned by `owner` (a Pyth price, a CPMM config or observation account). */
  setAccount(address: Address, data: Uint8Array, owner: Address) {
    this.svm.setAccount({
      address,
      data,
      executable: false,
      lamports: lamports(10_000_000n),
      programAddress: owner,
      space: BigInt(data.length),
    });
  }

  async setPriceAccount(address: Address, data: Uint8Array) {
    this.svm.setAccount({
      address,
      data,
      executable: false,
      lamports: lamports(10_000_000n),
      programAddress: PYTH_RECEIVER_PROGRAM_ADDRESS,
      space: BigInt(data.length),
    });
  }

  async now() {
    return this.svm.getClock().unixTimestamp;
  }

  data(address: Address) {
    const account = this.svm.getAccount(address);
    if (!account.exists) assert.fail(`account ${address} does not exist`);
    return account.data;
  }

  tokenAmount(address: Address) {
    return getTokenDecoder().decode(this.data(address)).amount;
  }

  mintSupply(address: Address) {
    return getMintDecoder().decode(this.data(address)).supply;
  }

  /** The share token's supply and Token-2022 metadata, as a wallet reads them. */
  shareToken(address: Address) {
    return decodeShareToken(this.data(address), address);
  }

  vault(address: Address) {
    return getVaultDecoder().decode(this.data(address));
  }

  /** Moves the chain's clock forward by `seconds`. */
  warp(seconds: bigint) {
    const clock = this.svm.getClock();
    clock.unixTimestamp += seconds;
    this.svm.setClock(clock);
  }
}
