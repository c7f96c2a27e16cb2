#!/usr/bin/env bash
# The one definition of "the sources a build is made from" (docs/toolchain.md, "One checkout, one
# build"). `make build` writes the hash into a stamp beside each .so, and the test harness
# (tests/src/programs.rs) runs this script again and refuses a .so whose stamp differs.
#
# Usage: sources-hash.sh KIND            print KIND's content hash (16 hex digits)
#        sources-hash.sh --files KIND    print the files it hashes
#        sources-hash.sh --crates KIND   print the folders of this checkout that cargo compiles for KIND
# KIND:  ballast | adversary-amm | test-solver   a workspace program: its crates, the workspace manifest and
#                                       lock file, the SBF toolchain scripts and patches
#        raydium-cp-swap                the third-party CPMM: its crates.io version, its build script
#                                       and the toolchain (scripts/amm/build-raydium-cpmm.sh)
#        host                           every workspace member (host builds: tests, clippy, IDL)
# Files are what git lists (tracked, or untracked and not ignored; `find` outside git), read from the
# working tree, so uncommitted edits count.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# shellcheck source=versions.env
source scripts/toolchain/versions.env

toolchain=(scripts/toolchain/build-sbf.sh scripts/toolchain/patch-std.py scripts/toolchain/patch-compiler-builtins.py
  scripts/toolchain/sbpf-solana-solana.json scripts/toolchain/versions.env)
# Not a git file: the patched builtins (made from patch-compiler-builtins.py, hashed above) are
# compiled from this checkout too, so a rebuild must include them.
builtins=.toolchain/solana-compiler-builtins

mode=hash
case "${1:-}" in --files | --crates) mode=${1#--}; shift ;; esac
kind=${1:-}
case "$kind" in
  ballast) crates=(programs/ballast crates/ballast-math) ;;
  adversary-amm) crates=(tests/programs/adversary) ;;
  test-solver) crates=(tests/programs/solver) ;;
  raydium-cp-swap) crates=() ;;
  host) mapfile -t crates < <(sed -n 's/^members *= *\[\(.*\)\]/\1/p' Cargo.toml | tr -d '" ' | tr ',' '\n') ;;
  *) echo "usage: sources-hash.sh [--files|--crates] ballast|adversary-amm|test-solver|raydium-cp-swap|host" >&2; exit 2 ;;
esac

if [ "$mode" = crates ]; then
  if [ ${#crates[@]} -gt 0 ]; then printf '%s\n' "${crates[@]}"; fi
  case "$kind" in ballast | adversary-amm | test-solver) echo "$builtins" ;; esac
  exit 0
fi

case "$kind" in
  raydium-cp-swap) inputs=(scripts/amm/build-raydium-cpmm.sh "${toolchain[@]}") ;;
  host) inputs=("${crates[@]}" Cargo.toml Cargo.lock) ;;
  *) inputs=("${crates[@]}" Cargo.toml Cargo.lock "${toolchain[@]}") ;;
esac

files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard -- "${inputs[@]}"
  else
    find "${inputs[@]}" -type f -print0
  fi | LC_ALL=C sort -zu | while IFS= read -r -d '' f; do
    # a tracked file deleted in the working tree is not a source any more
    if [ -f "$f" ]; then printf '%s\0' "$f"; fi
  done
}

if [ "$mode" = files ]; then
  files | tr '\0' '\n'
  exit 0
fi
{
  echo "$kind"
  if [ "$kind" = raydium-cp-swap ]; then echo "raydium-cp-swap $RAYDIUM_CP_SWAP_VERSION"; fi
  files | xargs -0 --no-run-if-empty sha256sum
} | sha256sum | cut -c1-16
