//! Golden vectors: fixed inputs and what `ballast-math` answers, written to
//! `app/client/src/golden/math.json`. The TypeScript layer (previews in the web app and the crank)
//! re-implements these few conversions and is tested against this file, so the two cannot drift.
//! `UPDATE_DOCS=1 cargo test -p ballast-math --test golden` rewrites it.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::cast_possible_truncation)] // host-only tests

use ballast_math::deposit::quote_deposit;
use ballast_math::fees::SHARE_PRICE_SCALE;
use ballast_math::in_kind::{in_kind_deposit, in_kind_withdrawal};
use ballast_math::policy::{targets, Cppi};
use ballast_math::price::{normalize, value_of, Price, PRICE_DECIMALS, VALUE_DECIMALS};
use ballast_math::shares::{VIRTUAL_SHARES, VIRTUAL_VALUE};
use ballast_math::{BPS_DENOMINATOR, SHARE_DECIMALS};

/// In the checkout under test: cargo's CARGO_MANIFEST_DIR at run time, not `env!` (the binary may
/// have been compiled for another checkout sharing the build folder; docs/toolchain.md).
fn golden_path() -> String {
    format!("{}/../../app/client/src/golden/math.json", std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
}

fn result<T: std::fmt::Display, E: std::fmt::Debug>(r: Result<T, E>) -> String {
    match r {
        Ok(v) => format!("\"{v}\""),
        Err(e) => format!("{{ \"error\": \"{e:?}\" }}"),
    }
}

fn golden() -> String {
    let mut normalize_cases = Vec::new();
    for (mantissa, expo) in [(15_012_345_678u64, -8), (100_000_000, -8), (1_999, -15), (7, 2), (1, 13)] {
        normalize_cases.push(format!(
            "    {{ \"mantissa\": \"{mantissa}\", \"expo\": {expo}, \"out\": {} }}",
            result(normalize(mantissa, expo, false).map(|p| p.0))
        ));
    }
    let mut value_cases = Vec::new();
    for (amount, price, decimals) in [
        (2_500_000_000u64, 150_000_000_000_000u128, 9u8),
        (1, 150_000_000_000_000, 9),
        (1_000_000, 1_000_000_000_000, 6),
        (123_456_789, 60_000_000_000_000_000, 8),
        (u64::MAX, 1, 0),
    ] {
        for round_up in [false, true] {
            value_cases.push(format!(
                "    {{ \"amount\": \"{amount}\", \"price\": \"{price}\", \"decimals\": {decimals}, \"roundUp\": {round_up}, \"out\": {} }}",
                result(value_of(amount, Price(price), decimals, round_up))
            ));
        }
    }
    let open = u64::MAX;
    let mut deposit_cases = Vec::new();
    for (value, total, supply, cap, per_tx, min) in [
        (1_000_000_000u64, 0u64, 0u64, open, open, 0u64),
        (299_700_000, 1_000_000_000, 1_000_000_000_000, open, open, 0),
        (1, 4_000_000_000, 0, open, open, 0),
        (10, 0, 0, 5, open, 0),
        (10, 0, 0, open, 5, 0),
        (1_000_000, 0, 0, open, open, 1_000_000_001),
    ] {
        deposit_cases.push(format!(
            "    {{ \"value\": \"{value}\", \"totalValue\": \"{total}\", \"supply\": \"{supply}\", \"depositCap\": \"{cap}\", \"maxDepositPerTx\": \"{per_tx}\", \"minSharesOut\": \"{min}\", \"out\": {} }}",
            result(quote_deposit(value, total, supply, cap, per_tx, min))
        ));
    }
    let mut withdraw_cases = Vec::new();
    for (shares, balance, supply) in
        [(500_000_000_000u64, 1_100_000_000u64, 1_429_770_000_000u64), (1, 10, 1), (3, 10, 2), (5, 10, 4)]
    {
        withdraw_cases.push(format!(
            "    {{ \"shares\": \"{shares}\", \"balance\": \"{balance}\", \"supply\": \"{supply}\", \"out\": {} }}",
            result(in_kind_withdrawal(shares, balance, supply))
        ));
    }
    let mut in_kind_cases = Vec::new();
    for (max, balances, supply) in [
        (vec![100_000_000u64, 1_000_000_000, 5], vec![1_000_000_000u64, 2_000_000_000, 0], 1_299_700_000_000u64),
        (vec![1, 1], vec![0, 0], 5),
    ] {
        let mut amounts = vec![0u64; max.len()];
        let out = in_kind_deposit(&max, &balances, supply, &mut amounts);
        let amounts_json = amounts.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        let list = |v: &[u64]| v.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        in_kind_cases.push(format!(
            "    {{ \"maxAmounts\": [{}], \"balances\": [{}], \"supply\": \"{supply}\", \"out\": {}, \"amountsIn\": [{amounts_json}] }}",
            list(&max),
            list(&balances),
            result(out)
        ));
    }
    let mut cppi_cases = Vec::new();
    let supply = 999_000_000_000u64; // + the virtual share: 1,000 shares
    for (base, multiplier_pct, floor, max_risky, nav, supply) in [
        (vec![4_000u16, 4_000, 2_000], 300u16, 800_000_000_000u64, 10_000u16, 1_000_000_000u128, supply),
        (vec![4_000, 4_000, 2_000], 300, 800_000_000_000, 10_000, 900_000_000, supply),
        (vec![4_000, 4_000, 2_000], 300, 800_000_000_000, 10_000, 700_000_000, supply),
        (vec![4_000, 4_000, 2_000], 300, 800_000_000_000, 7_000, 10_000_000_000, supply),
        (vec![5_000, 5_000], 500, 900_000_000_000, 10_000, 950_000_000, supply),
        (vec![2_500, 2_500, 2_500, 2_500], 0, 800_000_000_000, 10_000, 900_000_000, supply),
        (vec![10_000, 0], 300, 800_000_000_000, 10_000, 900_000_000, supply),
        (vec![5_000, 5_000], 300, 800_000_000_000, 10_000, 0, supply),
    ] {
        let cppi = Cppi { multiplier_pct, floor_share_price: floor, max_risky_bps: max_risky };
        let mut out = vec![0u16; base.len()];
        let answer = match targets(&base, &cppi, nav, supply, &mut out) {
            Ok(()) => format!("[{}]", out.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(", ")),
            Err(e) => format!("{{ \"error\": \"{e:?}\" }}"),
        };
        let list = base.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(", ");
        cppi_cases.push(format!(
            "    {{ \"base\": [{list}], \"multiplierPct\": {multiplier_pct}, \"floorSharePrice\": \"{floor}\", \"maxRiskyBps\": {max_risky}, \"nav\": \"{nav}\", \"supply\": \"{supply}\", \"out\": {answer} }}"
        ));
    }
    let mut ask_cases = Vec::new();
    for (premium_bps, discount_bps, duration_secs, elapsed) in [
        (100u16, 50u16, 300u32, 0i64),
        (100, 50, 300, 1),
        (100, 50, 300, 7),
        (100, 50, 300, 200),
        (100, 50, 300, 280),
        (100, 50, 300, 300),
        (100, 50, 300, 10_000),
        (100, 50, 300, -5),
        (0, 1_000, 30, 13),
        (1_000, 0, 86_400, 43_201),
        (100, 50, 0, 10),
    ] {
        let curve = ballast_math::auction::Curve { premium_bps, discount_bps, duration_secs };
        ask_cases.push(format!(
            "    {{ \"premiumBps\": {premium_bps}, \"discountBps\": {discount_bps}, \"durationSecs\": {duration_secs}, \"elapsedSecs\": {elapsed}, \"factorBps\": {} }}",
            match curve.ask_factor_bps(elapsed) {
                Ok(f) => f.to_string(),
                Err(e) => format!("{{ \"error\": \"{e:?}\" }}"),
            }
        ));
    }
    let mut share_price_cases = Vec::new();
    for (total_value, supply) in [
        (0u128, 0u64),
        (1_000_000_000, 999_000_000_000),
        (1_234_567_891, 1_000_000_000_000),
        (7, 3),
        (u128::from(u64::MAX), 1),
        (5_000_000_000, u64::MAX),
    ] {
        share_price_cases.push(format!(
            "    {{ \"totalValue\": \"{total_value}\", \"supply\": \"{supply}\", \"out\": {} }}",
            result(ballast_math::fees::share_price(total_value, supply))
        ));
    }
    let constants = format!(
        "  \"constants\": {{ \"virtualShares\": \"{VIRTUAL_SHARES}\", \"virtualValue\": \"{VIRTUAL_VALUE}\", \"priceDecimals\": {PRICE_DECIMALS}, \"valueDecimals\": {VALUE_DECIMALS}, \"shareDecimals\": {SHARE_DECIMALS}, \"bps\": {BPS_DENOMINATOR}, \"sharePriceScale\": \"{SHARE_PRICE_SCALE}\" }},\n"
    );
    format!(
        "{{\n{constants}  \"normalize\": [\n{}\n  ],\n  \"valueOf\": [\n{}\n  ],\n  \"quoteDeposit\": [\n{}\n  ],\n  \"inKindWithdrawal\": [\n{}\n  ],\n  \"inKindDeposit\": [\n{}\n  ],\n  \"cppiTargets\": [\n{}\n  ],\n  \"auctionAskFactor\": [\n{}\n  ],\n  \"sharePrice\": [\n{}\n  ]\n}}\n",
        normalize_cases.join(",\n"),
        value_cases.join(",\n"),
        deposit_cases.join(",\n"),
        withdraw_cases.join(",\n"),
        in_kind_cases.join(",\n"),
        cppi_cases.join(",\n"),
        ask_cases.join(",\n"),
        share_price_cases.join(",\n")
    )
}

#[test]
fn the_typescript_golden_vectors_are_what_the_math_answers() {
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(&golden_path()).parent().expect("dir")).expect("mkdir");
        std::fs::write(golden_path(), golden()).expect("write");
    }
    let current = std::fs::read_to_string(golden_path()).unwrap_or_default();
    assert_eq!(
        current,
        golden(),
        "app/client/src/golden/math.json is out of date: UPDATE_DOCS=1 cargo test -p ballast-math --test golden"
    );
}
