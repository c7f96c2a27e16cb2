// `--cluster localnet|devnet|mainnet-beta|URL` to an RPC URL. Kept to this one function so it can be
// folded into the client's typed cluster profiles when those land.
import { UsageError } from "./commands.ts";

export const CLUSTER_URLS: Record<string, string> = {
  localnet: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
};

/** The RPC URL of a named cluster, or the URL itself; throws naming the choices otherwise. */
export function clusterRpcUrl(cluster: string): string {
  const named = CLUSTER_URLS[cluster];
  if (named) return named;
  if (/^https?:\/\/[^\s]+$/.test(cluster)) return cluster;
  throw new UsageError(
    `--cluster must be one of ${Object.keys(CLUSTER_URLS).join(", ")} or an http(s) URL, got "${cluster}"`,
  );
}
