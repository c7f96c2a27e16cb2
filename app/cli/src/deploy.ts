// Deploys or upgrades a program through the upgradeable loader with @solana-program/loader-v3's
// instructions, no Solana CLI: the .so goes into a fresh buffer account in parallel write
// transactions, then `DeployWithMaxDataLen` (a new program id) or `Upgrade` (an existing one) moves it
// into the program data account, which is then compared with the local file by sha256.
import { createHash } from "node:crypto";
import {
  createNoopSigner,
  generateKeyPairSigner,
  getAddressDecoder,
  getAddressEncoder,
  getBase64Encoder,
  getProgramDerivedAddress,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Rpc as KitRpc,
  type SolanaRpcApi,
  type TransactionSigner,
} from "@solana/kit";
import {
  LOADER_V3_PROGRAM_ADDRESS,
  getDeployWithMaxDataLenInstruction,
  getInitializeBufferInstruction,
  getSetAuthorityInstruction,
  getUpgradeInstruction,
  getWriteInstruction,
} from "@solana-program/loader-v3";
import { getCreateAccountInstruction } from "@solana-program/system";
import { UsageError, type Plan } from "./commands.ts";
import { DEFAULT_WRITE_CONCURRENCY, sendOne, sendWrites, writeChunkSize } from "./send-writes.ts";

export { DEFAULT_WRITE_CONCURRENCY, sendOne, writeChunkSize };

export type Rpc = KitRpc<SolanaRpcApi>;

/** `UpgradeableLoaderState` sizes: a u32 tag, then the variant's fields. */
const BUFFER_HEADER = 37; // tag, Option<authority>
const PROGRAM_ACCOUNT_SIZE = 36; // tag, program data address
const PROGRAM_DATA_HEADER = 45; // tag, deployment slot (u64), Option<upgrade authority>
const PROGRAM_TAG = 2;
const PROGRAM_DATA_TAG = 3;
export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export async function findProgramDataAddress(program: Address): Promise<Address> {
  const [programData] = await getProgramDerivedAddress({
    programAddress: LOADER_V3_PROGRAM_ADDRESS,
    seeds: [getAddressEncoder().encode(program)],
  });
  return programData;
}

async function accountBytes(
  rpc: Rpc,
  account: Address,
): Promise<{ owner: Address; data: Uint8Array } | null> {
  const { value } = await rpc
    .getAccountInfo(account, { encoding: "base64", commitment: "confirmed" })
    .send();
  return (
    value && { owner: value.owner, data: new Uint8Array(getBase64Encoder().encode(value.data[0])) }
  );
}

/** `Option<Pubkey>` as the loader writes it: a 0/1 byte, then 32 bytes. */
function optionalAddress(bytes: Uint8Array, at: number): Address | null {
  return bytes[at] === 1 ? getAddressDecoder().decode(bytes.subarray(at + 1, at + 33)) : null;
}

export type ProgramState =
  | { kind: "absent" }
  /** `authority` null: immutable. `capacity`: bytes the program data holds for code. `slot`: of the last deploy or upgrade. */
  | {
      kind: "upgradeable";
      programData: Address;
      authority: Address | null;
      capacity: number;
      code: Uint8Array;
      slot: bigint;
    };

/** What the cluster holds at `program`; refuses an account the upgradeable loader does not own. */
export async function readProgram(rpc: Rpc, program: Address): Promise<ProgramState> {
  const account = await accountBytes(rpc, program);
  if (!account) return { kind: "absent" };
  const tag = new DataView(account.data.buffer, account.data.byteOffset).getUint32(0, true);
  if (account.owner !== LOADER_V3_PROGRAM_ADDRESS || tag !== PROGRAM_TAG) {
    throw new UsageError(
      `${program} is not a program of the upgradeable loader (owner ${account.owner})`,
    );
  }
  const programData = getAddressDecoder().decode(account.data.subarray(4, 36));
  const data = await accountBytes(rpc, programData);
  if (
    !data ||
    new DataView(data.data.buffer, data.data.byteOffset).getUint32(0, true) !== PROGRAM_DATA_TAG
  )
    throw new Error(`program data ${programData} of ${program} is missing`);
  const slot = new DataView(data.data.buffer, data.data.byteOffset).getBigUint64(4, true);
  return {
    kind: "upgradeable",
    programData,
    authority: optionalAddress(data.data, 12),
    capacity: data.data.length - PROGRAM_DATA_HEADER,
    code: data.data.subarray(PROGRAM_DATA_HEADER),
    slot,
  };
}

export type HashCheck = { local: string; chain: string; matches: boolean };

/**
 * sha256 of the local .so and of the program data's code trimmed to the .so's length; they match
 * when those agree and everything after is zero (what the loader leaves past a shorter program).
 */
export async function checkProgramHash(
  rpc: Rpc,
  program: Address,
  so: Uint8Array,
): Promise<HashCheck> {
  const state = await readProgram(rpc, program);
  if (state.kind === "absent") throw new UsageError(`program ${program} is not on this cluster`);
  const code = state.code.subarray(0, so.length);
  const local = sha256Hex(so);
  const chain = sha256Hex(code);
  return {
    local,
    chain,
    matches: local === chain && state.code.subarray(so.length).every((b) => b === 0),
  };
}

export type DeployOptions = {
  rpc: Rpc;
  so: Uint8Array;
  program: Address;
  /** Pays fees and rent; the buffer's authority, and the upgrade authority a first deploy sets. */
  authority: KeyPairSigner;
  /** The program id's keypair: needed only for a first deploy (it signs the program account's creation). */
  programKeypair?: KeyPairSigner;
  /** Program data capacity on a first deploy (default: twice the .so, the Solana CLI's default). */
  maxLen?: number;
  concurrency?: number;
  log?: (line: string) => void;
};

export type DeployReport = {
  action: "deployed" | "upgraded";
  programData: Address;
  buffer: Address;
  writes: number;
  chunkBytes: number;
  seconds: number;
  hash: HashCheck;
};

/** Deploys `so` at `program` (or upgrades it, when it exists), then checks the program data's hash. */
export async function deployProgram(o: DeployOptions): Promise<DeployReport> {
  const { rpc, so, program, authority } = o;
  const state = await readProgram(rpc, program);
  const maxLen = o.maxLen ?? 2 * so.length;
  if (state.kind === "absent") {
    if (!o.programKeypair)
      throw new UsageError(
        `program ${program} is not on this cluster: a first deploy needs its keypair (--program-keypair)`,
      );
    if (o.programKeypair.address !== program)
      throw new UsageError(`the program keypair is ${o.programKeypair.address}, not ${program}`);
    if (maxLen < so.length)
      throw new UsageError(`--max-len ${maxLen} is below the .so's ${so.length} bytes`);
  } else {
    if (state.authority === null)
      throw new UsageError(`program ${program} is immutable: it has no upgrade authority`);
    if (state.authority !== authority.address)
      throw new UsageError(
        `the upgrade authority of ${program} is ${state.authority}, not ${authority.address}`,
      );
    if (state.capacity < so.length)
      throw new UsageError(
        `the program data holds ${state.capacity} bytes and the .so is ${so.length}: extend the program first`,
      );
  }
  const started = Date.now();
  const send = (instructions: Instruction[]) => sendOne(rpc, authority, instructions);
  const rent = async (space: number) => rpc.getMinimumBalanceForRentExemption(BigInt(space)).send();
  const log = o.log ?? (() => {});

  const { buffer, writes, chunkBytes } = await writeBuffer(
    rpc,
    authority,
    so,
    o.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
    log,
  );
  const programData = await findProgramDataAddress(program);
  if (state.kind === "absent") {
    await send([
      getCreateAccountInstruction({
        payer: authority,
        newAccount: o.programKeypair!,
        lamports: await rent(PROGRAM_ACCOUNT_SIZE),
        space: PROGRAM_ACCOUNT_SIZE,
        programAddress: LOADER_V3_PROGRAM_ADDRESS,
      }),
      getDeployWithMaxDataLenInstruction({
        payerAccount: authority,
        programDataAccount: programData,
        programAccount: program,
        bufferAccount: buffer.address,
        authority,
        maxDataLen: maxLen,
      }),
    ]);
  } else {
    // The buffer's rent goes back to the authority (the spill account) once the loader empties it.
    await send([
      getUpgradeInstruction({
        programDataAccount: programData,
        programAccount: program,
        bufferAccount: buffer.address,
        spillAccount: authority.address,
        authority,
      }),
    ]);
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    action: state.kind === "absent" ? "deployed" : "upgraded",
    programData,
    buffer: buffer.address,
    writes,
    chunkBytes,
    seconds,
    hash: await checkProgramHash(rpc, program, so),
  };
}

/** A new buffer holding `so` (checked by hash once every write confirmed), `authority` its authority. */
async function writeBuffer(
  rpc: Rpc,
  authority: KeyPairSigner,
  so: Uint8Array,
  concurrency: number,
  log: (line: string) => void,
) {
  const buffer = await generateKeyPairSigner();
  const space = BUFFER_HEADER + so.length;
  await sendOne(rpc, authority, [
    getCreateAccountInstruction({
      payer: authority,
      newAccount: buffer,
      lamports: await rpc.getMinimumBalanceForRentExemption(BigInt(space)).send(),
      space,
      programAddress: LOADER_V3_PROGRAM_ADDRESS,
    }),
    getInitializeBufferInstruction({
      sourceAccount: buffer.address,
      bufferAuthority: authority.address,
    }),
  ]);
  const chunk = writeChunkSize(authority, buffer.address);
  const offsets = Array.from({ length: Math.ceil(so.length / chunk) }, (_, i) => i * chunk);
  log(
    `buffer ${buffer.address}: ${offsets.length} write transactions of at most ${chunk} bytes, ${concurrency} at a time`,
  );
  const write = (offset: number) =>
    getWriteInstruction({
      bufferAccount: buffer.address,
      bufferAuthority: authority,
      offset,
      bytes: so.subarray(offset, offset + chunk),
    });
  await sendWrites(rpc, authority, write, offsets, concurrency);
  // Every write confirmed; still, the buffer must hold exactly the file before it becomes the program.
  const written = await accountBytes(rpc, buffer.address);
  if (!written || sha256Hex(written.data.subarray(BUFFER_HEADER)) !== sha256Hex(so))
    throw new Error(`buffer ${buffer.address} does not hold the .so after the writes`);
  return { buffer, writes: offsets.length, chunkBytes: chunk };
}

/**
 * For a program whose upgrade authority is a multisig (`authority`): `payer` writes the .so into a
 * buffer and hands the buffer to the multisig (the loader upgrades only from a buffer whose
 * authority is the program's), and returns the `Upgrade` for the multisig to propose and sign. The
 * buffer's rent goes back to `payer` when the upgrade runs.
 */
export async function prepareUpgrade(o: {
  rpc: Rpc;
  so: Uint8Array;
  program: Address;
  payer: KeyPairSigner;
  authority: Address;
  concurrency?: number;
  log?: (line: string) => void;
}) {
  const { rpc, so, program, payer, authority } = o;
  const state = await readProgram(rpc, program);
  if (state.kind === "absent")
    throw new UsageError(`program ${program} is not on this cluster: deploy it first`);
  if (state.authority !== authority)
    throw new UsageError(
      `the upgrade authority of ${program} is ${state.authority ?? "none (immutable)"}, not ${authority}`,
    );
  if (state.capacity < so.length)
    throw new UsageError(
      `the program data holds ${state.capacity} bytes and the .so is ${so.length}: extend the program first`,
    );
  const { buffer, writes } = await writeBuffer(
    rpc,
    payer,
    so,
    o.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
    o.log ?? (() => {}),
  );
  await sendOne(rpc, payer, [
    getSetAuthorityInstruction({
      bufferOrProgramDataAccount: buffer.address,
      currentAuthority: payer,
      newAuthority: authority,
    }),
  ]);
  const signer = createNoopSigner(authority);
  const upgrade = getUpgradeInstruction({
    programDataAccount: state.programData,
    programAccount: program,
    bufferAccount: buffer.address,
    spillAccount: payer.address,
    authority: signer,
  });
  return {
    buffer: buffer.address,
    writes,
    instructions: [upgrade] as Instruction[],
    summary: `upgrade ${program} from buffer ${buffer.address} (${writes} writes, now held by ${authority})`,
  };
}

/**
 * `SetAuthority` on the program data, handing the upgrade to `newAuthority` (e.g. a Squads vault),
 * after checking that `current` holds it. Nobody new signs: check the address, there is no way back.
 */
export async function upgradeAuthorityPlan(
  rpc: Rpc,
  program: Address,
  current: TransactionSigner,
  newAuthority: Address,
): Promise<Plan> {
  const state = await readProgram(rpc, program);
  if (state.kind === "absent") throw new UsageError(`program ${program} is not on this cluster`);
  if (state.authority === null)
    throw new UsageError(`program ${program} is immutable: it has no upgrade authority`);
  if (state.authority !== current.address)
    throw new UsageError(
      `the upgrade authority of ${program} is ${state.authority}, not ${current.address}`,
    );
  if (newAuthority === current.address)
    throw new UsageError(`${newAuthority} already holds the upgrade authority of ${program}`);
  return {
    instructions: [
      getSetAuthorityInstruction({
        bufferOrProgramDataAccount: state.programData,
        currentAuthority: current,
        newAuthority,
      }),
    ],
    summary: `hand the upgrade authority of ${program} from ${current.address} to ${newAuthority}`,
  };
}
