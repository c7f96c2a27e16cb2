export * from "./api.ts";
export * from "./follow.ts";
export * from "./history.ts";
export * from "./postgres.ts";
export * from "./store.ts";
