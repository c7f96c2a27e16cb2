# Shared helpers for scripts/: sourced, not run.
# shellcheck shell=bash
set -euo pipefail
TOOLCHAIN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$TOOLCHAIN_DIR/../.." && pwd)
# shellcheck source=versions.env
source "$TOOLCHAIN_DIR/versions.env"
mkdir -p "$BALLAST_CACHE/logs"

# One clear line on stderr, then stop. Used for every "cannot bootstrap" case.
die() { echo "error: $*" >&2; exit 1; }
step() { echo "[ballast] $*"; }

# Runs a noisy command with its output in a log file; on failure prints the log's tail and the given hint.
run_logged() {
  local name=$1 hint=$2; shift 2
  local log="$BALLAST_CACHE/logs/$name.log"
  if ! "$@" >"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "$hint (full log: $log)"
  fi
}

# Content hash of files, for cache folder names that change when a patch script changes.
hash_of() { cat "$@" | sha256sum | cut -c1-12; }
