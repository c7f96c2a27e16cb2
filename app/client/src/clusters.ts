// Cluster profiles: the one home of every program id the tools talk to besides Ballast's own
// generated client, per cluster. The crank, the CLI and the client helpers take these ids from here
// (or from the pool account itself) and from nowhere else.
import { address, type Address } from "@solana/kit";
import { WHIRLPOOL_PROGRAM_ADDRESS } from "@orca-so/whirlpools-client";
import { BALLAST_PROGRAM_ADDRESS } from "./generated/index.ts";
import { PYTH_RECEIVER_PROGRAM_ADDRESS } from "./pyth.ts";

/**
 * Which Raydium CPMM build a program id runs. `raydium`: Raydium's own program (mainnet-beta and
 * devnet ids): `AmmConfig` of 236 bytes with `trade_fee_rate` in millionths of the input, creator
 * fees in the pool. `crates-fork`: the crates.io `raydium-cp-swap` 0.1.1392 that `make amm` builds
 * for the local chain: `AmmConfig` of 242 bytes with a u64 index and flat per-direction fees taken
 * from the input. Both share the pool state's leading fields, the PDAs and `swap_base_input`.
 */
export type CpmmLayout = "raydium" | "crates-fork";

/** Raydium CPMM program ids and the build each runs (one table for the client, crank and errors). */
export const CPMM_PROGRAMS: readonly { address: Address; layout: CpmmLayout; name: string }[] = [
  {
    address: address("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C"),
    layout: "raydium",
    name: "Raydium CPMM",
  },
  {
    address: address("CPMDWBwJDtYax9qW7AyRuVC19Cc4L4Vcy4n2BHAbHkCW"),
    layout: "raydium",
    name: "Raydium CPMM (devnet)",
  },
  {
    address: address("CVF4q3yFpyQwV8DLDiJ9Ew6FFLE1vr5ToRzsXYQTaNrj"),
    layout: "crates-fork",
    name: "Raydium CPMM (crates.io build)",
  },
];

/** The CPMM build behind `program`, or undefined when it is no CPMM this client knows. */
export function cpmmLayoutOf(program: Address): CpmmLayout | undefined {
  return CPMM_PROGRAMS.find((p) => p.address === program)?.layout;
}

export type ClusterName = "localnet" | "devnet" | "mainnet-beta";

export type ClusterProfile = {
  name: ClusterName | "custom";
  /** Default RPC endpoint (a custom profile takes the URL it was given). */
  rpcUrl: string;
  programs: {
    /** Ballast itself: the generated client's id (one deployment id on every cluster). */
    ballast: Address;
    /** The Raydium CPMM builds the cluster runs; the first is the default (`add-amm`). A local chain
     * may run either build: the crates.io one `make amm` deploys, or Raydium's own at its mainnet id. */
    raydiumCpmm: readonly Address[];
    orcaWhirlpool: Address;
    pythReceiver: Address;
  };
  /**
   * Where the crank finds a pinned pool's accounts. `chain`: from the pool account the vault's
   * allow-list names (CPMM pool state, Whirlpool), read on every pass — nothing to configure.
   * Routes come from a Jupiter-compatible quote API (`quoteApi`, or `--jupiter URL`).
   */
  pools: "chain";
  /** Default quote API for route entries, if the cluster has one. */
  quoteApi?: string;
};

const [RAYDIUM_MAINNET, RAYDIUM_DEVNET, CRATES_FORK] = CPMM_PROGRAMS.map((p) => p.address);

export const CLUSTERS: Record<ClusterName, ClusterProfile> = {
  // The embedded Surfpool chain of `make demo` and the tests: the crates.io CPMM build is deployed,
  // Orca's program is not (it is on no registry).
  localnet: {
    name: "localnet",
    rpcUrl: "http://127.0.0.1:8899",
    programs: {
      ballast: BALLAST_PROGRAM_ADDRESS,
      raydiumCpmm: [CRATES_FORK, RAYDIUM_MAINNET],
      orcaWhirlpool: WHIRLPOOL_PROGRAM_ADDRESS,
      pythReceiver: PYTH_RECEIVER_PROGRAM_ADDRESS,
    },
    pools: "chain",
  },
  devnet: {
    name: "devnet",
    rpcUrl: "https://api.devnet.solana.com",
    programs: {
      ballast: BALLAST_PROGRAM_ADDRESS,
      raydiumCpmm: [RAYDIUM_DEVNET],
      orcaWhirlpool: WHIRLPOOL_PROGRAM_ADDRESS,
      pythReceiver: PYTH_RECEIVER_PROGRAM_ADDRESS,
    },
    pools: "chain",
  },
  "mainnet-beta": {
    name: "mainnet-beta",
    rpcUrl: "https://api.mainnet-beta.solana.com",
    programs: {
      ballast: BALLAST_PROGRAM_ADDRESS,
      raydiumCpmm: [RAYDIUM_MAINNET],
      orcaWhirlpool: WHIRLPOOL_PROGRAM_ADDRESS,
      pythReceiver: PYTH_RECEIVER_PROGRAM_ADDRESS,
    },
    pools: "chain",
    quoteApi: "https://lite-api.jup.ag/swap/v1",
  },
};

/** A profile by name, or for any other http(s) URL a custom profile with mainnet-beta's program ids
 * (a private RPC of mainnet is the usual case) at that URL. */
export function clusterProfile(nameOrUrl: string): ClusterProfile {
  if (nameOrUrl in CLUSTERS) return CLUSTERS[nameOrUrl as ClusterName];
  if (!/^https?:\/\//.test(nameOrUrl))
    throw new Error(
      `--cluster must be one of ${Object.keys(CLUSTERS).join(", ")} or an http(s) URL, got "${nameOrUrl}"`,
    );
  return { ...CLUSTERS["mainnet-beta"], name: "custom", rpcUrl: nameOrUrl };
}
