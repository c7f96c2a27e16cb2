// `ballast deploy` and `ballast verify-program`: flags to deploy.ts's calls, and what they print.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createKeyPairSignerFromBytes, type KeyPairSigner } from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS } from "@ballast/client";
import { UsageError, addressFlag, type Flags } from "./commands.ts";
import {
  DEFAULT_WRITE_CONCURRENCY,
  checkProgramHash,
  deployProgram,
  prepareUpgrade,
  type HashCheck,
  type Rpc,
} from "./deploy.ts";
import { printUnsigned } from "./print-tx.ts";

export const DEFAULT_SO = fileURLToPath(
  new URL("../../../target/deploy/ballast.so", import.meta.url),
);

export async function readKeypair(path: string): Promise<KeyPairSigner> {
  try {
    return await createKeyPairSignerFromBytes(
      Uint8Array.from(JSON.parse(readFileSync(path, "utf8"))),
    );
  } catch (error) {
    throw new UsageError(
      `cannot read the keypair ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readSo(flags: Flags): { path: string; so: Uint8Array } {
  const path = typeof flags.so === "string" ? flags.so : DEFAULT_SO;
  try {
    return { path, so: readFileSync(path) };
  } catch {
    throw new UsageError(
      `cannot read ${path}${path === DEFAULT_SO ? ": run 'make build' first" : ""}`,
    );
  }
}

function count(flags: Flags, name: string): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[1-9]\d*$/.test(value))
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return Number(value);
}

function printHashes(hash: HashCheck): number {
  console.log(`sha256 of the .so        ${hash.local}\nsha256 of the program    ${hash.chain}`);
  console.log(
    hash.matches
      ? "the program data matches the .so"
      : "MISMATCH: the program data differs from the .so",
  );
  return hash.matches ? 0 : 1;
}

/**
 * Deploys (with `--program-keypair`) or upgrades (the keypair holds the upgrade authority) the .so;
 * with `--print-tx --authority <multisig>`, writes the buffer, hands it to the multisig and prints
 * the unsigned `Upgrade` for it to propose.
 */
export async function runDeploy(
  rpc: Rpc,
  rpcUrl: string,
  flags: Flags,
  authority: KeyPairSigner,
): Promise<number> {
  const { path, so } = readSo(flags);
  const programKeypair =
    typeof flags["program-keypair"] === "string"
      ? await readKeypair(flags["program-keypair"])
      : undefined;
  const named = flags.program ? addressFlag(flags, "program") : undefined;
  if (programKeypair && named && named !== programKeypair.address)
    throw new UsageError(
      `--program ${named} is not the program keypair's ${programKeypair.address}`,
    );
  const program = programKeypair?.address ?? named ?? BALLAST_PROGRAM_ADDRESS;
  const concurrency = count(flags, "concurrency") ?? DEFAULT_WRITE_CONCURRENCY;
  if (flags["print-tx"]) {
    const multisig = addressFlag(flags, "authority");
    console.error(
      `writing ${path} (${so.length} bytes) into a buffer for ${program} on ${rpcUrl}, paid by ${authority.address}`,
    );
    const prepared = await prepareUpgrade({
      rpc,
      so,
      program,
      payer: authority,
      authority: multisig,
      concurrency,
      log: (line) => console.error(line),
    });
    await printUnsigned(
      rpc,
      typeof flags["fee-payer"] === "string" ? addressFlag(flags, "fee-payer") : multisig,
      prepared,
    );
    return 0;
  }
  console.log(
    `deploying ${path} (${so.length} bytes) to ${program} on ${rpcUrl}, authority ${authority.address}`,
  );
  const report = await deployProgram({
    rpc,
    so,
    program,
    authority,
    programKeypair,
    maxLen: count(flags, "max-len"),
    concurrency,
    log: (line) => console.log(line),
  });
  console.log(
    `${report.action} ${program} in ${report.seconds.toFixed(1)} s (${report.writes} write transactions); program data ${report.programData}`,
  );
  return printHashes(report.hash);
}

/** Compares a deployed program with a local .so. */
export async function runVerify(rpc: Rpc, flags: Flags): Promise<number> {
  const { so } = readSo(flags);
  const program = flags.program ? addressFlag(flags, "program") : BALLAST_PROGRAM_ADDRESS;
  return printHashes(await checkProgramHash(rpc, program, so));
}
