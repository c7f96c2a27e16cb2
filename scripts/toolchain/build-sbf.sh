#!/usr/bin/env bash
# Builds an on-chain program into <project>/target/deploy/<name>.so (SBPF v3).
# Usage: build-sbf.sh [PACKAGE=ballast] [extra cargo args]
# SBF_PROJECT_DIR   the cargo project holding PACKAGE (default: this workspace)
# SBF_EXTRA_EXPORTS comma-separated soft-float symbols a third-party program needs kept exported
# With Solana's `cargo build-sbf` on PATH it uses that; otherwise the registry-only route
# (bootstrap-sbf.sh: Debian rustc 1.96 + build-std with a patched std + sbpf-linker on LLVM 23).
source "$(dirname "$0")/lib.sh"
package=${1:-ballast}; shift || true
project=${SBF_PROJECT_DIR:-$REPO_ROOT}
cd "$project"

if command -v cargo-build-sbf >/dev/null; then
  step "building $package with cargo build-sbf"
  manifest=$(grep -l "^name = \"$package\"" programs/*/Cargo.toml tests/programs/*/Cargo.toml Cargo.toml 2>/dev/null | head -1)
  [ -n "$manifest" ] || die "no Cargo.toml names package $package"
  exec cargo build-sbf --manifest-path "$manifest" --arch v3 "$@"
fi

"$TOOLCHAIN_DIR/bootstrap-sbf.sh" all
unset RUSTUP_TOOLCHAIN RUSTFLAGS
export PATH="$SBPF_LINKER_HOME/bin:$PATH" CARGO="$SBF_CARGO" RUSTC="$SBF_RUSTC"
# build-std needs nightly cargo features; Debian's stable 1.96 allows them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1
# std's build script: treat our JSON target as a platform with a real std (no `restricted_std`).
export RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1
# Where build-std reads the library source: the patched copy (an internal cargo knob, hence the pinned rustc).
export __CARGO_TESTS_ONLY_SRC_ROOT="$BALLAST_CACHE/rust-src-$SBF_RUSTC_VERSION-$(hash_of "$TOOLCHAIN_DIR/patch-std.py")/library"
export CARGO_TARGET_DIR="${SBF_TARGET_DIR:-$BALLAST_CACHE/target/sbf}"
# Linker flags: SBF's 4 KiB stack frames; no BPF v4 instructions SBPF lacks; emit SBPF v3; keep the
# i128 <-> f64 builtins (patched ABI) exported so compiler_builtins' weak versions are never used.
exports=__floatuntidf,__floattidf,__fixunsdfti,__fixdfti,__unorddf2${SBF_EXTRA_EXPORTS:+,$SBF_EXTRA_EXPORTS}
flags=(-C passes=lower-atomic -C link-arg=--arch=v3 -C "link-arg=--export=$exports")
for llvm_arg in --bpf-stack-size=4096 --disable-movsx --disable-ldsx --disable-bswap --disable-gotol --disable-gotox; do
  flags+=(-C "link-arg=--llvm-args=$llvm_arg")
done
export CARGO_TARGET_SBPF_SOLANA_SOLANA_RUSTFLAGS="${flags[*]}"

step "building $package (SBPF v3, $("$SBF_RUSTC" -V | cut -d' ' -f2), sbpf-linker $SBPF_LINKER_VERSION)"
mkdir -p target/deploy
"$SBF_CARGO" build --release -p "$package" --target "$TOOLCHAIN_DIR/sbpf-solana-solana.json" \
  -Z json-target-spec -Z build-std=core,alloc,std,panic_abort "$@"
so="target/deploy/${package//-/_}.so"
[ -f "$so" ] || die "the build finished but $so is missing"
step "built $so ($(stat -c %s "$so") bytes)"
