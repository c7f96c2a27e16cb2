//! A year in the life of a vault, natively and in the SBF VM: three assets, two depositors, prices
//! move, fees accrue (management per second, performance over the high-water mark), everyone
//! withdraws in kind, and every token is accounted for to the last unit.

use anchor_lang::prelude::Pubkey;
use ballast::events::FeesAccrued;
use ballast::instructions::WithdrawInKindArgs;
use ballast_math::fees::{management_fee_shares, performance_fee, SECONDS_PER_YEAR};
use ballast_math::price::{value_of, Price};
use ballast_math::shares::VIRTUAL_SHARES;
use ballast_tests::fixture::{VaultFixture, BTC, SOL, USDC};
use ballast_tests::{events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

const YEAR: i64 = 31_536_000;

/// Vault value at mid prices (USD, 6 decimals), as the program computes it for fees.
fn mid_value(balances: &[u64], specs: &[ballast_tests::fixture::AssetSpec]) -> u128 {
    balances
        .iter()
        .zip(specs)
        .map(|(b, s)| {
            value_of(*b, Price(u128::try_from(s.price).expect("positive") * 10_000), s.decimals, false).expect("value")
        })
        .sum()
}

async fn a_year(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f: VaultFixture =
        h.vault_fixture(&[USDC, SOL, BTC], &[5_000, 3_000, 2_000], &[10_000_000_000, 20_000_000_000, 10_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 10_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 1, 20_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 2, 1_000_000, 0).await.result, Ok(()));
    let deposited = h.vault_balances(&f).await;
    assert_eq!(deposited, vec![10_000_000_000, 20_000_000_000, 1_000_000]);

    // Half a year later SOL is up 20%: the crank accrues fees.
    h.warp(YEAR / 2).await;
    f.specs[1].price = SOL.price * 12 / 10;
    h.publish_prices(&mut f).await;
    let supply = h.mint_supply(f.keys.share_mint).await;
    let hwm = h.vault(&f).await.high_water_mark;
    let management = management_fee_shares(supply, 100, SECONDS_PER_YEAR / 2).expect("fee");
    let performance =
        performance_fee(mid_value(&deposited, &f.specs), supply + management, u128::from(hwm), 1_000).expect("fee");
    // (Deposits already paid a small performance fee: the vault credits deposits at the low side of
    // the price, so at mid prices each deposit is a gain for the holders.)
    let fee_shares_before = h.token_balance(f.keys.fee_shares).await;
    let out = h.send("accrue_fees", &[f.keys.accrue_fees()], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.keys.fee_shares).await - fee_shares_before, management + performance.shares);
    assert_eq!(u128::from(h.vault(&f).await.high_water_mark), performance.high_water_mark);
    // Half a year of 1% is 0.5% of the supply; the performance fee is 10% of a ~4.8% gain.
    assert_eq!(management * 1_000 / supply, 5);
    assert!(performance.shares > 0 && performance.shares < supply / 100);
    if h.observes_logs() {
        let e = &events_of::<FeesAccrued>(&out)[0];
        assert_eq!((e.management_shares, e.performance_shares), (management, performance.shares));
        // The moment's value and supply (the indexer's share-price history): the fees were charged
        // at the mid value, and the supply is the mint's after them.
        let value = u64::try_from(mid_value(&deposited, &f.specs)).expect("fits");
        assert_eq!((e.total_value, e.share_supply), (Some(value), h.mint_supply(f.keys.share_mint).await));
    }

    // The rest of the year passes; prices fall back, so no new performance fee.
    h.warp(YEAR / 2).await;
    f.specs[1].price = SOL.price;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send("accrue_fees", &[f.keys.accrue_fees()], &[]).await.result, Ok(()));

    // Everyone leaves: alice, bob, then the fee recipient with its fee shares.
    let fee_owner = keypair(6);
    let mut fee_tokens = Vec::new();
    for (i, asset) in f.keys.assets.clone().iter().enumerate() {
        let account = keypair(100 + u8::try_from(i).expect("few"));
        h.create_token_account(&account, &asset.mint, &fee_owner.pubkey()).await;
        fee_tokens.push(account.pubkey());
    }
    let mut paid_out = [0u64; 3];
    let holders: [(Pubkey, Vec<Pubkey>, Pubkey, solana_keypair::Keypair); 3] = [
        (f.alice.key.pubkey(), f.alice.tokens.clone(), f.alice.shares, f.alice.key.insecure_clone()),
        (f.bob.key.pubkey(), f.bob.tokens.clone(), f.bob.shares, f.bob.key.insecure_clone()),
        (fee_owner.pubkey(), fee_tokens.clone(), f.keys.fee_shares, fee_owner.insecure_clone()),
    ];
    for (owner, tokens, shares_account, signer) in holders {
        let shares = h.token_balance(shares_account).await;
        let supply = h.mint_supply(f.keys.share_mint).await;
        let balances = h.vault_balances(&f).await;
        // The last accrual was just now, so a withdrawal mints no further fee.
        let expected: Vec<u64> = balances
            .iter()
            .map(|b| ballast_math::in_kind::in_kind_withdrawal(shares, *b, supply).expect("claim"))
            .collect();
        let mut before = Vec::new();
        for t in &tokens {
            before.push(h.token_balance(*t).await);
        }
        let ix = f.keys.withdraw_in_kind(
            owner,
            &tokens,
            shares_account,
            WithdrawInKindArgs { shares, min_amounts_out: expected.clone() },
        );
        let out = h.send("withdraw everything", &[ix], &[&signer]).await;
        assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
        for (i, t) in tokens.iter().enumerate() {
            let got = h.token_balance(*t).await - before[i];
            assert_eq!(got, expected[i]);
            paid_out[i] += got;
        }
    }
    assert_eq!(h.mint_supply(f.keys.share_mint).await, 0);
    // Reconciliation: what came in = what went out + what stays with the virtual share, which is
    // at most its part of the balances when the last holder left (one share of ~1,000).
    let residual = h.vault_balances(&f).await;
    for i in 0..3 {
        assert_eq!(paid_out[i] + residual[i], deposited[i], "asset {i}");
        assert!(
            u128::from(residual[i]) * 1_000
                <= u128::from(deposited[i]) * u128::from(VIRTUAL_SHARES) / 1_000_000_000 + 1_000,
            "asset {i} residual {}",
            residual[i]
        );
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_year_of_fees_and_every_unit_reconciled() {
    run_both(a_year).await;
}
