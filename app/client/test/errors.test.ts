// Custom program errors named by the program that raised them, from logs in the runtime's own
// format: the same number means different refusals in Ballast, the CPMM, Orca and the token programs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN_2022_PROGRAM_ADDRESS } from "@solana-program/token-2022";
import { WHIRLPOOL_PROGRAM_ADDRESS } from "@orca-so/whirlpools-client";
import {
  BALLAST_PROGRAM_ADDRESS,
  CLUSTERS,
  describeRefusal,
  raisingProgram,
  readableError,
} from "../src/index.ts";

const CPMM_FORK = CLUSTERS.localnet.programs.raydiumCpmm[0];
const failed = (program: string, code: number) =>
  `Program ${program} failed: custom program error: 0x${code.toString(16)}`;
/** A rebalance whose swap the AMM refused: the AMM's failure, then Ballast's, as the runtime logs a failed CPI. */
const cpiRefusal = (amm: string, code: number) => [
  `Program ${BALLAST_PROGRAM_ADDRESS} invoke [1]`,
  "Program log: Instruction: Rebalance",
  `Program ${amm} invoke [2]`,
  "Program log: AnchorError occurred. Error Code: ExceededSlippage. Error Number: 6005. Error Message: Exceeds desired slippage limit.",
  `Program ${amm} consumed 20000 of 180000 compute units`,
  failed(amm, code),
  `Program ${BALLAST_PROGRAM_ADDRESS} consumed 90000 of 200000 compute units`,
  failed(BALLAST_PROGRAM_ADDRESS, code),
];

test("the CPMM's ExceededSlippage (6005) inside a rebalance is the CPMM's, not Ballast's deposit cap", () => {
  assert.equal(raisingProgram(cpiRefusal(CPMM_FORK, 6005), 6005), CPMM_FORK);
  assert.equal(
    describeRefusal(6005, cpiRefusal(CPMM_FORK, 6005)),
    "refused by Raydium CPMM (crates.io build): exceeds desired slippage limit (the pool pays less than min_out) (6005)",
  );
  const mainnet = CLUSTERS["mainnet-beta"].programs.raydiumCpmm[0];
  assert.equal(
    describeRefusal(6005, cpiRefusal(mainnet, 6005)),
    "refused by Raydium CPMM: exceeds desired slippage limit (the pool pays less than min_out) (6005)",
  );
  // The same number raised by Ballast itself is Ballast's own error.
  assert.equal(
    describeRefusal(6005, [failed(BALLAST_PROGRAM_ADDRESS, 6005)]),
    "refused by the program: deposit exceeds the per-transaction cap (6005)",
  );
});

test("Whirlpool's 6036 is Orca's minimum-output refusal; Token-2022's 1 is its own", () => {
  assert.equal(
    describeRefusal(6036, cpiRefusal(WHIRLPOOL_PROGRAM_ADDRESS, 6036)),
    "refused by Orca Whirlpool: Amount out below minimum threshold (6036)",
  );
  assert.equal(
    describeRefusal(1, cpiRefusal(TOKEN_2022_PROGRAM_ADDRESS, 1)),
    "refused by the Token-2022 program: Insufficient funds (1)",
  );
});

test("without logs the refusal says the program is unknown instead of guessing by number", () => {
  assert.equal(
    readableError({ InstructionError: [0, { Custom: 6005 }] }),
    "refused by a program the logs do not name: custom error 6005",
  );
  assert.equal(
    readableError({ InstructionError: [0, { Custom: 6005 }] }, cpiRefusal(CPMM_FORK, 6005)),
    describeRefusal(6005, cpiRefusal(CPMM_FORK, 6005)),
  );
  // A log line for another code does not name this one's program.
  assert.equal(raisingProgram([failed(CPMM_FORK, 6004)], 6005), undefined);
});
