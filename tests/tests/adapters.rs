//! Swap adapters. Orca Whirlpool: the instruction Ballast builds for its CPI is the one
//! `orca_whirlpools_client` (Orca's own Codama client) builds for the same swap, both directions,
//! and anything that is not the planned leg is refused. The generic route adapter: the real
//! Raydium CPMM reached through opaque route data (natively and in the SBF VM), where only the
//! post-trade checks stand between a route and the vault.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use ballast::errors::BallastError;
use ballast::instructions::{AddAmmArgs, RebalanceArgs};
use ballast::swap::orca_whirlpool::{MAX_SQRT_PRICE, MIN_SQRT_PRICE};
use ballast::swap::{instruction, Adapter, Leg};
use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::fixture::PARAMS;
use ballast_tests::{run_both, Harness, Mode, Trace};
use orca_whirlpools_client::{SwapV2, SwapV2InstructionArgs, WHIRLPOOL_ID};
use solana_signer::Signer;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

/// A Whirlpool swap's accounts with the swap authority (key 4) as token authority and its token accounts
/// as the pool's owner accounts A (key 8) and B (key 10).
fn whirlpool_swap() -> SwapV2 {
    SwapV2 {
        token_program_a: key(1),
        token_program_b: key(2),
        memo_program: key(3),
        token_authority: key(4),
        whirlpool: key(5),
        token_mint_a: key(6),
        token_mint_b: key(7),
        token_owner_account_a: key(8),
        token_vault_a: key(9),
        token_owner_account_b: key(10),
        token_vault_b: key(11),
        tick_array0: key(12),
        tick_array1: key(13),
        tick_array2: key(14),
        oracle: key(15),
    }
}

/// The accounts as a crank passes them to `rebalance`: nobody signs in the outer transaction.
fn as_passed(metas: &[AccountMeta]) -> Vec<AccountMeta> {
    metas.iter().map(|m| AccountMeta { is_signer: false, ..m.clone() }).collect()
}

#[test]
fn the_orca_adapter_builds_what_orca_whirlpools_client_builds() {
    for (a_to_b, input, output) in [(true, key(8), key(10)), (false, key(10), key(8))] {
        let leg = Leg { authority: key(4), input, output, amount_in: 2_000_000_000, min_out: 13_200_000_000 };
        let args = SwapV2InstructionArgs {
            amount: leg.amount_in,
            other_amount_threshold: leg.min_out,
            sqrt_price_limit: if a_to_b { MIN_SQRT_PRICE } else { MAX_SQRT_PRICE },
            amount_specified_is_input: true,
            a_to_b,
            remaining_accounts_info: None,
        };
        let orca = whirlpool_swap().instruction(args);
        let ours =
            instruction(Adapter::OrcaWhirlpool, WHIRLPOOL_ID, as_passed(&orca.accounts), &leg, &[]).expect("builds");
        assert_eq!(ours.program_id, orca.program_id);
        assert_eq!(ours.data, orca.data, "a_to_b = {a_to_b}");
        assert_eq!(
            ours.accounts, orca.accounts,
            "a_to_b = {a_to_b}: the swap authority signs as token authority, writability as Orca's"
        );
    }
}

#[test]
fn the_orca_adapter_refuses_accounts_that_are_not_the_planned_leg() {
    let orca = whirlpool_swap().instruction(SwapV2InstructionArgs {
        amount: 1,
        other_amount_threshold: 1,
        sqrt_price_limit: MIN_SQRT_PRICE,
        amount_specified_is_input: true,
        a_to_b: true,
        remaining_accounts_info: None,
    });
    let passed = as_passed(&orca.accounts);
    let leg = Leg { authority: key(4), input: key(8), output: key(10), amount_in: 1, min_out: 1 };
    let wrong = |leg: Leg, accounts: &[AccountMeta], route: &[u8]| {
        instruction(Adapter::OrcaWhirlpool, WHIRLPOOL_ID, accounts.to_vec(), &leg, route).map(|_| ()).unwrap_err()
    };
    let expected = anchor_lang::error!(BallastError::WrongSwapAccounts);
    assert_eq!(wrong(Leg { input: key(99), ..leg }, &passed, &[]), expected, "input not in the pool");
    assert_eq!(wrong(Leg { output: key(8), ..leg }, &passed, &[]), expected, "both legs the same account");
    assert_eq!(
        wrong(Leg { authority: key(99), ..leg }, &passed, &[]),
        expected,
        "the swap authority is not the token authority"
    );
    assert_eq!(wrong(leg, &passed[..14], &[]), expected, "an account missing");
    assert_eq!(
        wrong(leg, &passed, &[1]),
        anchor_lang::error!(BallastError::RouteDataNotAllowed),
        "route data for a native adapter"
    );
}

async fn route(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let (f, pool) = h.cpmm_vault(PARAMS, &[(0, 10_000_000_000)], 1_500_000_000_000, 10_000_000_000_000).await;
    let (usdc, sol) = (f.keys.assets[0], f.keys.assets[1]);
    // Governance replaces the pinned CPMM pool by the CPMM as a route (removal applies at once;
    // with holders, adding waits for the timelock). A route cannot be pinned, so it needs its own
    // slippage bound below the vault's 1%.
    assert_eq!(h.send("remove the CPMM pool", &[f.keys.remove_amm(CPMM_ID, pool.state)], &[]).await.result, Ok(()));
    let as_route = |adapter: u8, pool: Pubkey, max_slippage_bps: u16| {
        f.keys
            .add_amm_with(CPMM_ID, AddAmmArgs { adapter, pool, mint_a: usdc.mint, mint_b: sol.mint, max_slippage_bps })
    };
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("an unknown adapter", &[as_route(7, Pubkey::default(), 50)], &[]).await;
    h.assert_refused(&out, BallastError::UnknownAdapter, &keys, &before).await;
    for (name, pool, bound) in [
        ("a route without its own bound", Pubkey::default(), 0),
        ("a route as loose as the vault", Pubkey::default(), PARAMS.max_slippage_bps),
        ("a route pinned to a pool", pool.state, 50),
    ] {
        let out = h.send(name, &[as_route(Adapter::Route.code(), pool, bound)], &[]).await;
        h.assert_refused(&out, BallastError::PoolEntryInvalid, &keys, &before).await;
    }
    assert_eq!(
        h.send("allow the CPMM as a route at 0.5%", &[as_route(Adapter::Route.code(), Pubkey::default(), 50)], &[])
            .await
            .result,
        Ok(())
    );
    h.warp(86_400).await;
    assert_eq!(h.send("execute after the timelock", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    let mut f = f;
    h.publish_prices(&mut f).await;

    let bob = f.bob.key.insecure_clone();
    let route_ix = |amount_in: u64, min_out: u64| {
        pool.swap_base_input(f.keys.swap_authority, usdc.mint, usdc.vault_token, sol.vault_token, amount_in, min_out)
    };
    let send_route = |data: Vec<u8>| {
        let swap = route_ix(0, 0);
        f.keys.rebalance_with(
            bob.pubkey(),
            f.bob.shares,
            CPMM_ID,
            swap.accounts,
            RebalanceArgs { min_out: 0, pair: None, route: data },
        )
    };
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    // The program plans 2,000 USDC for at least 13.27 SOL (150 USDC/SOL less the route's 0.5%,
    // rounded up).
    // A route that spends 3,000 cannot: the swap authority's allowance is the planned 2,000, so the
    // token program refuses it (TokenError::InsufficientFunds); one that asks for nothing back is
    // held to the program's floor anyway.
    let out = h.send("a route that overspends", &[send_route(route_ix(3_000_000_000, 0).data)], &[&bob]).await;
    assert_eq!(out.custom_error(), Some(1), "{:?} {:?}", out.result, out.program_output);
    assert_eq!(h.accounts(&keys).await, before, "a refused route moved value");
    let out = h.send("a route with no data", &[send_route(vec![])], &[&bob]).await;
    h.assert_refused(&out, BallastError::WrongSwapAccounts, &keys, &before).await;
    let out = h.send("the planned route", &[send_route(route_ix(2_000_000_000, 0).data)], &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000);
    assert!(h.vault_balances(&f).await[1] >= 13_266_666_667);
    if h.observes_logs() {
        let event = &ballast_tests::events_of::<ballast::events::Rebalanced>(&out)[0];
        assert_eq!(event.min_out, 13_266_666_667, "min_out at the route's 0.5%, not the vault's 1%");
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_route_through_the_real_cpmm_is_held_to_the_post_trade_checks() {
    run_both(route).await;
}

#[test]
fn the_drift_gate_reads_a_whirlpools_liquidity_and_price_where_orca_does() {
    use ballast::swap::orca_whirlpool::liquidity_and_price;
    use ballast_math::execution::Hop;
    // A Whirlpool account whose every byte differs from its neighbours: Orca's own decoder and the
    // gate's reader must find the same two fields.
    let mut data: Vec<u8> = (0..orca_whirlpools_client::Whirlpool::LEN).map(|i| (i * 7 % 251) as u8).collect();
    data[..8].copy_from_slice(&orca_whirlpools_client::WHIRLPOOL_DISCRIMINATOR);
    let orca = orca_whirlpools_client::Whirlpool::from_bytes(&data).expect("Orca decodes it");
    assert_eq!(liquidity_and_price(&data), Some((orca.liquidity, orca.sqrt_price)));
    // A truncated account is not read.
    assert_eq!(liquidity_and_price(&data[..80]), None);
    // The hop from a real-shaped pool: L = 1e12 at √P = 2 (4 B per A), selling A.
    let liquidity = 1_000_000_000_000u128;
    data[49..65].copy_from_slice(&liquidity.to_le_bytes());
    data[65..81].copy_from_slice(&(2u128 << 64).to_le_bytes());
    let (l, p) = liquidity_and_price(&data).expect("read");
    let hop = Hop::concentrated(l, p, true, 0, u64::MAX).expect("a price");
    assert_eq!(hop.amount_out(1_000), Ok(3_999));
}
