#!/usr/bin/env bash
# The Rust half of `make lint` (and of `make test`'s lint runner): rustfmt's check with the
# committed rustfmt.toml, then clippy on every crate of the workspace and every target (tests,
# examples), warnings denied. The program and ballast-math (it runs on chain too) deny arithmetic
# side effects, truncating casts and unwrap in their Cargo.toml lints, so this checks those too.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
echo "rustfmt: every crate formatted"
cargo clippy --workspace --all-targets -- -D warnings
