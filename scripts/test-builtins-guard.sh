#!/usr/bin/env bash
# `make test-builtins-guard`: the registry-only SBF build links a patched solana-compiler-builtins
# (the 128-bit libcall ABI, docs/toolchain.md). This proves the tests would notice if it did not:
#   1. clones this commit, builds its ballast.so WITHOUT the patch (BALLAST_UNPATCHED_BUILTINS=1,
#      own SBF target folder ~/.cache/ballast/target/sbf-unpatched, so the normal build stays warm);
#   2. runs the deposit tests against that .so: they must fail (u128 share maths goes wrong only in
#      the VM: a wrong figure, MathOverflow where shares fit, or an access violation), after loading
#      that very build (not refused as a stale or foreign build).
# `make test` runs the same tests against the patched build, where they pass. Exits non-zero when
# the unpatched build passes or fails otherwise. Only committed files are cloned; the clone is deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
CHECK_NAME=builtins-guard
source scripts/clone-check.sh
say() { echo "[builtins-guard] $*"; }

say "clone of $(git rev-parse --short HEAD) in $tmp"
[ -z "$(git status --porcelain --untracked-files=no)" ] || say "note: uncommitted changes in $root are not in the clone"
git clone --quiet "$root" "$tmp/c"
cd "$tmp/c"
make --no-print-directory .toolchain/solana-compiler-builtins/.patched >/dev/null
if ! BALLAST_UNPATCHED_BUILTINS=1 scripts/toolchain/build-sbf.sh ballast >"$tmp/build.log" 2>&1; then
  tail -n 20 "$tmp/build.log"
  say "FAIL: the unpatched build did not build (the guard needs it to build and load)"
  exit 1
fi
grep -E '^\[ballast\] (built|building WITHOUT)' "$tmp/build.log" | sed 's/^/  /'
status=0
(scripts/toolchain/own-target.sh host && cargo test -p ballast-tests --test deposit) >"$tmp/tests.log" 2>&1 || status=$?
grep -E '^test .*(FAILED|ok)$|^test result:|native and SBF runs' "$tmp/tests.log" | awk '!seen[$0]++' | sed 's/^/  /'
if [ "$status" = 0 ]; then
  say "FAIL in $((SECONDS - start))s: the deposit tests passed against the unpatched build: the guard no longer guards"
  exit 1
elif grep -q "was built from other sources\|has no stamp\|changed since its build" "$tmp/tests.log" || ! grep -q "^test result: FAILED" "$tmp/tests.log"; then
  tail -n 30 "$tmp/tests.log"
  say "FAIL in $((SECONDS - start))s: the deposit tests did not run against the unpatched build"
  exit 1
elif grep -q "^test .*FAILED$" "$tmp/tests.log"; then
  say "PASS in $((SECONDS - start))s: $(grep -c '^test .*FAILED$' "$tmp/tests.log") deposit tests failed against the unpatched build (make test passes them against the patched one): $(grep -m1 -A1 'panicked at' "$tmp/tests.log" | tail -1 | cut -c1-200)"
else
  tail -n 30 "$tmp/tests.log"
  say "FAIL in $((SECONDS - start))s: the deposit tests failed against the unpatched build, but no test failure was reported"
  exit 1
fi
