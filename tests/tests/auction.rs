//! Rebalance by Dutch auction, natively and in the SBF VM with identical results: `open_auction`
//! offers the planned pair and amount; a solver's transaction `fill_begin` → its own transfer of
//! the bought asset into the vault → `fill_end` settles at the decayed ask of the fill-time oracle
//! rate. Every refusal names its exact error and moves nothing. The solver here pays from its own
//! inventory (a plain token transfer between the pair); fills through a solver program and a
//! malicious solver program are not in this file yet (see docs/auctions.md).

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anchor_spl::token::spl_token;
use ballast::errors::BallastError;
use ballast::events::{AuctionFilled, AuctionOpened, BreakerTripped};
use ballast::state::{Auction, VaultParams};
use ballast_tests::fixture::{VaultFixture, PARAMS, SOL, USDC};
use ballast_tests::{
    assert_refused_at, error_code, events_of, run_both, Harness, InstructionError, Mode, Trace, TransactionError,
};
use solana_signer::Signer;

const USDC_10K: u64 = 10_000_000_000;
/// 66.666666667 SOL: 10,000 USD at 150.
const SOL_10K: u64 = 66_666_666_667;

/// USDC/SOL at 50/50; alice and bob hold 10,000 USDC and 200 SOL each.
async fn vault(h: &mut Harness) -> VaultFixture {
    h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[USDC_10K, 200_000_000_000]).await
}

async fn auction(h: &mut Harness, f: &VaultFixture) -> Auction {
    let data = h.account(f.keys.auction()).await.expect("auction").data;
    Auction::try_deserialize(&mut &data[..]).expect("auction decodes")
}

/// The solver's transaction: take `take` USDC, pay `pay` SOL from its own account, settle.
fn fill(f: &VaultFixture, take: u64, pay: u64) -> Vec<Instruction> {
    let bob = f.bob.key.pubkey();
    vec![f.keys.fill_begin(bob, 0, f.bob.tokens[0], take), pay_sol(f, pay), f.keys.fill_end(bob)]
}

fn pay_sol(f: &VaultFixture, amount: u64) -> Instruction {
    let bob = f.bob.key.pubkey();
    spl_token::instruction::transfer(&spl_token::ID, &f.bob.tokens[1], &f.keys.assets[1].vault_token, &bob, &[], amount)
        .expect("transfer")
}

async fn fills(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = vault(&mut h).await;
    let bob = f.bob.key.insecure_clone();

    // 10,000 USDC and 10,000 USD of SOL: on target, nothing to auction.
    assert_eq!(h.deposit(&f, &f.alice, 0, USDC_10K, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 1, SOL_10K, 0).await.result, Ok(()));
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("open with no trigger", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_refused_at(&out, 0, BallastError::RebalanceNotNeeded);
    assert_eq!(h.accounts(&keys).await, before, "a refused open changed something");
    assert!(h.account(f.keys.auction()).await.is_none());

    // 20,000 USDC against 10,000 USD of SOL: sell the 5,000 USD above target (under the 20% cap).
    assert_eq!(h.deposit(&f, &f.bob, 0, USDC_10K, 0).await.result, Ok(()));
    let out = h.send("open", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let opened_at = h.now().await;
    let a = auction(&mut h, &f).await;
    assert_eq!((a.sell, a.buy, a.amount, a.remaining, a.fills), (0, 1, 5_000_000_000, 5_000_000_000, 0));
    assert_eq!((a.premium_bps, a.discount_bps, a.duration_secs), (100, 50, 300));
    assert_eq!((a.opened_at, a.expires_at), (opened_at, opened_at + 300));
    assert_eq!((a.sell_price_at_open, a.buy_price_at_open), (1_000_000_000_000, 150_000_000_000_000));
    assert_eq!(h.vault(&f).await.auction_expires_at, opened_at + 300);
    if h.observes_logs() {
        let e = &events_of::<AuctionOpened>(&out)[0];
        assert_eq!((e.amount, e.drift_bps, e.expires_at), (5_000_000_000, 3_333, opened_at + 300));
    }
    // One auction at a time (its PDA exists: the system program's AccountAlreadyInUse, 0), and no
    // swap path beside it.
    let out = h.send("open a second", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Err(TransactionError::InstructionError(0, InstructionError::Custom(0))));
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.refusal, error_code(BallastError::AuctionOpen));
    }

    let before = h.accounts(&keys).await;
    // At the start the ask is 1% above the oracle: 1,000 USDC asks 6.7333… SOL; par is refused.
    let out = h.send("fill at the start price", &fill(&f, 1_000_000_000, 6_666_666_667), &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::AuctionFillShort);
    // A solver that keeps the tokens.
    let out = h
        .send(
            "fill that pays nothing",
            &[f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], 1_000_000_000), f.keys.fill_end(bob.pubkey())],
            &[&bob],
        )
        .await;
    assert_refused_at(&out, 1, BallastError::AuctionFillShort);
    // A solver that sends everything back: nothing sold, refused (it would count as a rebalance).
    let give_back = spl_token::instruction::transfer(
        &spl_token::ID,
        &f.bob.tokens[0],
        &f.keys.assets[0].vault_token,
        &bob.pubkey(),
        &[],
        1_000_000_000,
    )
    .expect("transfer");
    let mut returned = fill(&f, 1_000_000_000, 0);
    returned[1] = give_back;
    let out = h.send("fill that sends everything back", &returned, &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::ZeroAmount);
    // Taken into the vault's own account: nothing sold.
    let mut own = fill(&f, 1_000_000_000, 7_000_000_000);
    own[0] = f.keys.fill_begin(bob.pubkey(), 0, f.keys.assets[0].vault_token, 1_000_000_000);
    let out = h.send("fill into the vault's own account", &own, &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::ZeroAmount);
    // Dust: a fill must sell a tenth of the auction (500 USDC) or all that is left, at fill_begin
    // and again at fill_end (after whatever the solver sent back).
    let out = h.send("a 1-unit fill", &fill(&f, 1, 1), &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillTooSmall);
    let mut dust = fill(&f, 1_000_000_000, 7_000_000_000);
    dust[1] = spl_token::instruction::transfer(
        &spl_token::ID,
        &f.bob.tokens[0],
        &f.keys.assets[0].vault_token,
        &bob.pubkey(),
        &[],
        999_999_999,
    )
    .expect("transfer");
    let out = h.send("a fill that sends all but one unit back", &dust, &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::FillTooSmall);
    let out =
        h.send("fill_begin without fill_end", &[f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], 1)], &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillEndMissing);
    let mut two = fill(&f, 1_000_000_000, 7_000_000_000);
    two.insert(1, f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], 1));
    let out = h.send("two fill_begins", &two, &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillEndMissing);
    let out = h.send("fill_end in another transaction", &[f.keys.fill_end(bob.pubkey())], &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillNotInFlight);
    let mut between = fill(&f, 1_000_000_000, 7_000_000_000);
    between.insert(2, f.keys.accrue_fees());
    let out = h.send("another Ballast instruction between", &between, &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillEndMissing);
    let mut other_vault = fill(&f, 1_000_000_000, 7_000_000_000);
    other_vault[2].accounts[ballast::fill_pair::VAULT_POSITION].pubkey = Pubkey::new_unique();
    let out = h.send("fill_end names another vault", &other_vault, &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillEndMissing);
    let mut swapped = fill(&f, 1_000_000_000, 7_000_000_000);
    let n = swapped[2].accounts.len();
    swapped[2].accounts.swap(n - 4, n - 2);
    let out = h.send("fill_end with the pair's accounts swapped", &swapped, &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::WrongRemainingAccounts);
    let out = h.send("fill more than is left", &fill(&f, 5_000_000_001, 40_000_000_000), &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::FillExceedsRemaining);
    assert_eq!(h.accounts(&keys).await, before, "a refused fill changed something");

    // 200 s in, the ask is at par (10,100 − 150 · 200/300 bps): 1,000 USDC asks 6.666666667 SOL.
    h.warp(200).await;
    h.publish_prices(&mut f).await;
    let out = h.send("fill short by one unit", &fill(&f, 1_000_000_000, 6_666_666_666), &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::AuctionFillShort);
    let out = h.send("fill at the decayed price", &fill(&f, 1_000_000_000, 6_666_666_667), &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault_balances(&f).await, vec![19_000_000_000, SOL_10K + 6_666_666_667]);
    let a = auction(&mut h, &f).await;
    assert_eq!((a.remaining, a.received, a.fills, a.fill.solver), (4_000_000_000, 6_666_666_667, 1, Pubkey::default()));
    if h.observes_logs() {
        let e = &events_of::<AuctionFilled>(&out)[0];
        assert_eq!(
            (e.amount_in, e.amount_out, e.required_out, e.ask_factor_bps),
            (1_000_000_000, 6_666_666_667, 6_666_666_667, 10_000)
        );
        // 19,000 USDC and 11,000 USD of SOL: 6,333 and 3,666 bps, |−1,333| + |1,334|.
        assert_eq!((e.drift_before_bps, e.drift_after_bps, e.remaining), (3_333, 2_667, 4_000_000_000));
        assert_eq!(e.solver, bob.pubkey());
    }
    let vault = h.vault(&f).await;
    assert_eq!((vault.rebalance_count, vault.last_rebalance_at), (1, opened_at + 200));

    // The oracle moved 20% (the breaker's limit is 15%) since opening: refused.
    let mut moved = f.specs.clone();
    moved[1].price = 18_000_000_000;
    let now = h.now().await;
    h.set_price(
        f.keys.assets[1].price_account,
        f.keys.assets[1].feed_id,
        ballast_tests::pyth::Quote::usd(moved[1].price, moved[1].conf_bps, now + 1),
    );
    h.warp(1).await;
    let out = h.send("fill after the oracle moved", &fill(&f, 1_000_000_000, 7_000_000_000), &[&bob]).await;
    assert_refused_at(&out, 2, BallastError::AuctionOracleMoved);

    // At 300 s the ask is at its floor, 0.5% under: the last 4,000 USDC ask 26.533333334 SOL.
    h.warp(99).await;
    h.publish_prices(&mut f).await;
    let out = h.send("fill the rest at the floor", &fill(&f, 4_000_000_000, 26_533_333_334), &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let a = auction(&mut h, &f).await;
    assert_eq!((a.remaining, a.received, a.fills), (0, 6_666_666_667 + 26_533_333_334, 2));
    assert_eq!(h.vault_balances(&f).await, vec![15_000_000_000, SOL_10K + 6_666_666_667 + 26_533_333_334]);
    // Filled: the vault is free again, and the auction closes (rent to its opener).
    assert_eq!(h.vault(&f).await.auction_expires_at, 0);
    // The payer opened it (and pays each transaction's 5,000-lamport fee).
    let opener_before = h.account(h.payer.pubkey()).await.expect("payer").lamports;
    let rent = h.account(f.keys.auction()).await.expect("auction").lamports;
    let out = h.send("close", &[f.keys.close_auction(h.payer.pubkey())], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.account(f.keys.auction()).await.is_none());
    assert_eq!(h.account(h.payer.pubkey()).await.expect("payer").lamports, opener_before + rent - 5_000);
    h.trace
}

#[tokio::test]
async fn an_auction_is_filled_in_parts_at_the_decayed_price_and_every_bad_fill_is_refused() {
    run_both(fills).await;
}

async fn expiry(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = vault(&mut h).await;
    let bob = f.bob.key.insecure_clone();
    assert_eq!(h.deposit(&f, &f.alice, 0, USDC_10K, 0).await.result, Ok(()));
    let out = h.send("open", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let opened_at = h.now().await;
    let out = h.send("close while live", &[f.keys.close_auction(h.payer.pubkey())], &[]).await;
    assert_refused_at(&out, 0, BallastError::AuctionStillLive);
    h.warp(301).await;
    h.publish_prices(&mut f).await;
    let out = h.send("fill after expiry", &fill(&f, 1_000_000_000, 7_000_000_000), &[&bob]).await;
    assert_refused_at(&out, 0, BallastError::AuctionNotLive);
    let out = h.send("close after expiry", &[f.keys.close_auction(h.payer.pubkey())], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.account(f.keys.auction()).await.is_none());
    // Unfilled: nothing traded. The vault keeps the expiry: the next auction waits the minimum
    // interval (3,600 s) from it, while the pool path may trade at once; so re-opening an auction
    // each time one expires cannot keep a vault without solvers from rebalancing.
    let expired_at = opened_at + 300;
    assert_eq!(h.vault(&f).await.auction_expires_at, expired_at);
    assert_eq!(h.vault_balances(&f).await, vec![USDC_10K, 0]);
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("open again at once", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_refused_at(&out, 0, BallastError::RebalanceTooSoon);
    assert_eq!(h.accounts(&keys).await, before, "a refused open changed something");
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!((preview.refusal, preview.amount_in), (0, 2_000_000_000), "the pool path may trade");
    }
    let to_interval = expired_at + 3_599 - h.now().await;
    h.warp(to_interval).await;
    h.publish_prices(&mut f).await;
    let out = h.send("open again 1 s before the interval", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_refused_at(&out, 0, BallastError::RebalanceTooSoon);
    h.warp(1).await;
    h.publish_prices(&mut f).await;
    let out = h.send("open again after the interval", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    h.trace
}

#[tokio::test]
async fn an_unfilled_auction_expires_and_closes() {
    run_both(expiry).await;
}

async fn poor_fill(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    // A loss limit of 10 bps of the vault's value, and one poor fill (over 5 bps) trips the breaker.
    let params = VaultParams { max_loss_bps: 10, max_poor_fills: 1, ..PARAMS };
    let mut f = h.vault_fixture_with(params, &[USDC, SOL], &[5_000, 5_000], &[USDC_10K, 200_000_000_000]).await;
    let bob = f.bob.key.insecure_clone();
    assert_eq!(h.deposit(&f, &f.alice, 0, USDC_10K, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 1, SOL_10K, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 0, USDC_10K, 0).await.result, Ok(()));
    let out = h.send("open", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    // All 5,000 USDC at the floor (0.5% under the oracle): 25 USD less than par of a
    // 30,000 USD vault, 8.3 bps: inside the loss limit, over half of it.
    h.warp(300).await;
    h.publish_prices(&mut f).await;
    let out = h.send("fill all at the floor", &fill(&f, 5_000_000_000, 33_166_666_667), &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let vault = h.vault(&f).await;
    // Tripped at this fill (the streak starts again from 0); only governance clears it.
    assert_eq!((vault.breaker_tripped_at, vault.breaker_reason), (h.now().await, ballast::watch::TRIP_POOR_FILLS));
    assert_eq!(vault.poor_fill_streak, 0);
    if h.observes_logs() {
        let e = &events_of::<BreakerTripped>(&out)[0];
        assert_eq!((e.reason, e.mint, e.move_bps), (ballast::watch::TRIP_POOR_FILLS, f.keys.assets[1].mint, 8));
    }
    h.trace
}

#[tokio::test]
async fn a_poor_fill_counts_toward_the_breaker_as_on_the_swap_path() {
    run_both(poor_fill).await;
}
