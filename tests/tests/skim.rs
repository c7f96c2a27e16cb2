//! Security review, finding 3: "a crank can route through its own pool and keep the slippage
//! allowance". A rebalance now goes only through the pool governance pinned for the pair, so a
//! crank's own pool is refused (`tests/tests/rebalance.rs`, `PoolNotAllowed`). What is left to an
//! attacker is to sandwich the pinned pool: buy what the vault buys, let the vault fill near its
//! `min_out`, sell back. That takes at most the part of the slippage allowance the honest fill
//! leaves, and costs the pool's fee twice; it pays only against a pool whose fees are small next to
//! that allowance (docs/vault.md says how governance picks pools and `max_slippage_bps`). Here the
//! pinned pool keeps 10 USD of each swap's input (this CPMM build charges fixed fees), the vault
//! allows 1%: at every front-run size the attacker ends below where it started, the bounty it
//! earned as the crank counted. Natively and in the SBF VM, identical.

use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::fixture::{VaultFixture, PARAMS};
use ballast_tests::{run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Oracle price of SOL in USDC (the fixture's); the pool: 1.5M USDC / 10,000 SOL at that price,
/// keeping 10 USDC from a USDC sale and 1/15 SOL (10 USD) from a SOL sale.
const SOL_PRICE: u128 = 150;
const POOL: (u64, u64) = (1_500_000_000_000, 10_000_000_000_000);
const FEES: (u64, u64) = (10_000_000, 66_666_667);

/// Bob's wealth at the oracle (USDC units, 6 decimals): his USDC, his SOL at 150 (SOL has 9
/// decimals), his vault shares at the vault's oracle value per share.
async fn wealth(h: &mut Harness, f: &VaultFixture) -> u128 {
    let (usdc, sol, shares) = (
        h.token_balance(f.bob.tokens[0]).await,
        h.token_balance(f.bob.tokens[1]).await,
        h.token_balance(f.bob.shares).await,
    );
    let balances = h.vault_balances(f).await;
    let vault_value = u128::from(balances[0]) + u128::from(balances[1]) * SOL_PRICE / 1_000;
    let supply = u128::from(h.mint_supply(f.keys.share_mint).await);
    u128::from(usdc) + u128::from(sol) * SOL_PRICE / 1_000 + u128::from(shares) * vault_value / supply
}

/// One sandwich with a front-run of `front_usdc`; returns (vault's SOL received, or None when the
/// rebalance was refused; the attacker's wealth before and after).
async fn sandwich(h: &mut Harness, front_usdc: u64) -> (Option<u64>, u128, u128) {
    let (f, pool) = h.cpmm_vault_with_fees(PARAMS, &[(0, 10_000_000_000)], POOL, FEES).await;
    let bob = f.bob.key.insecure_clone();
    let (usdc, sol) = (f.keys.assets[0], f.keys.assets[1]);
    let (bob_usdc, bob_sol) = (f.bob.tokens[0], f.bob.tokens[1]);
    h.mint_tokens(&usdc.mint, &bob_usdc, 100_000_000_000).await;
    let start = wealth(h, &f).await;
    let sol_before = h.token_balance(sol.vault_token).await;
    // Front-run, the crank's own rebalance, back-run (separate transactions: the same as one
    // bundle for the figures).
    let front = pool.swap_base_input(bob.pubkey(), usdc.mint, bob_usdc, bob_sol, front_usdc, 0);
    assert_eq!(h.send("front-run", &[front], &[&bob]).await.result, Ok(()));
    let bought = h.token_balance(bob_sol).await;
    let out = h
        .send("the sandwiched rebalance", &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0)], &[&bob])
        .await;
    let received = out.result.is_ok().then_some(());
    let back = pool.swap_base_input(bob.pubkey(), sol.mint, bob_sol, bob_usdc, bought, 0);
    assert_eq!(h.send("back-run", &[back], &[&bob]).await.result, Ok(()));
    let received = match received {
        Some(()) => Some(h.token_balance(sol.vault_token).await - sol_before),
        None => None,
    };
    let end = wealth(h, &f).await;
    h.snapshot_fixture(&f).await;
    (received, start, end)
}

async fn sandwiches(mode: Mode) -> Trace {
    let mut trace = Trace::default();
    let mut filled = 0;
    // The honest fill is ~13.249 SOL (2,000 USDC less the 10 USDC fee); the floor is 13.2.
    for front_usdc in [500_000_000, 1_500_000_000, 2_700_000_000, 6_400_000_000] {
        let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
        let (received, start, end) = sandwich(&mut h, front_usdc).await;
        if let Some(received) = received {
            assert!(
                (13_200_000_000..13_249_200_000).contains(&received),
                "front-run {front_usdc}: the vault received {received}"
            );
            filled += 1;
        }
        assert!(end < start, "front-run {front_usdc}: the sandwich paid ({start} -> {end})");
        println!("front-run {front_usdc}: vault received {received:?} SOL units; attacker {start} -> {end} USDC units");
        trace.outcomes.extend(h.trace.outcomes);
        trace.accounts.extend(h.trace.accounts);
    }
    assert!(filled >= 2, "the attack must reach the vault's swap to mean anything");
    trace
}

#[tokio::test]
async fn sandwiching_the_pinned_pool_costs_the_attacker_more_than_it_takes() {
    run_both(sandwiches).await;
}
