// The rebalance's priced accounts when the bounty is paid in an asset: that asset's vault account,
// and only it, becomes writable (the program refuses the rebalance otherwise, see
// tests/tests/policies.rs); paid in shares, nothing changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccountRole, address } from "@solana/kit";
import { bountySource, pricedAccounts } from "@ballast/client";

const [usd, sol, btc, p1, p2, p3] = [
  "11111111111111111111111111111112",
  "11111111111111111111111111111113",
  "11111111111111111111111111111114",
  "11111111111111111111111111111115",
  "11111111111111111111111111111116",
  "11111111111111111111111111111117",
].map(address);

test("a bounty asset's vault account is the one priced account made writable", () => {
  const priced = pricedAccounts(
    [{ tokenAccount: usd }, { tokenAccount: sol }, { tokenAccount: btc }],
    [p1, p2, p3],
  );
  const roles = (metas: ReturnType<typeof bountySource>) => metas.map((m) => m.role);
  const R = AccountRole.READONLY;
  // [usd vault, usd price, sol vault, sol price, btc vault, btc price]
  assert.deepEqual(roles(bountySource(priced, btc)), [R, R, R, R, AccountRole.WRITABLE, R]);
  assert.deepEqual(
    roles(bountySource(priced, undefined)),
    priced.map(() => AccountRole.READONLY),
  );
  assert.deepEqual(
    bountySource(priced, btc).map((m) => m.address),
    priced.map((m) => m.address),
  );
});
