#!/usr/bin/env bash
# `make mutants`: mutation testing of the vault's math with cargo-mutants (not part of `make test`:
# a full run over crates/ballast-math takes hours on two cores). Installs cargo-mutants once into
# ~/.cache/ballast/tools, copies the workspace into its own scratch folder per mutant (cargo-mutants'
# default) and writes target/mutants/mutants.out/{caught,missed,timeout,unviable}.txt.
#   MUTANTS_FILES="crates/ballast-math/src/shares.rs …"   only mutate these files (paths from the repo root)
#   MUTANTS_ARGS="..."                               anything else for cargo-mutants
# The score and the surviving mutants that matter go in docs/verification.md.
set -euo pipefail
cd "$(dirname "$0")/.."
version=27.1.0
tools=${BALLAST_CACHE:-$HOME/.cache/ballast}/tools
if [ "$("$tools/bin/cargo-mutants" mutants --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "[ballast] installing cargo-mutants $version into $tools (once)"
  cargo install --quiet --locked --root "$tools" "cargo-mutants@$version"
fi
files=()
for f in ${MUTANTS_FILES:-}; do files+=(--file "$f"); done
# The math crate's tests only (unit, property, doc tables): each mutant rebuilds one small crate.
cd crates/ballast-math
# shellcheck disable=SC2086
exec "$tools/bin/cargo-mutants" mutants --no-shuffle --output ../../target/mutants --timeout-multiplier 3 "${files[@]}" ${MUTANTS_ARGS:-}
