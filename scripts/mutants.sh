#!/usr/bin/env bash
# `make mutants`: mutation testing with cargo-mutants (not part of `make test`: a full run takes
# hours on two cores). Installs cargo-mutants once into ~/.cache/ballast/tools.
#   MUTANTS_CRATE=math (default): crates/ballast-math against its own tests; cargo-mutants copies the
#     crate into a scratch folder per mutant and writes target/mutants/mutants.out/.
#   MUTANTS_CRATE=program: the program's handlers (programs/ballast) against the integration tests
#     run natively (BALLAST_TEST_MODES=native, see tests/src/lib.rs: a mutant is compiled for the host,
#     no .so of it exists). It mutates in place inside a scratch git worktree of HEAD (the tests need
#     target/deploy's CPMM and adversary builds, copied in from `make build amm`), with its own build
#     folder (the host one: compiled dependencies are shared), and writes target/mutants-program/mutants.out/.
#   MUTANTS_TESTS="deposit in_kind …"   the program run's test files (default below)
#   MUTANTS_FILES="crates/ballast-math/src/shares.rs …"   only mutate these files (paths from the repo root)
#   MUTANTS_ARGS="..."                               anything else for cargo-mutants
#   MUTANTS_OUTPUT=target/mutants-crank              where mutants.out/ goes (program runs; to keep several)
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
if [ "${MUTANTS_CRATE:-math}" = program ]; then
  root=$PWD
  for so in raydium_cp_swap adversary_amm test_solver; do
    [ -f "target/deploy/$so.so.stamp" ] || { echo "error: target/deploy/$so.so missing: run 'make build amm' first" >&2; exit 1; }
  done
  scratch=${BALLAST_CACHE:-$HOME/.cache/ballast}/work/mutants-program
  git worktree remove --force "$scratch" 2>/dev/null || rm -rf "$scratch"
  git worktree add --detach --quiet "$scratch" HEAD
  trap 'git -C "$root" worktree remove --force "$scratch" 2>/dev/null || true' EXIT
  mkdir -p "$scratch/target/deploy"
  cp target/deploy/raydium_cp_swap.so* target/deploy/adversary_amm.so* target/deploy/test_solver.so* "$scratch/target/deploy/"
  tests=()
  for t in ${MUTANTS_TESTS:-deposit in_kind claims token_2022 rebalance adversary breaker governance every_account adapters share_metadata}; do
    tests+=(--test "$t")
  done
  # Only the program's files are mutated (cargo-mutants' --package would also narrow the tests).
  [ ${#files[@]} -gt 0 ] || files=(--file 'programs/ballast/src/**/*.rs')
  cd "$scratch"
  export BALLAST_TEST_MODES=native CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${BALLAST_CACHE:-$HOME/.cache/ballast}/target/host}
  # cargo-mutants 27.1 runs its baseline on the mutated package's own tests only (none here), so
  # the script runs the baseline itself, times it, and gives each mutant three times that.
  start=$(date +%s)
  cargo test --quiet -p ballast-tests "${tests[@]}" >/dev/null
  timeout=$(( ($(date +%s) - start) * 3 + 120 ))
  echo "[ballast] native baseline passed in $(( $(date +%s) - start )) s; $timeout s per mutant at most"
  # shellcheck disable=SC2086
  "$tools/bin/cargo-mutants" mutants --in-place --no-shuffle --test-package ballast-tests --baseline skip \
    --output "$root/${MUTANTS_OUTPUT:-target/mutants-program}" --timeout "$timeout" --build-timeout 1200 \
    "${files[@]}" ${MUTANTS_ARGS:-} -- "${tests[@]}"
  exit $?
fi
# The math crate's tests only (unit, property, doc tables): each mutant rebuilds one small crate.
cd crates/ballast-math
# shellcheck disable=SC2086
exec "$tools/bin/cargo-mutants" mutants --no-shuffle --output ../../target/mutants --timeout-multiplier 3 "${files[@]}" ${MUTANTS_ARGS:-}
