//! A Token-2022 asset through every path a holder sees, natively and in the SBF VM with identical
//! results: governance adds a plain Token-2022 mint ("EUR", priced like USDC) to a USDC vault and
//! targets 50/50, alice deposits 10,000 USDC, a crank rebalances through the real Raydium CPMM
//! (built from its crates.io source) into EUR — Token-2022 on the bought side, `transfer_checked`
//! into the vault's Token-2022 account — and alice withdraws in kind, receiving both. Every figure is
//! written out from its formula.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::system_instruction;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use ballast_tests::ballast_ix::{vault_token_address, AssetKeys};
use ballast_tests::cpmm::{config_address, cpmm_so, CPMM_ID};
use ballast_tests::fixture::{add_asset_args, feed_id, SOL, USDC};
use ballast_tests::{keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Pool depth on each side: 1.5M USDC and 1.5M EUR (6 decimals, both at 1 USD).
const DEPTH: u64 = 1_500_000_000_000;

async fn token_2022_round_trip(mode: Mode) -> Trace {
    let t22 = spl_token_2022::ID;
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 0]).await;
    let payer = h.payer.insecure_clone();

    // EUR: a Token-2022 mint with no extension, joined at weight 0, then targeted 50/50 with USDC.
    let eur = keypair(190);
    h.create_mint_2022(&eur, 6, &[], vec![]).await;
    let asset = AssetKeys {
        mint: eur.pubkey(),
        token_program: t22,
        vault_token: vault_token_address(&f.keys.vault, &eur.pubkey()),
        feed_id: feed_id(2),
        price_account: Pubkey::new_from_array([202; 32]),
        decimals: 6,
    };
    assert_eq!(h.send("add EUR", &[f.keys.add_asset(&asset, add_asset_args(2))], &[]).await.result, Ok(()));
    f.keys.assets.push(asset);
    f.specs.push(USDC);
    assert_eq!(
        h.send("target USDC/EUR 50/50", &[f.keys.set_target_weights(vec![5_000, 0, 5_000])], &[]).await.result,
        Ok(())
    );
    let vault_eur = h.account(asset.vault_token).await.expect("the vault's EUR account");
    assert_eq!(vault_eur.owner, t22, "the vault's EUR account belongs to Token-2022");

    // Token-2022 accounts for EUR: alice's, and the payer's pool seed.
    let (alice_eur, seed_eur) = (keypair(191), keypair(192));
    for (account, owner) in [(&alice_eur, f.alice.key.pubkey()), (&seed_eur, payer.pubkey())] {
        let ixs = [
            system_instruction::create_account(&payer.pubkey(), &account.pubkey(), 10_000_000, 165, &t22),
            spl_token_2022::instruction::initialize_account3(&t22, &account.pubkey(), &eur.pubkey(), &owner)
                .expect("ix"),
        ];
        assert_eq!(h.send("EUR account", &ixs, &[account]).await.result, Ok(()));
    }
    let mint =
        spl_token_2022::instruction::mint_to(&t22, &eur.pubkey(), &seed_eur.pubkey(), &payer.pubkey(), &[], DEPTH)
            .expect("ix");
    assert_eq!(h.send("mint EUR for the pool", &[mint], &[]).await.result, Ok(()));
    f.alice.tokens.push(alice_eur.pubkey());

    // The real CPMM: a USDC/EUR pool (classic SPL on one side, Token-2022 on the other), pinned.
    let seed_usdc = keypair(193);
    h.create_token_account(&seed_usdc, &f.keys.assets[0].mint, &payer.pubkey()).await;
    h.mint_tokens(&f.keys.assets[0].mint, &seed_usdc.pubkey(), DEPTH).await;
    let config = h.create_cpmm_config(0);
    assert_eq!(config, config_address(0));
    let pool = h
        .create_cpmm_pool_of(
            config,
            (f.keys.assets[0].mint, seed_usdc.pubkey(), DEPTH, spl_token::ID),
            (eur.pubkey(), seed_eur.pubkey(), DEPTH, t22),
        )
        .await;
    assert_eq!(h.send("allow the USDC/EUR pool", &[f.keys.add_cpmm_pool(&pool)], &[]).await.result, Ok(()));

    // Alice deposits 10,000 USDC: 1e13 shares at the launch price.
    h.warp(2).await;
    h.publish_prices(&mut f).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 10_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.token_balance(f.alice.shares).await, 10_000_000_000_000);

    // 100% USDC against 50/50: the crank sells 20% of the vault (2,000 USDC) for EUR through the
    // pool; constant product with no fee: 2e9 · 1.5e12 / (1.5e12 + 2e9) EUR units.
    let bob = f.bob.key.insecure_clone();
    let out = h
        .send(
            "rebalance USDC into Token-2022 EUR",
            &[f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 2, 0)],
            &[&bob],
        )
        .await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let eur_bought =
        u64::try_from(2_000_000_000u128 * u128::from(DEPTH) / (u128::from(DEPTH) + 2_000_000_000)).expect("fits");
    assert_eq!(eur_bought, 1_997_336_884);
    assert_eq!(h.vault_balances(&f).await, vec![8_000_000_000, 0, eur_bought]);
    // The bounty: 1 USD of shares against the vault after the swap (EUR at 1 USD).
    let value_after = 8_000_000_000u128 + u128::from(eur_bought);
    let bounty = 1_000_000u128 * (10_000_000_000_000 + 1_000_000_000) / (value_after + 1_000_000);
    assert_eq!(u128::from(h.token_balance(f.bob.shares).await), bounty);

    // Alice leaves in kind with every share: her part of each balance over the supply and the 1e9
    // virtual shares, rounded down; the EUR leg is a Token-2022 `transfer_checked`.
    let supply = 10_000_000_000_000u128 + bounty + 1_000_000_000;
    let expected = [8_000_000_000u128, u128::from(eur_bought)]
        .map(|b| u64::try_from(b * 10_000_000_000_000 / supply).expect("fits"));
    let usdc_before = h.token_balance(f.alice.tokens[0]).await;
    let out = h.withdraw_in_kind(&f, &f.alice, 10_000_000_000_000, vec![expected[0], 0, expected[1]]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.alice.tokens[0]).await - usdc_before, expected[0]);
    assert_eq!(h.token_balance(alice_eur.pubkey()).await, expected[1]);
    assert_eq!(h.vault_balances(&f).await, vec![8_000_000_000 - expected[0], 0, eur_bought - expected[1]]);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_token_2022_asset_is_deposited_rebalanced_and_withdrawn() {
    run_both(token_2022_round_trip).await;
}
