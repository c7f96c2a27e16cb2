//! Rebalancing policies through the real Raydium CPMM, natively and in the SBF VM with identical
//! results: the turnover cap per epoch, the maximum-interval schedule, a crank-named pair, CPPI
//! de-risking as the vault's value falls toward its floor, and the breaker that repeated poor
//! fills trip.

use ballast::errors::BallastError;
use ballast::events::{BreakerTripped, Rebalanced};
use ballast::instructions::RebalanceArgs;
use ballast::state::VaultParams;
use ballast_math::policy::{targets, Cppi};
use ballast_tests::cpmm::{cpmm_so, Pool, CPMM_ID};
use ballast_tests::fixture::{VaultFixture, BTC, PARAMS, SOL, USDC};
use ballast_tests::{error_code, events_of, keypair, run_both, Harness, Mode, Outcome, Trace};
use solana_signer::Signer;

/// A deep pool at the oracle price: 1.5M USDC against 10,000 SOL.
const DEEP: (u64, u64) = (1_500_000_000_000, 10_000_000_000_000);

async fn rebalance(h: &mut Harness, f: &VaultFixture, pool: &Pool, label: &str, pair: Option<[u8; 2]>) -> Outcome {
    let [sell, buy] = pair.unwrap_or([0, 1]).map(usize::from);
    let (sell, buy) = if sell < 2 && buy < 2 && sell != buy { (sell, buy) } else { (0, 1) };
    let args = RebalanceArgs { min_out: 0, pair, route: vec![] };
    let bob = f.bob.key.insecure_clone();
    let ix =
        f.keys.rebalance_with(bob.pubkey(), f.bob.shares, CPMM_ID, f.keys.cpmm_swap(pool, sell, buy).accounts, args);
    h.send(label, &[ix], &[&bob]).await
}

/// The value of the vault at the fixture's oracle prices (USD, 6 decimals, rounded down).
async fn nav(h: &mut Harness, f: &VaultFixture) -> u128 {
    let balances = h.vault_balances(f).await;
    let price = |i: usize| u128::try_from(f.specs[i].price).expect("positive") * 10_000; // 8 → 12 decimals
    ballast_math::price::value_of(balances[0], ballast_math::price::Price(price(0)), 6, false).expect("value")
        + ballast_math::price::value_of(balances[1], ballast_math::price::Price(price(1)), 9, false).expect("value")
}

async fn turnover_cap(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // At most 30% of the vault's value traded per day, 20% per trade.
    let params = VaultParams { turnover_cap_bps: 3_000, turnover_epoch_secs: 86_400, ..PARAMS };
    let (mut f, pool) = h.cpmm_vault(params, &[(0, 10_000_000_000)], DEEP.0, DEEP.1).await;
    assert_eq!(rebalance(&mut h, &f, &pool, "first trade of the day", None).await.result, Ok(()));
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000);
    assert_eq!(h.vault(&f).await.epoch_traded_value, 2_000_000_000);

    // An hour later only what is left of the day's 30% may trade: 30% of the value now, less 2,000.
    h.warp(3_600).await;
    h.publish_prices(&mut f).await;
    let left = nav(&mut h, &f).await * 3_000 / 10_000 - 2_000_000_000;
    assert_eq!(rebalance(&mut h, &f, &pool, "the rest of the allowance", None).await.result, Ok(()));
    assert_eq!(u128::from(h.vault_balances(&f).await[0]), 8_000_000_000 - left);

    // Spent: refused, nothing moves, the preview says why.
    h.warp(3_600).await;
    h.publish_prices(&mut f).await;
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "over the cap", None).await;
    h.assert_refused(&out, BallastError::TurnoverCapReached, &keys, &before).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.refusal, error_code(BallastError::TurnoverCapReached));
    }

    // A new epoch a day after the first trade: trading resumes.
    h.warp(86_400).await;
    h.publish_prices(&mut f).await;
    assert_eq!(rebalance(&mut h, &f, &pool, "the next day", None).await.result, Ok(()));
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn the_turnover_cap_limits_what_an_epoch_trades() {
    run_both(turnover_cap).await;
}

async fn schedule(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // 52/48 against 50/50 is inside the 5% band; a check is forced every two hours.
    let params = VaultParams { max_rebalance_interval_secs: 7_200, ..PARAMS };
    let (mut f, pool) = h.cpmm_vault(params, &[(0, 5_200_000_000), (1, 32_000_000_000)], DEEP.0, DEEP.1).await;
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "inside the bands", None).await;
    h.assert_refused(&out, BallastError::RebalanceNotNeeded, &keys, &before).await;

    h.warp(7_200).await;
    h.publish_prices(&mut f).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!((preview.refusal, preview.trigger, preview.value), (0, 2, 200_000_000));
    }
    let out = rebalance(&mut h, &f, &pool, "the schedule is due", None).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // Back to exactly 50/50 at the oracle: 200 USDC sold.
    assert_eq!(h.vault_balances(&f).await[0], 5_000_000_000);
    if h.observes_logs() {
        assert_eq!(events_of::<Rebalanced>(&out)[0].trigger, 2);
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_due_schedule_rebalances_inside_the_bands() {
    run_both(schedule).await;
}

async fn named_pair(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (f, pool) = h.cpmm_vault(PARAMS, &[(0, 10_000_000_000)], DEEP.0, DEEP.1).await;
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    // SOL is underweight: it cannot be the asset sold; slot 2 does not exist.
    for (label, pair) in [("sell the underweight asset", [1, 0]), ("a slot that does not exist", [0, 2])] {
        let out = rebalance(&mut h, &f, &pool, label, Some(pair)).await;
        h.assert_refused(&out, BallastError::PairInvalid, &keys, &before).await;
    }
    let out = rebalance(&mut h, &f, &pool, "the valid pair", Some([0, 1])).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_crank_named_pair_trades_only_if_it_is_valid() {
    run_both(named_pair).await;
}

async fn cppi(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // USDC is the safe asset (slot 0), SOL the risky one; 3× the cushion above 0.80 USD per share.
    // The price-move breaker is set wide so that the 30% fall below reaches the policy.
    let params = VaultParams {
        cppi_multiplier_pct: 300,
        cppi_floor_share_price: 800_000_000_000,
        cppi_max_risky_bps: 10_000,
        max_trade_bps: 5_000,
        max_price_move_bps: 5_000,
        max_ema_divergence_bps: 2_000,
        ..PARAMS
    };
    let (mut f, pool) = h.cpmm_vault(params, &[(0, 10_000_000_000)], DEEP.0, DEEP.1).await;
    let policy = Cppi { multiplier_pct: 300, floor_share_price: 800_000_000_000, max_risky_bps: 10_000 };
    let expected_targets = |nav: u128, supply: u64| {
        let mut out = [0u16; 2];
        targets(&[5_000, 5_000], &policy, nav, supply, &mut out).expect("targets");
        out
    };

    // At a share price of 1.00 the cushion is 20%: 3× that is ~60% SOL (the fixed 50/50 is ignored).
    let supply = h.share_supply(&f).await;
    let before = expected_targets(nav(&mut h, &f).await, supply);
    assert!(before[1] > 5_900 && before[1] < 6_000, "{before:?}");
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.targets, before.to_vec());
        assert_eq!((preview.sell, preview.buy), (0, 1));
    }
    assert_eq!(rebalance(&mut h, &f, &pool, "risk on", None).await.result, Ok(()));
    assert_eq!(h.vault_balances(&f).await[0], 5_000_000_000, "half the vault (the trade cap) moved into SOL");

    // SOL falls 30%: the vault's value nears the floor, CPPI's risky weight drops below what the
    // vault holds, and the rebalance sells SOL. (The test pool is not arbitraged, so the vault sells
    // above the oracle price; the checks are against the oracle.)
    h.warp(3_600).await;
    f.specs[1].price = SOL.price * 7 / 10;
    h.publish_prices(&mut f).await;
    let (nav_now, supply) = (nav(&mut h, &f).await, h.share_supply(&f).await);
    let after = expected_targets(nav_now, supply);
    let sol_weight = |balances: &[u64]| u128::from(balances[1]) * 105 * 10_000 / 1_000 / nav_now;
    let held = sol_weight(&h.vault_balances(&f).await);
    assert!(u128::from(after[1]) + 500 < held, "CPPI wants {} bps of SOL, the vault holds {held}", after[1]);
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.targets, after.to_vec());
        assert_eq!((preview.sell, preview.buy), (1, 0));
    }
    let out = rebalance(&mut h, &f, &pool, "de-risk", Some([1, 0])).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(sol_weight(&h.vault_balances(&f).await) < held, "the vault sold SOL");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn cppi_de_risks_as_the_vault_nears_its_floor() {
    run_both(cppi).await;
}

async fn poor_fills(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // A pool 4.5% above the oracle price of SOL: each 20% trade loses ~0.9% of the vault — within
    // the 1.5% limit (10% slippage allowed), but more than half of it: a poor fill. Two in a row trip.
    let params = VaultParams { max_slippage_bps: 1_000, max_poor_fills: 2, ..PARAMS };
    let (mut f, pool) = h.cpmm_vault(params, &[(0, 10_000_000_000)], 1_500_000_000_000, 9_570_000_000_000).await;
    assert_eq!(rebalance(&mut h, &f, &pool, "first poor fill", None).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.poor_fill_streak, vault.breaker_tripped()), (1, false));

    h.warp(3_600).await;
    h.publish_prices(&mut f).await;
    let out = rebalance(&mut h, &f, &pool, "second poor fill", None).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.vault(&f).await.breaker_tripped());
    if h.observes_logs() {
        let e = &events_of::<BreakerTripped>(&out)[0];
        assert_eq!((e.reason, e.mint), (ballast::watch::TRIP_POOR_FILLS, f.keys.assets[1].mint));
        assert!(e.move_bps > 75 && e.move_bps <= 150, "loss {} bps", e.move_bps);
    }

    // Rebalancing and deposits wait; withdrawals do not.
    h.warp(3_600).await;
    h.publish_prices(&mut f).await;
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "tripped", None).await;
    h.assert_refused(&out, BallastError::BreakerTripped, &keys, &before).await;
    assert_eq!(h.withdraw_in_kind(&f, &f.alice, 1_000_000_000, vec![0, 0]).await.result, Ok(()));

    // Security review, finding 5: the crank that tripped it cannot clear it with readings — normal
    // readings, however many and however spaced, do not warm up a poor-fill trip.
    for n in 0..5 {
        h.warp(3_600).await;
        h.publish_prices(&mut f).await;
        assert_eq!(h.send(&format!("normal reading {n}"), &[f.keys.accrue_fees()], &[]).await.result, Ok(()));
        let vault = h.vault(&f).await;
        assert_eq!((vault.breaker_tripped(), vault.breaker_normal_readings), (true, 0), "reading {n}");
    }
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "still tripped", None).await;
    h.assert_refused(&out, BallastError::BreakerTripped, &keys, &before).await;
    // Governance looks, and clears it.
    assert_eq!(h.send("governance resets", &[f.keys.reset_breaker()], &[]).await.result, Ok(()));
    assert!(!h.vault(&f).await.breaker_tripped());
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn repeated_poor_fills_trip_the_breaker_and_only_governance_clears_it() {
    run_both(poor_fills).await;
}

async fn bounty_in_an_asset(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (mut f, pool) = h.cpmm_vault(PARAMS, &[(0, 10_000_000_000)], DEEP.0, DEEP.1).await;
    // Governance pays the bounty in USDC (slot 0), at most 0.50 USD: a change with no safe
    // direction, so it waits for the timelock.
    let in_usdc = VaultParams { bounty_asset: 0, max_bounty_value: 500_000, ..PARAMS };
    assert_eq!(h.send("pay the bounty in USDC", &[f.keys.set_params(in_usdc)], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.params.bounty_asset, ballast_math::params::BOUNTY_IN_SHARES);
    h.warp(86_400).await;
    assert_eq!(h.send("execute", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    h.publish_prices(&mut f).await;

    let bob = f.bob.key.insecure_clone();
    let (usdc, args) = (f.keys.assets[0], || RebalanceArgs { min_out: 0, pair: None, route: vec![] });
    let swap = f.keys.cpmm_swap(&pool, 0, 1).accounts;
    // Bounty accounts that are not the vault's choice (its shares) are refused.
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let shares = f.keys.rebalance_with(bob.pubkey(), f.bob.shares, CPMM_ID, swap.clone(), args());
    let out = h.send("bounty accounts for shares", &[shares], &[&bob]).await;
    h.assert_refused(&out, BallastError::WrongBountyAccounts, &keys, &before).await;

    let bob_usdc = h.token_balance(f.bob.tokens[0]).await;
    let ix = f.keys.rebalance_paying(
        bob.pubkey(),
        (f.bob.tokens[0], usdc.mint, anchor_spl::token::spl_token::ID),
        CPMM_ID,
        swap,
        args(),
    );
    let out = h.send("rebalance paying USDC", &[ix], &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // 5 bps of 2,000 USD is 1 USD, capped at 0.50: paid from the vault's USDC after the swap.
    assert_eq!(h.token_balance(f.bob.tokens[0]).await, bob_usdc + 500_000);
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000 - 500_000);
    if h.observes_logs() {
        let e = &events_of::<Rebalanced>(&out)[0];
        assert_eq!((e.bounty_mint, e.bounty_amount), (usdc.mint, 500_000));
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn the_bounty_is_paid_in_the_asset_governance_chose_and_capped() {
    run_both(bounty_in_an_asset).await;
}

async fn bounty_outside_the_pair(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // USDC/SOL/BTC at 50/40/10 with the bounty paid in BTC (set before any deposit: at once).
    let mut f = h.vault_fixture(&[USDC, SOL, BTC], &[5_000, 4_000, 1_000], &[10_000_000_000, 0, 2_000_000]).await;
    assert_eq!(
        h.send("pay the bounty in BTC", &[f.keys.set_params(VaultParams { bounty_asset: 2, ..PARAMS })], &[])
            .await
            .result,
        Ok(())
    );
    let (usdc_mint, sol_mint) = (f.keys.assets[0].mint, f.keys.assets[1].mint);
    let state = ballast_tests::cpmm::pool_state_address(ballast_tests::cpmm::config_address(0), usdc_mint, sol_mint);
    assert_eq!(
        h.send("allow the CPMM pool", &[f.keys.add_pool(CPMM_ID, state, (usdc_mint, sol_mint))], &[]).await.result,
        Ok(())
    );
    for (asset, amount) in [(0, 10_000_000_000u64), (2, 2_000_000)] {
        assert_eq!(h.deposit(&f, &f.alice, asset, amount, 0).await.result, Ok(()));
    }
    let payer = h.payer.insecure_clone();
    let (usdc_account, sol_account) = (keypair(130), keypair(131));
    for (account, asset, amount) in [(&usdc_account, 0, DEEP.0), (&sol_account, 1, DEEP.1)] {
        h.create_token_account(account, &f.keys.assets[asset].mint, &payer.pubkey()).await;
        h.mint_tokens(&f.keys.assets[asset].mint, &account.pubkey(), amount).await;
    }
    let config = h.create_cpmm_config(0);
    let pool = h
        .create_cpmm_pool(
            config,
            (f.keys.assets[0].mint, usdc_account.pubkey(), DEEP.0),
            (f.keys.assets[1].mint, sol_account.pubkey(), DEEP.1),
        )
        .await;
    h.warp(2).await;
    h.publish_prices(&mut f).await;

    // USDC is sold for SOL; the BTC account is not in the swap, so the crank must pass it writable.
    let bob = f.bob.key.insecure_clone();
    let btc = f.keys.assets[2];
    let paying = (f.bob.tokens[2], btc.mint, anchor_spl::token::spl_token::ID);
    let args = || RebalanceArgs { min_out: 0, pair: None, route: vec![] };
    let readonly =
        f.keys.rebalance_paying(bob.pubkey(), paying, CPMM_ID, f.keys.cpmm_swap(&pool, 0, 1).accounts, args());
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("BTC's vault account read-only", std::slice::from_ref(&readonly), &[&bob]).await;
    h.assert_refused(&out, BallastError::WrongBountyAccounts, &keys, &before).await;

    let mut writable = readonly;
    writable.accounts.iter_mut().filter(|m| m.pubkey == btc.vault_token).for_each(|m| m.is_writable = true);
    let bob_btc = h.token_balance(f.bob.tokens[2]).await;
    let out = h.send("BTC's vault account writable", &[writable], &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // The vault is worth 11,200 USD; 20% of it (2,240 USD of USDC) is sold. 5 bps of that is
    // 1.12 USD: 1.12 / 60,000 BTC = 1,866.67 sats, rounded down.
    let paid = h.token_balance(f.bob.tokens[2]).await - bob_btc;
    assert_eq!(paid, 1_866);
    assert_eq!(h.vault_balances(&f).await[2], 2_000_000 - 1_866);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_bounty_in_an_asset_outside_the_pair_needs_its_account_writable() {
    run_both(bounty_outside_the_pair).await;
}
