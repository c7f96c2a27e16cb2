#!/usr/bin/env bash
# `npm test`: type-check every TypeScript workspace, then run each one's tests. Every step runs and
# reports even after an earlier one failed (a failing client test must not hide the web test's
# result); the exit status is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
workspaces=(client demo cli crank indexer web)
failed=()
for w in "${workspaces[@]}"; do
  npx tsc -p "app/$w" || failed+=("tsc app/$w")
done
for w in "${workspaces[@]}"; do
  echo "# workspace @ballast/$w"
  npm test --silent -w "@ballast/$w" || failed+=("tests of @ballast/$w")
done
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
