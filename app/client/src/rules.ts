// Checks the TS tools run before sending anything, on the same bounds the program enforces:
// bounds.json is generated from `ballast_math::params::BOUNDS` (a Rust test fails when it drifts).
import BOUNDS from "./bounds.json" with { type: "json" };
import type { VaultParamsArgs } from "./generated/index.ts";

/** Which way a parameter moves when a change reduces risk; "never": any change waits for the timelock. */
export type Tightens = "lower" | "higher" | "never";
/** One row of `ballast_math::for_each_param!`: name, Rust type, unit, bounds, direction, `Params::EXAMPLE`'s value, doc line. */
export type Bound = {
  name: string;
  type: "u16" | "u32" | "u64";
  unit: string;
  min: string;
  max: string;
  tightens: Tightens;
  /** Paces an insured vault's hedge: while insured, any change waits (`PACES_THE_HEDGE`). */
  pacesTheHedge: boolean;
  example: string;
  doc: string;
};
export const PARAMETER_BOUNDS: readonly Bound[] = BOUNDS as Bound[];

/** snake_case bound name -> field of the generated `VaultParams` (Codama's camelCase of it). */
const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `Params::EXAMPLE` (ballast-math), carried by bounds.json: a valid value for every parameter, for
 * tools and tests that set only the fields they care about (u64 fields as bigint, like the codec). */
export const EXAMPLE_PARAMS: VaultParamsArgs = Object.fromEntries(
  PARAMETER_BOUNDS.map((b) => [
    camelCase(b.name),
    b.type === "u64" ? BigInt(b.example) : Number(b.example),
  ]),
) as VaultParamsArgs;

export function paramField(name: string): keyof VaultParamsArgs {
  const field = camelCase(name) as keyof VaultParamsArgs;
  if (!PARAMETER_BOUNDS.some((b) => b.name === name)) throw new Error(`unknown parameter ${name}`);
  return field;
}

export type ParamProblem = { name: string; problem: string; sentence: string };

/** Every way `params` breaks the on-chain bounds, by parameter; empty when it is valid. */
export function paramProblemsByName(params: VaultParamsArgs): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const bound of PARAMETER_BOUNDS) {
    const value = BigInt(params[paramField(bound.name)]);
    if (value < BigInt(bound.min) || value > BigInt(bound.max)) {
      const problem = `${value} is outside [${bound.min}, ${bound.max}] (${bound.unit})`;
      problems.push({ name: bound.name, problem, sentence: `${bound.name} = ${problem}` });
    }
  }
  if (BigInt(params.maxDepositPerTx) > BigInt(params.depositCap)) {
    problems.push({
      name: "max_deposit_per_tx",
      problem: "must not exceed deposit_cap",
      sentence: "max_deposit_per_tx must not exceed deposit_cap",
    });
  }
  return problems;
}

/** Every way `params` breaks the on-chain bounds, as sentences; empty when it is valid. */
export function paramProblems(params: VaultParamsArgs): string[] {
  return paramProblemsByName(params).map((p) => p.sentence);
}

/** Whether moving from `current` to `next` only tightens (applies at once) or waits for the timelock
 * (`Params::direction`: while either side is insured, the fields that pace the hedge wait either way). */
export function isTightening(current: VaultParamsArgs, next: VaultParamsArgs): boolean {
  const insured =
    BigInt(current.insuranceFloorSharePrice) !== 0n || BigInt(next.insuranceFloorSharePrice) !== 0n;
  return PARAMETER_BOUNDS.every((bound) => {
    const field = paramField(bound.name);
    const [before, after] = [BigInt(current[field]), BigInt(next[field])];
    if (bound.tightens === "never" || (insured && bound.pacesTheHedge)) return after === before;
    return bound.tightens === "lower" ? after <= before : after >= before;
  });
}

/** Every way `weights` breaks the weight rules (sum 10,000 bps, one per asset, each in its range). */
export function weightProblems(
  weights: readonly number[],
  ranges: readonly { minWeightBps: number; maxWeightBps: number }[],
): string[] {
  const problems: string[] = [];
  if (weights.length !== ranges.length)
    problems.push(`expected ${ranges.length} weights (one per asset), got ${weights.length}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum !== 10_000) problems.push(`weights must sum to 10,000 bps, they sum to ${sum}`);
  weights.forEach((w, i) => {
    const r = ranges[i];
    if (r && (w < r.minWeightBps || w > r.maxWeightBps))
      problems.push(
        `weight ${i} = ${w} is outside its range [${r.minWeightBps}, ${r.maxWeightBps}]`,
      );
  });
  return problems;
}

/** The custom program error code inside a failed send or simulation, if any. */
export function programErrorCode(error: unknown): number | undefined {
  const text =
    JSON.stringify(error, (_, v) => (typeof v === "bigint" ? v.toString() : v)) ?? String(error);
  // Kit's preflight failures say it in the cause chain: "Custom program error: #6053".
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 5; e = e.cause)
    messages.push(e.message);
  const match =
    text.match(/"Custom":\s*"?(\d+)/) ??
    String(error).match(/custom program error: 0x([0-9a-f]+)/i) ??
    messages.join("\n").match(/custom program error: #(\d+)/i);
  if (!match) return undefined;
  return match[0].includes("0x") ? parseInt(match[1], 16) : Number(match[1]);
}
