#!/usr/bin/env python3
"""Unpack solana-compiler-builtins from crates.io and fix its 128-bit libcall ABI for rustc 1.96 + LLVM 23.

Usage: patch-compiler-builtins.py VERSION DEST   (build-sbf.sh patches the SBF build to DEST)

Why: LLVM's BPF backend lowers i128 mul/div/rem to libcalls with the native signature
`i128 (i128, i128)` (arguments in r1..r4, result in r0 and r2), while rustc compiles a Rust-ABI
`fn(i128, i128) -> i128` for bpf with a hidden return pointer in r1. The callee then writes its
result through the caller's first argument: garbage or an access violation (0xdeadbeef...).
`extern "unadjusted"` (a rustc-internal ABI that emits raw LLVM types) makes the definitions match
the calls. Signed division/remainder and the i128 <-> f64 conversions are added with the same ABI,
so compiler_builtins' weak versions (C ABI, indirect i128) are never linked.
"""
import glob
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

if len(sys.argv) != 3:
    sys.exit("usage: patch-compiler-builtins.py VERSION DEST")
VERSION, DEST = sys.argv[1], pathlib.Path(sys.argv[2])
NAME = f"solana-compiler-builtins-{VERSION}"
CARGO_HOME = pathlib.Path(os.environ.get("CARGO_HOME", pathlib.Path.home() / ".cargo"))


def crate_archive() -> pathlib.Path:
    found = glob.glob(str(CARGO_HOME / f"registry/cache/*/{NAME}.crate"))
    if not found:  # let cargo download it, through a throwaway manifest
        tmp = pathlib.Path(tempfile.mkdtemp())
        (tmp / "src").mkdir()
        (tmp / "src/lib.rs").write_text("")
        (tmp / "Cargo.toml").write_text(
            f'[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n'
            f'[dependencies]\nsolana-compiler-builtins = "={VERSION}"\n')
        subprocess.check_call(["cargo", "fetch", "--quiet"], cwd=tmp)
        found = glob.glob(str(CARGO_HOME / f"registry/cache/*/{NAME}.crate"))
    if not found:
        sys.exit(f"{NAME}.crate not found after cargo fetch")
    return pathlib.Path(found[0])


if DEST.exists():
    shutil.rmtree(DEST)
with tempfile.TemporaryDirectory() as tmp, tarfile.open(crate_archive()) as tar:
    tar.extractall(tmp, filter="data")
    shutil.copytree(pathlib.Path(tmp) / NAME, DEST)

lib = DEST / "src/lib.rs"
text = lib.read_text()


def replace(old: str, new: str) -> None:
    global text
    if text.count(old) != 1:
        sys.exit(f"patch-compiler-builtins: expected exactly one {old!r}, found {text.count(old)}")
    text = text.replace(old, new)


replace('#![cfg_attr(target_arch = "bpf", no_std)]\n',
        '#![cfg_attr(target_arch = "bpf", no_std)]\n'
        '#![cfg_attr(target_arch = "bpf", feature(abi_unadjusted))]\n'
        '#![cfg_attr(target_arch = "bpf", allow(internal_features))]\n')
for signature in ("__multi3(a: i128, b: i128) -> i128", "__udivti3(n: u128, d: u128) -> u128",
                  "__umodti3(n: u128, d: u128) -> u128"):
    replace(f"#[unsafe(no_mangle)]\npub unsafe fn {signature}",
            f'#[unsafe(no_mangle)]\npub unsafe extern "unadjusted" fn {signature}')

text += r'''

// ---- Added by Ballast's scripts/toolchain/patch-compiler-builtins.py ----

/// Magnitude and sign of an i128, without overflow on i128::MIN.
#[cfg(target_arch = "bpf")]
#[inline(always)]
fn split_sign(v: i128) -> (u128, bool) {
    (v.unsigned_abs(), v < 0)
}

#[cfg(target_arch = "bpf")]
#[inline(always)]
fn apply_sign(magnitude: u128, negative: bool) -> i128 {
    if negative { (magnitude as i128).wrapping_neg() } else { magnitude as i128 }
}

/// Signed division truncates toward zero: |q| = |a| / |b|, negative when the signs differ.
#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __divti3(a: i128, b: i128) -> i128 {
    let ((ua, na), (ub, nb)) = (split_sign(a), split_sign(b));
    apply_sign(udivmod128(ua, ub).0, na != nb)
}

/// Signed remainder takes the sign of the dividend.
#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __modti3(a: i128, b: i128) -> i128 {
    let ((ua, na), (ub, _)) = (split_sign(a), split_sign(b));
    apply_sign(udivmod128(ua, ub).1, na)
}

/// u128 -> f64, correctly rounded: convert the top 64 significant bits (with a sticky bit for the
/// rest) and scale by an exact power of two.
#[cfg(target_arch = "bpf")]
fn u128_to_f64(v: u128) -> f64 {
    let high = (v >> 64) as u64;
    if high == 0 {
        return fp::__floatundidf(v as u64);
    }
    let shift = 64 - high.leading_zeros();
    let dropped = v & ((1u128 << shift) - 1);
    let top = ((v >> shift) as u64) | u64::from(dropped != 0);
    let two_pow_shift = f64::from_bits(u64::from(1023 + shift) << 52);
    fp::__muldf3(fp::__floatundidf(top), two_pow_shift)
}

/// f64 -> u128, truncating; negative and NaN give 0, too large gives u128::MAX (Rust `as` semantics).
#[cfg(target_arch = "bpf")]
fn f64_to_u128(f: f64) -> u128 {
    let bits = f.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if bits >> 63 == 1 || (exponent == 0x7ff && fraction != 0) || exponent < 1023 {
        return 0;
    }
    let shift = exponent - 1075;
    let mantissa = u128::from(fraction | (1u64 << 52));
    if shift >= 76 { u128::MAX } else if shift >= 0 { mantissa << shift } else { mantissa >> -shift }
}

#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __floatuntidf(v: u128) -> f64 {
    u128_to_f64(v)
}

#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __floattidf(v: i128) -> f64 {
    let (magnitude, negative) = split_sign(v);
    let f = u128_to_f64(magnitude);
    if negative { fp::__negdf2(f) } else { f }
}

#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __fixunsdfti(f: f64) -> u128 {
    f64_to_u128(f)
}

#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub unsafe extern "unadjusted" fn __fixdfti(f: f64) -> i128 {
    let negative = f.to_bits() >> 63 == 1;
    let magnitude = f64_to_u128(f64::from_bits(f.to_bits() & !(1u64 << 63)));
    let limit = 1u128 << 127; // |i128::MIN|
    match (negative, magnitude >= limit) {
        (true, true) => i128::MIN,
        (false, true) => i128::MAX,
        (true, false) => -(magnitude as i128),
        (false, false) => magnitude as i128,
    }
}

/// 1 when either operand is NaN (used by saturating float -> int casts).
#[cfg(target_arch = "bpf")]
#[unsafe(no_mangle)]
pub extern "C" fn __unorddf2(a: f64, b: f64) -> i32 {
    let is_nan = |x: f64| (x.to_bits() & !(1u64 << 63)) > 0x7ff0_0000_0000_0000;
    i32::from(is_nan(a) || is_nan(b))
}
'''
lib.write_text(text)
print(f"patched {NAME} at {DEST}")
