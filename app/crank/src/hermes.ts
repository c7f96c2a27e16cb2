// Prices on a real cluster: fetch the latest signed updates for a vault's Pyth feeds from Hermes and
// post them with Pyth's own receiver package, so the rebalance reads fresh, Wormhole-verified
// `PriceUpdateV2` accounts. (On the local chain the demo's price publisher writes those accounts
// directly and the crank uses the static `priceAccounts` map instead.)
//
// Pyth's receiver package is built on web3.js v1 and Anchor; everything else here is @solana/kit.
// The bridge is deliberately small: Pyth builds the instructions (offline, but for one rent query),
// `fromWeb3Instruction` turns each into a kit instruction whose ephemeral keypairs (the encoded-VAA
// and price-update accounts) ride on their account metas as kit signers, and kit packs, signs and
// sends. @solana/compat would do the conversion, but it stops at 6.x and this repo is on kit 8.
import { HermesClient } from "@pythnetwork/hermes-client";
import { PythSolanaReceiver } from "@pythnetwork/pyth-solana-receiver";
import { Connection, PublicKey, type Signer, type TransactionInstruction } from "@solana/web3.js";
import {
  AccountRole,
  address,
  createKeyPairSignerFromBytes,
  isTransactionMessageWithinSizeLimit,
  type Address,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { activeAssets, buildTransactionMessage, feedIdHex, type Vault } from "@ballast/client";

/** Where prices come from when the crank runs against a real cluster. */
export type HermesConfig = {
  /** Hermes base URL, e.g. https://hermes.pyth.network (the client appends /v2/...). */
  url: string;
  /** The RPC the receiver package asks for rent (it builds `create_account` for the encoded VAA). */
  rpcUrl: string;
  /** Update the push oracle's price feed accounts of this shard instead of posting ephemeral
   * price-update accounts. Ephemeral accounts are closed again after the rebalance (rent back). */
  shard?: number;
};

/** One instruction of Pyth's, in kit form, with the compute units Pyth budgets for it. */
export type PythInstruction = { instruction: Instruction; computeUnits: number };

export type PythPosts = {
  /** Hex feed ids asked of Hermes, in the vault's slot order. */
  feedIds: string[];
  /** Price account per active asset, slot order: what `preview_rebalance` and `rebalance` read. */
  accounts: Address[];
  /** Verify the VAA and post the updates; in order, before the rebalance. */
  post: PythInstruction[];
  /** Close the encoded VAA (and ephemeral price-update accounts) afterwards, for the rent. */
  close: PythInstruction[];
};

/** The vault's active feed ids as Hermes names them (0x-less lower-case hex). */
export function vaultFeedIds(vault: Vault): string[] {
  return activeAssets(vault).map((slot) => feedIdHex(slot.priceFeedId));
}

/** The latest signed updates (base64 accumulator messages) for `feedIds`, from Hermes. */
export async function fetchLatestUpdates(hermesUrl: string, feedIds: string[]): Promise<string[]> {
  const client = new HermesClient(hermesUrl, { timeout: 10_000, httpRetries: 2 });
  let response;
  try {
    response = await client.getLatestPriceUpdates(
      feedIds.map((id) => `0x${id}`),
      { encoding: "base64", parsed: false },
    );
  } catch (error) {
    throw new Error(
      `Hermes at ${hermesUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (response.binary.encoding !== "base64" || response.binary.data.length === 0)
    throw new Error(`Hermes at ${hermesUrl} returned no base64 update`);
  return response.binary.data;
}

/** A web3.js v1 instruction as a kit instruction. Keys signed by an ephemeral keypair carry it as
 * a kit signer, the payer's key carries the crank's signer, so kit's signing finds every signature. */
export async function fromWeb3Instruction(
  ix: TransactionInstruction,
  ephemeral: Signer[],
  payer: TransactionSigner,
): Promise<Instruction> {
  const signers = new Map<string, TransactionSigner>([[payer.address, payer]]);
  for (const keypair of ephemeral)
    signers.set(
      keypair.publicKey.toBase58(),
      await createKeyPairSignerFromBytes(keypair.secretKey),
    );
  return {
    programAddress: address(ix.programId.toBase58()),
    accounts: ix.keys.map((key) => {
      const at = address(key.pubkey.toBase58());
      const role = key.isSigner
        ? key.isWritable
          ? AccountRole.WRITABLE_SIGNER
          : AccountRole.READONLY_SIGNER
        : key.isWritable
          ? AccountRole.WRITABLE
          : AccountRole.READONLY;
      const signer = key.isSigner ? signers.get(at) : undefined;
      if (key.isSigner && !signer)
        throw new Error(`Pyth's instruction needs a signature from ${at}, which nobody here holds`);
      return signer ? { address: at, role, signer } : { address: at, role };
    }),
    data: new Uint8Array(ix.data),
  } as Instruction;
}

/** Pyth's receiver, set up to build instructions only: its wallet never signs (kit does). */
function receiver(rpcUrl: string, payer: Address): PythSolanaReceiver {
  const publicKey = new PublicKey(payer);
  const refuse = () =>
    Promise.reject(
      new Error("the Pyth receiver's wallet does not sign here: kit signs the transactions"),
    );
  // Anchor only reads `publicKey` (as the payer of each post) when building instructions.
  const wallet = {
    publicKey,
    signTransaction: refuse,
    signAllTransactions: refuse,
  } as unknown as ConstructorParameters<typeof PythSolanaReceiver>[0]["wallet"];
  return new PythSolanaReceiver({ connection: new Connection(rpcUrl, "confirmed"), wallet });
}

/** Fetches the vault's updates from Hermes and builds the instructions that post them. */
export async function buildPythPosts(
  config: HermesConfig,
  payer: TransactionSigner,
  vault: Vault,
): Promise<PythPosts> {
  const feedIds = vaultFeedIds(vault);
  const updates = await fetchLatestUpdates(config.url, feedIds);
  const pyth = receiver(config.rpcUrl, payer.address);
  // Full verification only: Ballast refuses partially verified updates, so neither the "atomic"
  // (reduced guardian set) post nor `addPostPartiallyVerifiedPriceUpdates` will do.
  const built =
    config.shard === undefined
      ? await pyth.buildPostPriceUpdateInstructions(updates)
      : await pyth.buildUpdatePriceFeedInstructions(updates, config.shard);
  const convert = async (list: typeof built.postInstructions) =>
    Promise.all(
      list.map(async (i) => ({
        instruction: await fromWeb3Instruction(i.instruction, i.signers, payer),
        computeUnits: i.computeUnits ?? 200_000,
      })),
    );
  const byFeed = built.priceFeedIdToPriceUpdateAccount;
  const accounts = feedIds.map((id) => {
    const account = byFeed[`0x${id}`];
    if (!account) throw new Error(`Hermes sent no update for feed ${id.slice(0, 8)}…`);
    return address(account.toBase58());
  });
  return {
    feedIds,
    accounts,
    post: await convert(built.postInstructions),
    close: await convert(built.closeInstructions),
  };
}

/** Packs instructions, in order, into as few transactions as fit (each with a compute budget). */
export function packTransactions(
  payer: TransactionSigner,
  instructions: PythInstruction[],
  priorityFee: bigint,
): Instruction[][] {
  const lifetime = {
    blockhash: "11111111111111111111111111111111",
    lastValidBlockHeight: 0n,
  } as Parameters<typeof buildTransactionMessage>[1];
  const withBudget = (batch: PythInstruction[]) => [
    getSetComputeUnitLimitInstruction({
      units: Math.min(1_400_000, batch.reduce((sum, i) => sum + i.computeUnits, 0) + 5_000),
    }),
    getSetComputeUnitPriceInstruction({ microLamports: priorityFee }),
    ...batch.map((i) => i.instruction),
  ];
  const fits = (batch: PythInstruction[]) =>
    isTransactionMessageWithinSizeLimit(
      buildTransactionMessage(payer, lifetime, withBudget(batch)),
    );
  const out: PythInstruction[][] = [];
  for (const ix of instructions) {
    const last = out.at(-1);
    if (
      last &&
      fits([...last, ix]) &&
      last.reduce((s, i) => s + i.computeUnits, ix.computeUnits) <= 1_400_000
    )
      last.push(ix);
    else if (fits([ix])) out.push([ix]);
    else throw new Error("one of Pyth's instructions does not fit in a transaction");
  }
  return out.map(withBudget);
}
