//! The CLI end to end: a backtest and a sweep on the shipped historical closes, and a sweep
//! across seeds of the GARCH-like generator, each writing its report.
use std::path::PathBuf;
use std::process::Command;

/// The shipped historical closes and their vault, as every historical command takes them.
const HISTORICAL: [&str; 4] = ["--prices", "data/historical-daily.csv", "--vault", "vaults/historical.json"];

/// `command` on the historical closes, with `extra` arguments.
fn historical(command: &str, extra: &[&str]) -> String {
    let args: Vec<&str> = [command].iter().chain(&HISTORICAL).chain(extra).copied().collect();
    sim(&args)
}

fn sim(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ballast-sim"))
        .args(args)
        .current_dir(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ballast-sim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn historical_backtest_and_sweep_write_their_reports() {
    let dir = scratch("historical");
    let out = dir.to_str().expect("utf-8 path");
    let printed = historical("backtest", &["--out", out]);
    assert!(printed.contains("| steps | 5012 |"), "{printed}");
    let report = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(report.contains("5012 steps of 3 assets"));
    assert!(std::fs::metadata(dir.join("backtest.svg")).expect("backtest.svg").len() > 1_000);
    historical("sweep", &["--out", out]);
    let sweep = std::fs::read_to_string(dir.join("sweep.md")).expect("sweep.md");
    assert!(sweep.contains("54 policies on 5012 steps"), "{sweep}");
    historical("bootstrap", &["--samples", "10", "--out", out]);
    let bootstrap = std::fs::read_to_string(dir.join("bootstrap.md")).expect("bootstrap.md");
    assert!(bootstrap.contains("10 moving-block resamples of its 5012 steps (blocks of 20)"), "{bootstrap}");
    assert!(bootstrap.contains("the best widened band against the best fixed band"), "{bootstrap}");
    assert!(bootstrap.contains("the best drift gate against the best fixed band"), "{bootstrap}");
    assert!(bootstrap.contains("did better on"), "{bootstrap}");
    historical("walkforward", &["--split", "1230768000", "--out", out]);
    let folds = std::fs::read_to_string(dir.join("walkforward.md")).expect("walkforward.md");
    assert!(folds.contains("| chosen on 2500 steps before the split, measured on the 2512 after |"), "{folds}");
    assert!(folds.contains("| chosen on 2512 steps after the split, measured on the 2500 before |"), "{folds}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn from_and_until_split_the_historical_file_at_2009() {
    let dir = scratch("split");
    let out = dir.to_str().expect("utf-8 path");
    // 2009-01-01 00:00 UTC = 1230768000: 2,500 trading days before, 2,512 from then on.
    let before = historical("backtest", &["--until", "1230768000", "--out", out]);
    let after = historical("backtest", &["--from", "1230768000", "--out", out]);
    assert!(before.contains("| steps | 2500 |") && after.contains("| steps | 2512 |"), "{before}\n{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sweep_across_seeds_writes_the_aggregate() {
    let dir = scratch("seeds");
    let out = dir.to_str().expect("utf-8 path");
    let printed = sim(&["sweep", "--seeds", "2", "--steps", "1500", "--model", "garch", "--out", out]);
    assert!(printed.contains("on 2 paths") || printed.contains("of 2 paths"), "{printed}");
    let md = std::fs::read_to_string(dir.join("sweep-seeds.md")).expect("sweep-seeds.md");
    assert!(md.contains("seeds 1..=2 (garch model, 1500 steps each)"), "{md}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_model_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_ballast-sim"))
        .args(["backtest", "--seed", "1", "--model", "heston"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--model heston"));
}
