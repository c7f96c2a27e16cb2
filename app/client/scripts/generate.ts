// Renders the @solana/kit client in src/generated from the checked-in IDL (idl/ballast.json) with Codama.
// `make check-generated` runs this and fails when the output differs from what is committed.
//
// Two things the Anchor importer leaves out are added to the tree before rendering:
// - every event's struct as a defined type (Codama's JS renderer draws no codecs for `events`), so
//   src/events.ts decodes each event with a generated decoder, picked by the IDL's discriminator;
// - the vault PDA, `["vault", creator, vault_id as u64 LE]` (programs/ballast/src/state/seeds.rs):
//   its third seed is an instruction argument nested in `args`, which the importer cannot follow.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  constantPdaSeedNodeFromString,
  createFromRoot,
  numberTypeNode,
  pdaNode,
  programNode,
  publicKeyTypeNode,
  rootNode,
  variablePdaSeedNode,
} from "codama";
import {
  definedTypeNodeFromAnchorV01,
  extractGenerics,
  rootNodeFromAnchor,
  type AnchorIdl,
  type IdlV01,
} from "@codama/nodes-from-anchor";
import { renderVisitor } from "@codama/renderers-js";

const generatedDir = fileURLToPath(new URL("../src/generated", import.meta.url));
const idlPath = fileURLToPath(new URL("../../../idl/ballast.json", import.meta.url));
const idl = JSON.parse(readFileSync(idlPath, "utf8")) as AnchorIdl;

const imported = rootNodeFromAnchor(idl);
const v01 = idl as IdlV01;
const [types, generics] = extractGenerics(v01.types ?? []);
const eventNames = new Set((v01.events ?? []).map((e) => e.name));
const eventTypes = types
  .filter((t) => eventNames.has(t.name))
  .map((t) => definedTypeNodeFromAnchorV01(t, generics));
const vaultPda = pdaNode({
  name: "vault",
  docs: ['A vault: `["vault", creator, vault_id as u64 LE]`.'],
  seeds: [
    constantPdaSeedNodeFromString("utf8", "vault"),
    variablePdaSeedNode("creator", publicKeyTypeNode(), "Who created the vault (paid for it)."),
    variablePdaSeedNode("vaultId", numberTypeNode("u64"), "The creator's number for the vault."),
  ],
});
const program = imported.program;
const root = rootNode(
  programNode({
    ...program,
    definedTypes: [...(program.definedTypes ?? []), ...eventTypes],
    pdas: [vaultPda, ...(program.pdas ?? [])],
  }),
  imported.additionalPrograms,
);

const codama = createFromRoot(root);
await codama.accept(
  // Dependencies are pinned by hand in package.json, so the renderer is not asked to sync it.
  renderVisitor(generatedDir, { deleteFolderBeforeRendering: true }),
);
console.log(`rendered ${generatedDir} from ${idlPath}`);
