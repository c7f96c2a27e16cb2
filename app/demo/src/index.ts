// @ballast/demo: what the demo (`make demo`, scripts/demo.ts), migrations/ and the tests share and
// production tools do not: the demo vault and its parameters, its seeded price path, and the local
// chain's CPMM pools. A litesvm chain for the tests is at `@ballast/demo/lite-chain`.
export * from "./cpmm.ts";
export * from "./demo.ts";
export * from "./price-path.ts";
