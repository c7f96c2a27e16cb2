// Each governance command as a pure function from validated flags to instructions. Nothing here
// touches the network: `main.ts` fetches, signs or prints; the tests call these directly.
import { address, type Address, type Instruction, type TransactionSigner } from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS } from "@solana-program/token";
import {
  PARAMETER_BOUNDS,
  activeAssets,
  getPricedRollInsuranceInstructions,
  findShareMintPda,
  findVaultPda,
  findVaultTokenAccountPda,
  getAcceptAuthorityInstruction,
  getAddAmmInstruction,
  getAddAssetInstructionAsync,
  getCancelChangeInstruction,
  getExecuteChangeInstruction,
  getInitializeVaultInstructionAsync,
  getProposeAuthorityInstruction,
  getRemoveAmmInstruction,
  getRemoveAssetInstruction,
  getResetBreakerInstruction,
  getSetGuardianInstruction,
  getSetShareMetadataInstruction,
  shareMetadataProblems,
  type ShareMetadataArgs,
  getSetParamsInstruction,
  getSetPauseInstruction,
  getSetTargetWeightsInstruction,
  isTightening,
  paramField,
  paramProblems,
  weightProblems,
  type ClusterProfile,
  type Vault,
  type VaultParamsArgs,
  ADAPTER,
  CHANGE_KIND,
  PAUSE_DEPOSITS,
  PAUSE_REBALANCE,
  EXAMPLE_PARAMS,
} from "@ballast/client";

/** A mistake in the command line, reported before anything is sent. */
export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | undefined>;

/** What a command needs from the outside world. */
export type Context = {
  /** Signs as the vault's authority (a no-op signer when printing for a multisig). */
  authority: TransactionSigner;
  /** Pays fees and rent. */
  payer: TransactionSigner;
  fetchVault(vault: Address): Promise<Vault>;
  /** The cluster's program ids (`--cluster`), when given: add-amm's native adapters must call them. */
  cluster?: ClusterProfile;
};

export type Plan = { instructions: Instruction[]; summary: string };

export const TOKEN_2022_PROGRAM_ADDRESS = address("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

/** `--deposit-cap` for `deposit_cap`: the parameter flags come from the bounds table. */
export const PARAM_FLAGS = PARAMETER_BOUNDS.map((b) => ({
  flag: b.name.replaceAll("_", "-"),
  bound: b,
}));

/** Defaults for `create-vault`: `Params::EXAMPLE` (ballast-math, via bounds.json) with no fees and a
 * tighter price confidence (1 %), every one inside its bound. Not the demo's: those rebalance every
 * minute on a local chain's narrow bands. */
export const DEFAULT_PARAMS: VaultParamsArgs = {
  ...EXAMPLE_PARAMS,
  managementFeeBps: 0,
  performanceFeeBps: 0,
  maxConfBps: 100,
};

function text(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

function optionalText(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

export function addressFlag(flags: Flags, name: string): Address {
  const value = text(flags, name);
  try {
    return address(value);
  } catch {
    throw new UsageError(`--${name} must be a base58 address, got "${value}"`);
  }
}

function integer(value: string, what: string): bigint {
  if (!/^\d+$/.test(value))
    throw new UsageError(`${what} must be a non-negative integer, got "${value}"`);
  return BigInt(value);
}

/** `params` with every parameter flag given applied, validated against the on-chain bounds. */
export function paramsFromFlags(base: VaultParamsArgs, flags: Flags): VaultParamsArgs {
  const next: Record<string, bigint | number> = { ...base };
  for (const { flag, bound } of PARAM_FLAGS) {
    const given = optionalText(flags, flag);
    if (given === undefined) continue;
    const value = integer(given, `--${flag}`);
    const field = paramField(bound.name);
    next[field] = typeof base[field] === "bigint" ? value : Number(value);
  }
  const params = next as VaultParamsArgs;
  const problems = paramProblems(params);
  if (problems.length) throw new UsageError(problems.join("; "));
  return params;
}

export function feedIdFlag(flags: Flags): Uint8Array {
  const hex = text(flags, "feed-id").replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new UsageError("--feed-id must be 32 bytes of hex (the Pyth price feed id)");
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

export async function createVault(ctx: Context, flags: Flags): Promise<Plan> {
  const vaultId = integer(text(flags, "id"), "--id");
  const params = paramsFromFlags(DEFAULT_PARAMS, flags);
  const [vault] = await findVaultPda({ creator: ctx.payer.address, vaultId });
  const instruction = await getInitializeVaultInstructionAsync({
    creator: ctx.payer,
    vault,
    feeRecipient: flags["fee-recipient"]
      ? addressFlag(flags, "fee-recipient")
      : ctx.authority.address,
    vaultId,
    authority: ctx.authority.address,
    guardian: flags.guardian ? addressFlag(flags, "guardian") : ctx.authority.address,
    params,
    shareMetadata: shareMetadataFlags(flags),
  });
  return { instructions: [instruction], summary: `create vault ${vault} (id ${vaultId})` };
}

export async function addAsset(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const mint = addressFlag(flags, "mint");
  const [shareMint] = await findShareMintPda({ vault });
  const minWeightBps = Number(integer(optionalText(flags, "min-weight") ?? "0", "--min-weight"));
  const maxWeightBps = Number(
    integer(optionalText(flags, "max-weight") ?? "10000", "--max-weight"),
  );
  if (minWeightBps > maxWeightBps || maxWeightBps > 10_000)
    throw new UsageError("need 0 ≤ --min-weight ≤ --max-weight ≤ 10000");
  const assetCount = (await ctx.fetchVault(vault)).assetCount;
  // Weights always sum to 10,000: the first asset starts at 100%, later ones at 0%.
  const startsAt = assetCount === 0 ? 10_000 : 0;
  if (startsAt < minWeightBps || startsAt > maxWeightBps) {
    throw new UsageError(
      `this asset starts at ${startsAt} bps, outside [${minWeightBps}, ${maxWeightBps}]; widen the range`,
    );
  }
  const instruction = await getAddAssetInstructionAsync({
    authority: ctx.authority,
    payer: ctx.payer,
    vault,
    shareMint,
    mint,
    tokenProgram: flags["token-2022"] ? TOKEN_2022_PROGRAM_ADDRESS : TOKEN_PROGRAM_ADDRESS,
    priceFeedId: feedIdFlag(flags),
    minWeightBps,
    maxWeightBps,
    allowFreezeAuthority: flags["allow-freeze-authority"] === true,
  });
  return {
    instructions: [instruction],
    summary: `add asset ${mint} at ${startsAt} bps (applies at once while the vault has no shares, else after the timelock)`,
  };
}

export async function removeAsset(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const mint = addressFlag(flags, "mint");
  const slot = activeAssets(await ctx.fetchVault(vault)).find((a) => a.mint === mint);
  if (!slot) throw new UsageError(`${mint} is not an asset of vault ${vault}`);
  if (slot.targetWeightBps !== 0)
    throw new UsageError(`set its weight to 0 first (it is ${slot.targetWeightBps} bps)`);
  const current = await ctx.fetchVault(vault);
  const [vaultTokenAccount] = await findVaultTokenAccountPda({ vault, mint });
  // A leftover balance worth at most max_dust_value is swept to the fee recipient's account of the
  // mint (`--dust-to`), valued by the asset's Pyth price account (`--price`); both are only read
  // when there is dust, so any key stands in for them otherwise.
  const dustDestination = optionalText(flags, "dust-to")
    ? addressFlag(flags, "dust-to")
    : current.feeRecipientShares;
  const priceUpdate = optionalText(flags, "price")
    ? addressFlag(flags, "price")
    : vaultTokenAccount;
  const instruction = getRemoveAssetInstruction({
    authority: ctx.authority,
    vault,
    mint,
    vaultTokenAccount,
    feeRecipientShares: current.feeRecipientShares,
    dustDestination,
    priceUpdate,
    tokenProgram: slot.tokenProgram,
  });
  return { instructions: [instruction], summary: `remove asset ${mint}` };
}

export async function setWeights(ctx: Context, vault: Address, weightsText: string): Promise<Plan> {
  const weights = weightsText.split(",").map((w) => Number(integer(w.trim(), "each weight")));
  const assets = activeAssets(await ctx.fetchVault(vault));
  const problems = weightProblems(weights, assets);
  if (problems.length) throw new UsageError(problems.join("; "));
  const [shareMint] = await findShareMintPda({ vault });
  return {
    instructions: [
      getSetTargetWeightsInstruction({ authority: ctx.authority, vault, shareMint, weights }),
    ],
    summary: `set weights ${weights.join("/")} bps (applies at once while the vault is empty, else after the timelock)`,
  };
}

export async function setParams(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const current = (await ctx.fetchVault(vault)).params;
  const params = paramsFromFlags(current, flags);
  const [shareMint] = await findShareMintPda({ vault });
  const when = isTightening(current, params)
    ? "tightening: applies at once"
    : `loosening: queued for ${current.timelockSecs} s, then run \`execute\``;
  return {
    instructions: [getSetParamsInstruction({ authority: ctx.authority, vault, shareMint, params })],
    summary: `set params (${when})`,
  };
}

/** How `rebalance` calls an allowed AMM (the program's `swap::Adapter` codes). */
export const AMM_ADAPTERS: Record<string, number> = {
  "raydium-cpmm": ADAPTER.raydiumCpmm,
  "orca-whirlpool": ADAPTER.orcaWhirlpool,
  route: ADAPTER.route,
};

const DEFAULT_ADDRESS = "11111111111111111111111111111111" as Address;

/** The vault's allow-list entries in use. */
export function allowedPools(vault: Vault) {
  return vault.pools.filter((p) => p.program !== DEFAULT_ADDRESS);
}

/**
 * Allow one pool of an AMM program for a pair (timelocked once the vault has holders). A route
 * (`--adapter route`) cannot be pinned to a pool: it takes `--max-slippage-bps`, below the vault's.
 */
export async function addAmm(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const adapterName = optionalText(flags, "adapter") ?? "raydium-cpmm";
  const adapter = AMM_ADAPTERS[adapterName];
  if (!adapter)
    throw new UsageError(`--adapter must be one of ${Object.keys(AMM_ADAPTERS).join(", ")}`);
  // The cluster's own program for a native adapter: the crank sends through no other there.
  const native =
    ctx.cluster &&
    {
      "raydium-cpmm": ctx.cluster.programs.raydiumCpmm,
      "orca-whirlpool": [ctx.cluster.programs.orcaWhirlpool],
    }[adapterName];
  const program =
    native && optionalText(flags, "program") === undefined
      ? native[0]
      : addressFlag(flags, "program");
  if (native && !native.includes(program))
    throw new UsageError(
      `the ${adapterName} adapter on ${ctx.cluster!.name} calls ${native.join(" or ")}, not ${program}`,
    );
  const isRoute = adapterName === "route";
  const pool = isRoute ? DEFAULT_ADDRESS : addressFlag(flags, "pool");
  const [mintA, mintB] = [addressFlag(flags, "mint-a"), addressFlag(flags, "mint-b")];
  const current = await ctx.fetchVault(vault);
  const held = activeAssets(current).map((a) => a.mint);
  for (const mint of [mintA, mintB])
    if (!held.includes(mint)) throw new UsageError(`${mint} is not an asset of this vault`);
  if (mintA === mintB) throw new UsageError("--mint-a and --mint-b must differ");
  const maxSlippageBps = isRoute
    ? Number(integer(text(flags, "max-slippage-bps"), "--max-slippage-bps"))
    : 0;
  if (isRoute && !(maxSlippageBps > 0 && maxSlippageBps < current.params.maxSlippageBps)) {
    throw new UsageError(
      `a route needs --max-slippage-bps between 1 and ${current.params.maxSlippageBps - 1} (below the vault's max_slippage_bps)`,
    );
  }
  if (allowedPools(current).some((p) => p.program === program && p.pool === pool))
    throw new UsageError(
      `${program} ${isRoute ? "as a route" : `pool ${pool}`} is already on the allow-list`,
    );
  if (allowedPools(current).length === current.pools.length)
    throw new UsageError("the allow-list is full: remove a pool first");
  const [shareMint] = await findShareMintPda({ vault });
  const what = isRoute
    ? `route ${program} (slippage ${maxSlippageBps} bps)`
    : `pool ${pool} of ${program}`;
  return {
    instructions: [
      getAddAmmInstruction({
        authority: ctx.authority,
        vault,
        shareMint,
        ammProgram: program,
        adapter,
        pool,
        mintA,
        mintB,
        maxSlippageBps,
      }),
    ],
    summary: `allow ${what} for ${mintA}/${mintB} through the ${adapterName} adapter (at once while the vault has no shares, else after the timelock)`,
  };
}

/** Remove a pool (or a route: no `--pool`) from the allow-list (at once). */
export async function removeAmm(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const program = addressFlag(flags, "program");
  const pool = optionalText(flags, "pool") ? addressFlag(flags, "pool") : DEFAULT_ADDRESS;
  if (
    !allowedPools(await ctx.fetchVault(vault)).some((p) => p.program === program && p.pool === pool)
  )
    throw new UsageError(
      `${program}${pool === DEFAULT_ADDRESS ? " (route)" : ` pool ${pool}`} is not on the allow-list`,
    );
  return {
    instructions: [getRemoveAmmInstruction({ authority: ctx.authority, vault, program, pool })],
    summary: `remove ${program}${pool === DEFAULT_ADDRESS ? " (route)" : ` pool ${pool}`}`,
  };
}

/** Before `execute` or `cancel`: there must be a queued change (else the program refuses). */
export async function requireQueued(ctx: Context, vault: Address): Promise<void> {
  if ((await ctx.fetchVault(vault)).pending.kind === CHANGE_KIND.none)
    throw new UsageError("no change is queued on this vault");
}

/** Before `accept-authority`: the signer must be the proposed authority. */
export async function requireProposed(ctx: Context, vault: Address): Promise<void> {
  const proposed = (await ctx.fetchVault(vault)).pendingAuthority;
  if (proposed === "11111111111111111111111111111111")
    throw new UsageError("no authority is proposed on this vault");
  if (proposed !== ctx.authority.address)
    throw new UsageError(`the proposed authority is ${proposed}, not ${ctx.authority.address}`);
}

export function execute(vault: Address): Plan {
  return {
    instructions: [getExecuteChangeInstruction({ vault })],
    summary: "execute the queued change",
  };
}

export function cancel(ctx: Context, vault: Address): Plan {
  return {
    instructions: [getCancelChangeInstruction({ authority: ctx.authority, vault })],
    summary: "cancel the queued change",
  };
}

/** `pause --deposits --rebalance` sets the bits given; `unpause` clears both. */
export function pause(ctx: Context, vault: Address, flags: Flags, on: boolean): Plan {
  const bits = on
    ? (flags.deposits ? PAUSE_DEPOSITS : 0) | (flags.rebalance ? PAUSE_REBALANCE : 0)
    : 0;
  if (on && bits === 0) throw new UsageError("pause what? give --deposits and/or --rebalance");
  return {
    instructions: [getSetPauseInstruction({ signer: ctx.authority, vault, paused: bits })],
    summary: on ? `pause (bits ${bits})` : "unpause",
  };
}

/** Clear a tripped price-move breaker now instead of after the warm-up of normal readings (the
 * authority only; the next price reading re-bases the references at the new level). */
export async function resetBreaker(ctx: Context, vault: Address): Promise<Plan> {
  const current = await ctx.fetchVault(vault);
  // The program refuses a reset of a clear breaker (BreakerNotTripped): say so before sending.
  if (current.breakerTrippedAt === 0n)
    throw new UsageError("the breaker is not tripped: nothing to reset");
  const since = new Date(Number(current.breakerTrippedAt) * 1000).toISOString();
  return {
    instructions: [getResetBreakerInstruction({ authority: ctx.authority, vault })],
    summary: `reset the breaker tripped at ${since} (${current.breakerNormalReadings} of ${current.params.warmupReadings} normal readings so far)`,
  };
}

/**
 * Strike an option-based insurance period (the authority): the program prices the put at fresh
 * prices for the floor and expiry in the parameters. Refused here, before sending, when the policy
 * is off, the expiry is not ahead of this machine's clock, or a period with the same terms is live
 * (the program's `InsuranceRollRefused`); the price accounts must be one per asset.
 */
export async function rollInsurance(ctx: Context, vault: Address, flags: Flags): Promise<Plan> {
  const current = await ctx.fetchVault(vault);
  const p = current.params;
  if (p.insuranceFloorSharePrice === 0n)
    throw new UsageError(
      "the vault's policy is not insurance: set-params --insurance-floor-share-price first",
    );
  const now = BigInt(Math.floor(Date.now() / 1000));
  if (p.insuranceExpiresAt <= now)
    throw new UsageError(
      `the expiry (${new Date(Number(p.insuranceExpiresAt) * 1000).toISOString()}) is not ahead: set-params --insurance-expires-at first`,
    );
  const struck = current.insurance;
  const live = struck.expiresAt !== 0n && now < struck.expiresAt;
  const sameTerms =
    struck.expiresAt === p.insuranceExpiresAt &&
    struck.floorSharePrice === p.insuranceFloorSharePrice;
  if (live && sameTerms)
    throw new UsageError(
      "a period with these terms is live: change the floor or the expiry first, or wait for it to expire",
    );
  const assets = activeAssets(current);
  const text = typeof flags.prices === "string" ? flags.prices : "";
  const priceAccounts = text ? text.split(",").map((a) => address(a.trim())) : [];
  if (priceAccounts.length !== assets.length)
    throw new UsageError(
      `--prices needs one Pyth price account per asset (${assets.length}), slot order`,
    );
  const floor = Number(p.insuranceFloorSharePrice) / 1e12;
  const expiry = new Date(Number(p.insuranceExpiresAt) * 1000).toISOString();
  return {
    instructions: getPricedRollInsuranceInstructions(
      { authority: ctx.authority, vault, shareMint: current.shareMint },
      { assets, priceAccounts },
    ),
    summary: `strike insurance to ${floor} USD per share at ${expiry}`,
  };
}

export function proposeAuthority(ctx: Context, vault: Address, flags: Flags): Plan {
  const newAuthority = addressFlag(flags, "new-authority");
  return {
    instructions: [
      getProposeAuthorityInstruction({ authority: ctx.authority, vault, newAuthority }),
    ],
    summary: `propose ${newAuthority} as authority`,
  };
}

export function acceptAuthority(ctx: Context, vault: Address): Plan {
  return {
    instructions: [getAcceptAuthorityInstruction({ newAuthority: ctx.authority, vault })],
    summary: "accept the authority",
  };
}

export function setGuardian(ctx: Context, vault: Address, flags: Flags): Plan {
  const guardian = addressFlag(flags, "guardian");
  return {
    instructions: [getSetGuardianInstruction({ authority: ctx.authority, vault, guardian })],
    summary: `set guardian ${guardian}`,
  };
}

/** `--name`, `--symbol` (both required) and `--uri` (none when left out), checked against the
 * program's bounds before anything is sent. */
export function shareMetadataFlags(flags: Flags): ShareMetadataArgs {
  const metadata = {
    name: text(flags, "name"),
    symbol: text(flags, "symbol"),
    uri: optionalText(flags, "uri") ?? "",
  };
  const problems = shareMetadataProblems(metadata);
  if (problems.length)
    throw new UsageError(problems.map((p) => `--${p.field} ${p.problem}`).join("; "));
  return metadata;
}

/** Rename the share token (no timelock: the fields move no value; the authority pays the rent of
 * longer ones). */
export function setShareMetadata(
  ctx: Context,
  vault: Address,
  flags: Flags,
  shareMint: Address,
): Plan {
  const metadata = shareMetadataFlags(flags);
  return {
    instructions: [
      getSetShareMetadataInstruction({ authority: ctx.authority, vault, shareMint, metadata }),
    ],
    summary: `name the share token "${metadata.name}" (${metadata.symbol})${metadata.uri ? `, ${metadata.uri}` : ", no URI"}`,
  };
}

/** A vault as lines of text for `show`. */
export function describeVault(address: Address, vault: Vault): string[] {
  const lines = [
    `vault            ${address}`,
    `authority        ${vault.authority}${vault.pendingAuthority !== "11111111111111111111111111111111" ? ` (proposed: ${vault.pendingAuthority})` : ""}`,
    `guardian         ${vault.guardian}`,
    `share mint       ${vault.shareMint}`,
    `breaker          ${vault.breakerTrippedAt === 0n ? "clear" : `tripped at ${new Date(Number(vault.breakerTrippedAt) * 1000).toISOString()} (reset-breaker clears it)`}`,
    `paused           ${vault.paused === 0 ? "no" : [vault.paused & PAUSE_DEPOSITS ? "deposits" : "", vault.paused & PAUSE_REBALANCE ? "rebalancing" : ""].filter(Boolean).join(", ")}`,
  ];
  for (const { bound } of PARAM_FLAGS)
    lines.push(`${bound.name.padEnd(24)} ${vault.params[paramField(bound.name)]} (${bound.unit})`);
  for (const asset of activeAssets(vault)) {
    lines.push(
      `asset            ${asset.mint} weight ${asset.targetWeightBps} bps [${asset.minWeightBps}, ${asset.maxWeightBps}], account ${asset.tokenAccount}`,
    );
  }
  const struck = vault.insurance;
  if (struck.expiresAt !== 0n)
    lines.push(
      `insurance        struck to ${Number(struck.floorSharePrice) / 1e12} USD per share at ${new Date(Number(struck.expiresAt) * 1000).toISOString()}: strike ${Number(struck.strike) / 1e12} index units, ${Number(struck.unitsPerShare) / 1e12} units per share`,
    );
  else if (vault.params.insuranceFloorSharePrice !== 0n)
    lines.push("insurance        the policy, but no period struck (roll-insurance)");
  const pools = allowedPools(vault);
  if (!pools.length) lines.push("allowed pools    none");
  for (const p of pools) {
    const via =
      Object.keys(AMM_ADAPTERS).find((k) => AMM_ADAPTERS[k] === p.adapter) ??
      `adapter ${p.adapter}`;
    lines.push(
      `allowed pool     ${p.program} ${p.pool === DEFAULT_ADDRESS ? `route (slippage ${p.maxSlippageBps} bps)` : `pool ${p.pool}`} for ${p.mintA}/${p.mintB} via ${via}`,
    );
  }
  if (vault.pending.kind !== CHANGE_KIND.none) {
    const kinds: Record<number, string> = {
      [CHANGE_KIND.params]: "params",
      [CHANGE_KIND.weights]: "weights",
      [CHANGE_KIND.addAsset]: "add asset",
      [CHANGE_KIND.addAmm]: "add pool",
    };
    lines.push(
      `pending change   ${kinds[vault.pending.kind]} executable at ${new Date(Number(vault.pending.executableAt) * 1000).toISOString()}`,
    );
  }
  return lines;
}
