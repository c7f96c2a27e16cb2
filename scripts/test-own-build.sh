#!/usr/bin/env bash
# `make test-own-build`: every test run tests its own checkout's build, even when checkouts share
# the build cache (docs/toolchain.md, "One checkout, one build"). On this machine, with the same
# $BALLAST_CACHE / CARGO_TARGET_DIR as the caller:
#   1. clones this commit twice (A and B), patches each one's builtins (.toolchain) and breaks B's
#      program (deposit counts 2 per deposit): every file of both clones is now older than what
#      either builds next, the case in which cargo alone reuses the other clone's build;
#   2. B: make build                  B's broken .so
#   3. A: make build + deposit tests  must pass: A's own program, natively and in the VM
#   4. B: deposit tests               must fail on the deposit count, natively and in the VM alike
#                                     (native and SBF results that differ = not B's own build)
#   5. A: a program source changed without `make build`: the harness must refuse A's .so.
# Prints each run's lines (the .so each loaded, with its sha256, and the test result) and exits
# non-zero when any step goes otherwise. Only committed files are cloned. The clones are deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
commit=$(git rev-parse HEAD)
CHECK_NAME=own-build
source scripts/clone-check.sh
failed=0

say() { echo "[own-build] $*"; }
fail() { say "FAIL: $*"; failed=1; }

say "clones of $(git rev-parse --short HEAD) in $tmp; build cache $BALLAST_CACHE, host target $CARGO_TARGET_DIR"
[ -z "$(git status --porcelain --untracked-files=no)" ] || say "note: uncommitted changes in $root are not in the clones"
for c in a b; do
  git clone --quiet --no-checkout "$root" "$tmp/$c"
  git -C "$tmp/$c" checkout --quiet --detach "$commit"
  make --no-print-directory -C "$tmp/$c" .toolchain/solana-compiler-builtins/.patched >/dev/null
done
broken=programs/ballast/src/instructions/depositor/deposit.rs
sed -i 's/deposit_count\.checked_add(1)/deposit_count.checked_add(2)/' "$tmp/b/$broken"
if git -C "$tmp/b" diff --quiet; then
  say "FAIL: the deliberate break (deposit_count.checked_add(1) in $broken) no longer applies: update $0"
  exit 1
fi

# make build in clone $1; its log in $tmp/$1-build.log
build() {
  if (cd "$tmp/$1" && make --no-print-directory build) >"$tmp/$1-build.log" 2>&1; then
    grep -E '^\[ballast\] (built|[a-z-]+: touched)' "$tmp/$1-build.log" | sed "s|$tmp/||g; s|^|  $1 build: |"
  else
    tail -n 20 "$tmp/$1-build.log"
    fail "make build in clone $1 failed"
    exit 1
  fi
}

# The deposit tests in clone $1 the way `make test-rust` runs them; their log in $tmp/$1-$2.log.
deposit_tests() {
  local log="$tmp/$1-$2.log" status=0
  (cd "$tmp/$1" && scripts/toolchain/own-target.sh host && cargo test -p ballast-tests --test deposit) >"$log" 2>&1 || status=$?
  grep -oE '\[ballast-tests\] loaded .*|^test .*FAILED|^test result:.*|[^ ]* was built from other sources .*|^\[ballast\].*' "$log" \
    | awk '!seen[$0]++' | sed "s|$tmp/||g; s|^|  $1 $2: |"
  return $status
}

say "B: make build (the broken program)"
build b
say "A: make build, then its deposit tests (must pass)"
build a
if deposit_tests a tests; then say "A passed, as it must"; else fail "A's deposit tests failed"; fi
say "B: deposit tests (must fail: B's program counts 2 per deposit)"
if deposit_tests b tests; then
  fail "B's deposit tests passed: they did not test B's build"
elif grep -q "native and SBF runs .*differ\|native and SBF runs left different" "$tmp/b-tests.log"; then
  fail "B's native and SBF runs differ: B's test binary or B's .so is not B's own build"
elif grep -q "^test deposit_values_the_asset_low_and_the_vault_high \.\.\. FAILED" "$tmp/b-tests.log"; then
  say "B failed, as it must (deposit_values_the_asset_low_and_the_vault_high; native and SBF agree)"
else
  tail -n 20 "$tmp/b-tests.log"
  fail "B's deposit tests failed, but not on the broken deposit count"
fi
say "A: program source changed without make build (must refuse the .so)"
echo "// changed after the build" >>"$tmp/a/programs/ballast/src/lib.rs"
if deposit_tests a stale; then
  fail "A's tests ran against a .so built from other sources"
elif grep -q "was built from other sources than this checkout's .*: run \`make build\`" "$tmp/a-stale.log"; then
  say "A refused its stale .so, as it must"
else
  tail -n 20 "$tmp/a-stale.log"
  fail "A's tests failed, but not with the stale-build refusal"
fi
say "$([ "$failed" = 0 ] && echo PASS || echo FAIL) in $((SECONDS - start))s"
exit $failed
