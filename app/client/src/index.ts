// @ballast/client: the Codama-generated client (./generated, never edited by hand, with the event
// structs and the vault PDA added by scripts/generate.ts) plus the few things an IDL cannot
// describe: the per-asset accounts (vault.ts), readable errors (errors.ts), events by
// discriminator (events.ts), the AMMs' accounts and the cluster profiles.
export * from "./generated/index.ts";
export * from "./clock.ts";
export * from "./clusters.ts";
export * from "./constants.ts";
export * from "./cpmm.ts";
export * from "./cpmm-pool.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./math.ts";
export * from "./pyth.ts";
export * from "./rules.ts";
export * from "./send.ts";
export * from "./shares.ts";
export * from "./tokens.ts";
export * from "./transaction.ts";
export * from "./vault.ts";
