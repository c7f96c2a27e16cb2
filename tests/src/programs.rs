//! Which SBF builds the tests load, and the check that they are this checkout's.
//!
//! Paths are resolved when the tests run, from `CARGO_MANIFEST_DIR` as cargo sets it for the test
//! process, never with `env!`: the build folder is shared between checkouts, and a test binary
//! compiled for one checkout can be run for another with the same sources (docs/toolchain.md, "One
//! checkout, one build"). Every `.so` must have the stamp `make build` (`make amm` for the CPMM)
//! writes beside it, `<name>.so.stamp` = `<kind> <sources hash> <sha256 of the .so>`; the sources
//! hash of this checkout is computed again by `scripts/toolchain/sources-hash.sh <kind>`, and a
//! `.so` built from other sources, or changed since its build, is refused.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// The checkout under test: the parent of this crate's folder, as cargo reports it at run time.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .expect("CARGO_MANIFEST_DIR is unset: run the tests through cargo (cargo test -p ballast-tests)");
    PathBuf::from(manifest_dir).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// `target/deploy/<name>.so` of the checkout under test (`ballast`, `adversary_amm`, `raydium_cp_swap`).
pub fn program_path(name: &str) -> &'static str {
    static PATHS: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut paths = PATHS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    paths.entry(name.to_string()).or_insert_with(|| {
        let path = workspace_root().join("target/deploy").join(format!("{name}.so"));
        Box::leak(path.to_str().expect("a UTF-8 checkout path").to_string().into_boxed_str())
    })
}

/// This checkout's sources hash of `kind`, from the script the builds use.
fn sources_hash(kind: &str) -> String {
    static HASHES: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let mut hashes = HASHES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    hashes
        .entry(kind.to_string())
        .or_insert_with(|| {
            let script = workspace_root().join("scripts/toolchain/sources-hash.sh");
            let out = Command::new("bash")
                .arg(&script)
                .arg(kind)
                .output()
                .unwrap_or_else(|e| panic!("{}: {e}", script.display()));
            assert!(out.status.success(), "{} {kind}: {}", script.display(), String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).expect("a hex hash").trim().to_string()
        })
        .clone()
}

/// The bytes of the SBF build at `path` after checking its stamp against this checkout's sources.
/// The first load of each file in a test process prints its path and sha256 (to stderr directly,
/// so the line shows even when the test's own output is captured).
pub fn load_program(path: &str) -> Vec<u8> {
    static LOADED: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
    let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(elf) = loaded.get(path) {
        return elf.clone();
    }
    let make = if path.ends_with("/raydium_cp_swap.so") { "make amm" } else { "make build" };
    let elf = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}; build it with `{make}`"));
    let sha256: String = Sha256::digest(&elf).iter().map(|b| format!("{b:02x}")).collect();
    let stamp_path = format!("{path}.stamp");
    let stamp = std::fs::read_to_string(&stamp_path).unwrap_or_else(|_| {
        panic!("{path} has no stamp of the sources it was built from ({stamp_path}): run `{make}`")
    });
    let [kind, built_from, built_sha256] = stamp.split_whitespace().collect::<Vec<_>>()[..] else {
        panic!("{stamp_path} is not a build stamp (`<kind> <sources hash> <sha256>`): run `{make}`");
    };
    let sources = sources_hash(kind);
    if built_from != sources {
        panic!("{path} was built from other sources than this checkout's ({kind} sources {built_from}, checkout {sources}): run `{make}`");
    }
    if built_sha256 != sha256 {
        panic!("{path} changed since its build (sha256 {sha256}, stamp {built_sha256}): run `{make}`");
    }
    // One write of the whole line, so that other tests' output cannot split it.
    let _ = std::io::stderr()
        .write_all(format!("[ballast-tests] loaded {path} sha256 {sha256} ({kind} sources {sources})\n").as_bytes());
    loaded.insert(path.to_string(), elf.clone());
    elf
}
