// Which `Program data:` lines are Ballast's: the log's invoke/success lines say which program is
// running, and only lines Ballast writes are decoded. The logs are written here in the runtime's own
// format (an adversary's program logging bytes shaped like a Ballast event is exactly that text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { address, getBase64Decoder } from "@solana/kit";
import {
  BALLAST_PROGRAM_ADDRESS,
  EVENT_DISCRIMINATORS,
  eventsFromLogs,
  getFeesAccruedEncoder,
} from "../src/index.ts";

const VAULT = address("4S26jx3Kism5zcVHYVUu7svybpTFqUkHQRaMfipPhJPT");
const EVIL = "Evi1111111111111111111111111111111111111111";

/** A `Program data:` line holding a FeesAccrued event with `shareSupply`. */
function feesAccrued(shareSupply: bigint): string {
  const discriminator = [...EVENT_DISCRIMINATORS].find(([, name]) => name === "FeesAccrued")?.[0];
  assert.ok(discriminator);
  const body = getFeesAccruedEncoder().encode({
    vault: VAULT,
    managementShares: 0n,
    performanceShares: 0n,
    highWaterMark: 1_000_000_000_000n,
    accruedAt: 1_800_000_000n,
    totalValue: 1_000_000_000_000n,
    shareSupply,
  });
  const bytes = new Uint8Array([...Buffer.from(discriminator, "hex"), ...body]);
  return `Program data: ${getBase64Decoder().decode(bytes)}`;
}

test("only the lines Ballast writes are its events: another program's look-alike is ignored", () => {
  const logs = [
    `Program ${EVIL} invoke [1]`,
    feesAccrued(1n), // the adversary's forgery, at the top level
    `Program ${BALLAST_PROGRAM_ADDRESS} invoke [2]`,
    feesAccrued(7n), // Ballast's own, called by the adversary
    `Program ${BALLAST_PROGRAM_ADDRESS} consumed 11722 of 200000 compute units`,
    `Program ${BALLAST_PROGRAM_ADDRESS} success`,
    feesAccrued(2n), // the adversary again, after Ballast returned
    `Program ${EVIL} success`,
    `Program ${BALLAST_PROGRAM_ADDRESS} invoke [1]`,
    feesAccrued(9n),
    `Program ${BALLAST_PROGRAM_ADDRESS} failed: custom program error: 0x1770`,
    "Program data: bm90IGFuIGV2ZW50", // outside any program
  ];
  assert.deepEqual(
    eventsFromLogs(logs).map((e) => e.name === "FeesAccrued" && e.data.shareSupply),
    [7n, 9n],
  );
  // The same lines, read as another program's (the parameter says whose events to take).
  assert.deepEqual(
    eventsFromLogs(logs, EVIL).map((e) => e.name === "FeesAccrued" && e.data.shareSupply),
    [1n, 2n],
  );
});
