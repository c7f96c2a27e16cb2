// Program errors in plain words, named by the program that raised them: a custom error number means
// nothing without its program (6005 is Ballast's per-transaction cap and the CPMM's slippage
// refusal; 6036 is a Whirlpool error and no token program's). Each program's own table decodes it:
// Ballast's generated errors, the CPMM's IDL table, Orca's and the token programs' generated clients.
import {
  SYSTEM_PROGRAM_ADDRESS,
  getSystemErrorMessage,
  type SystemError,
} from "@solana-program/system";
import {
  TOKEN_PROGRAM_ADDRESS,
  getTokenErrorMessage,
  type TokenError,
} from "@solana-program/token";
import {
  TOKEN_2022_PROGRAM_ADDRESS,
  getToken2022ErrorMessage,
  type Token2022Error,
} from "@solana-program/token-2022";
import {
  WHIRLPOOL_PROGRAM_ADDRESS,
  getWhirlpoolErrorMessage,
  type WhirlpoolError,
} from "@orca-so/whirlpools-client";
import type { Address } from "@solana/kit";
import { CPMM_PROGRAMS } from "./clusters.ts";
import { CPMM_ERRORS } from "./cpmm-errors.ts";
import {
  BALLAST_PROGRAM_ADDRESS,
  getBallastErrorMessage,
  type BallastError,
} from "./generated/index.ts";

/** Anchor's own errors (account constraints, 2000–2999) are the same in every Anchor program. */
function anchorError(code: number): string | undefined {
  return code >= 2000 && code < 3000
    ? `an account failed Anchor's checks (constraint error ${code})`
    : undefined;
}

type ProgramErrors = { name: string; describe(code: number): string | undefined };

const PROGRAMS = new Map<Address, ProgramErrors>([
  [
    BALLAST_PROGRAM_ADDRESS,
    {
      name: "the program",
      describe: (c) => (c >= 6000 ? getBallastErrorMessage(c as BallastError) : anchorError(c)),
    },
  ],
  ...CPMM_PROGRAMS.map((p): [Address, ProgramErrors] => [
    p.address,
    { name: p.name, describe: (c) => CPMM_ERRORS[c]?.message ?? anchorError(c) },
  ]),
  [
    WHIRLPOOL_PROGRAM_ADDRESS,
    {
      name: "Orca Whirlpool",
      describe: (c) => (c >= 6000 ? getWhirlpoolErrorMessage(c as WhirlpoolError) : anchorError(c)),
    },
  ],
  [
    TOKEN_PROGRAM_ADDRESS,
    { name: "the Token program", describe: (c) => getTokenErrorMessage(c as TokenError) },
  ],
  [
    TOKEN_2022_PROGRAM_ADDRESS,
    {
      name: "the Token-2022 program",
      describe: (c) => getToken2022ErrorMessage(c as Token2022Error),
    },
  ],
  [
    SYSTEM_PROGRAM_ADDRESS,
    { name: "the System program", describe: (c) => getSystemErrorMessage(c as SystemError) },
  ],
]);

/** A custom error of `program` (Ballast when not given) as a sentence for people. */
export function describeProgramError(
  code: number,
  program: Address = BALLAST_PROGRAM_ADDRESS,
): string {
  const known = PROGRAMS.get(program);
  if (!known) return `error ${code} of program ${program}`;
  return (
    known.describe(code) ??
    `unknown ${program === BALLAST_PROGRAM_ADDRESS ? "Ballast" : known.name} error ${code}`
  );
}

/** The program's name in a refusal ("the program" is Ballast). */
export function programName(program: Address): string {
  return PROGRAMS.get(program)?.name ?? `program ${program}`;
}

/**
 * The program that raised custom error `code`, from the transaction's logs: the first
 * "Program X failed: custom program error: 0x…" line. An error raised inside a CPI is logged first
 * by the callee, then repeated by every caller up to the top-level instruction, so the first line is
 * the one that raised it.
 */
export function raisingProgram(logs: readonly string[], code: number): Address | undefined {
  for (const line of logs) {
    const match = line.match(/^Program (\w+) failed: custom program error: 0x([0-9a-f]+)$/i);
    if (match && parseInt(match[2], 16) === code) return match[1] as Address;
  }
  return undefined;
}

/** A refusal in plain words, named by the program that raised it; `logs` tell which one. Without
 * logs the program is unknown, and the sentence says so rather than guess from the number. */
export function describeRefusal(code: number, logs: readonly string[] | undefined): string {
  const program = logs && raisingProgram(logs, code);
  if (!program) return `refused by a program the logs do not name: custom error ${code}`;
  return `refused by ${programName(program)}: ${describeProgramError(code, program)} (${code})`;
}
