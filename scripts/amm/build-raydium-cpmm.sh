#!/usr/bin/env bash
# Builds Raydium's CPMM program (crates.io `raydium-cp-swap`, MIT) into target/deploy/raydium_cp_swap.so
# with the project's own SBF route, for the rebalancing tests. Its source is fetched by cargo, copied
# under ~/.cache/ballast/amm and patched there; nothing of it enters the repository.
# Idempotent: the built .so is cached by its sources hash (version, this script and the toolchain:
# scripts/toolchain/sources-hash.sh), which also goes into the stamp beside the copy in target/deploy.
source "$(dirname "$0")/../toolchain/lib.sh"

name=raydium-cp-swap
version=$RAYDIUM_CP_SWAP_VERSION
amm_cache=$BALLAST_CACHE/amm
sources=$("$TOOLCHAIN_DIR/sources-hash.sh" "$name")
built=$amm_cache/raydium_cp_swap-$version-$sources.so
so=$REPO_ROOT/target/deploy/raydium_cp_swap.so
mkdir -p "$amm_cache" "$REPO_ROOT/target/deploy"
install_built() {
  cp "$built" "$so"
  echo "$name $sources $(sha256sum <"$so" | cut -d' ' -f1)" >"$so.stamp"
}
if [ -f "$built" ]; then
  install_built
  exit 0
fi

step "fetching $name $version from crates.io"
fetch=$amm_cache/fetch-$name
mkdir -p "$fetch/src" && touch "$fetch/src/lib.rs"
cat >"$fetch/Cargo.toml" <<TOML
[package]
name = "fetch-$name"
version = "0.0.0"
edition = "2021"
[dependencies]
$name = "=$version"
[workspace]
TOML
run_logged "fetch-$name" "could not fetch $name $version from crates.io" \
  cargo fetch --manifest-path "$fetch/Cargo.toml"
source_dir=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$name-$version" | head -1)
[ -d "$source_dir" ] || die "$name $version was fetched but its source is missing"

work=$amm_cache/$name-$version
rm -rf "$work" && cp -r "$source_dir" "$work" && chmod -R u+w "$work"
# What the registry-only route needs (docs/toolchain.md): the patched 128-bit builtins linked in,
# a standalone workspace, and its own Cargo.toml's "z" opt-level replaced (LLVM 23 refuses Oz).
cat >>"$work/Cargo.toml" <<TOML

[target.'cfg(target_os = "solana")'.dependencies.solana-compiler-builtins]
version = "=$SOLANA_COMPILER_BUILTINS_VERSION"

[workspace]

[patch.crates-io]
solana-compiler-builtins = { path = "$REPO_ROOT/.toolchain/solana-compiler-builtins" }
TOML
printf '#[cfg(target_os = "solana")]\nuse solana_compiler_builtins as _;\n' | cat - "$work/src/lib.rs" >"$work/src/lib.rs.new"
mv "$work/src/lib.rs.new" "$work/src/lib.rs"

step "building $name $version for SBF (about 2 minutes the first time)"
# It uses f64 (curve math): keep the soft-float helpers it calls exported.
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 SBF_PROJECT_DIR=$work SBF_TARGET_DIR=$BALLAST_CACHE/target/amm \
  SBF_EXTRA_EXPORTS=ceil,floor,__eqdf2,__nedf2,__ltdf2,__ledf2,__gtdf2,__gedf2,__adddf3,__subdf3,__muldf3,__divdf3,__floatdidf,__floatundidf,__fixdfdi,__fixunsdfdi \
  run_logged "build-$name" "building $name for SBF failed" "$TOOLCHAIN_DIR/build-sbf.sh" "$name"
cp "$work/target/deploy/raydium_cp_swap.so" "$built"
install_built
step "built target/deploy/raydium_cp_swap.so ($(stat -c %s "$built") bytes)"
