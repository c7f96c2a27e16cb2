// `make demo`'s main job end to end: Surfpool starts, the .so deploys, migrations/deploy.ts creates
// the three-asset demo vault, writes its Pyth prices, runs every depositor path (two priced
// deposits, an in-kind deposit, a fee accrual, an in-kind withdrawal), and the chain stops cleanly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

function figure(out: string, pattern: RegExp): bigint {
  const match = out.match(pattern);
  assert.ok(match, `${pattern} in:\n${out}`);
  return BigInt(match[1]);
}

test("the demo deploys the program and leaves a priced, funded vault on a local Surfpool chain", () => {
  const out = execFileSync("npx", ["tsx", "scripts/demo.ts", "--once"], {
    cwd: repo,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.match(out, /RPC URL\s+http:\/\/127\.0\.0\.1:\d+/);
  // 250 dUSD and 1 dSOL deposited, then about 10 dUSD in kind, then 1 share withdrawn.
  const dusd = figure(out, /vault dUSD\s+\S+ \(holds (\d+) units, 6 decimals/);
  const dsol = figure(out, /vault dSOL\s+\S+ \(holds (\d+) units, 9 decimals/);
  assert.ok(dusd > 255_000_000n && dusd < 260_000_000n, `dUSD ${dusd}`);
  assert.ok(dsol > 1_030_000_000n && dsol < 1_040_000_000n, `dSOL ${dsol}`);
  assert.match(out, /vault dBTC\s+\S+ \(holds 0 units, 8 decimals/);
  // Every share is the payer's or the fee recipient's.
  // The share token is named in its Token-2022 mint, as a wallet reads it.
  assert.match(
    out,
    /share token \(Token-2022, 9 decimals\)\s+"Ballast Demo Basket" \(bDEMO\), mint /,
  );
  const supply = figure(out, /share token \(Token-2022, 9 decimals\)\s+.* \(supply (\d+)\)/);
  const payer = figure(out, /payer's shares\s+\S+ \((\d+) share units\)/);
  const fees = figure(out, /fee recipient's shares\s+\S+ \((\d+) share units\)/);
  assert.equal(payer + fees, supply);
  assert.ok(fees > 0n, "the fee accrual minted shares");
  assert.match(out, /surfpool stopped/);
});
