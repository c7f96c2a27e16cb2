#!/usr/bin/env bash
# Builds an on-chain program into <project>/target/deploy/<name>.so (SBPF v3).
# Usage: build-sbf.sh [PACKAGE=ballast] [extra cargo args]
# SBF_PROJECT_DIR   the cargo project holding PACKAGE (default: this workspace)
# SBF_EXTRA_EXPORTS comma-separated soft-float symbols a third-party program needs kept exported
# With Solana's `cargo build-sbf` on PATH it uses that; otherwise the registry-only route
# (bootstrap-sbf.sh: Debian rustc 1.96 + build-std with a patched std + sbpf-linker on LLVM 23).
# A program of this workspace also gets target/deploy/<name>.so.stamp: "<package> <sources hash>
# <sha256 of the .so>" (sources-hash.sh), which the test harness checks against the checkout it tests.
source "$(dirname "$0")/lib.sh"
package=${1:-ballast}; shift || true
project=${SBF_PROJECT_DIR:-$REPO_ROOT}
cd "$project"
so="target/deploy/${package//-/_}.so"
stamped=0
[ "$project" != "$REPO_ROOT" ] || stamped=1

# Before building in target folder $1 (shared between checkouts): drop the stamp, and make cargo
# rebuild this checkout's crates when the folder's last build of them came from another checkout,
# or when target/deploy holds no build of these exact sources (cargo writes the .so only when it
# links, so a build it thinks is fresh would leave another build's .so in place).
own_target() {
  [ "$stamped" = 1 ] || return 0
  sources=$("$TOOLCHAIN_DIR/sources-hash.sh" "$package")
  local force=--force
  if [ -f "$so" ] && [ "$(cat "$so.stamp" 2>/dev/null)" = "$package $sources $(sha256sum <"$so" | cut -d' ' -f1)" ]; then
    force=
  fi
  rm -f "$so.stamp"
  "$TOOLCHAIN_DIR/own-target.sh" "$package" "$1" $force
}

if command -v cargo-build-sbf >/dev/null; then
  step "building $package with cargo build-sbf"
  manifest=$(grep -l "^name = \"$package\"" programs/*/Cargo.toml tests/programs/*/Cargo.toml Cargo.toml 2>/dev/null | head -1)
  [ -n "$manifest" ] || die "no Cargo.toml names package $package"
  own_target "${CARGO_TARGET_DIR:-$project/target}"
  cargo build-sbf --manifest-path "$manifest" --arch v3 --sbf-out-dir "$project/target/deploy" "$@"
  [ -f "$so" ] || die "the build finished but $so is missing"
  [ "$stamped" = 0 ] || echo "$package $sources $(sha256sum <"$so" | cut -d' ' -f1)" >"$so.stamp"
  exit 0
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
own_target "$CARGO_TARGET_DIR"
# The patched 128-bit builtins (bootstrap-sbf.sh) enter this build only: a [patch] given here, not in
# Cargo.toml, so host builds need nothing made first. The patch changes one lockfile entry, so this
# build resolves against its own copy of Cargo.lock (same versions) and leaves the checkout's alone.
# BALLAST_UNPATCHED_BUILTINS=1 leaves the patch out, into its own target folder: the builtins guard
# (scripts/test-builtins-guard.sh) must see the tests fail with the registry's builtins.
patch_args=()
if [ "${BALLAST_UNPATCHED_BUILTINS:-0}" = 1 ]; then
  export CARGO_TARGET_DIR="$BALLAST_CACHE/target/sbf-unpatched"
  step "building WITHOUT the patched solana-compiler-builtins (the builtins guard)"
elif [ "$project" = "$REPO_ROOT" ]; then
  sbf_lock="$REPO_ROOT/target/sbf/Cargo.lock"
  mkdir -p "$(dirname "$sbf_lock")"
  cp Cargo.lock "$sbf_lock"
  patch_args=(-Z lockfile-path --config "resolver.lockfile-path='$sbf_lock'"
    --config "patch.crates-io.solana-compiler-builtins.path='$REPO_ROOT/.toolchain/solana-compiler-builtins'")
fi
"$SBF_CARGO" build --release -p "$package" --target "$TOOLCHAIN_DIR/sbpf-solana-solana.json" \
  -Z json-target-spec -Z build-std=core,alloc,std,panic_abort "${patch_args[@]}" "$@"
[ -f "$so" ] || die "the build finished but $so is missing"
sha=$(sha256sum <"$so" | cut -d' ' -f1)
[ "$stamped" = 0 ] || echo "$package $sources $sha" >"$so.stamp"
step "built $so ($(stat -c %s "$so") bytes, sha256 $sha)"
