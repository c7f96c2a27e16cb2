// The accounts an IDL cannot describe: Ballast's priced and in-kind instructions take one group of
// accounts per asset, in the vault's slot order, after their named accounts.
import { getSetComputeUnitLimitInstruction } from "@solana-program/compute-budget";
import {
  AccountRole,
  type AccountMeta,
  type Address,
  type GetProgramAccountsApi,
  type Instruction,
  type Rpc,
} from "@solana/kit";
import {
  BALLAST_PROGRAM_ADDRESS,
  getAccrueFeesInstruction,
  getDepositInKindInstruction,
  getDepositInstruction,
  getFillBeginInstruction,
  getFillEndInstruction,
  getOpenAuctionInstruction,
  getPreviewRebalanceInstruction,
  getRebalanceInstruction,
  getRollInsuranceInstruction,
  getVaultSize,
  getViewInsuranceInstruction,
  getWithdrawInKindInstruction,
  type Vault,
} from "./generated/index.ts";

/** Every Ballast vault on the cluster (program accounts of the vault's size). */
export async function listVaults(rpc: Rpc<GetProgramAccountsApi>): Promise<Address[]> {
  const accounts = await rpc
    .getProgramAccounts(BALLAST_PROGRAM_ADDRESS, {
      encoding: "base64",
      filters: [{ dataSize: BigInt(getVaultSize()) }],
      dataSlice: { offset: 0, length: 0 },
    })
    .send();
  return accounts.map((a) => a.pubkey);
}

/** The vault's active asset slots. */
export function activeAssets(vault: Vault) {
  return vault.assets.slice(0, vault.assetCount);
}

/** `[vault token account, Pyth price account]` per asset: what deposit and accrue_fees read. */
export function pricedAccounts(
  assets: readonly { tokenAccount: Address }[],
  priceAccounts: readonly Address[],
): AccountMeta[] {
  if (priceAccounts.length !== assets.length)
    throw new Error(`one price account per asset (${assets.length})`);
  return assets.flatMap((asset, i) => [
    { address: asset.tokenAccount, role: AccountRole.READONLY },
    { address: priceAccounts[i], role: AccountRole.READONLY },
  ]);
}

/** `[mint, vault token account, user token account]` per asset: what in-kind deposits and withdrawals move. */
export function inKindAccounts(
  assets: readonly { mint: Address; tokenAccount: Address }[],
  userTokenAccounts: readonly Address[],
): AccountMeta[] {
  if (userTokenAccounts.length !== assets.length)
    throw new Error(`one token account per asset (${assets.length})`);
  return assets.flatMap((asset, i) => [
    { address: asset.mint, role: AccountRole.READONLY },
    { address: asset.tokenAccount, role: AccountRole.WRITABLE },
    { address: userTokenAccounts[i], role: AccountRole.WRITABLE },
  ]);
}

/** `instruction` with `extra` appended to its accounts (generated builders return frozen objects). */
export function withAccounts<T extends Instruction>(
  instruction: T,
  extra: readonly AccountMeta[],
): T {
  return { ...instruction, accounts: [...(instruction.accounts ?? []), ...extra] };
}

/** The vault's assets (slot order) with one Pyth price account each: what the priced instructions read. */
export type PricedAssets = {
  assets: readonly { tokenAccount: Address }[];
  priceAccounts: readonly Address[];
};

/** The vault's assets (slot order) with the user's token account for each: what in-kind moves. */
export type InKindAssets = {
  assets: readonly { mint: Address; tokenAccount: Address }[];
  userTokenAccounts: readonly Address[];
};

// The high-level builders: the generated instruction with its per-asset accounts attached, so no
// caller has to remember them.

/** `deposit` of one asset, valued against every asset's price. */
export function getPricedDepositInstruction(
  input: Parameters<typeof getDepositInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getDepositInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}

/** `accrue_fees` (permissionless): fees, a breaker reading and the volatility observation. */
export function getPricedAccrueFeesInstruction(
  input: Parameters<typeof getAccrueFeesInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getAccrueFeesInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}

/** `preview_rebalance`: what `rebalance` would trade now (return data), or why it would refuse. */
export function getPricedPreviewRebalanceInstruction(
  input: Parameters<typeof getPreviewRebalanceInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getPreviewRebalanceInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}

/**
 * `rebalance`: the priced accounts, with the bounty asset's vault account writable when the bounty
 * is paid in an asset (`bountySource`, its vault token account; undefined when paid in shares),
 * then the swap's accounts (the adapter's).
 */
export function getPricedRebalanceInstruction(
  input: Parameters<typeof getRebalanceInstruction>[0],
  priced: PricedAssets & { bountySource?: Address; swapAccounts: readonly AccountMeta[] },
) {
  return withAccounts(getRebalanceInstruction(input), [
    ...bountySource(pricedAccounts(priced.assets, priced.priceAccounts), priced.bountySource),
    ...priced.swapAccounts,
  ]);
}

/** The priced accounts with the bounty asset's vault account writable: the bounty leaves from it. */
export function bountySource(priced: AccountMeta[], source: Address | undefined): AccountMeta[] {
  return priced.map((m) => (m.address === source ? { ...m, role: AccountRole.WRITABLE } : m));
}

/** `deposit_in_kind` of at most `maxAmounts` (slot order) from the user's token accounts. */
export function getInKindDepositInstruction(
  input: Parameters<typeof getDepositInKindInstruction>[0],
  inKind: InKindAssets,
) {
  return withAccounts(
    getDepositInKindInstruction(input),
    inKindAccounts(inKind.assets, inKind.userTokenAccounts),
  );
}

/** `withdraw_in_kind` into the user's token accounts. */
export function getInKindWithdrawInstruction(
  input: Parameters<typeof getWithdrawInKindInstruction>[0],
  inKind: InKindAssets,
) {
  return withAccounts(
    getWithdrawInKindInstruction(input),
    inKindAccounts(inKind.assets, inKind.userTokenAccounts),
  );
}

/** `open_auction` (permissionless): the program's own plan offered to solvers; the opener pays the rent. */
export function getPricedOpenAuctionInstruction(
  input: Parameters<typeof getOpenAuctionInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getOpenAuctionInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}

/**
 * `fill_begin`: the vault sends `amount` of the sold asset to the solver's account. The sold
 * asset's vault account (`sellAccount`) is writable; a `fill_end` must follow in the transaction.
 */
export function getPricedFillBeginInstruction(
  input: Parameters<typeof getFillBeginInstruction>[0],
  priced: PricedAssets & { sellAccount: Address },
) {
  const accounts = pricedAccounts(priced.assets, priced.priceAccounts).map((m) =>
    m.address === priced.sellAccount ? { ...m, role: AccountRole.WRITABLE } : m,
  );
  return withAccounts(getFillBeginInstruction(input), accounts);
}

/** `fill_end`: settles the fill the same solver began earlier in the transaction. */
export function getPricedFillEndInstruction(
  input: Parameters<typeof getFillEndInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getFillEndInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}

/**
 * `roll_insurance` (the authority): strikes an option-based insurance period at fresh prices. It
 * prices a handful of puts (about 240,000 compute units for two assets, docs/benchmarks.md), more
 * than the default 200,000: the instructions are a `SetComputeUnitLimit` of
 * `ROLL_INSURANCE_COMPUTE_UNITS`, then the roll.
 */
export function getPricedRollInsuranceInstructions(
  input: Parameters<typeof getRollInsuranceInstruction>[0],
  priced: PricedAssets,
) {
  return [
    getSetComputeUnitLimitInstruction({ units: ROLL_INSURANCE_COMPUTE_UNITS }),
    withAccounts(
      getRollInsuranceInstruction(input),
      pricedAccounts(priced.assets, priced.priceAccounts),
    ),
  ];
}

/** Compute units `roll_insurance` is sent with (measured: ~241,000 for a two-asset vault). */
export const ROLL_INSURANCE_COMPUTE_UNITS = 400_000;

/** `view_insurance` (read-only, simulate it): an insured vault's hedge now, as return data. */
export function getPricedViewInsuranceInstruction(
  input: Parameters<typeof getViewInsuranceInstruction>[0],
  priced: PricedAssets,
) {
  return withAccounts(
    getViewInsuranceInstruction(input),
    pricedAccounts(priced.assets, priced.priceAccounts),
  );
}
