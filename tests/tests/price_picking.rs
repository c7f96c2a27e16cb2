//! Security review, finding 4: "a depositor can pick an older, better price". The vault now keeps,
//! per asset, the newest publish time it accepted and refuses anything older
//! (`PriceOlderThanAccepted`); deposits want prices at most `fresh_price_age_secs` old
//! (`PriceNotFresh`); and a deposit fee that stays with the holders makes the pick cost.
//!
//! The attack: SOL moves up by `m` after a price update; the attacker deposits USDC valued at the
//! older update (the vault's SOL looks cheaper, so the deposit buys more shares) and withdraws in
//! kind at once, then values what it got at the new price. With a 3 s deposit age and a 0.3% fee,
//! across moves of 0.1–0.5% and ages of 0–3 s the round trip loses money; older prices are
//! refused outright. It pays only if SOL's weight × the move within the age bound exceeds the fee
//! (here: a move above 0.6% within 3 s), which the age bound is there to make rare.
//! Natively and in the SBF VM, identical.

use ballast::errors::BallastError;
use ballast::state::VaultParams;
use ballast_tests::fixture::{PARAMS, SOL, USDC};
use ballast_tests::pyth::Quote;
use ballast_tests::{run_both, Harness, Mode, Trace};

const GUARDED: VaultParams = VaultParams { fresh_price_age_secs: 3, deposit_fee_bps: 30, ..PARAMS };
/// The attacker's deposit: 1,000 USDC.
const DEPOSIT: u64 = 1_000_000_000;

async fn round_trips(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture_with(GUARDED, &[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 10_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 66_666_666_667, 0).await.result, Ok(()));
    h.mint_tokens(&f.keys.assets[0].mint, &f.bob.tokens[0], 100 * DEPOSIT).await;
    let sol = f.keys.assets[1];
    let keys = h.fixture_keys(&f);

    for (move_bps, age) in [(10i64, 0i64), (10, 3), (25, 1), (25, 3), (50, 0), (50, 2), (50, 3)] {
        // The old update: SOL at 150, published now (t0); the market then moves up by `move_bps`.
        h.warp(60).await;
        f.specs[1].price = SOL.price;
        h.publish_prices(&mut f).await;
        h.warp(age).await;
        let new_price = u128::try_from(SOL.price * (10_000 + move_bps) / 10_000).expect("positive");
        let usdc_before = h.token_balance(f.bob.tokens[0]).await;
        let shares_before = h.token_balance(f.bob.shares).await;
        assert_eq!(h.deposit(&f, &f.bob, 0, DEPOSIT, 0).await.result, Ok(()), "{move_bps} bps, {age} s");
        let shares = h.token_balance(f.bob.shares).await - shares_before;
        let sol_before = h.token_balance(f.bob.tokens[1]).await;
        assert_eq!(h.withdraw_in_kind(&f, &f.bob, shares, vec![0, 0]).await.result, Ok(()));
        let usdc_back = h.token_balance(f.bob.tokens[0]).await - (usdc_before - DEPOSIT);
        let sol_back = h.token_balance(f.bob.tokens[1]).await - sol_before;
        // What came back, at the new price (SOL: 9 decimals, price with 8 → USDC units).
        let value_back = u128::from(usdc_back) + u128::from(sol_back) * new_price / 100_000_000_000;
        assert!(
            value_back < u128::from(DEPOSIT),
            "{move_bps} bps after {age} s: the round trip paid ({value_back} for {DEPOSIT})"
        );
        println!("move {move_bps} bps, price {age} s old: 1,000 USDC in, {value_back} USDC units of value back");
    }

    // Older than the bound: refused.
    for age in [4, 10, 50] {
        h.warp(60).await;
        h.publish_prices(&mut f).await;
        h.warp(age).await;
        let before = h.accounts(&keys).await;
        let out = h.deposit(&f, &f.bob, 0, DEPOSIT, 0).await;
        h.assert_refused(&out, BallastError::PriceNotFresh, &keys, &before).await;
    }

    // Older than what the vault already accepted: refused, however fresh. The newer price (SOL +2%)
    // is recorded by the observer; the attacker then posts the update from one second before.
    h.warp(60).await;
    let now = h.now().await;
    let old = Quote::usd(SOL.price, SOL.conf_bps, now - 1);
    f.specs[1].price = SOL.price * 102 / 100;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send("the observer records the new price", &[f.keys.accrue_fees()], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.assets[1].last_publish_time, now);
    h.set_price(sol.price_account, sol.feed_id, old);
    let before = h.accounts(&keys).await;
    let out = h.deposit(&f, &f.bob, 0, DEPOSIT, 0).await;
    h.assert_refused(&out, BallastError::PriceOlderThanAccepted, &keys, &before).await;
    // The same for anyone else who prices the vault with it (the observer here).
    let out = h.send("the observer with the older price", &[f.keys.accrue_fees()], &[]).await;
    h.assert_refused(&out, BallastError::PriceOlderThanAccepted, &keys, &before).await;
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_deposit_at_a_picked_price_and_an_in_kind_exit_do_not_pay() {
    run_both(round_trips).await;
}

/// A crank must not pick an older update either: a rebalance wants every price at most
/// `fresh_price_age_secs` old, so it cannot lower `min_out` with a price from before a move.
async fn crank_picks(mode: Mode) -> Trace {
    use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
    use solana_signer::Signer;
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (mut f, pool) = h.cpmm_vault(GUARDED, &[(0, 10_000_000_000)], 1_500_000_000_000, 10_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    // The prices are 4 s old: more than the 3 s a rebalance accepts, well within the 60 s others do.
    h.warp(4).await;
    let before = h.accounts(&keys).await;
    let out = h
        .send("rebalance at 4 s old prices", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    h.assert_refused(&out, BallastError::PriceNotFresh, &keys, &before).await;
    // Fresh, it goes through.
    h.publish_prices(&mut f).await;
    let out = h
        .send("rebalance at fresh prices", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_rebalance_at_a_picked_older_price_is_refused() {
    run_both(crank_picks).await;
}
