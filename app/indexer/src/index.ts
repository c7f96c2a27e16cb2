export * from "./api.ts";
export * from "./follow.ts";
export * from "./store.ts";
