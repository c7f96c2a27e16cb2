#!/usr/bin/env bash
# Regenerates the strategy evidence docs/simulator.md quotes (docs/sim/evidence/): on every shipped
# series — the real daily closes (S&P 500 / NASDAQ / WTI, 1999–2018), the real hourly BTC/USD
# (2017–2019) and the demo vault's simulated year of minutes (seed 7) — the 54-policy sweep under the
# objective, the paired block bootstrap of each challenger (widened band, drift gate) against the best
# fixed band, and walk-forward folds in both directions; each with pools that lag the oracle and with
# pools at the oracle; then twenty seeded years of each path model, both ways. About 15 minutes on two
# cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ballast/target/host}"
cargo build --quiet --release -p ballast-sim
sim="$CARGO_TARGET_DIR/release/ballast-sim"
out=docs/sim/evidence
daily=(--prices crates/ballast-sim/data/historical-daily.csv --vault crates/ballast-sim/vaults/historical.json)
hourly=(--prices crates/ballast-sim/data/intraday-crypto.csv --vault crates/ballast-sim/vaults/intraday-crypto.json)
minutes=(--seed 7 --steps 525600)
for lag in true false; do
  name=$([ "$lag" = true ] && echo lag || echo no-lag)
  # Daily: blocks of 20 trading days, split at 2009-01-01.
  "$sim" sweep "${daily[@]}" --pool-lag "$lag" --out "$out/daily/$name" >/dev/null
  "$sim" bootstrap "${daily[@]}" --pool-lag "$lag" --block 20 --out "$out/daily/$name" >/dev/null
  "$sim" walkforward "${daily[@]}" --pool-lag "$lag" --split 1230768000 --out "$out/daily/$name" >/dev/null
  # Hourly: blocks of a week (168 hours), split at 2018-07-01.
  "$sim" sweep "${hourly[@]}" --pool-lag "$lag" --out "$out/hourly/$name" >/dev/null
  "$sim" bootstrap "${hourly[@]}" --pool-lag "$lag" --block 168 --out "$out/hourly/$name" >/dev/null
  "$sim" walkforward "${hourly[@]}" --pool-lag "$lag" --split 1530403200 --out "$out/hourly/$name" >/dev/null
  # Minutes: blocks of a day, 100 resamples (a year of minutes per run), split at half the year.
  "$sim" sweep "${minutes[@]}" --pool-lag "$lag" --out "$out/minutes/$name" >/dev/null
  "$sim" bootstrap "${minutes[@]}" --pool-lag "$lag" --block 1440 --samples 100 --out "$out/minutes/$name" >/dev/null
  echo "evidence: $name done"
done
for lag in true false; do
  name=$([ "$lag" = true ] && echo lag || echo no-lag)
  "$sim" sweep --seeds 20 --steps 525600 --pool-lag "$lag" --out "$out/seeds-jumps/$name" >/dev/null
  "$sim" sweep --seeds 20 --steps 525600 --model garch --pool-lag "$lag" --out "$out/seeds-garch/$name" >/dev/null
done
echo "evidence in $out"
