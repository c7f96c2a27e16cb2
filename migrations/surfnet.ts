// An embedded Surfpool chain (offline, free local ports) with Ballast and the Raydium CPMM deployed
// from target/deploy: what `make demo`, the crank test and the web app's browser test run on.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BALLAST_PROGRAM_ADDRESS, CPMM_PROGRAM_ADDRESS } from "../app/client/src/index.ts";

export type Surfnet = { rpcUrl: string; wsUrl: string; payerSecretKey: number[]; deploy(p: { programId: string; soPath: string }): unknown; stop(): void };
const { Surfnet } = createRequire(import.meta.url)("@solana/surfpool-linux-x64-gnu") as {
  Surfnet: { startWithConfig(config: { offline: boolean }): Surfnet };
};

const PROGRAMS = [
  { id: BALLAST_PROGRAM_ADDRESS, file: "ballast.so", make: "make build" },
  { id: CPMM_PROGRAM_ADDRESS, file: "raydium_cp_swap.so", make: "make amm" },
];

/** Starts the chain and deploys both programs; throws, naming the make target, when a .so is missing. */
export function startSurfnet(): Surfnet {
  const paths = PROGRAMS.map((p) => ({ ...p, path: fileURLToPath(new URL(`../target/deploy/${p.file}`, import.meta.url)) }));
  const missing = paths.find((p) => !existsSync(p.path));
  if (missing) throw new Error(`${missing.path} is missing: run '${missing.make}' first`);
  const chain = Surfnet.startWithConfig({ offline: true });
  for (const p of paths) chain.deploy({ programId: p.id, soPath: p.path });
  return chain;
}
