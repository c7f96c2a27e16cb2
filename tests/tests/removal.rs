//! Security review, finding 8: "one donated unit blocks `remove_asset` forever, and a cancelled
//! `add_asset` can never be proposed again". Now a leftover balance worth at most `max_dust_value`
//! (valued at the oracle's high side) is swept to the fee recipient and the asset goes; more than
//! that is `AssetNotEmpty`; the sweep goes only to the fee recipient's account of the mint; a feed
//! that has gone quiet does not stop it (the last accepted price values the dust). A
//! cancelled proposal leaves its token account behind, and proposing the asset again reuses it.
//! Natively and in the SBF VM, identical.

use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use ballast::errors::BallastError;
use ballast::state::VaultParams;
use ballast_tests::ballast_ix::{vault_token_address, AssetKeys};
use ballast_tests::fixture::{add_asset_args, BTC, PARAMS, SOL, USDC};
use ballast_tests::{keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

async fn dust(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture(&[USDC, SOL, BTC], &[5_000, 5_000, 0], &[1_000_000_000, 0, 0]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    let btc = f.keys.assets[2];
    // Anyone can send the vault one unit of BTC (0.00000001 BTC, 0.0006 USD at 60,000).
    h.mint_tokens(&btc.mint, &btc.vault_token, 1).await;
    let fee_recipient = f.keys.fee_recipient;
    let (fee_btc, other) = (keypair(150), keypair(151));
    h.create_token_account(&fee_btc, &btc.mint, &fee_recipient).await;
    h.create_token_account(&other, &btc.mint, &f.bob.key.pubkey()).await;
    h.publish_prices(&mut f).await;
    let keys = h.fixture_keys(&f);

    // Worth more than the bound (600 micro-USD against 500): not dust.
    assert_eq!(
        h.send("a tighter dust bound", &[f.keys.set_params(VaultParams { max_dust_value: 500, ..PARAMS })], &[])
            .await
            .result,
        Ok(())
    );
    let before = h.accounts(&keys).await;
    let out = h.send("remove BTC above the dust bound", &[f.keys.remove_asset_to(&btc, fee_btc.pubkey())], &[]).await;
    h.assert_refused(&out, BallastError::AssetNotEmpty, &keys, &before).await;
    // Back to 1 USD (loosening: after the timelock).
    assert_eq!(h.send("the default dust bound", &[f.keys.set_params(PARAMS)], &[]).await.result, Ok(()));
    h.warp(86_400).await;
    assert_eq!(h.send("execute", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    // BTC's feed has gone quiet (assets are often removed because their feed is retired): its last
    // price is a day old, so the dust is valued at the last price the vault accepted.
    // Swept only to the fee recipient's account of the mint.
    let before = h.accounts(&keys).await;
    let out = h.send("sweep to someone else", &[f.keys.remove_asset_to(&btc, other.pubkey())], &[]).await;
    h.assert_refused(&out, BallastError::WrongTokenAccount, &keys, &before).await;
    let out = h.send("remove BTC and its dust", &[f.keys.remove_asset_to(&btc, fee_btc.pubkey())], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(fee_btc.pubkey()).await, 1, "the dust went to the fee recipient");
    assert!(h.account(btc.vault_token).await.is_none(), "the vault's BTC account is closed");
    assert_eq!(h.vault(&f).await.asset_count, 2);
    if h.observes_logs() {
        let e = &ballast_tests::events_of::<ballast::events::AssetRemoved>(&out)[0];
        assert_eq!((e.mint, e.dust_swept), (btc.mint, 1));
    }
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn a_donated_unit_is_swept_and_the_asset_removed() {
    run_both(dust).await;
}

async fn reproposal(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[1_000_000_000, 0]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    let eth = keypair(160);
    h.create_mint(&eth, 8).await;
    let asset = AssetKeys {
        mint: eth.pubkey(),
        token_program: spl_token::ID,
        vault_token: vault_token_address(&f.keys.vault, &eth.pubkey()),
        feed_id: ballast_tests::fixture::feed_id(2),
        price_account: Pubkey::new_from_array([251; 32]),
        decimals: 8,
    };
    // With holders, adding an asset waits; governance changes its mind, then proposes it again.
    assert_eq!(h.send("propose ETH", &[f.keys.add_asset(&asset, add_asset_args(2))], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.pending.kind, 3);
    assert_eq!(h.send("cancel", &[f.keys.cancel_change()], &[]).await.result, Ok(()));
    assert!(h.account(asset.vault_token).await.is_some(), "the proposal's token account stays");
    // Someone donates to the leftover account: a new proposal still reuses it.
    h.mint_tokens(&eth.pubkey(), &asset.vault_token, 5).await;
    let out = h.send("propose ETH again", &[f.keys.add_asset(&asset, add_asset_args(2))], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    h.warp(86_400).await;
    assert_eq!(h.send("execute", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!(
        (vault.asset_count, vault.assets[2].mint, vault.assets[2].token_account),
        (3, eth.pubkey(), asset.vault_token)
    );
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn a_cancelled_asset_can_be_proposed_again() {
    run_both(reproposal).await;
}
