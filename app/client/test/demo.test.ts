// `make demo`'s main job end to end: Surfpool starts, the .so deploys, migrations/deploy.ts creates
// the three-asset demo vault, writes its Pyth prices, deposits, and the chain stops cleanly (--once).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

test("the demo deploys the program and leaves a priced, funded vault on a local Surfpool chain", () => {
  const out = execFileSync("npx", ["tsx", "scripts/demo.ts", "--once"], { cwd: repo, encoding: "utf8", timeout: 120_000 });
  assert.match(out, /RPC URL\s+http:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /vault dUSD\s+\S+ \(holds 250000000 units, 6 decimals/);
  assert.match(out, /vault dSOL\s+\S+ \(holds 1000000000 units, 9 decimals/);
  // 250 dUSD -> 250 shares; 1 dSOL at the low side of 150 ± 0.15 USD -> 149.85 shares.
  assert.match(out, /share mint \(9 decimals\)\s+\S+ \(supply 399850000000\)/);
  assert.match(out, /payer's shares\s+\S+ \(399850000000 share units\)/);
  assert.match(out, /surfpool stopped/);
});
