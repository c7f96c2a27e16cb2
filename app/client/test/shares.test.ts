// The share token's fields are checked before sending with the program's own bounds (from the
// IDL) and character rule; tests/tests/share_metadata.rs holds the program to the same cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_SHARE_NAME_LEN,
  MAX_SHARE_SYMBOL_LEN,
  MAX_SHARE_URI_LEN,
  shareMetadataProblems,
} from "../src/index.ts";

const ok = {
  name: "Ballast Test Basket",
  symbol: "bTEST",
  uri: "https://ballast.invalid/test.json",
};

test("share token fields within the program's bounds pass; each kind of bad field is named", () => {
  assert.deepEqual([MAX_SHARE_NAME_LEN, MAX_SHARE_SYMBOL_LEN, MAX_SHARE_URI_LEN], [32, 10, 200]);
  assert.deepEqual(shareMetadataProblems(ok), []);
  assert.deepEqual(shareMetadataProblems({ ...ok, name: "N".repeat(32), uri: "" }), []);
  const problems = (m: Partial<typeof ok>) =>
    shareMetadataProblems({ ...ok, ...m }).map((p) => `${p.field}: ${p.problem}`);
  assert.deepEqual(problems({ name: "" }), ["name: must be 1 to 32 bytes of UTF-8, got 0"]);
  // Bytes, not characters: 17 × "é" is 34 bytes.
  assert.deepEqual(problems({ name: "é".repeat(17) }), [
    "name: must be 1 to 32 bytes of UTF-8, got 34",
  ]);
  assert.deepEqual(problems({ symbol: "S".repeat(11) }), [
    "symbol: must be 1 to 10 bytes of UTF-8, got 11",
  ]);
  assert.deepEqual(problems({ uri: "u".repeat(201) }), [
    "uri: must be 0 to 200 bytes of UTF-8, got 201",
  ]);
  for (const [field, value] of [
    ["name", "Ballast Test\u202eBasket"],
    ["symbol", "bTE\u200bST"],
    ["uri", "https://ballast.invalid/\n"],
  ] as const)
    assert.deepEqual(problems({ [field]: value }), [
      `${field}: must not hold control or invisible characters`,
    ]);
});
