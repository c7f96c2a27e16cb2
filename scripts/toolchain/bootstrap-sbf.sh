#!/usr/bin/env bash
# Installs what the registry-only SBF route needs, idempotently, caching slow parts in $BALLAST_CACHE:
#   1. Debian rustc/cargo 1.96 with library source (apt)
#   2. sbpf-linker built against LLVM 23 static libraries from PyPI (~2 min once)
#   3. std sources patched for target_os = "solana" (patch-std.py)
#   4. solana-compiler-builtins patched for the 128-bit libcall ABI (patch-compiler-builtins.py)
# Prints the env file to source for the build (sbf-env.sh does that).
source "$(dirname "$0")/lib.sh"

ensure_debian_rustc() {
  if "$SBF_RUSTC" -V 2>/dev/null | grep -q "^rustc $SBF_RUSTC_VERSION" && [ -d "$RUST_LIBRARY_SRC/std" ]; then return; fi
  command -v apt-get >/dev/null || die "rustc $SBF_RUSTC_VERSION with library source is missing and there is no apt-get: install Debian's '$DEBIAN_RUSTC_PACKAGES', or put cargo-build-sbf (Solana platform-tools) on PATH"
  [ "$(id -u)" = 0 ] || die "installing '$DEBIAN_RUSTC_PACKAGES' needs root: run 'sudo apt-get install -y $DEBIAN_RUSTC_PACKAGES' once, or put cargo-build-sbf on PATH"
  step "installing $DEBIAN_RUSTC_PACKAGES (apt)"
  run_logged apt-update "apt-get update failed: no network to the Debian mirrors? install '$DEBIAN_RUSTC_PACKAGES' by hand" apt-get update -qq
  run_logged apt-rustc "apt-get could not install '$DEBIAN_RUSTC_PACKAGES' (Debian bookworm-backports or newer provides rustc-web $SBF_RUSTC_VERSION)" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DEBIAN_RUSTC_PACKAGES
  "$SBF_RUSTC" -V | grep -q "^rustc $SBF_RUSTC_VERSION" || die "apt installed $("$SBF_RUSTC" -V), but the std patches need rustc $SBF_RUSTC_VERSION"
}

ensure_sbpf_linker() {
  [ -x "$SBPF_LINKER_HOME/bin/sbpf-linker" ] && return
  command -v pip >/dev/null || command -v pip3 >/dev/null || die "pip is missing: install python3-pip (needed to fetch the LLVM $LLVM_WHEEL_VERSION wheels from PyPI)"
  command -v g++ >/dev/null || die "g++ is missing (its libstdc++.a links sbpf-linker): apt-get install g++"
  step "building sbpf-linker $SBPF_LINKER_VERSION on LLVM $LLVM_WHEEL_VERSION from PyPI (about 2 minutes, once)"
  local work="$BALLAST_CACHE/work/sbpf-linker"
  mkdir -p "$work"
  if [ ! -d "$work/unpacked/mlc_llvm_static/static/lib" ]; then
    run_logged pip-llvm "could not download mlc-llvm-static==$LLVM_WHEEL_VERSION from PyPI (network? proxy?)" \
      python3 -m pip download --no-deps -d "$work/wheels" "mlc-llvm-static==$LLVM_WHEEL_VERSION" "mlc-llvm-static-extra-targets==$LLVM_WHEEL_VERSION"
    python3 - "$work/wheels" "$work/unpacked" <<'PY'
import sys, zipfile, pathlib
for whl in pathlib.Path(sys.argv[1]).glob("*.whl"):
    zipfile.ZipFile(whl).extractall(sys.argv[2])
PY
  fi
  local llvm="$work/unpacked/mlc_llvm_static/static"
  chmod +x "$llvm/bin/llvm-config"
  # bpf-linker's build script links every libLLVM*.a under $LLVM_PREFIX/lib, so give it a folder
  # holding only the archives the BPF backend needs.
  local prefix="$work/llvm-bpf"
  rm -rf "$prefix" && mkdir -p "$prefix/lib"
  local lib
  for lib in $("$llvm/bin/llvm-config" --link-static --libnames bpf bitreader bitwriter linker ipo passes irreader asmparser core target mc support analysis transformutils) libz.a libzstd.a; do
    ln -sf "$llvm/lib/$lib" "$prefix/lib/$lib"
  done
  run_logged sbpf-linker "cargo install sbpf-linker $SBPF_LINKER_VERSION failed (crates.io reachable?)" \
    env -u RUSTUP_TOOLCHAIN LLVM_PREFIX="$prefix" ZLIB_PATH="$prefix/lib" LIBZSTD_PATH="$prefix/lib" \
      CXXSTDLIB_PATH="$(dirname "$(g++ -print-file-name=libstdc++.a)")" \
      CARGO_TARGET_DIR="$work/target" RUSTC="$SBF_RUSTC" \
      "$SBF_CARGO" install sbpf-linker --version "$SBPF_LINKER_VERSION" --locked --root "$SBPF_LINKER_HOME" \
        --no-default-features --features bpf-linker/llvm-23,bpf-linker/llvm-link-static
  "$SBPF_LINKER_HOME/bin/sbpf-linker" --version >/dev/null || die "sbpf-linker was built but does not run"
  rm -rf "$work"
}

ensure_patched_std() {
  local dest="$BALLAST_CACHE/rust-src-$SBF_RUSTC_VERSION-$(hash_of "$TOOLCHAIN_DIR/patch-std.py")"
  if [ ! -f "$dest/.done" ]; then
    step "patching std for target_os = \"solana\" -> $dest"
    run_logged patch-std "patching std failed: the Debian library source does not match what patch-std.py expects" \
      python3 "$TOOLCHAIN_DIR/patch-std.py" "$RUST_LIBRARY_SRC" "$dest"
    touch "$dest/.done"
  fi
}

ensure_patched_builtins() {
  local dest="$REPO_ROOT/.toolchain/solana-compiler-builtins"
  local stamp; stamp=$(hash_of "$TOOLCHAIN_DIR/patch-compiler-builtins.py")
  [ "$(cat "$dest/.patched" 2>/dev/null)" = "$stamp" ] && return
  step "patching solana-compiler-builtins $SOLANA_COMPILER_BUILTINS_VERSION -> .toolchain/"
  run_logged patch-builtins "could not fetch or patch solana-compiler-builtins $SOLANA_COMPILER_BUILTINS_VERSION (crates.io reachable?)" \
    python3 "$TOOLCHAIN_DIR/patch-compiler-builtins.py" "$SOLANA_COMPILER_BUILTINS_VERSION" "$dest"
  echo "$stamp" >"$dest/.patched"
}

case "${1:-all}" in
  builtins) ensure_patched_builtins ;;   # the part build-sbf.sh patches into the SBF build
  all) ensure_debian_rustc; ensure_sbpf_linker; ensure_patched_std; ensure_patched_builtins ;;
  *) die "usage: bootstrap-sbf.sh [all|builtins]" ;;
esac
