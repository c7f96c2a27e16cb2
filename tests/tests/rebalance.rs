//! `rebalance` through the real Raydium CPMM program (built from its crates.io source), natively and
//! in the SBF VM with identical results: a drifted vault trades toward its targets by the planned
//! amount, pays the crank, and refuses what it must (too soon, inside the bands, paused, AMM not on
//! the allow-list, swap accounts that are not the planned pair, a pool priced far from the oracle).

use anchor_lang::prelude::Pubkey;
use ballast::errors::BallastError;
use ballast::events::Rebalanced;
use ballast_tests::cpmm::{cpmm_so, Pool, CPMM_ID};
use ballast_tests::fixture::{VaultFixture, SOL, USDC};
use ballast_tests::{error_code, events_of, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Raydium CPMM's `ErrorCode::ExceededSlippage` (6000 + its index): the AMM refuses to pay less
/// than the `min_out` Ballast passes it.
const CPMM_EXCEEDED_SLIPPAGE: u32 = 6005;

/// A USDC/SOL vault at 50/50 with the CPMM allowed, 10,000 USDC from alice (so 100% USDC), and a
/// pool of `pool_usdc` / `pool_sol` seeded by the payer.
async fn drifted_vault(h: &mut Harness, pool_usdc: u64, pool_sol: u64) -> (VaultFixture, Pool) {
    drifted_vault_with(h, ballast_tests::fixture::PARAMS, pool_usdc, pool_sol).await
}

async fn drifted_vault_with(
    h: &mut Harness,
    params: ballast::state::VaultParams,
    pool_usdc: u64,
    pool_sol: u64,
) -> (VaultFixture, Pool) {
    h.cpmm_vault(params, &[(0, 10_000_000_000)], pool_usdc, pool_sol).await
}

async fn rebalances(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // A deep pool at the oracle price: 1.5M USDC against 10,000 SOL.
    let (mut f, pool) = drifted_vault(&mut h, 1_500_000_000_000, 10_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();

    // The preview says what the rebalance below will do.
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(
            (preview.refusal, preview.sell, preview.buy, preview.amount_in, preview.min_out),
            (0, 0, 1, 2_000_000_000, 13_200_000_000)
        );
        assert_eq!((preview.value, preview.drift_bps), (2_000_000_000, 10_000));
    }

    // 100% USDC against 50/50: sell USDC for SOL, capped at 20% of the vault = 2,000 USDC.
    // min_out = 99% of 2,000 / 150 SOL, rounded up; the pool pays 2e9 · 1e13 / (1.5e12 + 2e9).
    let out = h.send("rebalance", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let expected_sol =
        u64::try_from(2_000_000_000u128 * 10_000_000_000_000 / (1_500_000_000_000 + 2_000_000_000)).expect("fits");
    assert_eq!(h.vault_balances(&f).await, vec![8_000_000_000, expected_sol]);
    // The crank's bounty: 5 bps of the 2,000 USD traded = 1 USD, in shares priced like a deposit
    // against the vault after the swap (8,000 USDC + the SOL at 150, rounded down) over alice's 1e13
    // shares, the 1e9 virtual shares and 1 USD of virtual value counted.
    let value_after = 8_000_000_000u128 + u128::from(expected_sol) * 150 / 1_000;
    let bounty_shares = 1_000_000u128 * (10_000_000_000_000 + 1_000_000_000) / (value_after + 1_000_000);
    assert_eq!(u128::from(h.token_balance(f.bob.shares).await), bounty_shares, "the crank was paid");
    let vault = h.vault(&f).await;
    assert_eq!(vault.rebalance_count, 1);
    if h.observes_logs() {
        let e = &events_of::<Rebalanced>(&out)[0];
        assert_eq!((e.amount_in, e.amount_out, e.min_out), (2_000_000_000, expected_sol, 13_200_000_000));
        assert_eq!((e.drift_before_bps, e.value_before), (10_000, 10_000_000_000));
        assert!(
            e.drift_after_bps < 6_100 && e.value_after > 9_990_000_000,
            "drift after {} value after {}",
            e.drift_after_bps,
            e.value_after
        );
        assert_eq!(e.buy_mint, f.keys.assets[1].mint);
    }

    // Once an hour at most.
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h
        .send("rebalance again at once", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    h.assert_refused(&out, BallastError::RebalanceTooSoon, &keys, &before).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.refusal, error_code(BallastError::RebalanceTooSoon));
        assert_eq!(preview.next_allowed_at, h.vault(&f).await.last_rebalance_at + 3_600);
    }

    h.warp(3_600).await;
    h.publish_prices(&mut f).await;
    // A crank may ask for a tighter floor; an impossible one makes the AMM refuse and nothing moves.
    let before = h.accounts(&keys).await;
    let out = h
        .send(
            "rebalance with an impossible floor",
            &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 20_000_000_000)],
            &[&bob],
        )
        .await;
    assert_eq!(out.custom_error(), Some(CPMM_EXCEEDED_SLIPPAGE), "the CPMM holds the floor: {:?}", out.result);
    assert_eq!(h.accounts(&keys).await, before);
    assert_eq!(
        h.send("second rebalance", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
            .await
            .result,
        Ok(())
    );
    // Again 20% of the vault, now worth 8,000 USDC + the SOL at 150 (value rounded down).
    let value = 8_000_000_000 + expected_sol * 150 / 1_000;
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000 - value * 2_000 / 10_000);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_drifted_vault_rebalances_through_the_real_cpmm() {
    run_both(rebalances).await;
}

async fn refusals(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (f, pool) = drifted_vault(&mut h, 1_500_000_000_000, 10_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let rebalance = || f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0);

    // An AMM that is not on the allow-list (its id in the amm_program slot).
    let mut ix = rebalance();
    ix.accounts[ballast_tests::ballast_ix::REBALANCE_AMM_PROGRAM].pubkey = anchor_spl::token::spl_token::ID;
    let before = h.accounts(&keys).await;
    let out = h.send("not allow-listed", &[ix], &[&bob]).await;
    h.assert_refused(&out, BallastError::PoolNotAllowed, &keys, &before).await;

    // The allowed CPMM program, but a pool of the crank's own for the same pair (the pinned
    // pool's state swapped for another key): only the pinned pool may fill the vault.
    let own_pool = Pool { state: Pubkey::new_from_array([77; 32]), ..pool };
    let out = h
        .send("the crank's own pool", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &own_pool, 0, 1, 0)], &[&bob])
        .await;
    h.assert_refused(&out, BallastError::PoolNotAllowed, &keys, &before).await;

    // Swap accounts that do not sell the planned asset into the planned one.
    let swapped = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 1, 0, 0);
    let out = h.send("the pair reversed", &[swapped], &[&bob]).await;
    h.assert_refused(&out, BallastError::WrongSwapAccounts, &keys, &before).await;

    // Paused by the guardian.
    let guardian = f.guardian.insecure_clone();
    assert_eq!(
        h.send("pause rebalancing", &[f.keys.set_pause(guardian.pubkey(), 2)], &[&guardian]).await.result,
        Ok(())
    );
    let before = h.accounts(&keys).await;
    let out = h.send("paused", &[rebalance()], &[&bob]).await;
    h.assert_refused(&out, BallastError::RebalancePaused, &keys, &before).await;
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn rebalance_refuses_unlisted_amms_wrong_pairs_and_pauses() {
    run_both(refusals).await;
}

/// Issue 15, one refusal gate: `preview_rebalance` and `rebalance` go through the same checks in the
/// same order, so a state with several reasons to refuse gets the same one from both (the preview
/// used to say "tripped" where the rebalance said "too soon", and never looked at freshness).
async fn one_gate(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // Trades want prices at most 10 s old; the observer's limit stays 60 s.
    let params = ballast::state::VaultParams { fresh_price_age_secs: 10, ..ballast_tests::fixture::PARAMS };
    let (mut f, pool) = drifted_vault_with(&mut h, params, 1_500_000_000_000, 10_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let rebalance = |f: &VaultFixture| f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0);
    assert_eq!(h.send("first rebalance", &[rebalance(&f)], &[&bob]).await.result, Ok(()));
    // SOL +20% a minute later; the observer's reading trips the breaker.
    h.warp(60).await;
    f.specs[1].price = SOL.price * 12 / 10;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send("the reading that trips", &[f.keys.accrue_fees()], &[]).await.result, Ok(()));
    assert!(h.vault(&f).await.breaker_tripped());

    // Tripped and too soon: both say too soon (the interval comes first). An hour on, with new
    // prices: both say tripped. 30 s later, the prices too old to trade at (but not to observe):
    // both say not fresh, which comes before the breaker.
    let cases: [(&str, i64, bool, BallastError); 3] = [
        ("tripped and too soon", 0, false, BallastError::RebalanceTooSoon),
        ("tripped, in time, fresh prices", 3_600, true, BallastError::BreakerTripped),
        ("tripped, in time, prices 30 s old", 30, false, BallastError::PriceNotFresh),
    ];
    for (label, warp, publish, expected) in cases {
        h.warp(warp).await;
        if publish {
            h.publish_prices(&mut f).await;
        }
        let before = h.accounts(&keys).await;
        let out = h.send(label, &[rebalance(&f)], &[&bob]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
        if let Some(preview) = h.preview_rebalance(&f).await {
            assert_eq!(preview.refusal, error_code(expected), "{label}: the preview's reason");
        }
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn preview_and_rebalance_refuse_a_state_for_the_same_reason() {
    run_both(one_gate).await;
}

/// A pool that charges a fee: this CPMM build keeps a fixed amount of each swap's input (here 10
/// USDC of a USDC sale) and prices the rest at constant product. The vault still trades the planned
/// 2,000 USDC, receives what the pool pays for 1,990, and that is above its floor (13.2 SOL).
async fn through_a_fee_charging_pool(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (f, pool) = h
        .cpmm_vault_with_fees(
            ballast_tests::fixture::PARAMS,
            &[(0, 10_000_000_000)],
            (1_500_000_000_000, 10_000_000_000_000),
            (10_000_000, 66_666_667),
        )
        .await;
    let bob = f.bob.key.insecure_clone();
    let out = h
        .send(
            "rebalance through a fee-charging pool",
            &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)],
            &[&bob],
        )
        .await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let after_fee = 2_000_000_000u128 - 10_000_000;
    let sol = u64::try_from(after_fee * 10_000_000_000_000 / (1_500_000_000_000 + after_fee)).expect("fits");
    assert_eq!(sol, 13_249_089_541);
    assert_eq!(h.vault_balances(&f).await, vec![8_000_000_000, sol]);
    if h.observes_logs() {
        let e = &events_of::<Rebalanced>(&out)[0];
        assert_eq!((e.amount_in, e.amount_out, e.min_out), (2_000_000_000, sol, 13_200_000_000));
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_fee_charging_pool_fills_the_planned_trade_above_the_floor() {
    run_both(through_a_fee_charging_pool).await;
}

async fn sandwiched(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // The pool says 200 USDC per SOL while the oracle says 150: 2,000 USDC would buy only ~10 SOL.
    let (f, pool) = drifted_vault(&mut h, 1_500_000_000_000, 7_500_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h
        .send("rebalance into a skewed pool", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    assert_eq!(
        out.custom_error(),
        Some(CPMM_EXCEEDED_SLIPPAGE),
        "a pool far from the oracle must not fill: {:?}",
        out.result
    );
    assert_eq!(h.accounts(&keys).await, before, "nothing moved");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_pool_priced_far_from_the_oracle_cannot_fill_a_rebalance() {
    run_both(sandwiched).await;
}

async fn balanced(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    let pool = Pool {
        program: CPMM_ID,
        config: Pubkey::new_from_array([91; 32]),
        authority: Pubkey::new_from_array([92; 32]),
        state: Pubkey::new_from_array([93; 32]),
        token_0_mint: f.keys.assets[0].mint,
        token_1_mint: f.keys.assets[1].mint,
        token_0_vault: Pubkey::new_from_array([94; 32]),
        token_1_vault: Pubkey::new_from_array([95; 32]),
        observation: Pubkey::new_from_array([96; 32]),
        token_0_program: anchor_spl::token::spl_token::ID,
        token_1_program: anchor_spl::token::spl_token::ID,
    };
    assert_eq!(h.send("allow a CPMM pool", &[f.keys.add_cpmm_pool(&pool)], &[]).await.result, Ok(()));
    // 5,000 USDC and 33.3 SOL: 50/50 at the oracle price.
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 33_333_333_333, 0).await.result, Ok(()));
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h
        .send("rebalance a balanced vault", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    h.assert_refused(&out, BallastError::RebalanceNotNeeded, &keys, &before).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.refusal, error_code(BallastError::RebalanceNotNeeded));
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_vault_inside_its_bands_is_not_rebalanced() {
    run_both(balanced).await;
}

async fn not_worth_it(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // The drift gate on with a year's horizon, but no volatility measured yet (no observer reading
    // has followed the deposit): the drift is expected to cost nothing, so no trade is worth its
    // fee, bounty and price impact through the pool.
    let stingy = ballast::state::VaultParams { drift_gate_horizon_hours: 8_760, ..ballast_tests::fixture::PARAMS };
    let (f, pool) = drifted_vault_with(&mut h, stingy, 1_500_000_000_000, 10_000_000_000_000).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h
        .send(
            "a rebalance not worth its cost",
            &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)],
            &[&bob],
        )
        .await;
    h.assert_refused(&out, BallastError::RebalanceNotWorthIt, &keys, &before).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.refusal, error_code(BallastError::RebalanceNotWorthIt));
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_rebalance_that_costs_more_than_it_is_worth_is_refused() {
    run_both(not_worth_it).await;
}
