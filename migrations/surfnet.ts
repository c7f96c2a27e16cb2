// An embedded Surfpool chain (offline, free local ports) with Ballast and the Raydium CPMM deployed
// from target/deploy: what `make demo`, the crank test and the web app's browser test run on.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BALLAST_PROGRAM_ADDRESS, CPMM_PROGRAM_ADDRESS } from "@ballast/client";

/** One event of the embedded chain (`kind` is e.g. systemClockUpdated, transactionProcessed, warnLog). */
export type SurfnetEvent = { kind: string; [field: string]: unknown };
type SdkSurfnet = {
  rpcUrl: string;
  wsUrl: string;
  payerSecretKey: number[];
  deploy(p: { programId: string; soPath: string }): unknown;
  drainEvents(): SurfnetEvent[];
  stop(): void;
};
export type Surfnet = Omit<SdkSurfnet, "drainEvents"> & {
  /** Events drained so far. */ events(): number;
};
const { Surfnet } = createRequire(import.meta.url)("@solana/surfpool-linux-x64-gnu") as {
  Surfnet: { startWithConfig(config: { offline: boolean }): SdkSurfnet };
};

const PROGRAMS = [
  { id: BALLAST_PROGRAM_ADDRESS, file: "ballast.so", make: "make build" },
  { id: CPMM_PROGRAM_ADDRESS, file: "raydium_cp_swap.so", make: "make amm" },
];

/**
 * How often the chain's event queue is emptied. The SDK's chain sends one event per block (plus
 * one per transaction and log line) into a queue of 1,024 that only `drainEvents()` empties, and
 * sends while holding the chain's lock: a full queue stops every RPC method that reads the chain
 * (getSlot, getAccountInfo, sendTransaction) for good, about 80 s after start when nobody drains
 * it (docs/operations.md, "The demo that stopped after a minute"). At ~13 blocks a second, 1 s
 * keeps the queue below 2 % full.
 */
const DRAIN_INTERVAL_MS = 1_000;
/** The SDK's event queue capacity: a soak that drained fewer events never reached the old stall. */
export const SDK_EVENT_QUEUE = 1_024;

/**
 * Starts the chain, deploys both programs and keeps the chain's event queue drained until `stop()`;
 * throws, naming the make target, when a .so is missing. `onEvent` sees every event (the demo
 * prints the chain's warnings).
 */
export function startSurfnet(onEvent: (event: SurfnetEvent) => void = () => {}): Surfnet {
  const paths = PROGRAMS.map((p) => ({
    ...p,
    path: fileURLToPath(new URL(`../target/deploy/${p.file}`, import.meta.url)),
  }));
  const missing = paths.find((p) => !existsSync(p.path));
  if (missing) throw new Error(`${missing.path} is missing: run '${missing.make}' first`);
  const chain = Surfnet.startWithConfig({ offline: true });
  let drained = 0;
  const drain = () => {
    for (const event of chain.drainEvents()) {
      drained++;
      onEvent(event);
    }
  };
  // unref: the drain alone does not keep a finished test process alive.
  const timer = setInterval(drain, DRAIN_INTERVAL_MS).unref();
  for (const p of paths) chain.deploy({ programId: p.id, soPath: p.path });
  return {
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    payerSecretKey: chain.payerSecretKey,
    deploy: (p) => chain.deploy(p),
    events: () => drained,
    stop() {
      clearInterval(timer);
      chain.stop();
    },
  };
}
