//! `deposit_in_kind` and `withdraw_in_kind`: pro rata, no oracle, natively and in the SBF VM.
//! Withdrawals must work whatever governance, the guardian or a crank did: paused, stale oracles,
//! fees pending, even with the fee recipient's share account closed.

use anchor_spl::token_2022::spl_token_2022;
use ballast::errors::BallastError;
use ballast::events::{DepositedInKind, WithdrawnInKind};
use ballast::instructions::{DepositInKindArgs, WithdrawInKindArgs};
use ballast_tests::fixture::{VaultFixture, BTC, SOL, USDC};
use ballast_tests::{events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Alice 1,000 USDC and bob 2 SOL deposited single-asset: balances [1e9, 2e9, 0], supply 1.2997e12.
async fn funded_vault(h: &mut Harness) -> VaultFixture {
    let f = h
        .vault_fixture(&[USDC, SOL, BTC], &[5_000, 3_000, 2_000], &[10_000_000_000, 10_000_000_000, 100_000_000])
        .await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 1, 2_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.mint_supply(f.keys.share_mint).await, 1_299_700_000_000);
    f
}

async fn pro_rata_both_ways(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = funded_vault(&mut h).await;

    // Bob offers up to 100 USDC, 1 SOL, 5 sats. A share is 1/(supply + 1e9 virtual) = 1/1.3007e12 of
    // each balance; USDC is the scarce side: shares = floor(100e6 · 1.3007e12 / 1e9) = 130,070,000,000,
    // SOL taken = ceil(shares · 2e9 / 1.3007e12) = 2e8.
    let bob_sol_before = h.token_balance(f.bob.tokens[1]).await;
    let out = h.deposit_in_kind(&f, &f.bob, vec![100_000_000, 1_000_000_000, 5], 130_070_000_000).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault_balances(&f).await, vec![1_100_000_000, 2_200_000_000, 0]);
    assert_eq!(bob_sol_before - h.token_balance(f.bob.tokens[1]).await, 200_000_000);
    assert_eq!(h.token_balance(f.bob.shares).await, 299_700_000_000 + 130_070_000_000);
    if h.observes_logs() {
        let e = &events_of::<DepositedInKind>(&out)[0];
        assert_eq!((e.amounts.clone(), e.shares_out), (vec![100_000_000, 200_000_000, 0], 130_070_000_000));
    }

    // Alice burns 500 shares: floor(balance · 5e11 / (1.42977e12 + 1e9)) of each asset.
    let usdc_before = h.token_balance(f.alice.tokens[0]).await;
    let out = h.withdraw_in_kind(&f, &f.alice, 500_000_000_000, vec![384_408_395, 768_816_790, 0]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.alice.tokens[0]).await - usdc_before, 384_408_395);
    assert_eq!(h.token_balance(f.alice.tokens[1]).await, 10_000_000_000 + 768_816_790);
    assert_eq!(h.vault_balances(&f).await, vec![1_100_000_000 - 384_408_395, 2_200_000_000 - 768_816_790, 0]);
    assert_eq!(h.mint_supply(f.keys.share_mint).await, 1_429_770_000_000 - 500_000_000_000);
    if h.observes_logs() {
        let e = &events_of::<WithdrawnInKind>(&out)[0];
        assert_eq!((e.shares, e.amounts.clone()), (500_000_000_000, vec![384_408_395, 768_816_790, 0]));
    }
    let vault = h.vault(&f).await;
    assert_eq!((vault.deposit_in_kind_count, vault.withdraw_count), (1, 1));
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn in_kind_deposits_and_withdrawals_are_pro_rata_and_round_for_the_vault() {
    run_both(pro_rata_both_ways).await;
}

async fn refusals(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h
        .vault_fixture(&[USDC, SOL, BTC], &[5_000, 3_000, 2_000], &[10_000_000_000, 10_000_000_000, 100_000_000])
        .await;
    let keys = h.fixture_keys(&f);
    let (alice, bob) = (f.alice.key.insecure_clone(), f.bob.key.insecure_clone());

    // Nothing to take a ratio from yet.
    let before = h.accounts(&keys).await;
    let out = h.deposit_in_kind(&f, &f.alice, vec![1, 1, 1], 0).await;
    h.assert_refused(&out, BallastError::EmptyVault, &keys, &before).await;

    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 1_000_000_000, 0).await.result, Ok(()));
    let plenty = vec![1_000_000_000, 1_000_000_000, 0];
    let in_kind = |who: &ballast_tests::fixture::User, tokens: &[anchor_lang::prelude::Pubkey], max: Vec<u64>, min| {
        f.keys.deposit_in_kind(
            who.key.pubkey(),
            tokens,
            who.shares,
            DepositInKindArgs { max_amounts: max, min_shares_out: min },
        )
    };
    let withdraw =
        |who: &ballast_tests::fixture::User, tokens: &[anchor_lang::prelude::Pubkey], shares, min: Vec<u64>| {
            f.keys.withdraw_in_kind(
                who.key.pubkey(),
                tokens,
                who.shares,
                WithdrawInKindArgs { shares, min_amounts_out: min },
            )
        };
    let alice_supply = h.token_balance(f.alice.shares).await;
    let swapped = [f.alice.tokens[1], f.alice.tokens[0], f.alice.tokens[2]];
    let cases = vec![
        (
            "in kind: one amount per asset",
            in_kind(&f.alice, &f.alice.tokens, vec![1, 1], 0),
            &alice,
            BallastError::LengthMismatch,
        ),
        (
            "in kind: min_shares_out above the quote",
            in_kind(&f.alice, &f.alice.tokens, plenty.clone(), u64::MAX),
            &alice,
            BallastError::SlippageExceeded,
        ),
        (
            "in kind: user accounts of the wrong mints",
            in_kind(&f.alice, &swapped, plenty.clone(), 0),
            &alice,
            BallastError::WrongTokenAccount,
        ),
        (
            "in kind: someone else's accounts",
            in_kind(&f.bob, &f.alice.tokens, plenty.clone(), 0),
            &bob,
            BallastError::WrongTokenAccount,
        ),
        (
            "withdraw: zero shares",
            withdraw(&f.alice, &f.alice.tokens, 0, vec![0, 0, 0]),
            &alice,
            BallastError::ZeroAmount,
        ),
        (
            "withdraw: more shares than owned",
            withdraw(&f.alice, &f.alice.tokens, alice_supply + 1, vec![0, 0, 0]),
            &alice,
            BallastError::InsufficientShares,
        ),
        (
            "withdraw: min out above the pro-rata part",
            withdraw(&f.alice, &f.alice.tokens, 1_000, vec![u64::MAX, 0, 0]),
            &alice,
            BallastError::SlippageExceeded,
        ),
        (
            "withdraw: one minimum per asset",
            withdraw(&f.alice, &f.alice.tokens, 1_000, vec![0]),
            &alice,
            BallastError::LengthMismatch,
        ),
        // (Enough shares that every leg pays something: a leg that pays nothing is not looked at.)
        (
            "withdraw: paid into someone else's accounts",
            withdraw(&f.alice, &f.bob.tokens, alice_supply / 2, vec![0, 0, 0]),
            &alice,
            BallastError::WrongTokenAccount,
        ),
    ];
    for (name, ix, signer, expected) in cases {
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[ix], &[signer]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
    }
    // A vault token account that is not the slot's (bob's USDC account in the first leg).
    let mut ix = in_kind(&f.alice, &f.alice.tokens, plenty.clone(), 0);
    ix.accounts[7 + 1].pubkey = f.bob.tokens[0];
    let before = h.accounts(&keys).await;
    let out = h.send("in kind: foreign vault token account", &[ix], &[&alice]).await;
    h.assert_refused(&out, BallastError::WrongRemainingAccounts, &keys, &before).await;
    // Paused deposits.
    let guardian = f.guardian.insecure_clone();
    assert_eq!(h.send("pause", &[f.keys.set_pause(guardian.pubkey(), 1)], &[&guardian]).await.result, Ok(()));
    let before = h.accounts(&keys).await;
    let out = h.deposit_in_kind(&f, &f.alice, plenty, 0).await;
    h.assert_refused(&out, BallastError::DepositsPaused, &keys, &before).await;
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn in_kind_instructions_refuse_bad_input_changing_nothing() {
    run_both(refusals).await;
}

async fn unblockable(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = funded_vault(&mut h).await;
    // Everything that could stop a withdrawal: deposits and rebalancing paused by the guardian,
    // every oracle a day stale, a loosening change queued, fees unaccrued for a year, and the fee
    // recipient's share account closed.
    let guardian = f.guardian.insecure_clone();
    assert_eq!(h.send("pause all", &[f.keys.set_pause(guardian.pubkey(), 3)], &[&guardian]).await.result, Ok(()));
    let looser = ballast::state::VaultParams { management_fee_bps: 200, ..ballast_tests::fixture::PARAMS };
    assert_eq!(h.send("queue looser fees", &[f.keys.set_params(looser)], &[]).await.result, Ok(()));
    h.warp(365 * 86_400).await;
    let fee_recipient = keypair(6);
    let close = spl_token_2022::instruction::close_account(
        &spl_token_2022::ID,
        &f.keys.fee_shares,
        &fee_recipient.pubkey(),
        &fee_recipient.pubkey(),
        &[],
    )
    .expect("ix");
    assert_eq!(h.send("fee recipient closes its account", &[close], &[&fee_recipient]).await.result, Ok(()));

    let bob_shares = h.token_balance(f.bob.shares).await;
    let out = h.withdraw_in_kind(&f, &f.bob, bob_shares, vec![0, 1, 0]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // Bob's part of each asset (no fee was minted, so the supply is unchanged; 1e9 virtual shares).
    let supply = 1_299_700_000_000u128 + 1_000_000_000;
    let expected_sol = 2_000_000_000u128 * u128::from(bob_shares) / supply;
    assert_eq!(u128::from(h.token_balance(f.bob.tokens[1]).await), 8_000_000_000 + expected_sol);
    assert_eq!(h.token_balance(f.bob.shares).await, 0);

    // With the fee account back, the next withdrawal accrues the year's management fee first.
    h.create_associated_share_account(&f).await;
    let (accrued_before, supply_before) =
        (h.vault(&f).await.fees_accrued_at, u128::from(h.mint_supply(f.keys.share_mint).await));
    let out = h.withdraw_in_kind(&f, &f.alice, 1_000_000_000, vec![0, 0, 0]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // The management fee in force (1 %/yr; the queued 2 % has not executed) over the time since the
    // last accrual: the recipient's part f = 100 · t / (10,000 · 31,536,000 s) of the vault needs
    // supply · f / (1 − f) new shares, rounded down. No performance fee: a withdrawal reads no price.
    let elapsed = u128::try_from(h.vault(&f).await.fees_accrued_at - accrued_before).expect("time moves forward");
    assert!(elapsed >= 365 * 86_400, "a year unaccrued: {elapsed} s");
    let fee_shares = supply_before * 100 * elapsed / (10_000 * 31_536_000 - 100 * elapsed);
    assert_eq!(u128::from(h.token_balance(f.keys.fee_shares).await), fee_shares, "a year of management fee was minted");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn withdrawals_work_paused_stale_and_with_the_fee_account_closed() {
    run_both(unblockable).await;
}
