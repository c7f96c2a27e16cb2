// `ballast`: the governance CLI, and the program's deployment. Run `npx tsx app/cli/src/main.ts --help`
// (or `npm run cli -- --help`). Every input is checked against the program's own rules before anything
// is sent; `--print-tx` prints the unsigned transaction (base64) for a multisig such as Squads instead
// of signing.
import { parseArgs } from "node:util";
import {
  createNoopSigner,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  sendAndConfirmTransactionFactory,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type TransactionSigner,
} from "@solana/kit";
import {
  BALLAST_PROGRAM_ADDRESS,
  clusterProfile,
  fetchVault,
  programErrorCode,
  readableError,
  signInstructions,
} from "@ballast/client";
import * as commands from "./commands.ts";
import {
  PARAM_FLAGS,
  UsageError,
  addressFlag,
  type Context,
  type Flags,
  type Plan,
} from "./commands.ts";
import { runVaultConfig } from "./config-plan.ts";
import { readKeypair, runDeploy, runVerify } from "./deploy-cli.ts";
import { sendOne, upgradeAuthorityPlan, type Rpc } from "./deploy.ts";
import { printUnsigned, unsignedTransactionBase64 } from "./print-tx.ts";
import { helpText } from "./usage.ts";

export { unsignedTransactionBase64 };

const OPTIONS = {
  help: { type: "boolean" },
  cluster: { type: "string" },
  rpc: { type: "string" },
  ws: { type: "string" },
  keypair: { type: "string" },
  vault: { type: "string" },
  "print-tx": { type: "boolean" },
  authority: { type: "string" },
  "fee-payer": { type: "string" },
  id: { type: "string" },
  guardian: { type: "string" },
  "fee-recipient": { type: "string" },
  name: { type: "string" },
  symbol: { type: "string" },
  uri: { type: "string" },
  mint: { type: "string" },
  "feed-id": { type: "string" },
  "min-weight": { type: "string" },
  "max-weight": { type: "string" },
  "allow-freeze-authority": { type: "boolean" },
  "token-2022": { type: "boolean" },
  deposits: { type: "boolean" },
  rebalance: { type: "boolean" },
  "new-authority": { type: "string" },
  program: { type: "string" },
  adapter: { type: "string" },
  config: { type: "string" },
  yes: { type: "boolean" },
  so: { type: "string" },
  "program-keypair": { type: "string" },
  "max-len": { type: "string" },
  concurrency: { type: "string" },
  prices: { type: "string" },
  ...Object.fromEntries(PARAM_FLAGS.map(({ flag }) => [flag, { type: "string" }])),
} as const;

/** Builds the plan of one command; throws `UsageError` for bad input. */
export async function plan(
  command: string,
  positionals: string[],
  flags: Flags,
  ctx: Context,
): Promise<Plan> {
  if (command === "create-vault") return commands.createVault(ctx, flags);
  const vault = addressFlag(flags, "vault");
  switch (command) {
    case "add-asset":
      return commands.addAsset(ctx, vault, flags);
    case "remove-asset":
      return commands.removeAsset(ctx, vault, flags);
    case "set-weights":
      if (!positionals[0])
        throw new UsageError("set-weights needs the weights, e.g. set-weights 4000,3000,3000");
      return commands.setWeights(ctx, vault, positionals[0]);
    case "set-params":
      return commands.setParams(ctx, vault, flags);
    case "add-amm":
      return commands.addAmm(ctx, vault, flags);
    case "remove-amm":
      return commands.removeAmm(ctx, vault, flags);
    case "execute":
      return commands.requireQueued(ctx, vault).then(() => commands.execute(vault));
    case "cancel":
      return commands.requireQueued(ctx, vault).then(() => commands.cancel(ctx, vault));
    case "pause":
      return commands.pause(ctx, vault, flags, true);
    case "unpause":
      return commands.pause(ctx, vault, flags, false);
    case "propose-authority":
      return commands.proposeAuthority(ctx, vault, flags);
    case "accept-authority":
      return commands.requireProposed(ctx, vault).then(() => commands.acceptAuthority(ctx, vault));
    case "reset-breaker":
      return commands.resetBreaker(ctx, vault);
    case "roll-insurance":
      return commands.rollInsurance(ctx, vault, flags);
    case "set-guardian":
      return commands.setGuardian(ctx, vault, flags);
    case "set-share-metadata":
      return ctx
        .fetchVault(vault)
        .then((v) => commands.setShareMetadata(ctx, vault, flags, v.shareMint));
    default:
      throw new UsageError(`unknown command "${command}" (see --help)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const flags = values as Flags;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    const text = helpText(command);
    if (text === undefined) throw new UsageError(`unknown command "${command}" (see --help)`);
    console.log(text);
    return command || values.help ? 0 : 2;
  }
  const cluster = values.cluster === undefined ? undefined : clusterProfile(values.cluster);
  const rpcUrl =
    values.rpc ?? cluster?.rpcUrl ?? process.env.BALLAST_RPC ?? "http://127.0.0.1:8899";
  const rpc = createSolanaRpc(rpcUrl);
  const fetchVaultData = async (vault: Address) => (await fetchVault(rpc, vault)).data;
  const keypair = async () => {
    const path = values.keypair ?? process.env.BALLAST_KEYPAIR;
    if (!path)
      throw new UsageError("--keypair (or BALLAST_KEYPAIR) is required to sign; or use --print-tx");
    return readKeypair(path);
  };

  if (command === "verify-program") return runVerify(rpc, flags);
  if (command === "deploy") return runDeploy(rpc, rpcUrl, flags, await keypair());
  if (command === "create-vault" && values.config)
    return runVaultConfig(rpc, values.config, await keypair(), values.yes === true);
  if (command === "set-upgrade-authority") return setUpgradeAuthority(rpc, flags, keypair);

  if (command === "show") {
    const vault = addressFlag(flags, "vault");
    console.log(commands.describeVault(vault, await fetchVaultData(vault)).join("\n"));
    return 0;
  }

  if (values["print-tx"]) {
    const authority = createNoopSigner(addressFlag(flags, "authority"));
    const payer = values["fee-payer"]
      ? createNoopSigner(addressFlag(flags, "fee-payer"))
      : authority;
    const { instructions, summary } = await plan(command, rest, flags, {
      authority,
      payer,
      fetchVault: fetchVaultData,
      cluster,
    });
    const { value: lifetime } = await rpc.getLatestBlockhash().send();
    console.error(`${summary}\nunsigned transaction (base64), fee payer ${payer.address}:`);
    console.log(unsignedTransactionBase64(payer.address, lifetime, instructions));
    return 0;
  }

  const signer = await keypair();
  const { instructions, summary } = await plan(command, rest, flags, {
    authority: signer,
    payer: signer,
    fetchVault: fetchVaultData,
    cluster,
  });
  const wsUrl = values.ws ?? process.env.BALLAST_WS ?? wsFromRpc(rpcUrl);
  await send(rpcUrl, wsUrl, signer, instructions);
  console.log(`done: ${summary}`);
  return 0;
}

/**
 * Hands the program's upgrade authority to `--new-authority` (e.g. a Squads vault). Sends only with
 * `--yes`: nobody new signs, so a wrong address cannot be undone. `--print-tx --authority A` prints
 * the unsigned transaction instead, for a current authority that is itself a multisig.
 */
async function setUpgradeAuthority(
  rpc: Rpc,
  flags: Flags,
  keypair: () => Promise<KeyPairSigner>,
): Promise<number> {
  const program = flags.program ? addressFlag(flags, "program") : BALLAST_PROGRAM_ADDRESS;
  const newAuthority = addressFlag(flags, "new-authority");
  if (flags["print-tx"]) {
    const authority = createNoopSigner(addressFlag(flags, "authority"));
    const payer = flags["fee-payer"] ? addressFlag(flags, "fee-payer") : authority.address;
    await printUnsigned(
      rpc,
      payer,
      await upgradeAuthorityPlan(rpc, program, authority, newAuthority),
    );
    return 0;
  }
  const signer = await keypair();
  const { instructions, summary } = await upgradeAuthorityPlan(rpc, program, signer, newAuthority);
  if (flags.yes !== true) {
    console.log(`${summary}\ndry run: nothing was sent; run again with --yes to send it`);
    return 0;
  }
  console.log(`done: ${summary} (${await sendOne(rpc, signer, instructions)})`);
  return 0;
}

function wsFromRpc(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}

async function send(
  rpcUrl: string,
  wsUrl: string,
  signer: TransactionSigner,
  instructions: Instruction[],
) {
  const rpc = createSolanaRpc(rpcUrl);
  const sendAndConfirm = sendAndConfirmTransactionFactory({
    rpc,
    rpcSubscriptions: createSolanaRpcSubscriptions(wsUrl),
  });
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  await sendAndConfirm(await signInstructions(signer, lifetime, instructions), {
    commitment: "confirmed",
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      if (
        error instanceof UsageError ||
        (error instanceof TypeError &&
          "code" in error &&
          String(error.code).startsWith("ERR_PARSE_ARGS"))
      ) {
        console.error(`error: ${error.message}`);
        process.exit(2);
      }
      // A refusal by the name of the program that raised it (kit's preflight error carries the logs).
      console.error(
        `error: ${programErrorCode(error) === undefined ? (error instanceof Error ? error.message : String(error)) : readableError(error)}`,
      );
      process.exit(1);
    });
}
