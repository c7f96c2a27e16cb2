//! `deposit`: natively and in the SBF VM, with identical results. Covers the miscompilation risks
//! of the registry-only build: the 6-argument `quote_deposit` call, u128 multiply/divide with
//! rounding, checked 64-bit overflow, events, token CPIs and the vault PDA's signature.

use ballast::errors::BallastError;
use ballast::events::Deposited;
use ballast::state::Vault;
use ballast_tests::fixture::VaultFixture;
use ballast_tests::{error_code, events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// Every account a deposit by alice may touch.
fn touched(f: &VaultFixture) -> Vec<anchor_lang::prelude::Pubkey> {
    vec![f.keys.vault, f.keys.share_mint, f.keys.asset_token_account, f.alice.asset_account, f.alice.share_account]
}

async fn snapshot_all(h: &mut Harness, f: &VaultFixture) {
    for (name, key) in [
        ("vault", f.keys.vault),
        ("share_mint", f.keys.share_mint),
        ("vault_token", f.keys.asset_token_account),
        ("alice_asset", f.alice.asset_account),
        ("alice_shares", f.alice.share_account),
        ("bob_asset", f.bob.asset_account),
        ("bob_shares", f.bob.share_account),
    ] {
        h.snapshot(name, key).await;
    }
}

async fn two_depositors_and_a_donation(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(1, 1_000_000_000_000, 500_000_000_000, 10_000_000).await;

    // First deposit into an empty vault: priced by the virtual offset, 1,000 share units per token unit.
    let out = h.deposit(&f.keys, &f.alice, 1_000_000, 1_000_000_000).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.alice.share_account).await, 1_000_000_000);

    // A donation raises the share price; bob's shares are then a non-trivial u128 quotient:
    // 777,777 · (1,000,000,000 + 1,000,000,000) / (1,333,333 + 1,000,000) = 666,666,095.2… -> 666,666,095.
    h.transfer_tokens(&f.bob.asset_account, &f.keys.asset_token_account, &f.bob.key, 333_333).await;
    let out = h.deposit(&f.keys, &f.bob, 777_777, 0).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.bob.share_account).await, 666_666_095);
    assert_eq!(h.token_balance(f.keys.asset_token_account).await, 1_000_000 + 333_333 + 777_777);
    assert_eq!(h.token_balance(f.bob.asset_account).await, 10_000_000 - 333_333 - 777_777);
    assert_eq!(h.mint_supply(f.keys.share_mint).await, 1_666_666_095);

    if h.observes_logs() {
        let events = events_of::<Deposited>(&out);
        assert_eq!(events.len(), 1, "one Deposited event in {:?}", out.program_output);
        let e = &events[0];
        assert_eq!((e.vault, e.depositor, e.asset_mint), (f.keys.vault, f.bob.key.pubkey(), f.keys.asset_mint));
        assert_eq!((e.amount, e.value, e.shares_out), (777_777, 777_777, 666_666_095));
        assert_eq!((e.total_value_before, e.share_supply_before), (1_333_333, 1_000_000_000));
    }

    let data = h.account(f.keys.vault).await.expect("vault").data;
    assert_eq!(bytemuck::from_bytes::<Vault>(&data[8..]).deposit_count, 2);
    snapshot_all(&mut h, &f).await;
    h.trace
}

#[tokio::test]
async fn deposit_mints_shares_at_the_vault_price() {
    run_both(two_depositors_and_a_donation).await;
}

async fn each_limit_refused(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(2, 2_000_000_000_000, 1_000_000_000_000, 3_000_000_000_000).await;
    let keys = touched(&f);

    let cases: [(&str, u64, u64, BallastError, Option<u64>); 5] = [
        ("zero amount", 0, 0, BallastError::ZeroAmount, None),
        ("over the per-transaction cap", 1_000_000_000_001, 0, BallastError::PerTransactionCapExceeded, None),
        ("min_shares_out above the quote", 1_000_000, 1_000_000_001, BallastError::SlippageExceeded, None),
        // After bob donates 1.5e12 straight to the vault, one token unit is worth less than a share unit.
        ("too small to mint a share", 1, 0, BallastError::ZeroShares, Some(1_500_000_000_000)),
        ("over the vault's deposit cap", 600_000_000_000, 0, BallastError::DepositCapExceeded, None),
    ];
    for (case, amount, min_shares_out, expected, donation) in cases {
        if let Some(d) = donation {
            h.transfer_tokens(&f.bob.asset_account, &f.keys.asset_token_account, &f.bob.key, d).await;
        }
        let before = h.accounts(&keys).await;
        let out = h.deposit(&f.keys, &f.alice, amount, min_shares_out).await;
        assert_eq!(out.custom_error(), Some(error_code(expected)), "{case}: {:?}", out.program_output);
        assert_eq!(h.accounts(&keys).await, before, "{case}: a refused deposit changed an account");
    }
    snapshot_all(&mut h, &f).await;
    h.trace
}

#[tokio::test]
async fn deposit_refuses_each_limit_with_its_own_error() {
    run_both(each_limit_refused).await;
}

/// The largest deposit whose shares (1,000 per token unit in an empty vault) still fit in u64.
const LARGEST: u64 = 18_446_744_073_709_000;

async fn overflow_refused(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(3, u64::MAX, u64::MAX, LARGEST + 1_000).await;
    let keys = touched(&f);

    // Shares for LARGEST + 552 exceed u64::MAX: the u128 quotient does not narrow.
    let before = h.accounts(&keys).await;
    let out = h.deposit(&f.keys, &f.alice, LARGEST + 552, 0).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::MathOverflow)), "{:?}", out.program_output);
    assert_eq!(h.accounts(&keys).await, before);

    let out = h.deposit(&f.keys, &f.alice, LARGEST, 0).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(f.alice.share_account).await, LARGEST * 1_000);

    // Supply + virtual shares now exceeds u64::MAX: the checked 64-bit add refuses.
    let before = h.accounts(&keys).await;
    let out = h.deposit(&f.keys, &f.alice, 1, 0).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::MathOverflow)), "{:?}", out.program_output);
    assert_eq!(h.accounts(&keys).await, before);
    snapshot_all(&mut h, &f).await;
    h.trace
}

#[tokio::test]
async fn deposit_overflow_is_refused_not_wrapped() {
    run_both(overflow_refused).await;
}

async fn substitutions_refused(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(4, 1_000_000_000_000, 1_000_000_000_000, 10_000_000).await;
    let alice = f.alice.key.pubkey();

    // A token account of the right mint that is not the vault's.
    let foreign = keypair(50);
    h.create_token_account(&foreign, &f.keys.asset_mint, &f.bob.key.pubkey()).await;
    let mut ix = f.keys.deposit(alice, f.alice.asset_account, f.alice.share_account, 1_000, 0);
    ix.accounts[4].pubkey = foreign.pubkey();
    let out = h.send("deposit into a foreign token account", &[ix], &[&f.alice.key]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::AssetNotInVault)));

    // A mint the vault does not hold, with matching depositor accounts.
    let other_mint = keypair(51);
    h.create_mint(&other_mint, 6).await;
    let (other_src, other_dst) = (keypair(52), keypair(53));
    h.create_token_account(&other_src, &other_mint.pubkey(), &alice).await;
    h.create_token_account(&other_dst, &other_mint.pubkey(), &f.keys.vault).await;
    h.mint_tokens(&other_mint.pubkey(), &other_src.pubkey(), 5_000).await;
    let mut ix = f.keys.deposit(alice, other_src.pubkey(), f.alice.share_account, 1_000, 0);
    ix.accounts[3].pubkey = other_mint.pubkey();
    ix.accounts[4].pubkey = other_dst.pubkey();
    let out = h.send("deposit of a foreign mint", &[ix], &[&f.alice.key]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::AssetNotInVault)));

    // Another mint passed as the share mint: the vault's has_one refuses it (Anchor 2001).
    let mut ix = f.keys.deposit(alice, f.alice.asset_account, other_dst.pubkey(), 1_000, 0);
    ix.accounts[2].pubkey = other_mint.pubkey();
    let out = h.send("deposit with a fake share mint", &[ix], &[&f.alice.key]).await;
    assert_eq!(out.custom_error(), Some(anchor_lang::error::ErrorCode::ConstraintHasOne as u32));

    // Someone else's tokens: the depositor must own the source account (Anchor 2015 token owner).
    let mut ix = f.keys.deposit(alice, f.bob.asset_account, f.alice.share_account, 1_000, 0);
    ix.accounts[5].pubkey = f.bob.asset_account;
    let out = h.send("deposit from bob's account", &[ix], &[&f.alice.key]).await;
    assert_eq!(out.custom_error(), Some(anchor_lang::error::ErrorCode::ConstraintTokenOwner as u32));

    assert_eq!(h.token_balance(f.keys.asset_token_account).await, 0, "no substituted deposit moved tokens");
    assert_eq!(h.mint_supply(f.keys.share_mint).await, 0, "no substituted deposit minted shares");
    snapshot_all(&mut h, &f).await;
    h.trace
}

#[tokio::test]
async fn deposit_refuses_substituted_accounts() {
    run_both(substitutions_refused).await;
}
