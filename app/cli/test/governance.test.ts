// Every governance instruction has a CLI command with help; `reset-breaker` clears a breaker the
// program really tripped (litesvm, the SBF build), and the real `ballast` binary refuses it on a
// clear breaker against a local Surfpool chain before sending anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AccountRole,
  createKeyPairSignerFromBytes,
  generateKeyPairSigner,
  type Address,
} from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, RESET_BREAKER_DISCRIMINATOR } from "@ballast/client";
import {
  createDemoVault,
  demoAccrueFees,
  demoDeposit,
  insuredDemoParams,
  publishDemoPrices,
} from "@ballast/demo";
import { LiteChain } from "@ballast/demo/lite-chain";
import { deployDemo } from "../../../migrations/deploy.ts";
import { startSurfnet } from "../../../migrations/surfnet.ts";
import * as commands from "../src/commands.ts";
import { UsageError, type Context } from "../src/commands.ts";
import { plan } from "../src/main.ts";
import { COMMANDS, helpText } from "../src/usage.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const IDL = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../idl/ballast.json", import.meta.url)), "utf8"),
) as { instructions: { name: string }[] };
/** The instructions that are not governance: depositors', the crank's, the observer's and solvers'. */
const NOT_GOVERNANCE = [
  "deposit",
  "deposit_in_kind",
  "withdraw_in_kind",
  "open_claim",
  "redeem_claim",
  "rebalance",
  "preview_rebalance",
  "accrue_fees",
  "open_auction",
  "close_auction",
  "fill_begin",
  "fill_end",
  "view_insurance",
];

function cli(args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("every governance instruction of the program has a command, with help", async () => {
  // A new instruction in the IDL fails this until it gets a command or is listed as not governance.
  const covered = new Set(COMMANDS.flatMap((c) => (c.instruction ? [c.instruction] : [])));
  const uncovered = IDL.instructions
    .map((i) => i.name)
    .filter((name) => !covered.has(name) && !NOT_GOVERNANCE.includes(name));
  assert.deepEqual(uncovered, []);
  for (const name of [
    "initialize_vault",
    "add_asset",
    "remove_asset",
    "set_target_weights",
    "set_params",
    "add_amm",
    "remove_amm",
    "reset_breaker",
    "execute_change",
    "cancel_change",
    "propose_authority",
    "accept_authority",
    "set_guardian",
    "set_pause",
  ]) {
    assert.ok(covered.has(name), `${name} has a command`);
    assert.ok(
      IDL.instructions.some((i) => i.name === name),
      `${name} is in the IDL`,
    );
  }
  // Each command is wired into `plan` (reaches its own validation, not "unknown command") and has help.
  const noVault = async (): Promise<never> => {
    throw new Error("fetched");
  };
  const signer = await generateKeyPairSigner();
  const ctx: Context = { authority: signer, payer: signer, fetchVault: noVault };
  for (const command of COMMANDS.filter((c) => c.name !== "show" && c.group !== "program")) {
    const text = helpText(command.name)!;
    assert.match(text, new RegExp(`^usage: ballast ${command.name}`));
    assert.match(helpText()!, new RegExp(`^  ${command.name}\\b`, "m"));
    const error = await plan(command.name, [], { vault: signer.address }, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(
      !(error instanceof Error && /unknown command/.test(error.message)),
      `${command.name} is handled`,
    );
  }
  assert.equal(helpText("no-such-command"), undefined);
});

test("reset-breaker clears a breaker the program tripped, and is refused here while it is clear", async () => {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  const ctx: Context = {
    authority: payer,
    payer,
    fetchVault: async (vault: Address) => chain.vault(vault),
  };
  // litesvm's clock starts at 0; the program reads `references_at = 0` (what a reset writes) as a
  // fresh reference while `now` is within one window of the epoch, so run at today's time.
  chain.warp(BigInt(Math.floor(Date.now() / 1000)));
  const demo = await createDemoVault(chain, payer, 1n);
  await chain.send([demoDeposit(demo, payer, 0, 1_000_000_000n)]);

  await assert.rejects(
    () => commands.resetBreaker(ctx, demo.vault),
    (e: unknown) => e instanceof UsageError && /not tripped/.test(e.message),
  );

  // A 50% crash of the second asset a minute later: the observer's next reading trips the breaker.
  chain.warp(60n);
  await publishDemoPrices(chain, demo, [10_000n, 5_000n]);
  await chain.send([demoAccrueFees(demo)]);
  const tripped = chain.vault(demo.vault);
  assert.notEqual(tripped.breakerTrippedAt, 0n, "the crash tripped the breaker");
  assert.match(commands.describeVault(demo.vault, tripped).join("\n"), /^breaker\s+tripped at /m);

  const reset = await commands.resetBreaker(ctx, demo.vault);
  assert.match(reset.summary, /^reset the breaker tripped at \d{4}-/);
  const [instruction] = reset.instructions;
  assert.equal(instruction.programAddress, BALLAST_PROGRAM_ADDRESS);
  assert.deepEqual(
    instruction.accounts!.map((a) => [a.address, a.role]),
    [
      [payer.address, AccountRole.READONLY_SIGNER],
      [demo.vault, AccountRole.WRITABLE],
    ],
  );
  assert.deepEqual([...instruction.data!], [...RESET_BREAKER_DISCRIMINATOR]);

  await chain.send(reset.instructions);
  assert.equal(chain.vault(demo.vault).breakerTrippedAt, 0n);
  // The next reading re-bases at the new level rather than tripping again; deposits go on.
  await chain.send([demoAccrueFees(demo)]);
  assert.equal(chain.vault(demo.vault).breakerTrippedAt, 0n);
  await chain.send([demoDeposit(demo, payer, 0, 1_000_000n)]);
  assert.match(
    commands.describeVault(demo.vault, chain.vault(demo.vault)).join("\n"),
    /^breaker\s+clear$/m,
  );
});

test("roll-insurance strikes the period the parameters name, and is refused here when it cannot", async () => {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  const ctx: Context = {
    authority: payer,
    payer,
    fetchVault: async (vault: Address) => chain.vault(vault),
  };
  // The CLI checks the expiry against this machine's clock: run the chain at today's time.
  const now = BigInt(Math.floor(Date.now() / 1000));
  chain.warp(now);
  const expiresAt = now + 30n * 86_400n;
  const plain = await createDemoVault(chain, payer, 1n);
  const insured = await createDemoVault(chain, payer, 2n, insuredDemoParams(expiresAt));
  await chain.send([demoDeposit(insured, payer, 0, 1_000_000_000n)]);
  const prices = (demo: typeof insured) => demo.assets.map((a) => a.priceAccount).join(",");
  const refuses = (vault: Address, flags: Record<string, string>, message: RegExp) =>
    assert.rejects(
      () => plan("roll-insurance", [], { vault, ...flags }, ctx),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  await refuses(plain.vault, { prices: prices(plain) }, /^the vault's policy is not insurance/);
  await refuses(
    insured.vault,
    { prices: insured.assets[0].priceAccount },
    /one Pyth price account per asset \(3\)/,
  );
  assert.match(
    commands.describeVault(insured.vault, chain.vault(insured.vault)).join("\n"),
    /^insurance\s+the policy, but no period struck/m,
  );

  const roll = await plan(
    "roll-insurance",
    [],
    { vault: insured.vault, prices: prices(insured) },
    ctx,
  );
  assert.match(roll.summary, /^strike insurance to 0.97 USD per share at \d{4}-/);
  await chain.send(roll.instructions);
  const struck = chain.vault(insured.vault).insurance;
  assert.equal(struck.expiresAt, expiresAt);
  assert.equal(struck.floorSharePrice, 970_000_000_000n);
  // n K = the floor (to the rounding of one unit each).
  const floor = (struck.unitsPerShare * struck.strike) / 1_000_000_000_000n;
  assert.ok(floor <= 970_000_000_000n && floor > 969_999_990_000n, `n K = ${floor}`);
  assert.match(
    commands.describeVault(insured.vault, chain.vault(insured.vault)).join("\n"),
    /^insurance\s+struck to 0.97 USD per share/m,
  );
  await refuses(insured.vault, { prices: prices(insured) }, /^a period with these terms is live/);
});

test("execute, cancel and accept-authority are refused here when there is nothing to act on", async () => {
  const payer = await generateKeyPairSigner();
  const chain = new LiteChain(payer);
  const ctx: Context = {
    authority: payer,
    payer,
    fetchVault: async (vault: Address) => chain.vault(vault),
  };
  const demo = await createDemoVault(chain, payer, 1n);
  const refuses = (command: string, message: RegExp, as: Context = ctx) =>
    assert.rejects(
      () => plan(command, [], { vault: demo.vault }, as),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  await refuses("execute", /^no change is queued on this vault$/);
  await refuses("cancel", /^no change is queued on this vault$/);
  await refuses("accept-authority", /^no authority is proposed on this vault$/);
  const next = await generateKeyPairSigner();
  const stranger = await generateKeyPairSigner();
  await chain.send(
    commands.proposeAuthority(ctx, demo.vault, { "new-authority": next.address }).instructions,
  );
  await refuses(
    "accept-authority",
    new RegExp(`^the proposed authority is ${next.address}, not ${stranger.address}$`),
    { ...ctx, authority: stranger },
  );
  const accepted = await plan(
    "accept-authority",
    [],
    { vault: demo.vault },
    { ...ctx, authority: next },
  );
  assert.equal(accepted.instructions[0].accounts![0].address, next.address);
  // With a change queued (holders make the weights timelocked), cancel goes through.
  await chain.send([demoDeposit(demo, payer, 0, 1_000_000n)]);
  await chain.send((await commands.setWeights(ctx, demo.vault, "5000,2500,2500")).instructions);
  await chain.send((await plan("cancel", [], { vault: demo.vault }, ctx)).instructions);
  assert.equal(chain.vault(demo.vault).pending.kind, 0);
});

test(
  "the ballast binary: per-command help, --adapter accepted, reset-breaker refused on a clear breaker over RPC",
  { timeout: 120_000 },
  async () => {
    const help = cli(["reset-breaker", "--help"]);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^usage: ballast reset-breaker/);
    assert.match(help.stdout, /sends the program's `reset_breaker` instruction/);
    assert.equal(
      cli(["add-amm", "--adapter", "route", "--help"]).status,
      0,
      "add-amm's --adapter is a known flag",
    );

    const chain = startSurfnet();
    try {
      const payer = await createKeyPairSignerFromBytes(Uint8Array.from(chain.payerSecretKey));
      const { demo } = await deployDemo(chain.rpcUrl, chain.wsUrl, payer);
      const keypair = join(mkdtempSync(join(tmpdir(), "ballast-cli-")), "payer.json");
      writeFileSync(keypair, JSON.stringify(chain.payerSecretKey));
      const run = cli([
        "reset-breaker",
        "--vault",
        demo.vault,
        "--keypair",
        keypair,
        "--rpc",
        chain.rpcUrl,
        "--ws",
        chain.wsUrl,
      ]);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(
        run.stderr.trim().split("\n").at(-1),
        "error: the breaker is not tripped: nothing to reset",
      );
      const shown = cli(["show", "--vault", demo.vault, "--rpc", chain.rpcUrl]);
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /^breaker\s+clear$/m);
    } finally {
      chain.stop();
    }
  },
);
