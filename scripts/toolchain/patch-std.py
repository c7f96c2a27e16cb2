#!/usr/bin/env python3
"""Copy the Rust library source and patch std so `target_os = "solana"` builds with `-Z build-std`.

Usage: patch-std.py SRC_LIBRARY DEST   ->   DEST/library (use with __CARGO_TESTS_ONLY_SRC_ROOT=DEST/library)

Upstream std knows no Solana OS. Each patch below routes target_os = "solana" to std's existing
no-OS layers, plus two SBPF-specific fixes. Every patch must apply exactly; a mismatch (another
rustc version) stops with the file and text that were not found, never a half-patched copy.
"""
import pathlib
import shutil
import sys

if len(sys.argv) != 3:
    sys.exit("usage: patch-std.py SRC_LIBRARY DEST")
SRC, DEST = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
STD = DEST / "library/std/src"


def replace(rel: str, old: str, new: str) -> None:
    path = STD / rel
    text = path.read_text()
    if text.count(old) != 1:
        sys.exit(f"patch-std: {rel}: expected exactly one {old!r}, found {text.count(old)}")
    path.write_text(text.replace(old, new))


def add_os_after(rel: str, anchor: str) -> None:
    """Adds `target_os = "solana",` to a cfg list, right after the line `anchor` (same indentation)."""
    indent = anchor[: len(anchor) - len(anchor.lstrip())]
    replace(rel, "\n" + anchor + "\n", f'\n{anchor}\n{indent}target_os = "solana",\n')


if DEST.exists():
    shutil.rmtree(DEST)
shutil.copytree(SRC, DEST / "library")

# 1. Allocator. Programs install their own #[global_allocator] (the bump allocator over the 32 KiB
#    heap), so std's System allocator only has to exist; BPF needs a MIN_ALIGN entry.
replace("sys/alloc/mod.rs", '    target_arch = "wasm64",\n', '    target_arch = "wasm64",\n    target_arch = "bpf",\n')
replace("sys/alloc/mod.rs", '    target_os = "zkvm" => {\n        mod zkvm;\n    }\n',
        '    target_os = "zkvm" => {\n        mod zkvm;\n    }\n    target_os = "solana" => {\n        mod solana;\n    }\n')
(STD / "sys/alloc/solana.rs").write_text('''use crate::alloc::{GlobalAlloc, Layout, System};

// Ballast patch: Solana programs bring their own #[global_allocator]; System never allocates.
#[stable(feature = "alloc_system_type", since = "1.28.0")]
unsafe impl GlobalAlloc for System {
    #[inline]
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        crate::ptr::null_mut()
    }
    #[inline]
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}
''')

# 2-4. io errors, thread locals (no threads) and randomness (unsupported) use the generic no-OS code.
add_os_after("sys/io/error/mod.rs", '        target_os = "zkvm",')
for anchor in ('        target_os = "zkvm",', '            target_os = "zkvm",'):
    add_os_after("sys/thread_local/mod.rs", anchor)
replace("sys/random/mod.rs", '        target_os = "vexos",\n    ) => {', '        target_os = "vexos",\n        target_os = "solana",\n    ) => {')
replace("sys/random/mod.rs", '    target_os = "vexos",\n)))]', '    target_os = "vexos",\n    target_os = "solana",\n)))]')

# 5. Panics. SBPF has no writable statics (.data/.bss), so use the stateless panic count and a panic
#    handler that calls the program's `custom_panic` (which logs) and aborts, as platform-tools' std does.
replace("panicking.rs", '#[cfg(panic = "immediate-abort")]\n#[unstable(feature = "update_panic_count", issue = "none")]\npub mod panic_count {',
        '#[cfg(any(panic = "immediate-abort", target_os = "solana"))]\n#[unstable(feature = "update_panic_count", issue = "none")]\npub mod panic_count {')
replace("panicking.rs", '#[cfg(not(panic = "immediate-abort"))]\n#[unstable(feature = "update_panic_count", issue = "none")]\npub mod panic_count {',
        '#[cfg(not(any(panic = "immediate-abort", target_os = "solana")))]\n#[unstable(feature = "update_panic_count", issue = "none")]\npub mod panic_count {')
replace("panicking.rs", '#[cfg(not(any(test, doctest)))]\n#[panic_handler]\npub fn panic_handler(', '''#[cfg(all(not(any(test, doctest)), target_os = "solana"))]
#[panic_handler]
pub fn panic_handler(info: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "Rust" {
        fn custom_panic(info: &core::panic::PanicInfo<'_>);
    }
    unsafe { custom_panic(info) };
    crate::sys::abort_internal()
}

#[cfg(not(any(test, doctest, target_os = "solana")))]
#[panic_handler]
pub fn panic_handler(''')
replace("panicking.rs", '''    force_no_backtrace: bool,
) -> ! {
    let must_abort = panic_count::increase(true);''', '''    force_no_backtrace: bool,
) -> ! {
    #[cfg(target_os = "solana")]
    {
        let _ = (payload, location, can_unwind, force_no_backtrace);
        crate::sys::abort_internal()
    }
    #[allow(unreachable_code)]
    let must_abort = panic_count::increase(true);''')

# 6. HashMap's RandomState caches its keys in a thread_local, i.e. a writable static: fixed keys on Solana.
path = STD / "hash/random.rs"
text = path.read_text()
start = text.index("        thread_local!(static KEYS")
end_marker = "            RandomState { k0, k1 }\n        })\n"
end = text.index(end_marker, start) + len(end_marker)
text = (text[:start]
        + '        #[cfg(target_os = "solana")]\n        {\n            RandomState { k0: 0, k1: 0 }\n        }\n'
        + '        #[cfg(not(target_os = "solana"))]\n        {\n' + text[start:end] + "        }\n" + text[end:])
path.write_text(text)
print(f"patched std at {DEST}")
