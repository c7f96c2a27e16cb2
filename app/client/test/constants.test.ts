// The numbers both sides know come from the IDL's `constants` (the program's `#[constant]`s). These
// tests fail when the program publishes a code the grouped TS names do not cover, or drops one.
import { test } from "node:test";
import assert from "node:assert/strict";
import IDL from "../../../idl/ballast.json" with { type: "json" };
import {
  ADAPTER,
  BOUNTY_IN_SHARES,
  CHANGE_KIND,
  MAX_ASSETS,
  PARAMETER_BOUNDS,
  TRIGGER,
  TRIP_REASON,
} from "../src/index.ts";

const constants = (IDL as { constants?: { name: string; type: unknown; value: string }[] })
  .constants;

/** The IDL constants whose names start with `prefix`, as name → value. */
function published(prefix: string): Map<string, number> {
  return new Map(
    (constants ?? [])
      .filter((c) => c.name.startsWith(prefix))
      .map((c) => [c.name, Number(c.value)]),
  );
}

test("the IDL publishes the program's constants", () => {
  assert.ok(constants && constants.length >= 19, "idl/ballast.json has a `constants` section");
  for (const c of constants) assert.match(c.value, /^\d+$/, `${c.name} is an integer`);
});

test("every published code has its grouped TS name, with the IDL's value", () => {
  const groups: [string, Record<string, number>][] = [
    ["ADAPTER_", ADAPTER],
    ["TRIGGER_", TRIGGER],
    ["TRIP_", TRIP_REASON],
    ["CHANGE_", CHANGE_KIND],
  ];
  for (const [prefix, group] of groups) {
    const codes = published(prefix);
    assert.deepEqual(
      [...Object.values(group)].sort(),
      [...codes.values()].sort(),
      `${prefix}* in the IDL against the TS group`,
    );
    assert.equal(new Set(codes.values()).size, codes.size, `${prefix}* codes are distinct`);
  }
});

test("the shares marker ends bounty_asset's range, one past the last asset slot", () => {
  const bound = PARAMETER_BOUNDS.find((b) => b.name === "bounty_asset");
  assert.equal(Number(bound?.max), BOUNTY_IN_SHARES);
  assert.equal(BOUNTY_IN_SHARES, MAX_ASSETS);
});
