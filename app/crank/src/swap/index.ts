// The leg for an allow-list entry, by its adapter (programs/ballast/src/swap/mod.rs, `Adapter`).
import type { Address } from "@solana/kit";
import type { AllowedPool, ClusterProfile, Vault } from "@ballast/client";
import { cpmmLeg } from "./cpmm.ts";
import type { LegRequest, NoLeg, SwapLeg } from "./leg.ts";
import { routeLeg } from "./route.ts";
import { whirlpoolLeg } from "./whirlpool.ts";

export type { LegRequest, NoLeg, SwapLeg } from "./leg.ts";

const LEGS: Record<number, (request: LegRequest) => Promise<SwapLeg | NoLeg>> = {
  1: cpmmLeg,
  2: whirlpoolLeg,
  3: routeLeg,
};

/** The first entry governance allow-listed for the pair, in the vault's slot order, if any. */
export function entryFor(
  vault: Vault,
  sellMint: Address,
  buyMint: Address,
): AllowedPool | undefined {
  const serves = (p: AllowedPool) =>
    (p.mintA === sellMint && p.mintB === buyMint) || (p.mintA === buyMint && p.mintB === sellMint);
  return vault.pools.find((p) => p.adapter !== 0 && serves(p));
}

/** The program each native adapter must call on the crank's cluster (a route names its own). */
const PROFILE_PROGRAMS: Record<number, (cluster: ClusterProfile) => readonly Address[]> = {
  1: (c) => c.programs.raydiumCpmm,
  2: (c) => [c.programs.orcaWhirlpool],
};

export async function legFor(
  request: LegRequest,
  cluster: ClusterProfile,
): Promise<SwapLeg | NoLeg> {
  const { entry } = request;
  const build = LEGS[entry.adapter];
  if (!build) return { skip: `unknown adapter ${entry.adapter} on the allow-list` };
  const expected = PROFILE_PROGRAMS[entry.adapter]?.(cluster);
  if (expected && !expected.includes(entry.program))
    return {
      skip: `the allow-listed program ${entry.program} is not ${cluster.name}'s (${expected.join(" or ")})`,
      metric: "the allow-listed program is not the cluster's",
    };
  return build(request);
}
