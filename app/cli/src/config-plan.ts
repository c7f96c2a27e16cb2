// The instructions that build the vault a config describes, in order, each with a line for the
// dry-run: initialize_vault, add_asset per asset, set_target_weights, add_amm per pool, then
// propose_authority when the config names another authority. Before planning, the chain is read to
// refuse what the program would (a vault that exists, a missing mint, a freeze authority not
// allowed, a pool its program does not own) naming the config field.
import { readFileSync } from "node:fs";
import {
  getBase64Encoder,
  type Address,
  type Instruction,
  type TransactionSigner,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS, getMintDecoder } from "@solana-program/token";
import {
  feedIdHex,
  findShareMintPda,
  findVaultPda,
  getAddAmmInstruction,
  getAddAssetInstructionAsync,
  getInitializeVaultInstructionAsync,
  getProposeAuthorityInstruction,
  getSetTargetWeightsInstruction,
  PARAMETER_BOUNDS,
  paramField,
} from "@ballast/client";
import { AMM_ADAPTERS, TOKEN_2022_PROGRAM_ADDRESS, UsageError } from "./commands.ts";
import { sendOne, type Rpc } from "./deploy.ts";
import { ConfigError, parseVaultConfig, type VaultConfig } from "./vault-config.ts";

/** A route's allow-list entry has no pool (the program's default address stands in). */
const NO_POOL = "11111111111111111111111111111111" as Address;
/** SPL mints are 82 bytes; Token-2022 mints put their extensions after the same 82. */
const MINT_SIZE = 82;

export type Step = { instruction: Instruction; line: string };
export type ConfigPlan = { vault: Address; steps: Step[]; params: string[] };

async function account(rpc: Rpc, at: Address) {
  const { value } = await rpc
    .getAccountInfo(at, { encoding: "base64", commitment: "confirmed" })
    .send();
  return (
    value && { owner: value.owner, data: new Uint8Array(getBase64Encoder().encode(value.data[0])) }
  );
}

/** Refuses, naming the field, what the program would refuse about the accounts the config names. */
async function checkChain(rpc: Rpc, config: VaultConfig, vault: Address): Promise<void> {
  if (await account(rpc, vault))
    throw new ConfigError("id", `vault ${vault} (id ${config.id} of this keypair) already exists`);
  for (const [i, asset] of config.assets.entries()) {
    const mint = await account(rpc, asset.mint);
    const program =
      asset.tokenProgram === "token" ? TOKEN_PROGRAM_ADDRESS : TOKEN_2022_PROGRAM_ADDRESS;
    if (!mint)
      throw new ConfigError(`assets[${i}].mint`, `${asset.mint} does not exist on this cluster`);
    if (mint.owner !== program || mint.data.length < MINT_SIZE)
      throw new ConfigError(
        `assets[${i}].mint`,
        `${asset.mint} is not a mint of the ${asset.tokenProgram} program (owner ${mint.owner})`,
      );
    const decoded = getMintDecoder().decode(mint.data.subarray(0, MINT_SIZE));
    if (decoded.freezeAuthority.__option === "Some" && !asset.allowFreezeAuthority) {
      throw new ConfigError(
        `assets[${i}].allow_freeze_authority`,
        `${asset.mint} has a freeze authority (${decoded.freezeAuthority.value}): set allow_freeze_authority = true to accept it`,
      );
    }
  }
  for (const [i, pool] of config.pools.entries()) {
    if (!pool.pool) continue;
    const found = await account(rpc, pool.pool);
    if (!found)
      throw new ConfigError(`pools[${i}].pool`, `${pool.pool} does not exist on this cluster`);
    if (found.owner !== pool.program)
      throw new ConfigError(
        `pools[${i}].pool`,
        `${pool.pool} is owned by ${found.owner}, not ${pool.program}`,
      );
  }
}

/** The plan for `config`, created by `creator` (it pays, and is the authority until it hands over). */
export async function planVaultConfig(
  rpc: Rpc,
  config: VaultConfig,
  creator: TransactionSigner,
): Promise<ConfigPlan> {
  const [vault] = await findVaultPda({ creator: creator.address, vaultId: config.id });
  await checkChain(rpc, config, vault);
  const [shareMint] = await findShareMintPda({ vault });
  const finalAuthority = config.authority ?? creator.address;
  const guardian = config.guardian ?? finalAuthority;
  const feeRecipient = config.feeRecipient ?? finalAuthority;
  const steps: Step[] = [
    {
      instruction: await getInitializeVaultInstructionAsync({
        creator,
        vault,
        feeRecipient,
        vaultId: config.id,
        authority: creator.address,
        guardian,
        params: config.params,
        shareMetadata: config.shareToken,
      }),
      line: `initialize_vault  vault ${vault} (id ${config.id}), authority ${creator.address}, guardian ${guardian}, fee recipient ${feeRecipient}, share token "${config.shareToken.name}" (${config.shareToken.symbol})`,
    },
  ];
  for (const [i, asset] of config.assets.entries()) {
    const instruction = await getAddAssetInstructionAsync({
      authority: creator,
      payer: creator,
      vault,
      shareMint,
      mint: asset.mint,
      tokenProgram:
        asset.tokenProgram === "token" ? TOKEN_PROGRAM_ADDRESS : TOKEN_2022_PROGRAM_ADDRESS,
      priceFeedId: asset.feedId,
      minWeightBps: asset.minWeightBps,
      maxWeightBps: asset.maxWeightBps,
      allowFreezeAuthority: asset.allowFreezeAuthority,
    });
    const freeze = asset.allowFreezeAuthority ? ", freeze authority allowed" : "";
    steps.push({
      instruction,
      line: `add_asset         ${asset.mint} (${asset.tokenProgram}) feed ${feedIdHex(asset.feedId)}, range [${asset.minWeightBps}, ${asset.maxWeightBps}] bps${freeze}${i === 0 ? ", starts at 10000" : ", starts at 0"}`,
    });
  }
  const weights = config.assets.map((a) => a.weightBps);
  steps.push({
    instruction: getSetTargetWeightsInstruction({ authority: creator, vault, shareMint, weights }),
    line: `set_target_weights ${weights.join("/")} bps`,
  });
  for (const pool of config.pools) {
    const instruction = getAddAmmInstruction({
      authority: creator,
      vault,
      shareMint,
      ammProgram: pool.program,
      adapter: AMM_ADAPTERS[pool.adapter],
      pool: pool.pool ?? NO_POOL,
      mintA: pool.mintA,
      mintB: pool.mintB,
      maxSlippageBps: pool.maxSlippageBps,
    });
    const what = pool.pool ? `pool ${pool.pool}` : `route (slippage ${pool.maxSlippageBps} bps)`;
    steps.push({
      instruction,
      line: `add_amm           ${pool.program} ${what} for ${pool.mintA}/${pool.mintB} via ${pool.adapter}`,
    });
  }
  if (finalAuthority !== creator.address) {
    steps.push({
      instruction: getProposeAuthorityInstruction({
        authority: creator,
        vault,
        newAuthority: finalAuthority,
      }),
      line: `propose_authority ${finalAuthority} (it takes over when it signs accept-authority)`,
    });
  }
  const params = PARAMETER_BOUNDS.map(
    (b) =>
      `${b.name.padEnd(28)} ${String(config.params[paramField(b.name)]).padStart(20)}  ${b.unit}${config.defaulted.includes(b.name) ? " (default)" : ""}`,
  );
  return { vault, steps, params };
}

/** `create-vault --config`: prints the plan; with `send`, sends each step in order and says so. */
export async function runVaultConfig(
  rpc: Rpc,
  path: string,
  creator: TransactionSigner,
  send: boolean,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read the config ${path}`);
  }
  const plan = await planVaultConfig(rpc, parseVaultConfig(text), creator);
  console.log(
    `vault ${plan.vault} from ${path}, created and paid for by ${creator.address}\nparameters:\n${plan.params.map((l) => `  ${l}`).join("\n")}`,
  );
  console.log(`${plan.steps.length} transactions, in order:`);
  plan.steps.forEach((step, i) => console.log(`  ${String(i + 1).padStart(2)}. ${step.line}`));
  if (!send) {
    console.log("dry run: nothing was sent; run again with --yes to send these transactions");
    return 0;
  }
  for (const [i, step] of plan.steps.entries()) {
    const signature = await sendOne(rpc, creator, [step.instruction]);
    console.log(`  sent ${String(i + 1).padStart(2)}: ${signature}`);
  }
  console.log(`done: vault ${plan.vault}`);
  return 0;
}
