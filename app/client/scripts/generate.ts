// Renders the @solana/kit client in src/generated from the checked-in IDL (idl/ballast.json) with Codama.
// `make check-generated` runs this and fails when the output differs from what is committed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createFromRoot } from "codama";
import { rootNodeFromAnchor, type AnchorIdl } from "@codama/nodes-from-anchor";
import { renderVisitor } from "@codama/renderers-js";

const generatedDir = fileURLToPath(new URL("../src/generated", import.meta.url));
const idlPath = fileURLToPath(new URL("../../../idl/ballast.json", import.meta.url));
const idl = JSON.parse(readFileSync(idlPath, "utf8")) as AnchorIdl;

const codama = createFromRoot(rootNodeFromAnchor(idl));
await codama.accept(
  // Dependencies are pinned by hand in package.json, so the renderer is not asked to sync it.
  renderVisitor(generatedDir, { deleteFolderBeforeRendering: true }),
);
console.log(`rendered ${generatedDir} from ${idlPath}`);
