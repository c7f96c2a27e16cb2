//! The volatility-widened band, natively and in the SBF VM: the observer's readings build an EWMA of
//! squared log-returns per asset, and a drift that triggers a rebalance in a calm market does not
//! once the asset has been volatile (band = base + k·σ, capped).

use ballast::errors::BallastError;
use ballast::state::VaultParams;
use ballast_tests::fixture::{PARAMS, SOL, USDC};
use ballast_tests::{error_code, run_both, Harness, Mode, Trace};

async fn widened(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    // Band 5%, widened by 1σ of the per-minute log-returns, up to 10%; a fast EWMA (λ = 0.9).
    let params = VaultParams {
        vol_band_k_pct: 100,
        vol_band_cap_bps: 1_000,
        ewma_lambda_bps: 9_000,
        vol_observation_secs: 60,
        ..PARAMS
    };
    let mut f = h.vault_fixture_with(params, &[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    // 5,600 USDC and 4,400 USD of SOL: 56/44 against 50/50, 600 bps of drift on each side.
    assert_eq!(h.deposit(&f, &f.alice, 0, 5_600_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 29_333_333_334, 0).await.result, Ok(()));
    if let Some(p) = h.preview_rebalance(&f).await {
        assert_eq!((p.refusal, p.sell, p.buy), (0, 0, 1), "a calm market: 600 bps of drift triggers");
    }

    // SOL swings ±5% minute after minute, back at 150 at the end; the observer reads each minute.
    let path = [157.5, 150.0, 142.5, 150.0];
    for i in 0..20 {
        h.warp(60).await;
        f.specs[1].price = (path[i % 4] * 1e8) as i64;
        h.publish_prices(&mut f).await;
        let out = h.send("reading", &[f.keys.accrue_fees()], &[]).await;
        assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    }
    let vault = h.vault(&f).await;
    let sigma = ballast_math::volatility::sigma_bps(vault.assets[1].vol_variance);
    assert!((450..=520).contains(&sigma), "σ of ±5% swings ≈ 500 bps, got {sigma}");
    assert_eq!(vault.assets[0].vol_variance, 0, "USDC did not move");
    // The same 600 bps of drift is now inside SOL's widened band (500 + σ).
    if let Some(p) = h.preview_rebalance(&f).await {
        assert_eq!(p.refusal, error_code(BallastError::RebalanceNotNeeded), "a volatile market: the band has widened");
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_volatile_asset_widens_its_drift_band() {
    run_both(widened).await;
}
