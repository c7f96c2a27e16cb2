// `make deploy` and the upgradeable-loader commands against a local Surfpool chain: a first deploy of
// ballast.so at a fresh program id (the repo has no keypair for Ballast's fixed id), an upgrade of
// that id to another .so, each checked by reading the program data back; the refusals before
// anything is sent; and the upgrade authority handed to a new key, after which only it can upgrade.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  generateKeyPairSigner,
  getBase64Encoder,
  getAddressDecoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  lamports,
  signTransaction,
  type Address,
  type KeyPairSigner,
} from "@solana/kit";
import { LOADER_V3_PROGRAM_ADDRESS, getSetAuthorityInstruction } from "@solana-program/loader-v3";
import {
  BALLAST_PROGRAM_ADDRESS,
  findVaultPda,
  getInitializeVaultInstructionAsync,
  sendAndConfirmByPolling,
} from "@ballast/client";
import { DEMO_PARAMS, DEMO_SHARE_METADATA } from "@ballast/demo";
import { startSurfnet, type Surfnet } from "../../../migrations/surfnet.ts";
import { clusterRpcUrl } from "../src/cluster.ts";
import { UsageError } from "../src/commands.ts";
import {
  deployProgram,
  findProgramDataAddress,
  readProgram,
  sendOne,
  sha256Hex,
  writeChunkSize,
  type Rpc,
} from "../src/deploy.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SO = {
  ballast: join(ROOT, "target/deploy/ballast.so"),
  adversary: join(ROOT, "target/deploy/adversary_amm.so"),
  cpmm: join(ROOT, "target/deploy/raydium_cp_swap.so"),
};
const MAIN = join(ROOT, "app/cli/src/main.ts");

let chain: Surfnet;
let rpc: Rpc;
let payer: KeyPairSigner;
const dir = mkdtempSync(join(tmpdir(), "ballast-deploy-"));

/** Runs a command without blocking this process: the embedded chain's event drain runs here. */
function run(
  command: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
const cli = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", MAIN, ...args, "--rpc", chain.rpcUrl]);

/** A new keypair written as the Solana CLI does: a JSON array of the 32-byte seed and the public key. */
async function keypairFile(name: string): Promise<{ path: string; signer: KeyPairSigner }> {
  const pair = (await crypto.subtle.generateKey("Ed25519", true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const seed = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey)).slice(-32);
  const bytes = new Uint8Array([
    ...seed,
    ...new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)),
  ]);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify([...bytes]));
  return { path, signer: await createKeyPairSignerFromBytes(bytes) };
}

async function fund(account: Address, sol: bigint) {
  await rpc.requestAirdrop(account, lamports(sol * 1_000_000_000n)).send();
  for (
    let i = 0;
    i < 50 && (await rpc.getBalance(account).send()).value < sol * 1_000_000_000n;
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
}

before(async () => {
  chain = startSurfnet();
  rpc = createSolanaRpc(chain.rpcUrl);
  payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
  // ballast.so's program data at twice its size holds ~12.8 SOL of rent; the chain's payer has 10.
  await fund(payer.address, 100n);
});
after(() => chain.stop());

test(
  "make deploy deploys ballast.so at a new program id, then upgrades it to another .so; the program data matches each by sha256",
  { timeout: 400_000 },
  async (t) => {
    const payerFile = join(dir, "payer.json");
    writeFileSync(payerFile, JSON.stringify(chain.payerSecretKey));
    const program = await keypairFile("program");
    const ballast = readFileSync(SO.ballast);
    // A write carries at most 1,010 bytes of code (the rest of the 1,232-byte transaction is its frame).
    assert.equal(writeChunkSize(payer, program.signer.address), 1010);

    const first = await run("make", [
      "-s",
      "deploy",
      `CLUSTER=${chain.rpcUrl}`,
      `KEYPAIR=${payerFile}`,
      `PROGRAM_KEYPAIR=${program.path}`,
      `SO=${SO.ballast}`,
    ]);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    t.diagnostic(first.stdout);
    const id = program.signer.address;
    assert.match(
      first.stdout,
      new RegExp(
        `^deployed ${id} in [\\d.]+ s \\(${Math.ceil(ballast.length / 1010)} write transactions\\)`,
        "m",
      ),
    );
    assert.match(first.stdout, new RegExp(`^sha256 of the \\.so\\s+${sha256Hex(ballast)}$`, "m"));
    assert.match(first.stdout, new RegExp(`^sha256 of the program\\s+${sha256Hex(ballast)}$`, "m"));
    assert.match(first.stdout, /^the program data matches the \.so$/m);
    // Read back independently of the tool: the program data at the loader's PDA, authority the payer.
    const deployed = await readProgram(rpc, id);
    assert.ok(deployed.kind === "upgradeable");
    assert.equal(deployed.programData, await findProgramDataAddress(id));
    assert.equal(deployed.authority, payer.address);
    assert.equal(
      deployed.capacity,
      2 * ballast.length,
      "room for twice the .so, the Solana CLI's default",
    );
    assert.equal(sha256Hex(deployed.code.subarray(0, ballast.length)), sha256Hex(ballast));
    assert.equal(
      (await rpc.getAccountInfo(id, { encoding: "base64" }).send()).value?.executable,
      true,
    );
    // It runs, and refuses to act anywhere but at the id it was built for (declare_id!): Anchor's
    // DeclaredProgramIdMismatch, 4100. A Ballast for a cluster is deployed at BALLAST_PROGRAM_ADDRESS.
    const [vault] = await findVaultPda({ creator: payer.address, vaultId: 1n });
    const initialize = await getInitializeVaultInstructionAsync({
      creator: payer,
      vault,
      feeRecipient: payer.address,
      vaultId: 1n,
      authority: payer.address,
      guardian: payer.address,
      params: DEMO_PARAMS,
      shareMetadata: DEMO_SHARE_METADATA,
    });
    await assert.rejects(
      () => sendOne(rpc, payer, [{ ...initialize, programAddress: id }]),
      /refused by program \w+: error 4100 of program \w+ \(4100\)/,
    );

    // The same command with another .so: the id exists now, so this upgrades it, signed by the payer
    // as its upgrade authority (the program keypair only names the id).
    const adversary = readFileSync(SO.adversary);
    const upgrade = await run("make", [
      "-s",
      "deploy",
      `CLUSTER=${chain.rpcUrl}`,
      `KEYPAIR=${payerFile}`,
      `PROGRAM_KEYPAIR=${program.path}`,
      `SO=${SO.adversary}`,
    ]);
    assert.equal(upgrade.status, 0, upgrade.stderr + upgrade.stdout);
    t.diagnostic(upgrade.stdout);
    assert.match(
      upgrade.stdout,
      new RegExp(
        `^upgraded ${id} in [\\d.]+ s \\(${Math.ceil(adversary.length / 1010)} write transactions\\)`,
        "m",
      ),
    );
    assert.match(
      upgrade.stdout,
      new RegExp(`^sha256 of the program\\s+${sha256Hex(adversary)}$`, "m"),
    );
    const upgraded = await readProgram(rpc, id);
    assert.ok(upgraded.kind === "upgradeable");
    assert.equal(upgraded.programData, deployed.programData);
    assert.equal(sha256Hex(upgraded.code.subarray(0, adversary.length)), sha256Hex(adversary));
    assert.ok(
      upgraded.code.subarray(adversary.length).every((b) => b === 0),
      "the loader zeroes what the shorter program left",
    );
    const verified = await cli(["verify-program", "--program", id, "--so", SO.adversary]);
    assert.equal(verified.status, 0, verified.stderr);
    const stale = await cli(["verify-program", "--program", id, "--so", SO.ballast]);
    assert.equal(stale.status, 1);
    assert.match(stale.stdout, /^MISMATCH: the program data differs from the \.so$/m);

    // Without PROGRAM_KEYPAIR make deploy means Ballast's own id, which Surfpool deployed with no key
    // able to upgrade it (the system program's address as authority): refused before anything is sent.
    const before = (await rpc.getBalance(payer.address).send()).value;
    const fixed = await run("make", [
      "-s",
      "deploy",
      `CLUSTER=${chain.rpcUrl}`,
      `KEYPAIR=${payerFile}`,
    ]);
    assert.equal(fixed.status, 2);
    assert.match(
      fixed.stderr,
      new RegExp(
        `^error: the upgrade authority of ${BALLAST_PROGRAM_ADDRESS} is 11111111111111111111111111111111, not ${payer.address}$`,
        "m",
      ),
    );
    assert.equal(
      (await rpc.getBalance(payer.address).send()).value,
      before,
      "nothing was paid for",
    );
  },
);

test(
  "deploy refuses before sending anything: a new id without its keypair, the wrong keypair, a key that is not the upgrade authority, a .so too large for the program data",
  { timeout: 200_000 },
  async () => {
    const adversary = readFileSync(SO.adversary);
    const stranger = await generateKeyPairSigner();
    const program = await generateKeyPairSigner();
    const other = await generateKeyPairSigner();
    const before = (await rpc.getBalance(payer.address).send()).value;
    const refuses = (options: Partial<Parameters<typeof deployProgram>[0]>, message: string) =>
      assert.rejects(
        () =>
          deployProgram({
            rpc,
            so: adversary,
            program: program.address,
            authority: payer,
            ...options,
          }),
        (e: unknown) => e instanceof Error && e.message === message,
      );
    await refuses(
      {},
      `program ${program.address} is not on this cluster: a first deploy needs its keypair (--program-keypair)`,
    );
    await refuses(
      { programKeypair: other },
      `the program keypair is ${other.address}, not ${program.address}`,
    );
    await refuses(
      { programKeypair: program, maxLen: adversary.length - 1 },
      `--max-len ${adversary.length - 1} is below the .so's ${adversary.length} bytes`,
    );
    assert.equal(
      (await rpc.getBalance(payer.address).send()).value,
      before,
      "no buffer was created",
    );

    // Deployed with no room to grow: a larger .so needs the program extended first.
    const deployed = await deployProgram({
      rpc,
      so: adversary,
      program: program.address,
      authority: payer,
      programKeypair: program,
      maxLen: adversary.length,
    });
    assert.equal(deployed.action, "deployed");
    assert.ok(deployed.hash.matches);
    const cpmm = readFileSync(SO.cpmm);
    await refuses(
      { so: cpmm },
      `the program data holds ${adversary.length} bytes and the .so is ${cpmm.length}: extend the program first`,
    );
    await refuses(
      { authority: stranger as KeyPairSigner },
      `the upgrade authority of ${program.address} is ${payer.address}, not ${stranger.address}`,
    );
  },
);

test(
  "set-upgrade-authority hands the upgrade to a new key (a dry run without --yes, printed unsigned for a multisig); then only the new key can upgrade, through deploy --print-tx as a multisig would",
  { timeout: 200_000 },
  async () => {
    const adversary = readFileSync(SO.adversary);
    const program = await generateKeyPairSigner();
    await deployProgram({
      rpc,
      so: adversary,
      program: program.address,
      authority: payer,
      programKeypair: program,
    });
    const programData = await findProgramDataAddress(program.address);
    const authorityOf = async () => {
      const state = await readProgram(rpc, program.address);
      return state.kind === "upgradeable" ? state.authority : undefined;
    };
    const payerFile = join(dir, "payer.json");
    writeFileSync(payerFile, JSON.stringify(chain.payerSecretKey));
    const stranger = await keypairFile("stranger");
    const next = await keypairFile("next");
    const hand = (keypair: string, ...more: string[]) =>
      cli([
        "set-upgrade-authority",
        "--program",
        program.address,
        "--new-authority",
        next.signer.address,
        "--keypair",
        keypair,
        ...more,
      ]);

    const refused = await hand(stranger.path, "--yes");
    assert.equal(refused.status, 2);
    assert.equal(
      refused.stderr.trim(),
      `error: the upgrade authority of ${program.address} is ${payer.address}, not ${stranger.signer.address}`,
    );

    const dry = await hand(payerFile);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(
      dry.stdout,
      `hand the upgrade authority of ${program.address} from ${payer.address} to ${next.signer.address}\ndry run: nothing was sent; run again with --yes to send it\n`,
    );
    assert.equal(await authorityOf(), payer.address);

    // For a current authority that is a multisig: one SetAuthority (loader instruction 4), unsigned.
    const printed = await cli([
      "set-upgrade-authority",
      "--program",
      program.address,
      "--new-authority",
      next.signer.address,
      "--print-tx",
      "--authority",
      payer.address,
    ]);
    assert.equal(printed.status, 0, printed.stderr);
    const transaction = getTransactionDecoder().decode(
      getBase64Encoder().encode(printed.stdout.trim()),
    );
    assert.deepEqual(Object.entries(transaction.signatures), [[payer.address, null]]);
    const message = getCompiledTransactionMessageDecoder().decode(
      transaction.messageBytes,
    ) as unknown as {
      staticAccounts: Address[];
      instructions: { programAddressIndex: number; accountIndices: number[]; data: Uint8Array }[];
    };
    assert.equal(message.instructions.length, 1);
    const [instruction] = message.instructions;
    assert.equal(
      message.staticAccounts[instruction.programAddressIndex],
      LOADER_V3_PROGRAM_ADDRESS,
    );
    assert.deepEqual(
      instruction.accountIndices.map((i) => message.staticAccounts[i]),
      [programData, payer.address, next.signer.address],
    );
    assert.deepEqual([...instruction.data], [4, 0, 0, 0]);
    assert.equal(await authorityOf(), payer.address, "printing sends nothing");

    const sent = await hand(payerFile, "--yes");
    assert.equal(sent.status, 0, sent.stderr);
    assert.match(
      sent.stdout,
      new RegExp(
        `^done: hand the upgrade authority of ${program.address} from ${payer.address} to ${next.signer.address} \\(\\w+\\)$`,
        "m",
      ),
    );
    assert.equal(await authorityOf(), next.signer.address);

    // The loader itself now refuses the old authority, not only the CLI's check.
    await assert.rejects(
      () =>
        sendOne(rpc, payer, [
          getSetAuthorityInstruction({
            bufferOrProgramDataAccount: programData,
            currentAuthority: payer,
            newAuthority: payer.address,
          }),
        ]),
      /Incorrect authority provided|IncorrectAuthority/,
    );
    await assert.rejects(
      () => deployProgram({ rpc, so: adversary, program: program.address, authority: payer }),
      (e: unknown) =>
        e instanceof Error &&
        e.message ===
          `the upgrade authority of ${program.address} is ${next.signer.address}, not ${payer.address}`,
    );

    // The new authority as a multisig would: the payer writes the buffer and hands it over, and the
    // printed Upgrade, signed by the new authority alone, upgrades the program.
    const before = await readProgram(rpc, program.address);
    assert.ok(before.kind === "upgradeable");
    const prepared = await cli([
      "deploy",
      "--program",
      program.address,
      "--so",
      SO.adversary,
      "--keypair",
      payerFile,
      "--print-tx",
      "--authority",
      next.signer.address,
    ]);
    assert.equal(prepared.status, 0, prepared.stderr);
    const upgradeTx = getTransactionDecoder().decode(
      getBase64Encoder().encode(prepared.stdout.trim()),
    );
    assert.deepEqual(Object.entries(upgradeTx.signatures), [[next.signer.address, null]]);
    const upgradeMessage = getCompiledTransactionMessageDecoder().decode(
      upgradeTx.messageBytes,
    ) as unknown as typeof message;
    const [upgradeIx] = upgradeMessage.instructions;
    const accounts = upgradeIx.accountIndices.map((i) => upgradeMessage.staticAccounts[i]);
    assert.deepEqual([...upgradeIx.data], [3, 0, 0, 0], "the loader's Upgrade");
    assert.deepEqual(
      [accounts[0], accounts[1], accounts[3], accounts[6]],
      [programData, program.address, payer.address, next.signer.address],
      "program data, program, spill (the payer), authority",
    );
    const buffer = accounts[2];
    const bufferData = getBase64Encoder().encode(
      (await rpc.getAccountInfo(buffer, { encoding: "base64" }).send()).value!.data[0],
    );
    assert.equal(
      getAddressDecoder().decode(bufferData.slice(5, 37)),
      next.signer.address,
      "the buffer is the new authority's",
    );
    assert.equal(sha256Hex(bufferData.slice(37)), sha256Hex(adversary));
    await fund(next.signer.address, 1n);
    await sendAndConfirmByPolling(
      rpc,
      (await signTransaction([next.signer.keyPair], upgradeTx)) as Parameters<
        typeof sendAndConfirmByPolling
      >[1],
    );
    const after = await readProgram(rpc, program.address);
    assert.ok(after.kind === "upgradeable");
    assert.ok(after.slot > before.slot, `upgraded at slot ${after.slot}, after ${before.slot}`);
    assert.equal(sha256Hex(after.code.subarray(0, adversary.length)), sha256Hex(adversary));
    assert.equal((await rpc.getAccountInfo(buffer).send()).value, null, "the buffer is spent");
  },
);

test("--cluster names a cluster or gives its URL; anything else is refused", () => {
  assert.equal(clusterRpcUrl("localnet"), "http://127.0.0.1:8899");
  assert.equal(clusterRpcUrl("devnet"), "https://api.devnet.solana.com");
  assert.equal(clusterRpcUrl("mainnet-beta"), "https://api.mainnet-beta.solana.com");
  assert.equal(clusterRpcUrl("http://10.0.0.5:8899"), "http://10.0.0.5:8899");
  assert.throws(
    () => clusterRpcUrl("mainnet"),
    (e: unknown) =>
      e instanceof UsageError &&
      e.message ===
        '--cluster must be one of localnet, devnet, mainnet-beta or an http(s) URL, got "mainnet"',
  );
});
