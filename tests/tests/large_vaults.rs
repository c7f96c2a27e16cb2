//! Vaults of 8 and 16 assets: a priced deposit and a rebalance through the real Raydium CPMM do not
//! fit a legacy transaction, and do fit one version-0 transaction with an address lookup table
//! holding the vault's accounts — natively and in the SBF VM, with identical results.

use anchor_lang::prelude::Pubkey;
use ballast::instructions::DepositArgs;
use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::fixture::{AssetSpec, VaultFixture, SOL, USDC};
use ballast_tests::lookup::lookup_addresses;
use ballast_tests::{compute_limit, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Largest transaction a validator accepts (bytes).
const PACKET: usize = 1232;
const TABLE: Pubkey = Pubkey::new_from_array([88; 32]);

/// `n` assets alternating USDC-like and SOL-like; USDC (slot 0) at 50%, SOL (slot 1) at the rest
/// but 1% for each other slot; alice holds 10,000 USDC.
async fn large_vault(h: &mut Harness, n: usize) -> VaultFixture {
    let specs: Vec<AssetSpec> = (0..n).map(|i| if i % 2 == 0 { USDC } else { SOL }).collect();
    let mut weights = vec![100u16; n];
    weights[0] = 5_000;
    weights[1] = 5_000 - 100 * u16::try_from(n - 2).expect("few");
    let mut funding = vec![0; n];
    funding[0] = 10_000_000_000;
    h.vault_fixture(&specs, &weights, &funding).await
}

async fn sixteen_asset_deposit(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = large_vault(&mut h, 16).await;
    h.publish_prices(&mut f).await;
    let alice = f.alice.key.insecure_clone();
    let deposit = f.keys.deposit(
        alice.pubkey(),
        0,
        f.alice.tokens[0],
        f.alice.shares,
        DepositArgs { amount: 10_000_000_000, min_shares_out: 0 },
    );
    assert!(
        h.transaction_size(std::slice::from_ref(&deposit), &[&alice]).await > PACKET,
        "a 16-asset deposit needs the table"
    );
    let addresses = lookup_addresses(std::slice::from_ref(&deposit));
    h.create_lookup_table(TABLE, &addresses).await;
    let out = h.send_v0("16-asset deposit, v0", &[deposit], &[&alice], TABLE, &addresses).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.last_transaction_bytes <= PACKET, "{} bytes", h.last_transaction_bytes);
    assert_eq!(h.vault_balances(&f).await[0], 10_000_000_000);
    // The first deposit: 10,000 USD (USDC has no confidence spread) at the launch price of 1 USD per
    // share, 1e9 share units each: 10,000 × 1e6 value units × (0 + 1e9) / (0 + 1e6) = 1e13.
    assert_eq!(h.token_balance(f.alice.shares).await, 10_000_000_000_000);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_sixteen_asset_deposit_fits_one_v0_transaction() {
    run_both(sixteen_asset_deposit).await;
}

async fn large_rebalance(h: &mut Harness, n: usize) {
    let mut f = large_vault(h, n).await;
    h.publish_prices(&mut f).await;
    let alice = f.alice.key.insecure_clone();
    let deposit = f.keys.deposit(
        alice.pubkey(),
        0,
        f.alice.tokens[0],
        f.alice.shares,
        DepositArgs { amount: 10_000_000_000, min_shares_out: 0 },
    );
    let (usdc_mint, sol_mint) = (f.keys.assets[0].mint, f.keys.assets[1].mint);
    let state = ballast_tests::cpmm::pool_state_address(ballast_tests::cpmm::config_address(0), usdc_mint, sol_mint);
    assert_eq!(
        h.send("allow the CPMM pool", &[f.keys.add_pool(CPMM_ID, state, (usdc_mint, sol_mint))], &[]).await.result,
        Ok(())
    );
    let payer = h.payer.insecure_clone();
    let (usdc_account, sol_account) = (keypair(130), keypair(131));
    for (account, asset, amount) in [(&usdc_account, 0, 1_500_000_000_000u64), (&sol_account, 1, 10_000_000_000_000)] {
        h.create_token_account(account, &f.keys.assets[asset].mint, &payer.pubkey()).await;
        h.mint_tokens(&f.keys.assets[asset].mint, &account.pubkey(), amount).await;
    }
    let config = h.create_cpmm_config(0);
    let pool = h
        .create_cpmm_pool(
            config,
            (f.keys.assets[0].mint, usdc_account.pubkey(), 1_500_000_000_000),
            (f.keys.assets[1].mint, sol_account.pubkey(), 10_000_000_000_000),
        )
        .await;
    let bob = f.bob.key.insecure_clone();
    let rebalance = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0);
    let addresses = lookup_addresses(&[deposit.clone(), rebalance.clone()]);
    h.create_lookup_table(TABLE, &addresses).await;
    h.warp(2).await;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send_v0("deposit, v0", &[deposit], &[&alice], TABLE, &addresses).await.result, Ok(()));

    assert!(
        h.transaction_size(std::slice::from_ref(&rebalance), &[&bob]).await > PACKET,
        "a {n}-asset rebalance needs the table"
    );
    let out = h.send_v0("rebalance, v0", &[compute_limit(400_000), rebalance], &[&bob], TABLE, &addresses).await;
    assert_eq!(out.result, Ok(()), "{n} assets: {:?}", out.program_output);
    assert!(h.last_transaction_bytes <= PACKET, "{n} assets: {} bytes", h.last_transaction_bytes);
    // 100% USDC against 50%: 20% of the vault (the trade cap) sold for SOL.
    assert_eq!(h.vault_balances(&f).await[0], 8_000_000_000);
    h.snapshot_fixture(&f).await;
}

async fn eight(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    large_rebalance(&mut h, 8).await;
    h.trace
}

#[tokio::test]
async fn an_eight_asset_rebalance_fits_one_v0_transaction() {
    run_both(eight).await;
}

async fn sixteen(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    large_rebalance(&mut h, 16).await;
    h.trace
}

#[tokio::test]
async fn a_sixteen_asset_rebalance_fits_one_v0_transaction() {
    run_both(sixteen).await;
}
