//! `make bench`: runs every instruction in the SBF VM with fixed keys and prints a Markdown table
//! of compute units, accounts and transaction size, for vaults of 2, 4, 8 and 16 assets where the
//! instruction's cost grows with them. Figures are measured, never asserted.

use anchor_lang::solana_program::instruction::Instruction;
use ballast_tests::fixture::{AssetSpec, VaultFixture, PARAMS, SOL, USDC};
use ballast_tests::{compute_limit, keypair, Harness, Mode};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Largest legacy transaction (bytes); bigger ones need an address lookup table.
const PACKET: usize = 1232;

struct Row {
    instruction: &'static str,
    case: String,
    accounts: usize,
    compute_units: Option<u64>,
    bytes: usize,
    /// Wire size as a v0 transaction with a lookup table, when the legacy one is over the packet.
    v0_bytes: Option<usize>,
}

/// The lookup table used when a legacy transaction would not fit.
const TABLE: anchor_lang::prelude::Pubkey = anchor_lang::prelude::Pubkey::new_from_array([88; 32]);

async fn measure(
    h: &mut Harness,
    rows: &mut Vec<Row>,
    instruction: &'static str,
    case: String,
    ix: Instruction,
    signers: &[&Keypair],
) {
    let accounts = ix.accounts.len();
    let bytes = h.transaction_size(std::slice::from_ref(&ix), signers).await;
    if bytes > PACKET {
        // A validator would drop the packet: send it as v0 through a lookup table of its accounts.
        let addresses = ballast_tests::lookup::lookup_addresses(std::slice::from_ref(&ix));
        h.create_lookup_table(TABLE, &addresses).await;
        let limit = compute_limit(400_000);
        let out = h.send_v0(instruction, &[limit, ix], signers, TABLE, &addresses).await;
        assert_eq!(out.result, Ok(()), "{instruction} ({case}, v0): {:?}", out.program_output);
        rows.push(Row {
            instruction,
            case,
            accounts,
            compute_units: Some(h.last_compute_units),
            bytes,
            v0_bytes: Some(h.last_transaction_bytes),
        });
        return;
    }
    let out = h.send(instruction, &[ix], signers).await;
    assert_eq!(out.result, Ok(()), "{instruction} ({case}): {:?}", out.program_output);
    rows.push(Row { instruction, case, accounts, compute_units: Some(h.last_compute_units), bytes, v0_bytes: None });
}

/// The auction path on a 2-asset vault (20,000 USDC, 10,000 USD of SOL): `open_auction`, then one
/// whole fill transaction of 1,000 USDC (`fill_begin`, the solver program's CPMM swap, `fill_end`).
async fn auction_rows(rows: &mut Vec<Row>) {
    use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
    use ballast_tests::solver::{fill_through_cpmm, solver_so};
    let mut h = Harness::start_with(Mode::Sbf, &[(CPMM_ID, cpmm_so()), (test_solver::ID, solver_so())]).await;
    let (mut f, pool) = h
        .cpmm_vault(PARAMS, &[(0, 20_000_000_000), (1, 66_666_666_667)], 15_000_000_000_000, 100_000_000_000_000)
        .await;
    let open = f.keys.open_auction(h.payer.pubkey(), None);
    measure(&mut h, rows, "open_auction", "2 assets priced, auction account created".into(), open, &[]).await;
    let (solver, solver_usdc) = (keypair(170), keypair(171));
    h.create_token_account(&solver_usdc, &f.keys.assets[0].mint, &solver.pubkey()).await;
    h.warp(250).await;
    h.publish_prices(&mut f).await;
    let fill = [
        f.keys.fill_begin(solver.pubkey(), 0, solver_usdc.pubkey(), 1_000_000_000),
        fill_through_cpmm(&f, &pool, solver.pubkey(), solver_usdc.pubkey(), 0),
        f.keys.fill_end(solver.pubkey()),
    ];
    let bytes = h.transaction_size(&fill, &[&solver]).await;
    let out = h.send("fill", &fill, &[&solver]).await;
    assert_eq!(out.result, Ok(()), "auction fill: {:?}", out.program_output);
    // Distinct accounts of the transaction (programs invoked aside).
    let mut keys: Vec<_> = fill.iter().flat_map(|ix| ix.accounts.iter().map(|m| m.pubkey)).collect();
    keys.sort();
    keys.dedup();
    let accounts = keys.len();
    rows.push(Row {
        instruction: "fill_begin + fill_end",
        case: "2 assets, 1,000 USDC through a solver program's CPMM swap (the whole transaction)".into(),
        accounts,
        compute_units: Some(h.last_compute_units),
        bytes,
        v0_bytes: None,
    });
}

/// Option-based insurance on a 2-asset vault through the CPMM (10,000 USDC, insured to 0.90 per share
/// 90 days out at 60 % volatility): `roll_insurance` (sent after a compute-unit limit: it prices
/// a handful of puts), then `view_insurance`, `preview_rebalance` (which computes the hedge twice:
/// for its report and for the plan) and a `rebalance` to the hedge.
async fn insurance_rows(rows: &mut Vec<Row>) {
    use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
    let mut h = Harness::start_with(Mode::Sbf, &[(CPMM_ID, cpmm_so())]).await;
    let expires_at = u64::try_from(h.now().await + 90 * 86_400).expect("positive");
    let params = ballast::state::VaultParams {
        insurance_floor_share_price: 900_000_000_000,
        insurance_expires_at: expires_at,
        insurance_vol_min_bps: 6_000,
        insurance_vol_max_bps: 6_000,
        insurance_risk_aversion: 100,
        max_trade_bps: 5_000,
        ..PARAMS
    };
    let (f, pool) = h.cpmm_vault(params, &[(0, 10_000_000_000)], 1_500_000_000_000, 10_000_000_000_000).await;
    let roll = f.keys.roll_insurance();
    let accounts = roll.accounts.len();
    let bytes = h.transaction_size(&[compute_limit(400_000), roll.clone()], &[]).await;
    let out = h.send("roll_insurance", &[compute_limit(400_000), roll], &[]).await;
    assert_eq!(out.result, Ok(()), "roll_insurance: {:?}", out.program_output);
    rows.push(Row {
        instruction: "roll_insurance",
        case: "2 assets priced, strike solved (with its SetComputeUnitLimit)".into(),
        accounts,
        compute_units: Some(h.last_compute_units),
        bytes,
        v0_bytes: None,
    });
    measure(&mut h, rows, "view_insurance", "2 assets priced, the hedge".into(), f.keys.view_insurance(), &[]).await;
    let preview = f.keys.preview_rebalance();
    measure(&mut h, rows, "preview_rebalance", "insured, 2 assets: the hedge and the plan".into(), preview, &[]).await;
    let bob = f.bob.key.insecure_clone();
    let rebalance = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0);
    measure(&mut h, rows, "rebalance", "insured, 2 assets through the CPMM, to the hedge".into(), rebalance, &[&bob])
        .await;
}

/// The v0 size of `ix` with a lookup table of its accounts (built, not sent).
async fn v0_size(h: &mut Harness, ix: Instruction, signer: &Keypair) -> usize {
    let addresses = ballast_tests::lookup::lookup_addresses(std::slice::from_ref(&ix));
    let tx = h.v0_transaction(&[ix], &[signer], TABLE, &addresses).await;
    ballast_tests::lookup::wire_size(&tx)
}

/// A Whirlpool `swap_v2` account list for slot 0 → slot 1 with the vault as token authority, as
/// `orca_whirlpools_client` lays it out (the pool-side keys are stand-ins: only the size counts).
fn orca_whirlpool_accounts(f: &VaultFixture) -> Vec<anchor_lang::prelude::AccountMeta> {
    let key = |n: u8| anchor_lang::prelude::Pubkey::new_from_array([n; 32]);
    let swap = orca_whirlpools_client::SwapV2 {
        token_program_a: anchor_spl::token::spl_token::ID,
        token_program_b: anchor_spl::token::spl_token::ID,
        memo_program: key(201),
        token_authority: f.keys.vault,
        whirlpool: key(202),
        token_mint_a: f.keys.assets[0].mint,
        token_mint_b: f.keys.assets[1].mint,
        token_owner_account_a: f.keys.assets[0].vault_token,
        token_vault_a: key(203),
        token_owner_account_b: f.keys.assets[1].vault_token,
        token_vault_b: key(204),
        tick_array0: key(205),
        tick_array1: key(206),
        tick_array2: key(207),
        oracle: key(208),
    };
    let args = orca_whirlpools_client::SwapV2InstructionArgs {
        amount: 0,
        other_amount_threshold: 0,
        sqrt_price_limit: 0,
        amount_specified_is_input: true,
        a_to_b: true,
        remaining_accounts_info: None,
    };
    swap.instruction(args).accounts
}

fn specs(n: usize) -> (Vec<AssetSpec>, Vec<u16>, Vec<u64>) {
    let specs: Vec<AssetSpec> = (0..n).map(|i| if i % 2 == 0 { USDC } else { SOL }).collect();
    let mut weights = vec![10_000 / u16::try_from(n).expect("few"); n];
    weights[0] += 10_000 - weights.iter().sum::<u16>();
    (specs, weights, vec![1_000_000_000_000; n])
}

#[tokio::main]
async fn main() {
    let mut rows = Vec::new();
    for n in [2usize, 4, 8, 16] {
        let mut h = Harness::start(Mode::Sbf).await;
        let (specs, weights, funding) = specs(n);
        let f: VaultFixture = h.vault_fixture(&specs, &weights, &funding).await;
        if n == 2 {
            let keys = ballast_tests::ballast_ix::VaultKeys::new(h.payer.pubkey(), 9, keypair(6).pubkey());
            measure(
                &mut h,
                &mut rows,
                "initialize_vault",
                "vault, share mint and fee share account created".into(),
                keys.initialize_vault(9, keypair(5).pubkey(), PARAMS),
                &[],
            )
            .await;
        }
        let alice = f.alice.key.insecure_clone();
        let deposit = f.keys.deposit(
            alice.pubkey(),
            0,
            f.alice.tokens[0],
            f.alice.shares,
            ballast::instructions::DepositArgs { amount: 1_000_000_000, min_shares_out: 0 },
        );
        measure(&mut h, &mut rows, "deposit", format!("{n} assets priced"), deposit, &[&alice]).await;
        let deposit = f.keys.deposit(
            alice.pubkey(),
            1,
            f.alice.tokens[1],
            f.alice.shares,
            ballast::instructions::DepositArgs { amount: 1_000_000_000, min_shares_out: 0 },
        );
        measure(&mut h, &mut rows, "deposit", format!("{n} assets priced, second asset"), deposit, &[&alice]).await;
        let in_kind = f.keys.deposit_in_kind(
            alice.pubkey(),
            &f.alice.tokens,
            f.alice.shares,
            ballast::instructions::DepositInKindArgs { max_amounts: vec![1_000_000; n], min_shares_out: 0 },
        );
        measure(&mut h, &mut rows, "deposit_in_kind", format!("{n} assets"), in_kind, &[&alice]).await;
        let withdraw = f.keys.withdraw_in_kind(
            alice.pubkey(),
            &f.alice.tokens,
            f.alice.shares,
            ballast::instructions::WithdrawInKindArgs { shares: 1_000_000_000, min_amounts_out: vec![0; n] },
        );
        measure(&mut h, &mut rows, "withdraw_in_kind", format!("{n} assets"), withdraw, &[&alice]).await;
        h.warp(30).await;
        let mut f = f;
        h.publish_prices(&mut f).await;
        measure(&mut h, &mut rows, "accrue_fees", format!("{n} assets priced"), f.keys.accrue_fees(), &[]).await;
        if n == 2 {
            let guardian = f.guardian.insecure_clone();
            measure(
                &mut h,
                &mut rows,
                "set_pause",
                "guardian pauses deposits".into(),
                f.keys.set_pause(guardian.pubkey(), 1),
                &[&guardian],
            )
            .await;
            let looser = ballast::state::VaultParams { management_fee_bps: 200, ..PARAMS };
            measure(&mut h, &mut rows, "set_params", "loosening change queued".into(), f.keys.set_params(looser), &[])
                .await;
            h.warp(86_400).await;
            measure(&mut h, &mut rows, "execute_change", "queued params applied".into(), f.keys.execute_change(), &[])
                .await;
            measure(
                &mut h,
                &mut rows,
                "set_target_weights",
                "queued (vault has holders)".into(),
                f.keys.set_target_weights(vec![5_000, 5_000]),
                &[],
            )
            .await;
            measure(&mut h, &mut rows, "cancel_change", "queued weights cancelled".into(), f.keys.cancel_change(), &[])
                .await;
            let bob = f.bob.key.insecure_clone();
            measure(
                &mut h,
                &mut rows,
                "propose_authority",
                "step one".into(),
                f.keys.propose_authority(bob.pubkey()),
                &[],
            )
            .await;
            measure(
                &mut h,
                &mut rows,
                "accept_authority",
                "step two".into(),
                f.keys.accept_authority(bob.pubkey()),
                &[&bob],
            )
            .await;
        }
    }
    // rebalance through the real Raydium CPMM: the AMM's own swap measured alone first, then the
    // rebalance that makes the same swap, so Ballast's overhead is the difference.
    let mut sizes: Vec<(String, usize, usize, usize)> = Vec::new();
    for n in [2usize, 4, 8, 16] {
        let mut h =
            Harness::start_with(Mode::Sbf, &[(ballast_tests::cpmm::CPMM_ID, ballast_tests::cpmm::cpmm_so())]).await;
        let (specs, mut weights, mut funding) = specs(n);
        weights.iter_mut().for_each(|w| *w = 0);
        weights[0] = 5_000;
        weights[1] = 10_000 - 5_000 - u16::try_from(n - 2).expect("few") * 100;
        for w in weights.iter_mut().skip(2) {
            *w = 100;
        }
        funding[1] = 0;
        let mut f: VaultFixture = h.vault_fixture(&specs, &weights, &funding).await;
        let (usdc_mint, sol_mint) = (f.keys.assets[0].mint, f.keys.assets[1].mint);
        let state =
            ballast_tests::cpmm::pool_state_address(ballast_tests::cpmm::config_address(0), usdc_mint, sol_mint);
        let allow = f.keys.add_pool(ballast_tests::cpmm::CPMM_ID, state, (usdc_mint, sol_mint));
        assert_eq!(h.send("allow", &[allow], &[]).await.result, Ok(()));
        let alice = f.alice.key.insecure_clone();
        let deposit = f.keys.deposit(
            alice.pubkey(),
            0,
            f.alice.tokens[0],
            f.alice.shares,
            ballast::instructions::DepositArgs { amount: 10_000_000_000, min_shares_out: 0 },
        );
        h.publish_prices(&mut f).await;
        let addresses = ballast_tests::lookup::lookup_addresses(std::slice::from_ref(&deposit));
        h.create_lookup_table(TABLE, &addresses).await;
        assert_eq!(h.send_v0("deposit", &[deposit], &[&alice], TABLE, &addresses).await.result, Ok(()));
        let payer = h.payer.insecure_clone();
        let (usdc_account, sol_account) = (keypair(130), keypair(131));
        h.create_token_account(&usdc_account, &f.keys.assets[0].mint, &payer.pubkey()).await;
        h.create_token_account(&sol_account, &f.keys.assets[1].mint, &payer.pubkey()).await;
        h.mint_tokens(&f.keys.assets[0].mint, &usdc_account.pubkey(), 3_000_000_000_000).await;
        h.mint_tokens(&f.keys.assets[1].mint, &sol_account.pubkey(), 20_000_000_000_000).await;
        let config = h.create_cpmm_config(0);
        let pool = h
            .create_cpmm_pool(
                config,
                (f.keys.assets[0].mint, usdc_account.pubkey(), 1_500_000_000_000),
                (f.keys.assets[1].mint, sol_account.pubkey(), 10_000_000_000_000),
            )
            .await;
        h.warp(20).await;
        h.publish_prices(&mut f).await;
        if n == 2 {
            let swap = pool.swap_base_input(
                payer.pubkey(),
                f.keys.assets[0].mint,
                usdc_account.pubkey(),
                sol_account.pubkey(),
                2_000_000_000,
                0,
            );
            measure(
                &mut h,
                &mut rows,
                "CPMM swap_base_input",
                "the AMM alone: 2,000 USDC into a 1.5M/10k pool".into(),
                swap,
                &[],
            )
            .await;
        }
        let bob = f.bob.key.insecure_clone();
        measure(
            &mut h,
            &mut rows,
            "preview_rebalance",
            format!("{n} assets priced, trade planned"),
            f.keys.preview_rebalance(),
            &[],
        )
        .await;
        // Size only: the same rebalance through an Orca Whirlpool's 15 swap accounts (no Whirlpool
        // program runs here), and through a route naming the CPMM's 13.
        let whirlpool = orca_whirlpool_accounts(&f);
        let args = || ballast::instructions::RebalanceArgs { min_out: 0, pair: None, route: vec![] };
        let orca =
            f.keys.rebalance_with(bob.pubkey(), f.bob.shares, orca_whirlpools_client::WHIRLPOOL_ID, whirlpool, args());
        sizes.push((
            format!("{n} assets, Orca Whirlpool swap_v2"),
            orca.accounts.len(),
            h.transaction_size(std::slice::from_ref(&orca), &[&bob]).await,
            v0_size(&mut h, orca, &bob).await,
        ));
        let route_data = pool
            .swap_base_input(
                f.keys.swap_authority,
                f.keys.assets[0].mint,
                f.keys.assets[0].vault_token,
                f.keys.assets[1].vault_token,
                2_000_000_000,
                0,
            )
            .data;
        let route = f.keys.rebalance_with(
            bob.pubkey(),
            f.bob.shares,
            ballast_tests::cpmm::CPMM_ID,
            f.keys.cpmm_swap(&pool, 0, 1).accounts,
            ballast::instructions::RebalanceArgs { route: route_data, ..args() },
        );
        sizes.push((
            format!("{n} assets, route (CPMM's accounts, 24 B of data)"),
            route.accounts.len(),
            h.transaction_size(std::slice::from_ref(&route), &[&bob]).await,
            v0_size(&mut h, route, &bob).await,
        ));
        let ix = f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0);
        sizes.push((
            format!("{n} assets, Raydium CPMM"),
            ix.accounts.len(),
            h.transaction_size(std::slice::from_ref(&ix), &[&bob]).await,
            v0_size(&mut h, ix.clone(), &bob).await,
        ));
        measure(
            &mut h,
            &mut rows,
            "rebalance",
            format!("{n} assets priced, CPMM swap of 2,000 USDC included"),
            ix,
            &[&bob],
        )
        .await;
    }

    auction_rows(&mut rows).await;
    insurance_rows(&mut rows).await;

    // add_asset on an empty vault (applies at once).
    let mut h = Harness::start(Mode::Sbf).await;
    let f = h.vault_fixture(&[USDC], &[10_000], &[0]).await;
    let mint = keypair(30);
    h.create_mint(&mint, 9).await;
    let asset = ballast_tests::ballast_ix::AssetKeys {
        mint: mint.pubkey(),
        token_program: anchor_spl::token::spl_token::ID,
        vault_token: ballast_tests::ballast_ix::vault_token_address(&f.keys.vault, &mint.pubkey()),
        feed_id: [9; 32],
        price_account: anchor_lang::prelude::Pubkey::new_from_array([9; 32]),
        decimals: 9,
    };
    measure(
        &mut h,
        &mut rows,
        "add_asset",
        "second asset, vault token account created".into(),
        f.keys.add_asset(&asset, ballast_tests::fixture::add_asset_args(1)),
        &[],
    )
    .await;
    let mut keys = f.keys.clone();
    keys.assets.push(asset);
    measure(
        &mut h,
        &mut rows,
        "set_target_weights",
        "applied at once (no holders yet)".into(),
        keys.set_target_weights(vec![0, 10_000]),
        &[],
    )
    .await;
    measure(
        &mut h,
        &mut rows,
        "remove_asset",
        "empty asset removed, token account closed".into(),
        keys.remove_asset(&keys.assets[0]),
        &[],
    )
    .await;

    println!("| rebalance through | accounts | legacy bytes | v0 bytes with a lookup table |");
    println!("|---|---:|---:|---:|");
    for (case, accounts, legacy, v0) in sizes {
        let fits = if legacy > PACKET { " (over)" } else { "" };
        println!("| {case} | {accounts} | {legacy}{fits} | {v0} |");
    }
    println!();
    println!("| instruction | case | accounts | compute units | legacy transaction bytes | v0 with a lookup table |");
    println!("|---|---|---:|---:|---:|---:|");
    for r in rows {
        let cu = r.compute_units.map_or_else(|| "—".to_string(), |cu| cu.to_string());
        let v0 = r.v0_bytes.map_or_else(|| "not needed".to_string(), |b| format!("{b} (legacy over {PACKET})"));
        println!("| `{}` | {} | {} | {} | {} | {} |", r.instruction, r.case, r.accounts, cu, r.bytes, v0);
    }
}
