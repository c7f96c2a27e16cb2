//! The real Raydium CPMM program (built from its crates.io source) runs in the test VM: a pool is
//! created through its `initialize` and a swap through its `swap_base_input` pays exactly the
//! constant-product amount. The rebalancing tests trade through this same program.

use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::{keypair, Harness, Mode};
use solana_signer::Signer;

#[tokio::test]
async fn a_swap_through_the_real_cpmm_program_pays_the_constant_product_amount() {
    let mut h = Harness::start_with(Mode::Sbf, &[(CPMM_ID, cpmm_so())]).await;
    let payer = h.payer.insecure_clone();
    let (usdc, sol) = (keypair(20), keypair(21));
    h.create_mint(&usdc, 6).await;
    h.create_mint(&sol, 9).await;
    let (usdc_account, sol_account) = (keypair(40), keypair(41));
    h.create_token_account(&usdc_account, &usdc.pubkey(), &payer.pubkey()).await;
    h.create_token_account(&sol_account, &sol.pubkey(), &payer.pubkey()).await;
    h.mint_tokens(&usdc.pubkey(), &usdc_account.pubkey(), 2_000_000_000_000).await;
    h.mint_tokens(&sol.pubkey(), &sol_account.pubkey(), 20_000_000_000_000).await;

    // 1.5M USDC against 10,000 SOL: 150 USDC per SOL.
    let config = h.create_cpmm_config(0);
    let pool = h
        .create_cpmm_pool(
            config,
            (usdc.pubkey(), usdc_account.pubkey(), 1_500_000_000_000),
            (sol.pubkey(), sol_account.pubkey(), 10_000_000_000_000),
        )
        .await;
    h.warp(2).await;
    let (reserve_usdc, reserve_sol) = (1_500_000_000_000u128, 10_000_000_000_000u128);
    let sol_before = h.token_balance(sol_account.pubkey()).await;
    let amount_in = 15_000_000_000u64; // 15,000 USDC
    let expected =
        u64::try_from(u128::from(amount_in) * reserve_sol / (reserve_usdc + u128::from(amount_in))).expect("fits");
    let ix = pool.swap_base_input(
        payer.pubkey(),
        usdc.pubkey(),
        usdc_account.pubkey(),
        sol_account.pubkey(),
        amount_in,
        expected,
    );
    let out = h.send("cpmm swap", &[ix], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.token_balance(sol_account.pubkey()).await - sol_before, expected);
    // 99.0099 SOL: the price impact of 1% of the pool is ~1%.
    assert_eq!(expected, 99_009_900_990);
    let vault = if pool.token_0_mint == usdc.pubkey() { pool.token_0_vault } else { pool.token_1_vault };
    assert_eq!(u128::from(h.token_balance(vault).await), reserve_usdc + u128::from(amount_in));
    println!("cpmm swap: {} CU", h.last_compute_units);
}
