//! Auction fills through solver programs, natively and in the SBF VM with identical results: the
//! solver's transaction is `fill_begin` → a program of its own → `fill_end`. An honest solver
//! program (tests/programs/solver, `fill_through_cpmm`) swaps what the vault gave through the real
//! Raydium CPMM (built by `make amm`) and pays the vault straight from the pool; the same program's
//! ADVERSARY instruction (`forward`) drives Ballast by CPI: `fill_begin` from inside a program, and a
//! deposit of the bought asset in place of the payment (which would both pay the vault and mint the
//! solver shares). Each refusal names its exact error and moves nothing.

use ballast::errors::BallastError;
use ballast::events::AuctionFilled;
use ballast::instructions::DepositArgs;
use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::fixture::PARAMS;
use ballast_tests::solver::{by_cpi, fill_through_cpmm, solver_so};

use ballast_tests::{assert_refused_at, events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Validators drop transactions over one packet.
const PACKET: usize = 1232;
const USDC_1K: u64 = 1_000_000_000;
/// 66.666666667 SOL: 10,000 USD at 150.
const SOL_10K: u64 = 66_666_666_667;

async fn solvers(mode: Mode) -> Trace {
    let programs = [(CPMM_ID, cpmm_so()), (test_solver::ID, solver_so())];
    let mut h = Harness::start_with(mode, &programs).await;
    // 20,000 USDC and 10,000 USD of SOL at 50/50: the plan sells 5,000 USDC. The pool holds
    // 15,000,000 USDC and 100,000 SOL (150, no fee).
    let (mut f, pool) =
        h.cpmm_vault(PARAMS, &[(0, 20 * USDC_1K), (1, SOL_10K)], 15_000 * USDC_1K, 100_000_000_000_000).await;
    let solver = keypair(170);
    let solver_usdc = keypair(171);
    h.create_token_account(&solver_usdc, &f.keys.assets[0].mint, &solver.pubkey()).await;
    let out = h.send("open", &[f.keys.open_auction(h.payer.pubkey(), None)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let keys = [h.fixture_keys(&f), vec![solver_usdc.pubkey(), pool.token_0_vault, pool.token_1_vault]].concat();
    let before = h.accounts(&keys).await;

    // ADVERSARY: `fill_begin` by CPI from a program, `fill_end` at the top level.
    let begin = f.keys.fill_begin(solver.pubkey(), 0, solver_usdc.pubkey(), USDC_1K);
    let out = h.send("fill_begin by CPI", &[by_cpi(begin.clone()), f.keys.fill_end(solver.pubkey())], &[&solver]).await;
    assert_refused_at(&out, 0, BallastError::FillNotTopLevel);

    // ADVERSARY: bob takes 1,000 USDC, then pays the vault by depositing 7 SOL through Ballast by
    // CPI (the sysvar shows no Ballast instruction between the pair): the vault would get its SOL and
    // bob the shares too, minted at a value the missing USDC lowers. The fill marks the vault, and
    // every other instruction's `invariant()` refuses a marked vault (the share mint in the fill's
    // digest would refuse this one too, at fill_end).
    let bob = f.bob.key.insecure_clone();
    let deposit = f.keys.deposit(
        bob.pubkey(),
        1,
        f.bob.tokens[1],
        f.bob.shares,
        DepositArgs { amount: 7_000_000_000, min_shares_out: 0 },
    );
    let pay_by_deposit =
        [f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], USDC_1K), by_cpi(deposit), f.keys.fill_end(bob.pubkey())];
    let out = h.send("pay by a deposit by CPI", &pay_by_deposit, &[&bob]).await;
    assert_refused_at(&out, 1, BallastError::FillInFlight);
    // Nor may any other Ballast instruction run by CPI while the tokens are out: a withdrawal by a
    // holder signing along (into claims it would move no token, so no digest would see it), or the
    // observer.
    let alice = f.alice.key.insecure_clone();
    let withdraw = f.keys.withdraw_in_kind(
        alice.pubkey(),
        &f.alice.tokens,
        f.alice.shares,
        ballast::instructions::WithdrawInKindArgs { shares: 1_000_000_000, min_amounts_out: vec![0, 0] },
    );
    let withdrawer = [&bob, &alice];
    for (label, ix, signers) in [
        ("a withdrawal by CPI between the pair", withdraw, &withdrawer[..]),
        ("accrue_fees by CPI between the pair", f.keys.accrue_fees(), &withdrawer[..1]),
    ] {
        let between =
            [f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], USDC_1K), by_cpi(ix), f.keys.fill_end(bob.pubkey())];
        let out = h.send(label, &between, signers).await;
        assert_refused_at(&out, 1, BallastError::FillInFlight);
    }

    // The honest solver program at the start: the pool pays par less its impact, under the ask
    // (1% above the oracle).
    let fill = [
        begin,
        fill_through_cpmm(&f, &pool, solver.pubkey(), solver_usdc.pubkey(), 0),
        f.keys.fill_end(solver.pubkey()),
    ];
    let out = h.send("fill through the CPMM at the start price", &fill, &[&solver]).await;
    assert_refused_at(&out, 2, BallastError::AuctionFillShort);
    assert_eq!(h.accounts(&keys).await, before, "a refused fill changed something");

    // 250 s in the ask is 0.25% under the oracle (10,100 − 150 · 250/300 bps): the pool's price
    // (impact 1,000 / 15,001,000) beats it.
    h.warp(250).await;
    h.publish_prices(&mut f).await;
    let usdc_vault = if pool.token_0_mint == f.keys.assets[0].mint { pool.token_0_vault } else { pool.token_1_vault };
    let sol_vault = if usdc_vault == pool.token_0_vault { pool.token_1_vault } else { pool.token_0_vault };
    let (usdc_reserve, sol_reserve) = (h.token_balance(usdc_vault).await, h.token_balance(sol_vault).await);
    let pool_out = u64::try_from(u128::from(sol_reserve) * u128::from(USDC_1K) / u128::from(usdc_reserve + USDC_1K))
        .expect("fits");
    assert_eq!(pool_out, 6_666_222_251, "constant product, no fee");
    let out = h.send("fill through the CPMM", &fill, &[&solver]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault_balances(&f).await, vec![19 * USDC_1K, SOL_10K + pool_out]);
    assert_eq!(h.token_balance(solver_usdc.pubkey()).await, 0);
    assert_eq!(
        (h.token_balance(usdc_vault).await, h.token_balance(sol_vault).await),
        (usdc_reserve + USDC_1K, sol_reserve - pool_out)
    );
    if h.observes_logs() {
        let e = &events_of::<AuctionFilled>(&out)[0];
        // 1,000 USDC ask 6.65 SOL (6.666… × 0.9975, rounded up).
        assert_eq!(
            (e.amount_in, e.amount_out, e.required_out, e.ask_factor_bps),
            (USDC_1K, pool_out, 6_650_000_000, 9_975)
        );
        assert_eq!((e.solver, e.remaining), (solver.pubkey(), 4 * USDC_1K));
    }
    let size = h.transaction_size(&fill, &[&solver]).await;
    assert!(size <= PACKET, "a fill with a CPMM leg is {size} bytes");
    eprintln!("auction fill through the CPMM: {} CU, {size} bytes", h.last_compute_units);
    h.trace
}

#[tokio::test]
async fn solver_programs_fill_through_the_real_cpmm_and_cannot_drive_ballast_by_cpi() {
    run_both(solvers).await;
}
