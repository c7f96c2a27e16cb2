//! 1,000 random cycles in the SBF VM (seeded, reproducible): an attacker deposits single-asset or in
//! kind, sometimes donates, then withdraws part of their shares. Every on-chain result must equal
//! what `ballast-math` predicts, and after all cycles the attacker has received no more value than
//! they paid, while the honest holder's claim has not shrunk.

use ballast::errors::BallastError;
use ballast::state::VaultParams;
use ballast_math::deposit::quote_deposit;
use ballast_math::in_kind::{in_kind_deposit, in_kind_withdrawal};
use ballast_math::price::{check_quote, value_of, CheckedPrice, PriceLimits, RawQuote};
use ballast_math::shares::{VIRTUAL_SHARES, VIRTUAL_VALUE};
use ballast_tests::fixture::{AssetSpec, PARAMS, SOL, USDC};
use ballast_tests::{error_code, Harness, Mode};
use num_bigint::BigUint;

const CYCLES: usize = 1_000;

/// splitmix64: a tiny seeded generator, so every run replays the same sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn checked(spec: &AssetSpec) -> CheckedPrice {
    let conf = u64::try_from(spec.price).expect("positive") * spec.conf_bps / 10_000;
    let raw = RawQuote { price: spec.price, conf, expo: -8, ema_price: spec.price, publish_time: 0 };
    check_quote(&raw, 0, &PriceLimits { max_age_secs: 60, max_conf_bps: 200, max_ema_divergence_bps: 500 })
        .expect("good quote")
}

/// Value (USD, 6 decimals) of `amounts` at the published prices.
fn mid(amounts: &[u64], specs: &[AssetSpec]) -> u128 {
    amounts.iter().zip(specs).map(|(a, s)| value_of(*a, checked(s).mid, s.decimals, false).expect("value")).sum()
}

#[tokio::test]
async fn a_thousand_random_cycles_in_the_vm_extract_nothing() {
    let mut h = Harness::start(Mode::Sbf).await;
    h.fast = true;
    let specs = [USDC, SOL];
    let mut f = h.vault_fixture(&specs, &[5_000, 5_000], &[1_000_000_000_000_000, 1_000_000_000_000_000]).await;
    // Fees off (a tightening change, so it applies at once): this test is about rounding alone.
    let no_fees = VaultParams { management_fee_bps: 0, performance_fee_bps: 0, ..PARAMS };
    assert_eq!(h.send("fees off", &[f.keys.set_params(no_fees)], &[]).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 30_000_000_000, 0).await.result, Ok(()));
    let alice_shares = h.token_balance(f.alice.shares).await;
    let claim = |balances: &[u64], supply: u64, shares: u64| -> Vec<u64> {
        balances.iter().map(|b| in_kind_withdrawal(shares, *b, supply).expect("claim")).collect()
    };
    let alice_claim_before =
        mid(&claim(&h.vault_balances(&f).await, h.mint_supply(f.keys.share_mint).await, alice_shares), &specs);

    let prices: Vec<CheckedPrice> = specs.iter().map(checked).collect();
    let bob = f.bob.key.insecure_clone();
    let mut rng = Rng(0xBA11A57);
    let (mut paid, mut received) = (0u128, 0u128);
    for cycle in 0..CYCLES {
        let balances = h.vault_balances(&f).await;
        let supply = h.mint_supply(f.keys.share_mint).await;
        let bob_before = h.token_balance(f.bob.shares).await;
        match rng.below(4) {
            // Single-asset deposit of a random size, from one token unit up.
            0 | 1 => {
                let asset = usize::try_from(rng.below(2)).expect("index");
                let amount = 1 + rng.below(10u64.pow(u32::from(specs[asset].decimals) + 2));
                let value = value_of(amount, prices[asset].low, specs[asset].decimals, false).expect("value");
                let total: u128 = (0..2)
                    .map(|i| value_of(balances[i], prices[i].high, specs[i].decimals, true).expect("value"))
                    .sum();
                let predicted = quote_deposit(
                    u64::try_from(value).expect("fits"),
                    u64::try_from(total).expect("fits"),
                    supply,
                    u64::MAX,
                    PARAMS.max_deposit_per_tx,
                    0,
                );
                let out = h.deposit(&f, &f.bob, asset, amount, 0).await;
                match predicted {
                    Ok(shares) => {
                        assert_eq!(out.result, Ok(()), "cycle {cycle}: {:?}", out.program_output);
                        assert_eq!(h.token_balance(f.bob.shares).await - bob_before, shares, "cycle {cycle}");
                        paid += value_of(amount, prices[asset].mid, specs[asset].decimals, true).expect("value");
                    }
                    Err(e) => assert_eq!(
                        out.custom_error(),
                        Some(error_code(BallastError::from(e))),
                        "cycle {cycle}: the program must refuse as the math does"
                    ),
                }
            }
            // In-kind deposit offering a random amount of each asset.
            2 => {
                let max: Vec<u64> = specs.iter().map(|s| 1 + rng.below(10u64.pow(u32::from(s.decimals)))).collect();
                let mut amounts = [0u64; 2];
                let predicted = in_kind_deposit(&max, &balances, supply, &mut amounts);
                let out = h.deposit_in_kind(&f, &f.bob, max.clone(), 0).await;
                match predicted {
                    Ok(shares) => {
                        assert_eq!(out.result, Ok(()), "cycle {cycle}: {:?}", out.program_output);
                        assert_eq!(h.token_balance(f.bob.shares).await - bob_before, shares, "cycle {cycle}");
                        assert_eq!(
                            h.vault_balances(&f).await,
                            vec![balances[0] + amounts[0], balances[1] + amounts[1]]
                        );
                        paid += mid(&amounts, &specs) + 2; // each amount's value rounded up
                    }
                    Err(e) => assert_eq!(
                        out.custom_error(),
                        Some(error_code(BallastError::from(e))),
                        "cycle {cycle}: the program must refuse as the math does"
                    ),
                }
            }
            // A donation straight to a vault token account.
            _ => {
                let asset = usize::try_from(rng.below(2)).expect("index");
                let amount = 1 + rng.below(10u64.pow(u32::from(specs[asset].decimals)));
                h.transfer_tokens(&f.bob.tokens[asset], &f.keys.assets[asset].vault_token, &bob, amount).await;
                paid += value_of(amount, prices[asset].mid, specs[asset].decimals, true).expect("value");
            }
        }
        // Then withdraw a random part of what bob holds.
        let held = h.token_balance(f.bob.shares).await;
        if held > 0 {
            let shares = 1 + rng.below(held);
            let balances = h.vault_balances(&f).await;
            let supply = h.mint_supply(f.keys.share_mint).await;
            let predicted = claim(&balances, supply, shares);
            let out = h.withdraw_in_kind(&f, &f.bob, shares, predicted.clone()).await;
            assert_eq!(out.result, Ok(()), "cycle {cycle}: {:?}", out.program_output);
            assert_eq!(h.vault_balances(&f).await, vec![balances[0] - predicted[0], balances[1] - predicted[1]]);
            received += mid(&predicted, &specs);
        }
        if cycle % 100 == 99 {
            // Keep the prices fresh for the next hundred cycles.
            h.publish_prices(&mut f).await;
        }
    }
    let held = h.token_balance(f.bob.shares).await;
    let supply = h.mint_supply(f.keys.share_mint).await;
    let balances = h.vault_balances(&f).await;
    received += mid(&claim(&balances, supply, held), &specs);
    assert!(received <= paid, "the attacker paid {paid} and can take {received}");
    let alice_claim_after = mid(&claim(&balances, supply, alice_shares), &specs);
    assert!(
        alice_claim_after >= alice_claim_before,
        "alice's claim fell from {alice_claim_before} to {alice_claim_after}"
    );
    println!("{CYCLES} cycles: attacker paid {paid}, could take {received}; alice's claim {alice_claim_before} -> {alice_claim_after}");
}

/// Value of `amounts` in exact units (no rounding): Σ amount × price mantissa × 10^(9 − decimals),
/// one common scale for every asset (decimals ≤ 9), so sums and ratios compare exactly.
fn exact_value(amounts: &[u64], specs: &[AssetSpec]) -> BigUint {
    amounts
        .iter()
        .zip(specs)
        .map(|(a, s)| {
            BigUint::from(*a)
                * BigUint::from(u64::try_from(s.price).expect("positive"))
                * BigUint::from(10u64).pow(9 - u32::from(s.decimals))
        })
        .sum()
}

/// `amount × price mantissa` (the numerator of `value_of`) and its divisor `10^(decimals + 2)`: a
/// value in USD with 6 decimals from a price with 8 (the fixture's exponent).
fn value_units(amount: u64, s: &AssetSpec) -> BigUint {
    BigUint::from(amount) * BigUint::from(u64::try_from(s.price).expect("positive"))
}

fn scale(s: &AssetSpec) -> BigUint {
    BigUint::from(10u64).pow(u32::from(s.decimals) + 2)
}

/// Someone's wealth as an exact fraction (numerator, denominator): the tokens they hold outside the
/// vault plus `shares / (supply + VIRTUAL_SHARES)` of everything the vault holds, unrounded (a
/// share's part of every balance, as an in-kind withdrawal pays it; the virtual shares are a
/// permanent holder nobody controls).
fn exact_wealth(
    outside: &[u64],
    shares: u64,
    balances: &[u64],
    supply: u64,
    specs: &[AssetSpec],
) -> (BigUint, BigUint) {
    let supply = BigUint::from(supply) + BigUint::from(VIRTUAL_SHARES);
    (exact_value(outside, specs) * &supply + BigUint::from(shares) * exact_value(balances, specs), supply)
}

/// `a ≤ b` for fractions (numerator, denominator).
fn at_most(a: &(BigUint, BigUint), b: &(BigUint, BigUint)) -> bool {
    &a.0 * &b.1 <= &b.0 * &a.1
}

/// Issue 16, tight economics: the same kind of cycles, but at zero confidence (low = mid = high)
/// and without donations, and each cycle is checked exactly rather than against `ballast-math`'s
/// own predictions: the attacker's wealth (tokens held plus the unrounded pro-rata claim of their
/// shares) never rises, not even by a fraction of a unit, and the honest holder's never falls.
/// Every rounding in a deposit or a withdrawal goes to the vault: an in-kind amount rounded up
/// shows as a gain at once; a single-asset deposit's shares are also re-derived exactly (one share
/// unit is far below what the wealth check can see), so shares rounded up fail here too.
#[tokio::test]
async fn no_cycle_gains_the_attacker_even_a_fraction_of_a_unit() {
    const EXACT_CYCLES: usize = 300;
    let mut h = Harness::start(Mode::Sbf).await;
    h.fast = true;
    let specs = [AssetSpec { conf_bps: 0, ..USDC }, AssetSpec { conf_bps: 0, ..SOL }];
    let mut f = h.vault_fixture(&specs, &[5_000, 5_000], &[1_000_000_000_000_000, 1_000_000_000_000_000]).await;
    let no_fees = VaultParams { management_fee_bps: 0, performance_fee_bps: 0, ..PARAMS };
    assert_eq!(h.send("fees off", &[f.keys.set_params(no_fees)], &[]).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 30_000_000_000, 0).await.result, Ok(()));
    let alice_shares = h.token_balance(f.alice.shares).await;
    let mut rng = Rng(0x5EED_0016);
    let (mut deposits, mut withdrawals) = (0, 0);
    for cycle in 0..EXACT_CYCLES {
        let balances = h.vault_balances(&f).await;
        let supply = h.mint_supply(f.keys.share_mint).await;
        let outside = [h.token_balance(f.bob.tokens[0]).await, h.token_balance(f.bob.tokens[1]).await];
        let held = h.token_balance(f.bob.shares).await;
        let bob_before = exact_wealth(&outside, held, &balances, supply, &specs);
        let alice_before = exact_wealth(&[], alice_shares, &balances, supply, &specs);
        let out = if rng.below(2) == 0 {
            let asset = usize::try_from(rng.below(2)).expect("index");
            let amount = 1 + rng.below(10u64.pow(u32::from(specs[asset].decimals) + 2));
            let out = h.deposit(&f, &f.bob, asset, amount, 0).await;
            assert_eq!(out.result, Ok(()), "cycle {cycle}: {:?}", out.program_output);
            // The shares, re-derived here with big integers: the deposit valued down, the vault up
            // (at zero confidence both at the one price), then v · (supply + VS) / (total + VV)
            // rounded down. A share rounding flipped up fails this at once (the wealth check below
            // cannot see one share unit, worth ~0.001 µUSD).
            let down = |a: u64, s: &AssetSpec| value_units(a, s) / scale(s);
            let up = |a: u64, s: &AssetSpec| (value_units(a, s) + scale(s) - BigUint::from(1u8)) / scale(s);
            let total: BigUint = balances.iter().zip(&specs).map(|(b, s)| up(*b, s)).sum();
            let shares = down(amount, &specs[asset]) * (BigUint::from(supply) + BigUint::from(VIRTUAL_SHARES))
                / (total + BigUint::from(VIRTUAL_VALUE));
            assert_eq!(
                BigUint::from(h.token_balance(f.bob.shares).await - held),
                shares,
                "cycle {cycle}: shares minted for {amount} units of asset {asset}"
            );
            out
        } else {
            let max: Vec<u64> = specs.iter().map(|s| 1 + rng.below(10u64.pow(u32::from(s.decimals)))).collect();
            h.deposit_in_kind(&f, &f.bob, max, 0).await
        };
        deposits += usize::from(out.result.is_ok());
        let held = h.token_balance(f.bob.shares).await;
        if held > 0 {
            // min_amounts_out 0: the check is what arrives, not what the math predicts.
            let out = h.withdraw_in_kind(&f, &f.bob, 1 + rng.below(held), vec![0, 0]).await;
            assert_eq!(out.result, Ok(()), "cycle {cycle}: {:?}", out.program_output);
            withdrawals += 1;
        }
        let balances = h.vault_balances(&f).await;
        let supply = h.mint_supply(f.keys.share_mint).await;
        let outside = [h.token_balance(f.bob.tokens[0]).await, h.token_balance(f.bob.tokens[1]).await];
        let bob_after = exact_wealth(&outside, h.token_balance(f.bob.shares).await, &balances, supply, &specs);
        let alice_after = exact_wealth(&[], alice_shares, &balances, supply, &specs);
        assert!(
            at_most(&bob_after, &bob_before),
            "cycle {cycle}: the attacker gained: {bob_before:?} -> {bob_after:?}"
        );
        assert!(
            at_most(&alice_before, &alice_after),
            "cycle {cycle}: the honest holder lost: {alice_before:?} -> {alice_after:?}"
        );
        if cycle % 100 == 99 {
            h.publish_prices(&mut f).await;
        }
    }
    assert!(
        deposits > EXACT_CYCLES / 2 && withdrawals > EXACT_CYCLES / 2,
        "the cycles traded: {deposits} deposits, {withdrawals} withdrawals"
    );
    println!("{EXACT_CYCLES} exact cycles: {deposits} deposits, {withdrawals} withdrawals, no gain for the attacker, no loss for the holder");
}
