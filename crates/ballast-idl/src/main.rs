//! `ballast-idl OUT.json`: builds the IDL of `programs/ballast` (the `idl-build` feature's test
//! that prints it) and writes it as pretty JSON with a trailing newline.

use std::path::PathBuf;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| usage());
    // The checkout that runs `cargo run -p ballast-idl` (cargo sets the variable at run time too); not
    // `env!`, which would name whichever checkout compiled the binary in the shared build folder.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|| fail("run it with `cargo run -p ballast-idl` (CARGO_MANIFEST_DIR is unset)"));
    let program = PathBuf::from(manifest_dir).join("../../programs/ballast");
    // rustup's proxies export RUSTUP_TOOLCHAIN to child processes; anchor-lang-idl would then run
    // `rustup toolchain install` (a download) and pass a malformed `+toolchain` to cargo. The
    // toolchain that runs this binary is the one to build the IDL with, so drop the variable.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    let idl = anchor_lang_idl::build::IdlBuilder::new()
        .program_path(program)
        .resolution(true)
        .skip_lint(false)
        .build()
        .unwrap_or_else(|e| fail(&format!("building the IDL failed: {e:#}")));
    let mut json = serde_json::to_string_pretty(&idl).unwrap_or_else(|e| fail(&e.to_string()));
    json.push('\n');
    std::fs::write(&out, json).unwrap_or_else(|e| fail(&format!("{out}: {e}")));
    eprintln!("wrote {out}");
}

fn usage() -> ! {
    fail("usage: ballast-idl OUT.json")
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}
