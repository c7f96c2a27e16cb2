// The accounts an IDL cannot describe: Ballast's priced and in-kind instructions take one group of
// accounts per asset, in the vault's slot order, after their named accounts.
import {
  AccountRole,
  type AccountMeta,
  type Address,
  type GetProgramAccountsApi,
  type Instruction,
  type Rpc,
} from "@solana/kit";
import { BALLAST_PROGRAM_ADDRESS, getVaultSize, type Vault } from "./generated/index.ts";

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
