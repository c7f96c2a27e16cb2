// What the crank needs from an adapter to send `rebalance` through one allow-list entry: the swap's
// accounts (in the AMM's order), the route data (empty for the native adapters, which build their
// own), and what the pool would pay, to skip before sending when it cannot meet `min_out`.
import { AccountRole, downgradeRoleToNonSigner, type AccountMeta, type Address } from "@solana/kit";
import type { AllowedPool, AssetSlot, RebalancePreview, Vault } from "@ballast/client";
import type { Rpc } from "../crank.ts";

export type SwapLeg = {
  ammProgram: Address;
  accounts: AccountMeta[];
  route: Uint8Array;
  /** What the pool (or route) says it pays for the planned input, atomic units of the bought asset. */
  quote: bigint;
  /** The least the program accepts through this entry (a route's own, tighter bound applies). */
  minOut: bigint;
};

/** Why no leg can be built; `metric` is the stable label the skip is counted under. */
export type NoLeg = { skip: string; metric?: string };

export type LegRequest = {
  rpc: Rpc;
  vault: Vault;
  entry: AllowedPool;
  plan: RebalancePreview;
  sell: AssetSlot;
  buy: AssetSlot;
  /** Unix seconds now (chain or local clock): pools that open later, Whirlpool's adaptive fee. */
  now: bigint;
  /** Base URL of a Jupiter-compatible quote API, for route entries. */
  jupiter?: string;
};

/** The `rebalance` metas of swap accounts: the swap authority never signs or is writable at the
 * top level (Ballast signs for it by CPI, read-only). */
export function asRebalanceMetas(
  accounts: readonly AccountMeta[],
  swapAuthority: Address,
): AccountMeta[] {
  return accounts.map(({ address, role }) => ({
    address,
    role: address === swapAuthority ? AccountRole.READONLY : downgradeRoleToNonSigner(role),
  }));
}
