# Sourced by the checks that build and test clones of this commit on the caller's shared build cache
# (test-own-build.sh, test-builtins-guard.sh), after setting CHECK_NAME: the same cache and host
# target as the caller, quiet program-test logs, and $tmp, a folder deleted on exit.
export BALLAST_CACHE=${BALLAST_CACHE:-$HOME/.cache/ballast}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$BALLAST_CACHE/target/host}
export RUST_LOG=${RUST_LOG:-error}
unset SBF_PROJECT_DIR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ballast-$CHECK_NAME.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
