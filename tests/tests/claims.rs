//! Security review, finding 7: "one frozen or closed asset blocks every withdrawal". Now a holder
//! takes every other asset at once and leaves the one that cannot be paid owed to its claim
//! (`open_claim` + `withdraw_in_kind` with the claim in that leg's place), redeemable later by its
//! owner (`redeem_claim`: anyone may send it, the tokens go to the owner only); claimed tokens are
//! outside the vault's holdings, so no other holder gains or pays for them. A leg that pays nothing
//! is not looked at beyond the vault's account, and a mint that its issuer could close is refused
//! at admission (a closed mint could be re-created with extensions `add_asset` refuses).
//! Natively and in the SBF VM, identical.

use anchor_lang::AccountDeserialize;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022::{self, extension::ExtensionType};
use ballast::errors::BallastError;
use ballast::state::Claim;
use ballast_tests::ballast_ix::{vault_token_address, AssetKeys};
use ballast_tests::fixture::{add_asset_args, BTC, FREEZABLE_USDC, SOL, USDC};
use ballast_tests::{keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// SPL Token's `TokenError::AccountFrozen`.
const ACCOUNT_FROZEN: u32 = 17;
/// The vault's virtual share (share units) that every conversion counts.
const VIRTUAL_SHARES: u128 = 1_000_000_000;

/// `shares` of a vault of `supply` shares paid from `balance`: pro rata, the virtual share counted,
/// rounded down (written out here rather than taken from the math crate).
fn pro_rata(shares: u64, balance: u64, supply: u64) -> u64 {
    u64::try_from(u128::from(shares) * u128::from(balance) / (u128::from(supply) + VIRTUAL_SHARES)).expect("fits")
}

async fn claim_of(h: &mut Harness, key: anchor_lang::prelude::Pubkey) -> Option<Claim> {
    h.account(key).await.map(|a| Claim::try_deserialize(&mut &a.data[..]).expect("a claim"))
}

async fn frozen(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[FREEZABLE_USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 33_333_333_333, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 0, 1_000_000_000, 0).await.result, Ok(()));
    let (usdc, sol) = (f.keys.assets[0], f.keys.assets[1]);
    let (alice, bob) = (f.alice.key.insecure_clone(), f.bob.key.insecure_clone());
    let payer = h.payer.insecure_clone();
    // USDC's issuer freezes the vault's USDC account.
    let freeze =
        spl_token::instruction::freeze_account(&spl_token::ID, &usdc.vault_token, &usdc.mint, &payer.pubkey(), &[])
            .expect("ix");
    assert_eq!(h.send("the issuer freezes the vault's USDC", &[freeze], &[]).await.result, Ok(()));
    let keys = h.fixture_keys(&f);

    // A plain withdrawal now fails in the token program (before: every withdrawal, of everything).
    let alice_shares = h.token_balance(f.alice.shares).await;
    let before = h.accounts(&keys).await;
    let out = h.withdraw_in_kind(&f, &f.alice, alice_shares, vec![0, 0]).await;
    assert_eq!(out.custom_error(), Some(ACCOUNT_FROZEN), "{:?}", out.result);
    assert_eq!(h.accounts(&keys).await, before, "a refused withdrawal changed an account");

    // Alice takes her SOL now and leaves her USDC owed to her claim.
    let alice_claim = f.keys.claim_address(&alice.pubkey(), &usdc.mint);
    let (vault_usdc, vault_sol) = (h.token_balance(usdc.vault_token).await, h.token_balance(sol.vault_token).await);
    let sol_before = h.token_balance(f.alice.tokens[1]).await;
    let withdraw = f.keys.withdraw_in_kind(
        alice.pubkey(),
        &[alice_claim, f.alice.tokens[1]],
        f.alice.shares,
        ballast::instructions::WithdrawInKindArgs { shares: alice_shares, min_amounts_out: vec![0, 0] },
    );
    let out =
        h.send("alice: SOL now, USDC owed", &[f.keys.open_claim(alice.pubkey(), usdc.mint), withdraw], &[&alice]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let supply_before = h.share_supply(&f).await + alice_shares;
    let (alice_usdc_due, alice_sol_due) =
        (pro_rata(alice_shares, vault_usdc, supply_before), pro_rata(alice_shares, vault_sol, supply_before));
    assert_eq!(h.token_balance(f.alice.tokens[1]).await - sol_before, alice_sol_due, "alice's SOL paid");
    assert_eq!(
        claim_of(&mut h, alice_claim).await.map(|c| (c.owner, c.mint, c.amount)),
        Some((alice.pubkey(), usdc.mint, alice_usdc_due))
    );
    assert_eq!(h.token_balance(usdc.vault_token).await, vault_usdc, "the owed USDC stays in the vault account");
    assert_eq!(h.vault(&f).await.assets[0].claimed, alice_usdc_due);

    // Bob's part is computed on the vault's USDC less alice's claim: he neither gains nor pays.
    let bob_shares = h.token_balance(f.bob.shares).await;
    let bob_claim = f.keys.claim_address(&bob.pubkey(), &usdc.mint);
    // Alice cannot put her withdrawal into bob's claim.
    let wrong = f.keys.withdraw_in_kind(
        bob.pubkey(),
        &[alice_claim, f.bob.tokens[1]],
        f.bob.shares,
        ballast::instructions::WithdrawInKindArgs { shares: bob_shares, min_amounts_out: vec![0, 0] },
    );
    let before = h.accounts(&keys).await;
    let out = h.send("bob into alice's claim", &[wrong], &[&bob]).await;
    h.assert_refused(&out, BallastError::WrongClaim, &keys, &before).await;
    let withdraw = f.keys.withdraw_in_kind(
        bob.pubkey(),
        &[bob_claim, f.bob.tokens[1]],
        f.bob.shares,
        ballast::instructions::WithdrawInKindArgs { shares: bob_shares, min_amounts_out: vec![0, 0] },
    );
    assert_eq!(
        h.send("bob: USDC owed too", &[f.keys.open_claim(bob.pubkey(), usdc.mint), withdraw], &[&bob]).await.result,
        Ok(())
    );
    let bob_usdc_due = pro_rata(bob_shares, vault_usdc - alice_usdc_due, h.share_supply(&f).await + bob_shares);
    assert_eq!(claim_of(&mut h, bob_claim).await.map(|c| c.amount), Some(bob_usdc_due));
    assert_eq!(h.vault(&f).await.assets[0].claimed, alice_usdc_due + bob_usdc_due);

    // Redeeming waits while the account is frozen, and works once the issuer thaws it.
    let before = h.accounts(&keys).await;
    let out = h
        .send(
            "redeem while frozen",
            &[f.keys.redeem_claim(alice.pubkey(), alice.pubkey(), &usdc, f.alice.tokens[0])],
            &[&alice],
        )
        .await;
    assert_eq!(out.custom_error(), Some(ACCOUNT_FROZEN));
    assert_eq!(h.accounts(&keys).await, before);
    let thaw =
        spl_token::instruction::thaw_account(&spl_token::ID, &usdc.vault_token, &usdc.mint, &payer.pubkey(), &[])
            .expect("ix");
    assert_eq!(h.send("the issuer thaws it", &[thaw], &[]).await.result, Ok(()));
    let usdc_before = h.token_balance(f.alice.tokens[0]).await;
    assert_eq!(
        h.send(
            "alice redeems",
            &[f.keys.redeem_claim(alice.pubkey(), alice.pubkey(), &usdc, f.alice.tokens[0])],
            &[&alice]
        )
        .await
        .result,
        Ok(())
    );
    assert_eq!(h.token_balance(f.alice.tokens[0]).await - usdc_before, alice_usdc_due);
    assert!(claim_of(&mut h, alice_claim).await.is_none(), "the claim is closed");
    assert_eq!(h.vault(&f).await.assets[0].claimed, bob_usdc_due);
    // Anyone may flush a claim, but only into its owner's account: alice cannot take bob's.
    let before = h.accounts(&keys).await;
    let out = h
        .send(
            "alice redeems bob's claim to herself",
            &[f.keys.redeem_claim(alice.pubkey(), bob.pubkey(), &usdc, f.alice.tokens[0])],
            &[&alice],
        )
        .await;
    // Anchor's ConstraintTokenOwner: the destination is not the claim owner's.
    assert_eq!(out.custom_error(), Some(2015), "a claim pays its owner only: {:?}", out.result);
    assert_eq!(h.accounts(&keys).await, before);
    let bob_usdc = h.token_balance(f.bob.tokens[0]).await;
    assert_eq!(
        h.send(
            "alice flushes bob's claim to bob",
            &[f.keys.redeem_claim(alice.pubkey(), bob.pubkey(), &usdc, f.bob.tokens[0])],
            &[&alice]
        )
        .await
        .result,
        Ok(())
    );
    assert_eq!(h.token_balance(f.bob.tokens[0]).await - bob_usdc, bob_usdc_due);
    assert_eq!(h.vault(&f).await.assets[0].claimed, 0);
    h.snapshot_fixture(&f).await;
    h.snapshot("bob's claim (closed)", bob_claim).await;
    h.trace
}

#[tokio::test]
async fn a_frozen_vault_account_leaves_that_asset_owed_and_the_rest_paid() {
    run_both(frozen).await;
}

async fn nothing_to_pay(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    // BTC is an asset the vault holds none of; a Token-2022 mint that can be closed is refused at
    // admission (its issuer could close it and re-create it with extensions `add_asset` refuses).
    let mut f = h.vault_fixture(&[USDC, SOL, BTC], &[5_000, 5_000, 0], &[10_000_000_000, 100_000_000_000, 0]).await;
    let mint = keypair(170);
    let payer = h.payer.pubkey();
    let close_authority =
        spl_token_2022::instruction::initialize_mint_close_authority(&spl_token_2022::ID, &mint.pubkey(), Some(&payer))
            .expect("ix");
    h.create_mint_2022(&mint, 6, &[ExtensionType::MintCloseAuthority], vec![close_authority]).await;
    let closable = AssetKeys {
        mint: mint.pubkey(),
        token_program: spl_token_2022::ID,
        vault_token: vault_token_address(&f.keys.vault, &mint.pubkey()),
        feed_id: ballast_tests::fixture::feed_id(3),
        price_account: anchor_lang::prelude::Pubkey::new_from_array([252; 32]),
        decimals: 6,
    };
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("add a closable mint", &[f.keys.add_asset(&closable, add_asset_args(3))], &[]).await;
    h.assert_refused(&out, BallastError::MintHasCloseAuthority, &keys, &before).await;

    h.publish_prices(&mut f).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 33_333_333_333, 0).await.result, Ok(()));
    // Alice withdraws; BTC's leg pays nothing and is not looked at beyond the vault's account (she
    // passes her SOL account in its place, as a holder with no account of that mint would).
    let shares = h.token_balance(f.alice.shares).await;
    let (usdc_before, sol_before) =
        (h.token_balance(f.alice.tokens[0]).await, h.token_balance(f.alice.tokens[1]).await);
    let (vault_usdc, vault_sol) =
        (h.token_balance(f.keys.assets[0].vault_token).await, h.token_balance(f.keys.assets[1].vault_token).await);
    let alice = f.alice.key.insecure_clone();
    let args = ballast::instructions::WithdrawInKindArgs { shares, min_amounts_out: vec![0, 0, 0] };
    let withdraw = f.keys.withdraw_in_kind(
        alice.pubkey(),
        &[f.alice.tokens[0], f.alice.tokens[1], f.alice.tokens[1]],
        f.alice.shares,
        args,
    );
    let out = h.send("withdraw past an asset that pays nothing", &[withdraw], &[&alice]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let supply_before = h.share_supply(&f).await + shares;
    assert_eq!(h.token_balance(f.alice.tokens[0]).await - usdc_before, pro_rata(shares, vault_usdc, supply_before));
    assert_eq!(h.token_balance(f.alice.tokens[1]).await - sol_before, pro_rata(shares, vault_sol, supply_before));
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn an_asset_that_pays_nothing_does_not_block_withdrawing_the_others() {
    run_both(nothing_to_pay).await;
}
