#!/usr/bin/env bash
# Runs every test runner, keeps going after a failure, and ends with each runner's summary line.
# Exit status is non-zero when any runner failed.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=${BALLAST_TEST_LOGS:-target/test-logs}
mkdir -p "$logs"
declare -a names summaries
failed=0

run() {
  local name=$1 pattern=$2; shift 2
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  local summary
  if grep -qE '^test result:' "$logs/$name.log"; then
    # cargo prints one line per test binary: add them up.
    summary=$(grep -E '^test result:' "$logs/$name.log" | awk '{p += $4; f += $6} END {printf "%d passed, %d failed (%d test binaries)", p, f, NR}')
  elif grep -qE '^# pass ' "$logs/$name.log"; then
    # node's test runner prints one block per workspace: add them up.
    summary=$(awk '/^# pass /{p += $3} /^# fail /{f += $3; n++} END {printf "%d passed, %d failed (%d workspaces)", p, f, n}' "$logs/$name.log")
  else
    summary=$(grep -E "$pattern" "$logs/$name.log" | awk '{print}' ORS='; ' | sed 's/; $//')
  fi
  names+=("$name")
  summaries+=("$( [ "$status" = 0 ] && echo PASS || echo FAIL ) in $((SECONDS - start))s: ${summary:-no summary line (exit $status)}")
  [ "$status" = 0 ] || failed=1
}

# The host build folder may be shared with other checkouts: rebuild this checkout's crates there
# when another checkout built them last (docs/toolchain.md, "One checkout, one build").
scripts/toolchain/own-target.sh host

run lint   '^rustfmt: |Finished|^error|^Diff in' scripts/lint-rust.sh
run tslint '^error|problems?\)|warn\]|All matched files use Prettier' npm run --silent lint
run math   '^test result:' cargo test --no-fail-fast -p ballast-math
# program-test logs every instruction at debug level unless RUST_LOG says otherwise; the tests keep
# each transaction's program output themselves and print it when an assertion fails.
RUST_LOG=${RUST_LOG:-error} run program '^test result:' cargo test --no-fail-fast -p ballast-tests -p ballast
run sim    '^test result:' cargo test -p ballast-sim
run ts     '^# (tests|pass|fail) ' npm test --silent
# The demo's main loop (chain, price publisher, arbitrageur, crank, web app) for 100 s at one tick a
# second: past the point where the chain used to stop answering (make soak runs it for 30 minutes).
run soak   '^soak: ' npx tsx scripts/demo.ts --soak 100 --tick-ms 1000

echo
echo "=== summary"
for i in "${!names[@]}"; do
  printf '%-8s %s\n' "${names[$i]}" "${summaries[$i]}"
done
exit $failed
