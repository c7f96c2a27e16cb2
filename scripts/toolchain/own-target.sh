#!/usr/bin/env bash
# Run before a cargo build in a target folder that other checkouts share (~/.cache/ballast/target/*):
# makes cargo rebuild this checkout's crates instead of reusing another checkout's build of them.
#
# Why: cargo names a workspace crate's outputs after its path relative to the workspace root, so two
# checkouts write the same files in a shared folder, and it decides they are fresh when no source
# file of the crate is newer than them. A checkout whose files are older than another checkout's
# last build would run that build. The fix: when the folder's last build of KIND was made from
# another checkout, touch this checkout's crates of KIND (`sources-hash.sh --crates KIND`): they
# are then newer than every output in the folder, and until another checkout builds there, cargo's
# own rule is right again. Then record this checkout (and its sources hash, for the reader).
# Compiled dependencies (crates.io, std) are untouched and stay shared.
# --force (build-sbf.sh: target/deploy holds no build of these sources) also touches the first
# crate of KIND, the program itself, when this checkout built last: cargo then links it again.
#
# Usage: own-target.sh KIND [DIR] [--force]
#   KIND   host | ballast | adversary-amm (see sources-hash.sh)
#   DIR    the target folder (default: $CARGO_TARGET_DIR, else this checkout's target/)
# Two checkouts must not build in one folder at the same time (nothing here locks across commands).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd -P)
kind=${1:?usage: own-target.sh KIND [DIR] [--force]}
shift
dir=${CARGO_TARGET_DIR:-$root/target}
force=0
for arg in "$@"; do
  case "$arg" in --force) force=1 ;; *) dir=$arg ;; esac
done

record="$dir/.ballast-checkout/$kind"
last=$(head -n 1 "$record" 2>/dev/null || true)
if [ "$force" = 1 ] || [ "$last" != "$root" ]; then
  cd "$root"
  mapfile -t crates < <("$here/sources-hash.sh" --crates "$kind")
  why="last built there by ${last:-no recorded checkout}"
  if [ "$last" = "$root" ]; then
    crates=("${crates[0]}")
    why="target/deploy holds no build of these sources"
  fi
  existing=()
  for c in "${crates[@]}"; do if [ -e "$c" ]; then existing+=("$c"); fi; done
  if [ ${#existing[@]} -gt 0 ]; then
    find "${existing[@]}" -type f -exec touch -c {} +
  fi
  echo "[ballast] $kind: touched ${existing[*]} so that cargo rebuilds them in $dir ($why)"
fi
mkdir -p "$(dirname "$record")"
printf '%s\n%s\n' "$root" "$("$here/sources-hash.sh" "$kind")" >"$record"
