//! Governance: bounds, asset admission (Token-2022 extensions), weights, the timelock, the
//! two-step authority transfer and the guardian. Natively and in the SBF VM, identical results.

use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022::{self, extension::ExtensionType};
use ballast::errors::BallastError;
use ballast::state::{VaultParams, MAX_ASSETS};
use ballast_tests::ballast_ix::{vault_token_address, AssetKeys, VaultKeys};
use ballast_tests::fixture::{add_asset_args, VaultFixture, PARAMS, SOL, USDC};
use ballast_tests::{error_code, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

async fn initialize(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let payer = h.payer.pubkey();
    // A parameter outside its bound: nothing is created.
    let keys = VaultKeys::new(payer, 7, keypair(6).pubkey());
    let bad = VaultParams { management_fee_bps: 501, ..PARAMS };
    let out = h.send("initialize with a 5.01% fee", &[keys.initialize_vault(7, payer, bad)], &[]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::ParameterOutOfBounds)));
    assert!(h.account(keys.vault).await.is_none());
    let bad = VaultParams { max_deposit_per_tx: PARAMS.deposit_cap + 1, ..PARAMS };
    let out = h.send("initialize with per-tx cap above the cap", &[keys.initialize_vault(7, payer, bad)], &[]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::ParameterOutOfBounds)));

    let out = h.send("initialize", &[keys.initialize_vault(7, keypair(5).pubkey(), PARAMS)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let data = h.account(keys.vault).await.expect("vault").data;
    let vault: &ballast::state::Vault = bytemuck::from_bytes(&data[8..]);
    assert_eq!(
        (vault.authority, vault.guardian, vault.share_mint, vault.fee_recipient_shares),
        (payer, keypair(5).pubkey(), keys.share_mint, keys.fee_shares)
    );
    assert_eq!((vault.params, vault.asset_count, vault.high_water_mark), (PARAMS, 0, 1_000_000_000_000));
    // Out of its bound: refused by `set_params` itself (the invariant would only catch it later,
    // with another error), nothing changed.
    for (label, bad) in [
        ("set a 5.01% management fee", VaultParams { management_fee_bps: 501, ..PARAMS }),
        ("set a per-deposit cap above the cap", VaultParams { max_deposit_per_tx: PARAMS.deposit_cap + 1, ..PARAMS }),
    ] {
        let before = h.accounts(&[keys.vault]).await;
        let out = h.send(label, &[keys.set_params(bad)], &[]).await;
        h.assert_refused(&out, BallastError::ParameterOutOfBounds, &[keys.vault], &before).await;
    }
    h.snapshot("vault", keys.vault).await;
    h.trace
}

#[tokio::test]
async fn initialize_vault_stores_bounded_params() {
    run_both(initialize).await;
}

fn asset(keys: &VaultKeys, mint: Pubkey, token_program: Pubkey, i: usize) -> AssetKeys {
    AssetKeys {
        mint,
        token_program,
        vault_token: vault_token_address(&keys.vault, &mint),
        feed_id: ballast_tests::fixture::feed_id(i),
        price_account: Pubkey::new_from_array([250; 32]),
        decimals: 6,
    }
}

async fn admission(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[USDC], &[10_000], &[0]).await;
    let payer = h.payer.pubkey();
    let t22 = spl_token_2022::ID;
    let ext = |n: u8| keypair(n);
    // Token-2022 mints, each with one extension that could take, block or skim vault tokens.
    let cases: Vec<(&str, u8, Vec<ExtensionType>, BallastError)> = vec![
        ("transfer fee", 110, vec![ExtensionType::TransferFeeConfig], BallastError::MintHasTransferFee),
        ("transfer hook", 111, vec![ExtensionType::TransferHook], BallastError::MintHasTransferHook),
        ("permanent delegate", 112, vec![ExtensionType::PermanentDelegate], BallastError::MintHasPermanentDelegate),
        ("non-transferable", 113, vec![ExtensionType::NonTransferable], BallastError::MintIsNonTransferable),
        (
            "confidential transfers",
            114,
            vec![ExtensionType::ConfidentialTransferMint],
            BallastError::MintHasConfidentialTransfers,
        ),
        ("pausable", 115, vec![ExtensionType::Pausable], BallastError::MintIsPausable),
        ("close authority", 116, vec![ExtensionType::MintCloseAuthority], BallastError::MintHasCloseAuthority),
    ];
    for (name, n, types, expected) in cases {
        let mint = ext(n);
        let m = mint.pubkey();
        let init = match types[0] {
            ExtensionType::TransferFeeConfig => {
                spl_token_2022::extension::transfer_fee::instruction::initialize_transfer_fee_config(
                    &t22,
                    &m,
                    Some(&payer),
                    Some(&payer),
                    10,
                    1_000,
                )
            }
            ExtensionType::TransferHook => spl_token_2022::extension::transfer_hook::instruction::initialize(
                &t22,
                &m,
                Some(payer),
                Some(Pubkey::new_from_array([9; 32])),
            ),
            ExtensionType::PermanentDelegate => {
                spl_token_2022::instruction::initialize_permanent_delegate(&t22, &m, &payer)
            }
            ExtensionType::NonTransferable => spl_token_2022::instruction::initialize_non_transferable_mint(&t22, &m),
            ExtensionType::ConfidentialTransferMint => {
                spl_token_2022::extension::confidential_transfer::instruction::initialize_mint(
                    &t22,
                    &m,
                    Some(payer),
                    true,
                    None,
                )
            }
            ExtensionType::MintCloseAuthority => {
                spl_token_2022::instruction::initialize_mint_close_authority(&t22, &m, Some(&payer))
            }
            _ => spl_token_2022::extension::pausable::instruction::initialize(&t22, &m, &payer),
        }
        .expect("extension ix");
        h.create_mint_2022(&mint, 6, &types, vec![init]).await;
        let a = asset(&f.keys, m, t22, 1);
        let keys = [f.keys.vault, a.vault_token];
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[f.keys.add_asset(&a, add_asset_args(1))], &[]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
    }
    // Wrapped SOL: its accounts move lamports with their balance, which the post-swap comparison
    // (and the vault's accounting) does not model.
    let wsol = asset(&f.keys, spl_token::native_mint::ID, spl_token::ID, 1);
    let keys = [f.keys.vault];
    let before = h.accounts(&keys).await;
    let out = h.send("wrapped SOL", &[f.keys.add_asset(&wsol, add_asset_args(1))], &[]).await;
    h.assert_refused(&out, BallastError::NativeMintNotSupported, &keys, &before).await;

    // A freeze authority is refused unless governance opts in for that asset.
    let freezable = keypair(120);
    h.create_freezable_mint(&freezable, 6).await;
    let a = asset(&f.keys, freezable.pubkey(), spl_token::ID, 1);
    let keys = [f.keys.vault, a.vault_token];
    let before = h.accounts(&keys).await;
    let out = h.send("freeze authority", &[f.keys.add_asset(&a, add_asset_args(1))], &[]).await;
    h.assert_refused(&out, BallastError::MintHasFreezeAuthority, &keys, &before).await;
    let allowed = ballast::instructions::AddAssetArgs { allow_freeze_authority: true, ..add_asset_args(1) };
    assert_eq!(h.send("freeze authority allowed", &[f.keys.add_asset(&a, allowed)], &[]).await.result, Ok(()));

    // A plain Token-2022 mint is fine; a second copy of an asset is refused.
    let plain = keypair(121);
    h.create_mint_2022(&plain, 6, &[], vec![]).await;
    let p = asset(&f.keys, plain.pubkey(), t22, 2);
    assert_eq!(h.send("plain Token-2022", &[f.keys.add_asset(&p, add_asset_args(2))], &[]).await.result, Ok(()));
    let out = h.send("the same asset twice", &[f.keys.add_asset(&p, add_asset_args(2))], &[]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::AssetAlreadyInVault)), "{:?}", out.result);
    let vault = h.vault(&f).await;
    assert_eq!(vault.asset_count, 3);
    assert_eq!(vault.assets[2].token_program, t22);

    // Only the authority may add.
    let bob = f.bob.key.insecure_clone();
    let other = keypair(122);
    h.create_mint(&other, 6).await;
    let mut keys_as_bob = f.keys.clone();
    keys_as_bob.authority = bob.pubkey();
    let o = asset(&f.keys, other.pubkey(), spl_token::ID, 3);
    let keys = [f.keys.vault, o.vault_token];
    let before = h.accounts(&keys).await;
    let out = h.send("bob adds an asset", &[keys_as_bob.add_asset(&o, add_asset_args(3))], &[&bob]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &keys, &before).await;
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn add_asset_refuses_mints_that_could_take_or_block_vault_tokens() {
    run_both(admission).await;
}

async fn weights_and_removal(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[USDC, SOL], &[6_000, 4_000], &[0, 0]).await;
    let keys = [f.keys.vault];
    for (name, weights, expected) in [
        ("weights summing to 9,999", vec![6_000, 3_999], BallastError::WeightsDoNotSum),
        ("one weight per asset", vec![10_000], BallastError::LengthMismatch),
    ] {
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[f.keys.set_target_weights(weights)], &[]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
    }
    // A third asset capped at 50%.
    let btc = keypair(22);
    h.create_mint(&btc, 8).await;
    let mut keys3 = f.keys.clone();
    let a = AssetKeys { decimals: 8, ..asset(&f.keys, btc.pubkey(), spl_token::ID, 2) };
    let capped = ballast::instructions::AddAssetArgs { max_weight_bps: 5_000, ..add_asset_args(2) };
    assert_eq!(h.send("add capped asset", &[f.keys.add_asset(&a, capped)], &[]).await.result, Ok(()));
    keys3.assets.push(a);
    let before = h.accounts(&keys).await;
    let out = h.send("weight above the asset's max", &[keys3.set_target_weights(vec![2_000, 2_000, 6_000])], &[]).await;
    h.assert_refused(&out, BallastError::WeightOutOfRange, &keys, &before).await;

    // Removal needs weight 0 and an empty account; the later slots keep their order.
    let before = h.accounts(&keys).await;
    let out = h.send("remove a weighted asset", &[keys3.remove_asset(&keys3.assets[0])], &[]).await;
    h.assert_refused(&out, BallastError::AssetNotEmpty, &keys, &before).await;
    assert_eq!(
        h.send("zero USDC's weight", &[keys3.set_target_weights(vec![0, 5_000, 5_000])], &[]).await.result,
        Ok(())
    );
    // Nor the asset the bounty is paid in, nor CPPI's safe slot 0 (no holders: params apply at once).
    let params = PARAMS;
    for (name, next, expected) in [
        ("remove the bounty asset", VaultParams { bounty_asset: 0, ..params }, BallastError::BountyAssetInUse),
        (
            "remove CPPI's safe asset",
            VaultParams { bounty_asset: 2, cppi_multiplier_pct: 300, ..params },
            BallastError::TargetPolicyInvalid,
        ),
    ] {
        assert_eq!(h.send("set params", &[f.keys.set_params(next)], &[]).await.result, Ok(()));
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[keys3.remove_asset(&keys3.assets[0])], &[]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
    }
    // Bounty in BTC (slot 2), CPPI off: USDC goes, and the bounty follows BTC down to slot 1.
    assert_eq!(
        h.send("fixed weights again", &[f.keys.set_params(VaultParams { bounty_asset: 2, ..params })], &[])
            .await
            .result,
        Ok(())
    );
    let out = h.send("remove USDC", &[keys3.remove_asset(&keys3.assets[0])], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let vault = h.vault(&f).await;
    assert_eq!(vault.asset_count, 2);
    assert_eq!((vault.assets[0].mint, vault.assets[1].mint), (keys3.assets[1].mint, keys3.assets[2].mint));
    assert_eq!(vault.params.bounty_asset, 1, "the bounty is still paid in BTC");
    assert!(h.account(keys3.assets[0].vault_token).await.is_none(), "the token account was closed");
    assert_eq!(vault.assets[MAX_ASSETS - 1], ballast::state::AssetSlot::zeroed());
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn weights_sum_to_one_and_only_empty_assets_are_removed() {
    run_both(weights_and_removal).await;
}

async fn timelock(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f: VaultFixture = h.vault_fixture(&[USDC, SOL], &[6_000, 4_000], &[1_000_000_000, 0]).await;
    // Once someone has money in the vault, loosening waits.
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    let keys = [f.keys.vault];
    let looser = VaultParams { management_fee_bps: 200, ..PARAMS };
    assert_eq!(h.send("propose a higher fee", &[f.keys.set_params(looser)], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.params, vault.pending.kind, vault.pending.params), (PARAMS, 1, looser));
    let queued_at = h.now().await;
    assert_eq!(vault.pending.executable_at, queued_at + 86_400);

    let before = h.accounts(&keys).await;
    let out = h.send("a second proposal", &[f.keys.set_target_weights(vec![5_000, 5_000])], &[]).await;
    h.assert_refused(&out, BallastError::ChangePending, &keys, &before).await;
    let out = h.send("execute early", &[f.keys.execute_change()], &[]).await;
    h.assert_refused(&out, BallastError::TimelockNotElapsed, &keys, &before).await;

    // Tightening applies at once, even with a change pending.
    let tighter = VaultParams { deposit_cap: PARAMS.deposit_cap / 2, ..PARAMS };
    assert_eq!(h.send("lower the cap", &[f.keys.set_params(tighter)], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.params, tighter);

    h.warp(86_400).await;
    assert_eq!(h.send("execute after the delay", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.params, vault.pending.kind), (looser, 0));
    let before = h.accounts(&keys).await;
    let out = h.send("execute with nothing pending", &[f.keys.execute_change()], &[]).await;
    h.assert_refused(&out, BallastError::NoChangePending, &keys, &before).await;

    // Bad weights are refused at once, holders or not: never queued to fail at `execute_change`.
    let before = h.accounts(&keys).await;
    let out = h.send("queue weights summing to 9,999", &[f.keys.set_target_weights(vec![6_000, 3_999])], &[]).await;
    h.assert_refused(&out, BallastError::WeightsDoNotSum, &keys, &before).await;
    assert_eq!(h.vault(&f).await.pending.kind, 0, "nothing queued");

    // Weights queue too, and governance may cancel.
    assert_eq!(h.send("propose weights", &[f.keys.set_target_weights(vec![5_000, 5_000])], &[]).await.result, Ok(()));
    assert_eq!(h.send("cancel", &[f.keys.cancel_change()], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.pending.kind, vault.assets[0].target_weight_bps), (0, 6_000));
    let before = h.accounts(&keys).await;
    let out = h.send("cancel with nothing pending", &[f.keys.cancel_change()], &[]).await;
    h.assert_refused(&out, BallastError::NoChangePending, &keys, &before).await;

    // Adding an asset is a loosening change: queued, then executed by anyone.
    let btc = keypair(22);
    h.create_mint(&btc, 8).await;
    let a = AssetKeys { decimals: 8, ..asset(&f.keys, btc.pubkey(), spl_token::ID, 2) };
    assert_eq!(h.send("propose BTC", &[f.keys.add_asset(&a, add_asset_args(2))], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.asset_count, 2);
    h.warp(86_400).await;
    assert_eq!(h.send("execute BTC", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.asset_count, vault.assets[2].mint, vault.assets[2].target_weight_bps), (3, btc.pubkey(), 0));
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn loosening_waits_for_the_timelock_and_tightening_does_not() {
    run_both(timelock).await;
}

async fn authority_and_guardian(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h.vault_fixture(&[USDC], &[10_000], &[0]).await;
    let keys = [f.keys.vault];
    let (bob, carol, guardian) = (f.bob.key.insecure_clone(), keypair(9), f.guardian.insecure_clone());

    assert_eq!(h.send("propose bob", &[f.keys.propose_authority(bob.pubkey())], &[]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.authority, h.payer.pubkey(), "nothing changes before acceptance");
    let before = h.accounts(&keys).await;
    let out = h.send("carol accepts", &[f.keys.accept_authority(carol.pubkey())], &[&carol]).await;
    h.assert_refused(&out, BallastError::NotPendingAuthority, &keys, &before).await;
    assert_eq!(h.send("bob accepts", &[f.keys.accept_authority(bob.pubkey())], &[&bob]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.authority, vault.pending_authority), (bob.pubkey(), Pubkey::default()));
    let before = h.accounts(&keys).await;
    let out = h.send("the old authority sets params", &[f.keys.set_params(PARAMS)], &[]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &keys, &before).await;

    // The guardian pauses and unpauses; it cannot change parameters; strangers cannot pause.
    assert_eq!(h.send("guardian pauses", &[f.keys.set_pause(guardian.pubkey(), 3)], &[&guardian]).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.paused, 3);
    assert_eq!(
        h.send("guardian unpauses", &[f.keys.set_pause(guardian.pubkey(), 0)], &[&guardian]).await.result,
        Ok(())
    );
    let before = h.accounts(&keys).await;
    let out = h.send("carol pauses", &[f.keys.set_pause(carol.pubkey(), 1)], &[&carol]).await;
    h.assert_refused(&out, BallastError::NotGuardian, &keys, &before).await;
    let out = h.send("unknown pause bits", &[f.keys.set_pause(guardian.pubkey(), 4)], &[&guardian]).await;
    h.assert_refused(&out, BallastError::ParameterOutOfBounds, &keys, &before).await;
    let mut as_guardian = f.keys.clone();
    as_guardian.authority = guardian.pubkey();
    let out = h.send("guardian sets params", &[as_guardian.set_params(PARAMS)], &[&guardian]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &keys, &before).await;

    let mut as_bob = f.keys.clone();
    as_bob.authority = bob.pubkey();
    assert_eq!(
        h.send("bob replaces the guardian", &[as_bob.set_guardian(carol.pubkey())], &[&bob]).await.result,
        Ok(())
    );
    assert_eq!(h.vault(&f).await.guardian, carol.pubkey());
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn authority_moves_in_two_steps_and_the_guardian_only_pauses() {
    run_both(authority_and_guardian).await;
}

async fn allow_list(mode: Mode) -> Trace {
    use ballast::instructions::AddAmmArgs;
    use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let f = h.vault_fixture(&[USDC, SOL], &[6_000, 4_000], &[1_000_000_000, 0]).await;
    let keys = [f.keys.vault];
    let (usdc, sol) = (f.keys.assets[0].mint, f.keys.assets[1].mint);
    let (pool, other_pool) = (Pubkey::new_from_array([201; 32]), Pubkey::new_from_array([202; 32]));
    let allowed = |v: &ballast::state::Vault, program: &Pubkey, pool: &Pubkey| v.allowed_pool(program, pool).is_some();
    // While the vault has no holders, allowing a pool applies at once.
    assert_eq!(h.send("allow a CPMM pool", &[f.keys.add_pool(CPMM_ID, pool, (usdc, sol))], &[]).await.result, Ok(()));
    assert!(allowed(&h.vault(&f).await, &CPMM_ID, &pool));
    let entry =
        |program, pool, mint_b| (program, AddAmmArgs { adapter: 1, pool, mint_a: usdc, mint_b, max_slippage_bps: 0 });
    for (name, (program, args), expected) in [
        ("allow it twice", entry(CPMM_ID, pool, sol), BallastError::PoolAlreadyAllowed),
        ("allow a mint, not a program", entry(usdc, pool, sol), BallastError::NotAProgram),
        (
            "a pool for a mint the vault does not hold",
            entry(CPMM_ID, other_pool, Pubkey::new_from_array([203; 32])),
            BallastError::AssetNotInVault,
        ),
        ("a pool for one mint twice", entry(CPMM_ID, other_pool, usdc), BallastError::PoolPairMismatch),
        ("a pinned adapter without a pool", entry(CPMM_ID, Pubkey::default(), sol), BallastError::PoolEntryInvalid),
        (
            "a pinned pool with a slippage bound",
            (CPMM_ID, AddAmmArgs { max_slippage_bps: 10, ..entry(CPMM_ID, other_pool, sol).1 }),
            BallastError::PoolEntryInvalid,
        ),
    ] {
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[f.keys.add_amm_with(program, args)], &[]).await;
        h.assert_refused(&out, expected, &keys, &before).await;
    }
    // With holders, a new pool waits for the timelock; removal is immediate.
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(
        h.send("propose a second pool", &[f.keys.add_pool(CPMM_ID, other_pool, (sol, usdc))], &[]).await.result,
        Ok(())
    );
    let vault = h.vault(&f).await;
    assert_eq!(
        (vault.pending.kind, vault.pending.pool.pool, allowed(&vault, &CPMM_ID, &other_pool)),
        (4, other_pool, false)
    );
    h.warp(86_400).await;
    assert_eq!(h.send("execute", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    assert!(allowed(&h.vault(&f).await, &CPMM_ID, &other_pool));
    assert_eq!(h.send("remove the first pool", &[f.keys.remove_amm(CPMM_ID, pool)], &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert!(!allowed(&vault, &CPMM_ID, &pool) && allowed(&vault, &CPMM_ID, &other_pool));
    let before = h.accounts(&keys).await;
    let out = h.send("remove it again", &[f.keys.remove_amm(CPMM_ID, pool)], &[]).await;
    h.assert_refused(&out, BallastError::PoolNotAllowed, &keys, &before).await;
    let bob = f.bob.key.insecure_clone();
    let mut as_bob = f.keys.clone();
    as_bob.authority = bob.pubkey();
    let out = h.send("bob removes a pool", &[as_bob.remove_amm(CPMM_ID, other_pool)], &[&bob]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &keys, &before).await;
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn pools_join_the_allow_list_behind_the_timelock_and_leave_at_once() {
    run_both(allow_list).await;
}
