//! `deposit` (single asset, Pyth-priced): natively and in the SBF VM with identical results.
//! Covers the valuation rule (deposit at the low side of its price, vault at the high side), every
//! oracle refusal, every account substitution, and the first-depositor inflation attack.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use ballast::errors::BallastError;
use ballast::events::Deposited;
use ballast::instructions::DepositArgs;
use ballast_tests::fixture::{VaultFixture, BTC, SOL, USDC};
use ballast_tests::pyth::Quote;
use ballast_tests::{events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

const USDC_1000: u64 = 1_000_000_000;
const SOL_2: u64 = 2_000_000_000;

async fn three_asset_vault(h: &mut Harness) -> VaultFixture {
    h.vault_fixture(&[USDC, SOL, BTC], &[5_000, 3_000, 2_000], &[200_000_000_000_000, 1_000_000_000_000, 100_000_000])
        .await
}

async fn prices_value_deposits_conservatively(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = three_asset_vault(&mut h).await;

    // Empty vault: 1,000 USDC (conf 0) is worth 1,000.000000 USD -> 1,000 shares at the virtual price.
    let out = h.deposit(&f, &f.alice, 0, USDC_1000, 1_000_000_000_000).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.alice.shares).await, 1_000_000_000_000);

    // 2 SOL at 150 USD with a 10 bps confidence: credited at 149.85 -> 299.7 USD; the vault is
    // valued at the high side (USDC has no interval): 299,700,000 · (1e12 + 1e9) / (1e9 + 1e6).
    let out = h.deposit(&f, &f.bob, 1, SOL_2, 0).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.bob.shares).await, 299_700_000_000);
    assert_eq!(h.vault_balances(&f).await, vec![USDC_1000, SOL_2, 0]);
    if h.observes_logs() {
        let e = &events_of::<Deposited>(&out)[0];
        assert_eq!((e.amount, e.value, e.shares_out), (SOL_2, 299_700_000, 299_700_000_000));
        assert_eq!((e.total_value_before, e.share_supply_before), (1_000_000_000, 1_000_000_000_000));
    }
    assert_eq!(h.vault(&f).await.deposit_count, 2);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn deposit_values_the_asset_low_and_the_vault_high() {
    run_both(prices_value_deposits_conservatively).await;
}

type Edit = Box<dyn Fn(&mut Instruction)>;

/// Breaks the world or the instruction for one refusal case; returns the args and an edit.
/// `stranger`: a mint that is not a vault asset and two token accounts of it owned by alice.
async fn set_up_case(
    h: &mut Harness,
    f: &VaultFixture,
    name: &str,
    stranger: [Pubkey; 3],
) -> (DepositArgs, Option<Edit>) {
    let mut args = DepositArgs { amount: 1_000_000, min_shares_out: 0 };
    let sol = f.keys.assets[1];
    let now = h.now().await;
    let fresh = Quote::usd(SOL.price, 10, now);
    let mut edit: Option<Edit> = None;
    match name {
        "zero amount" => args.amount = 0,
        "over the per-transaction cap" => args.amount = 100_000_001_000_000,
        "min_shares_out above the quote" => args.min_shares_out = 1_000_000_001,
        "stale price" => h.set_price(sol.price_account, sol.feed_id, Quote::usd(SOL.price, 10, now - 61)),
        "price account for another feed" => h.set_price(sol.price_account, f.keys.assets[0].feed_id, fresh),
        "price account not owned by the Pyth receiver" => {
            h.set_price_with_owner(sol.price_account, sol.feed_id, fresh, Pubkey::new_from_array([66; 32]))
        }
        "partially verified price" => {
            h.set_price(sol.price_account, sol.feed_id, Quote { fully_verified: false, ..fresh })
        }
        "confidence too wide" => h.set_price(sol.price_account, sol.feed_id, Quote::usd(SOL.price, 201, now)),
        "spot far from EMA" => h.set_price(sol.price_account, sol.feed_id, Quote { ema_price: SOL.price * 2, ..fresh }),
        "negative price" => h.set_price(sol.price_account, sol.feed_id, Quote { price: -1, ..fresh }),
        // Remaining accounts start after the 10 named ones: (token account, price) per asset.
        "price pairs out of slot order" => edit = Some(Box::new(|ix| ix.accounts[10..14].rotate_left(2))),
        "a price pair missing" => edit = Some(Box::new(|ix| ix.accounts.truncate(14))),
        "foreign token account as the vault's" => {
            let bob_usdc = f.bob.tokens[0];
            edit = Some(Box::new(move |ix| ix.accounts[5].pubkey = bob_usdc));
        }
        "mint that is not a vault asset" => {
            edit = Some(Box::new(move |ix| {
                ix.accounts[4].pubkey = stranger[0];
                ix.accounts[5].pubkey = stranger[1];
                ix.accounts[6].pubkey = stranger[2];
            }));
        }
        "deposits paused" => {
            let guardian = f.guardian.insecure_clone();
            let out = h.send("pause", &[f.keys.set_pause(guardian.pubkey(), 1)], &[&guardian]).await;
            assert_eq!(out.result, Ok(()));
        }
        other => unreachable!("{other}"),
    }
    (args, edit)
}

async fn every_refusal(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = three_asset_vault(&mut h).await;
    let out = h.deposit(&f, &f.alice, 0, USDC_1000, 0).await;
    assert_eq!(out.result, Ok(()));
    let (mint, first, second) = (keypair(90), keypair(91), keypair(92));
    h.create_mint(&mint, 6).await;
    h.create_token_account(&first, &mint.pubkey(), &f.alice.key.pubkey()).await;
    h.create_token_account(&second, &mint.pubkey(), &f.alice.key.pubkey()).await;
    let stranger = [mint.pubkey(), first.pubkey(), second.pubkey()];

    let cases = [
        ("zero amount", BallastError::ZeroAmount),
        ("over the per-transaction cap", BallastError::PerTransactionCapExceeded),
        ("min_shares_out above the quote", BallastError::SlippageExceeded),
        ("stale price", BallastError::PriceStale),
        ("price account for another feed", BallastError::WrongPriceFeed),
        ("price account not owned by the Pyth receiver", BallastError::InvalidPriceAccount),
        ("partially verified price", BallastError::PriceNotFullyVerified),
        ("confidence too wide", BallastError::ConfidenceTooWide),
        ("spot far from EMA", BallastError::EmaDivergenceTooLarge),
        ("negative price", BallastError::PriceNotPositive),
        ("price pairs out of slot order", BallastError::WrongRemainingAccounts),
        ("a price pair missing", BallastError::WrongRemainingAccounts),
        ("foreign token account as the vault's", BallastError::WrongTokenAccount),
        ("mint that is not a vault asset", BallastError::AssetNotInVault),
        ("deposits paused", BallastError::DepositsPaused),
    ];
    let keys = h.fixture_keys(&f);
    for (name, expected) in cases {
        let (args, edit) = set_up_case(&mut h, &f, name, stranger).await;
        let mut ix = f.keys.deposit(f.alice.key.pubkey(), 0, f.alice.tokens[0], f.alice.shares, args);
        if let Some(edit) = edit {
            edit(&mut ix);
        }
        let before = h.accounts(&keys).await;
        let signer = f.alice.key.insecure_clone();
        let out = h.send(name, &[ix], &[&signer]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
        h.publish_prices(&mut f).await;
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn deposit_refuses_bad_prices_bad_accounts_and_limits_changing_nothing() {
    run_both(every_refusal).await;
}

async fn inflation_attack(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[USDC], &[10_000], &[20_000_000_000_000]).await;
    // The attacker deposits 1 unit (0.000001 USD), then donates 10,000 USDC straight to the vault.
    let out = h.deposit(&f, &f.alice, 0, 1, 0).await;
    assert_eq!(out.result, Ok(()));
    assert_eq!(h.token_balance(f.alice.shares).await, 1_000);
    let alice = f.alice.key.insecure_clone();
    h.transfer_tokens(&f.alice.tokens[0], &f.keys.assets[0].vault_token, &alice, 10_000_000_000).await;
    // The victim deposits 1,000 USDC.
    let out = h.deposit(&f, &f.bob, 0, USDC_1000, 0).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let bob_shares = h.token_balance(f.bob.shares).await;
    let supply = h.mint_supply(f.keys.share_mint).await;
    let vault_usdc = h.token_balance(f.keys.assets[0].vault_token).await;
    // What each could withdraw now, in USDC units (a share is 1/(supply + 1e9 virtual) of the vault).
    let bob_claim = u128::from(vault_usdc) * u128::from(bob_shares) / u128::from(supply + 1_000_000_000);
    let alice_claim = u128::from(vault_usdc) * 1_000 / u128::from(supply + 1_000_000_000);
    // The donation is shared with 1e9 virtual shares against the attacker's 1e3: the victim loses
    // at most 0.1% of the deposit (here he even gains part of the donation), and the attacker
    // recovers under 1% of what was donated.
    assert!(bob_claim * 1_000 >= u128::from(USDC_1000) * 999, "bob can redeem only {bob_claim}");
    assert!(alice_claim < 100_000_000, "attacker recovers {alice_claim}");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_donation_cannot_inflate_the_first_depositors_shares() {
    run_both(inflation_attack).await;
}
