//! docs/parameters.md prints `ballast_math::params::BOUNDS`, the table the program enforces. This
//! test fails when the two differ; `UPDATE_DOCS=1 cargo test -p ballast-math --test parameters_doc`
//! rewrites the table.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::cast_possible_truncation)] // host-only tests

use ballast_math::params::{Params, Tightens, BOUNDS};

// Paths in the checkout under test: cargo's CARGO_MANIFEST_DIR at run time, not `env!` (the binary
// may have been compiled for another checkout sharing the build folder; docs/toolchain.md).
fn doc_path() -> String {
    format!("{}/../../docs/parameters.md", std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
}
/// The same table for the TypeScript tools (the CLI validates before it sends anything).
fn json_path() -> String {
    format!("{}/../../app/client/src/bounds.json", std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
}
const START: &str = "<!-- bounds:start -->";
const END: &str = "<!-- bounds:end -->";

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn table() -> String {
    let mut t = String::from(
        "| parameter | what it is | unit | min | max | tighter when | why |\n|---|---|---|---:|---:|---|---|\n",
    );
    for b in BOUNDS {
        let direction = match b.tightens {
            Tightens::Never => "never (any change waits)".to_string(),
            t if b.paces_the_hedge() => format!("{} (insured: never)", t.as_str()),
            t => t.as_str().to_string(),
        };
        t.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            b.name,
            doc_line(b.doc),
            b.unit,
            thousands(b.min),
            thousands(b.max),
            direction,
            b.reason
        ));
    }
    t
}

/// A doc comment's lines (each with its leading space) as one line of text.
fn doc_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `doc_line` as a JSON string's contents (the docs quote field names with backticks, never `"`).
fn json_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn json() -> String {
    let rows: Vec<String> = BOUNDS
        .iter()
        .zip(Params::EXAMPLE.values())
        .map(|(b, example)| {
            format!(
                "  {{ \"name\": \"{}\", \"type\": \"{}\", \"unit\": \"{}\", \"min\": \"{}\", \"max\": \"{}\", \"tightens\": \"{}\", \"pacesTheHedge\": {}, \"example\": \"{example}\", \"doc\": \"{}\" }}",
                b.name,
                b.ty,
                b.unit,
                b.min,
                b.max,
                b.tightens.as_str(),
                b.paces_the_hedge(),
                json_text(&doc_line(b.doc))
            )
        })
        .collect();
    format!("[\n{}\n]\n", rows.join(",\n"))
}

#[test]
fn the_typescript_copy_of_the_bounds_is_generated_from_them() {
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(json_path(), json()).expect("write");
    }
    let current = std::fs::read_to_string(json_path()).unwrap_or_default();
    assert_eq!(
        current,
        json(),
        "app/client/src/bounds.json is out of date: UPDATE_DOCS=1 cargo test -p ballast-math --test parameters_doc"
    );
}

#[test]
fn the_documented_bounds_are_the_enforced_ones() {
    let mut doc = std::fs::read_to_string(doc_path()).expect("docs/parameters.md");
    let (head, rest) = doc.split_once(START).expect("start marker");
    let (_, tail) = rest.split_once(END).expect("end marker");
    let expected = format!("{head}{START}\n{}{END}{tail}", table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(doc_path(), &expected).expect("write");
        doc.clone_from(&expected);
    }
    assert_eq!(
        doc, expected,
        "docs/parameters.md is out of date: UPDATE_DOCS=1 cargo test -p ballast-math --test parameters_doc"
    );
}
