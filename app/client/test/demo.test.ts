// `make demo`'s main job end to end: Surfpool starts, the .so deploys, migrations/deploy.ts creates
// and funds the demo vault, and the chain stops cleanly (--once).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

test("the demo deploys the program and leaves a funded vault on a local Surfpool chain", () => {
  const out = execFileSync("npx", ["tsx", "scripts/demo.ts", "--once"], { cwd: repo, encoding: "utf8", timeout: 120_000 });
  assert.match(out, /RPC URL\s+http:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /vault dUSD account\s+\S+ \(holds 250 dUSD\)/);
  // First deposit of 250 dUSD at 1,000 share units per token unit.
  assert.match(out, /share mint \(9 decimals\)\s+\S+ \(supply 250000000000\)/);
  assert.match(out, /payer's shares\s+\S+ \(250000000000 share units\)/);
  assert.match(out, /surfpool stopped/);
});
