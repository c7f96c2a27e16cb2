//! `initialize_vault`: natively and in the SBF VM, with identical results.

use anchor_lang::AccountDeserialize;
use ballast::errors::BallastError;
use ballast::events::VaultInitialized;
use ballast::state::Vault;
use ballast_tests::ballast_ix::VaultKeys;
use ballast_tests::{error_code, events_of, keypair, run_both, Harness, Mode, Trace, GENESIS_UNIX_TIMESTAMP};
use solana_signer::Signer;

const CAP: u64 = 1_000_000_000_000;
const PER_TX: u64 = 500_000_000_000;

async fn creates_vault_share_mint_and_token_account(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mint = keypair(2);
    h.create_mint(&mint, 6).await;
    let keys = VaultKeys::new(h.payer.pubkey(), 7, mint.pubkey());
    let governance = keypair(9).pubkey();
    let args = ballast::instructions::InitializeVaultArgs { vault_id: 7, authority: governance, deposit_cap: CAP, max_deposit_per_tx: PER_TX };
    let out = h.send("initialize_vault", &[keys.initialize_vault(args)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);

    let data = h.account(keys.vault).await.expect("vault exists").data;
    let vault = bytemuck::from_bytes::<Vault>(&data[8..]);
    assert_eq!(vault.authority, governance);
    assert_eq!(vault.creator, h.payer.pubkey());
    assert_eq!(vault.share_mint, keys.share_mint);
    assert_eq!((vault.vault_id, vault.deposit_cap, vault.max_deposit_per_tx), (7, CAP, PER_TX));
    assert_eq!(vault.created_at, GENESIS_UNIX_TIMESTAMP);
    assert_eq!(vault.asset_count, 1);
    assert_eq!(vault.assets[0].mint, mint.pubkey());
    assert_eq!(vault.assets[0].token_account, keys.asset_token_account);
    assert_eq!(vault.assets[0].target_weight_bps, 10_000);
    assert_eq!(vault.assets[0].decimals, 6);
    vault.invariant().expect("invariant holds");

    let share_mint = anchor_spl::token::Mint::try_deserialize(&mut h.account(keys.share_mint).await.expect("mint").data.as_slice()).expect("mint");
    assert_eq!(share_mint.mint_authority, Some(keys.vault).into(), "the vault PDA mints shares");
    assert_eq!((share_mint.decimals, share_mint.supply), (ballast_math::SHARE_DECIMALS, 0));
    let token = anchor_spl::token::TokenAccount::try_deserialize(&mut h.account(keys.asset_token_account).await.expect("ta").data.as_slice()).expect("ta");
    assert_eq!((token.owner, token.mint, token.amount), (keys.vault, mint.pubkey(), 0));

    if h.observes_logs() {
        let events = events_of::<VaultInitialized>(&out);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].vault, keys.vault);
        assert_eq!(events[0].authority, governance);
        assert_eq!((events[0].asset_mint, events[0].asset_token_account), (mint.pubkey(), keys.asset_token_account));
        assert_eq!((events[0].deposit_cap, events[0].max_deposit_per_tx, events[0].vault_id), (CAP, PER_TX, 7));
    }

    for (name, key) in [("vault", keys.vault), ("share_mint", keys.share_mint), ("asset_token_account", keys.asset_token_account)] {
        h.snapshot(name, key).await;
    }
    h.trace
}

#[tokio::test]
async fn initialize_vault_creates_vault_share_mint_and_token_account() {
    run_both(creates_vault_share_mint_and_token_account).await;
}

async fn refuses_inconsistent_deposit_limits(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mint = keypair(2);
    h.create_mint(&mint, 6).await;
    for (vault_id, cap, per_tx) in [(1, 100, 101), (2, 100, 0)] {
        let keys = VaultKeys::new(h.payer.pubkey(), vault_id, mint.pubkey());
        let args = ballast::instructions::InitializeVaultArgs { vault_id, authority: h.payer.pubkey(), deposit_cap: cap, max_deposit_per_tx: per_tx };
        let out = h.send("initialize_vault", &[keys.initialize_vault(args)], &[]).await;
        assert_eq!(out.custom_error(), Some(error_code(BallastError::InvalidDepositLimits)), "cap {cap}, per tx {per_tx}");
        for key in [keys.vault, keys.share_mint, keys.asset_token_account] {
            assert!(h.account(key).await.is_none(), "a refused initialize_vault created {key}");
        }
    }
    h.trace
}

#[tokio::test]
async fn initialize_vault_refuses_inconsistent_deposit_limits() {
    run_both(refuses_inconsistent_deposit_limits).await;
}

async fn refuses_a_second_vault_with_the_same_id(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(5, CAP, PER_TX, 0).await;
    let args = ballast::instructions::InitializeVaultArgs { vault_id: 5, authority: h.payer.pubkey(), deposit_cap: CAP, max_deposit_per_tx: PER_TX };
    let before = h.accounts(&[f.keys.vault, f.keys.share_mint]).await;
    let out = h.send("initialize_vault again", &[f.keys.initialize_vault(args)], &[]).await;
    assert!(out.result.is_err(), "re-initialising an existing vault must fail");
    assert_eq!(h.accounts(&[f.keys.vault, f.keys.share_mint]).await, before);
    h.trace
}

#[tokio::test]
async fn initialize_vault_refuses_an_existing_vault() {
    run_both(refuses_a_second_vault_with_the_same_id).await;
}
