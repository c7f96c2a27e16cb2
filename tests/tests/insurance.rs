//! Option-based portfolio insurance through the real Raydium CPMM, natively and in the SBF VM with
//! identical results: governance strikes a period (`roll_insurance`) whose strike and units make each
//! share "index + put" with the floor at expiry (checked against an independent f64 Black–Scholes),
//! rebalances steer to the hedge's delta with the Whalley–Wilmott band and carry the Greeks, the vault
//! de-risks as the basket falls, and at expiry it holds the payoff. Refusals: no period struck, the
//! same terms struck twice, a floor at or above the share price, a spike the breaker would trip on, an
//! old period after insurance was switched off and on (switching off ends it; a change of terms keeps
//! it hedged until the roll).

use ballast::errors::BallastError;
use ballast::events::{HedgeView, InsuranceEnded, InsuranceRolled, Rebalanced};
use ballast::instructions::RebalanceArgs;
use ballast::state::VaultParams;
use ballast_tests::cpmm::{cpmm_so, Pool, CPMM_ID};
use ballast_tests::fixture::{VaultFixture, PARAMS, SOL};
use ballast_tests::{compute_limit, events_of, run_both, Harness, Mode, Outcome, Trace};
use solana_signer::Signer;

/// A deep pool at the oracle price: 1.5M USDC against 10,000 SOL.
const DEEP: (u64, u64) = (1_500_000_000_000, 10_000_000_000_000);
/// Ninety days.
const PERIOD_SECS: i64 = 90 * 86_400;
/// 0.90 USD per share at expiry.
const FLOOR: u64 = 900_000_000_000;

/// USDC safe (slot 0), SOL the basket; 60 % implied volatility, risk aversion 1; trades up to half
/// the vault; a breaker wide enough for the 30 % fall below.
fn insured(expires_at: i64, floor: u64) -> VaultParams {
    VaultParams {
        insurance_floor_share_price: floor,
        insurance_expires_at: u64::try_from(expires_at).expect("positive"),
        insurance_vol_min_bps: 6_000,
        insurance_vol_max_bps: 6_000,
        insurance_risk_aversion: 100,
        max_trade_bps: 5_000,
        max_price_move_bps: 5_000,
        max_ema_divergence_bps: 2_000,
        ..PARAMS
    }
}

async fn rebalance(h: &mut Harness, f: &VaultFixture, pool: &Pool, label: &str, sell: usize) -> Outcome {
    let args = RebalanceArgs { min_out: 0, pair: None, route: vec![] };
    let bob = f.bob.key.insecure_clone();
    let swap = f.keys.cpmm_swap(pool, sell, 1 - sell).accounts;
    let ix = f.keys.rebalance_with(bob.pubkey(), f.bob.shares, CPMM_ID, swap, args);
    h.send(label, &[ix], &[&bob]).await
}

/// A harness with the real CPMM and a vault insured to `floor` for `PERIOD_SECS` (alice's 10,000
/// USDC in, a deep pool at the oracle price); returns the expiry too.
async fn insured_vault(mode: Mode, floor: u64) -> (Harness, VaultFixture, Pool, i64) {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    let expires_at = h.now().await + PERIOD_SECS;
    let (f, pool) = h.cpmm_vault(insured(expires_at, floor), &[(0, 10_000_000_000)], DEEP.0, DEEP.1).await;
    (h, f, pool, expires_at)
}

/// `roll_insurance` with the compute budget the strike's solver needs.
async fn roll(h: &mut Harness, f: &VaultFixture, label: &str) -> Outcome {
    h.send(label, &[compute_limit(1_400_000), f.keys.roll_insurance()], &[]).await
}

/// The standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7): an f64 reference
/// independent of the fixed-point code under test.
fn n(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs() / std::f64::consts::SQRT_2);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-(x * x) / 2.0).exp();
    if x >= 0.0 {
        (1.0 + erf) / 2.0
    } else {
        (1.0 - erf) / 2.0
    }
}

/// (put, delta) of "index + put" at index `s`, strike `k`, volatility `v`, `t` years, no rate.
fn black_scholes(s: f64, k: f64, v: f64, t: f64) -> (f64, f64) {
    let d1 = ((s / k).ln() + v * v * t / 2.0) / (v * t.sqrt());
    let d2 = d1 - v * t.sqrt();
    (k * n(-d2) - s * n(-d1), n(d1))
}

/// The vault's value at the fixture's oracle prices (USD).
async fn nav_usd(h: &mut Harness, f: &VaultFixture) -> f64 {
    let b = h.vault_balances(f).await;
    b[0] as f64 / 1e6 + b[1] as f64 / 1e9 * f.specs[1].price as f64 / 1e8
}

/// The basket's weight (bps) the hedge should want now, by the f64 formula from the stored period.
async fn expected_basket_bps(h: &mut Harness, f: &VaultFixture, sol_at_strike: f64) -> f64 {
    let vault = h.vault(f).await;
    let p = vault.insurance;
    let index = f.specs[1].price as f64 / 1e8 / sol_at_strike;
    let t = (p.expires_at - h.now().await) as f64 / 31_536_000.0;
    let (_, delta) = black_scholes(index, p.strike as f64 / 1e12, 0.6, t);
    // n units per share, the shares (plus the virtual one) in whole shares.
    let shares = (h.share_supply(f).await as f64 + 1e9) / 1e9;
    p.units_per_share as f64 / 1e12 * shares * delta * index / nav_usd(h, f).await * 10_000.0
}

async fn insurance(mode: Mode) -> Trace {
    let (mut h, mut f, pool, expires_at) = insured_vault(mode, FLOOR).await;
    let keys = h.fixture_keys(&f);

    // The policy is insurance but nothing is struck: no trade, and the reason says so.
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "before a roll", 0).await;
    h.assert_refused(&out, BallastError::InsuranceNotRolled, &keys, &before).await;

    // Governance strikes the period at a share price of 1.00.
    let out = roll(&mut h, &f, "roll").await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let vault = h.vault(&f).await;
    let p = vault.insurance;
    assert_eq!((p.expires_at, p.floor_share_price), (expires_at, FLOOR));
    // The index is one SOL-at-150's worth of SOL: 1/150 whole SOL per unit.
    assert_eq!(vault.insurance_quantities[..2], [0, 6_666_666_666]);
    let (k, units) = (p.strike as f64 / 1e12, p.units_per_share as f64 / 1e12);
    let (put, _) = black_scholes(1.0, k, 0.6, PERIOD_SECS as f64 / 31_536_000.0);
    // Each share (worth 1.00 with the virtual share and value) is n · (1 + P), floored at n · K = 0.90.
    assert!((units * (1.0 + put) - 1.0).abs() < 1e-6, "n {units} P {put}");
    assert!((units * k - 0.9).abs() < 1e-9, "n {units} K {k}");
    if h.observes_logs() {
        let rolled = &events_of::<InsuranceRolled>(&out)[0];
        assert_eq!((rolled.strike, rolled.units_per_share, rolled.vol), (p.strike, p.units_per_share, 600_000_000_000));
    }
    // The same terms again: refused while the period is live.
    let before = h.accounts(&keys).await;
    let out = h.send("roll again", &[f.keys.roll_insurance()], &[]).await;
    h.assert_refused(&out, BallastError::InsuranceRollRefused, &keys, &before).await;

    // The first hedge: from all USDC into the put's delta of SOL.
    let want = expected_basket_bps(&mut h, &f, 150.0).await;
    let mut first: Option<HedgeView> = None;
    if let Some(preview) = h.preview_rebalance(&f).await {
        let hedge = preview.hedge.expect("an insured vault's preview carries its hedge");
        assert!((f64::from(hedge.basket_bps) - want).abs() <= 1.0, "{} vs {want}", hedge.basket_bps);
        assert_eq!(preview.targets, vec![10_000 - hedge.basket_bps, hedge.basket_bps]);
        assert!(hedge.band_bps > 0 && hedge.gamma > 0 && hedge.vega > 0, "{hedge:?}");
        first = Some(hedge);
    }
    let out = rebalance(&mut h, &f, &pool, "hedge", 0).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    if let Some(first) = first {
        let event = &events_of::<Rebalanced>(&out)[0];
        assert_eq!(event.hedge, Some(first), "the event carries the hedge the trade steered to");
    }

    // SOL falls 30 %: the hedge's delta falls, the vault sells SOL.
    h.warp(3_600).await;
    f.specs[1].price = SOL.price * 7 / 10;
    h.publish_prices(&mut f).await;
    let held_before = h.vault_balances(&f).await[1];
    let want = expected_basket_bps(&mut h, &f, 150.0).await;
    let preview = h.preview_rebalance(&f).await;
    // The read-only view says what the preview says (its return data, like events, in SBF only).
    let view = h.send("view", &[f.keys.view_insurance()], &[]).await;
    assert_eq!(view.result, Ok(()), "{:?}", view.program_output);
    if let Some(preview) = preview {
        let hedge = preview.hedge.expect("hedge");
        assert!((f64::from(hedge.basket_bps) - want).abs() <= 1.0, "{} vs {want}", hedge.basket_bps);
        assert!(hedge.delta < first.expect("first hedge").delta, "delta falls with the basket");
        assert_eq!((preview.sell, preview.buy), (1, 0));
        let data = view.return_data().expect("return data");
        assert_eq!(<HedgeView as anchor_lang::AnchorDeserialize>::try_from_slice(&data).expect("decodes"), hedge);
    }
    let out = rebalance(&mut h, &f, &pool, "de-risk", 1).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.vault_balances(&f).await[1] < held_before, "the vault sold SOL");

    // At expiry with the index (0.7) below the strike: the payoff is all safe.
    h.warp(PERIOD_SECS).await;
    h.publish_prices(&mut f).await;
    if let Some(preview) = h.preview_rebalance(&f).await {
        let hedge = preview.hedge.expect("hedge");
        assert_eq!((hedge.basket_bps, hedge.delta, hedge.band_bps), (0, 0, 0));
        assert_eq!(preview.targets, vec![10_000, 0]);
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn an_insured_vault_hedges_the_put_and_holds_the_payoff_at_expiry() {
    run_both(insurance).await;
}

/// Governance's `set_params` (queued behind the timelock: the vault has holders), then executed.
async fn change_params(h: &mut Harness, f: &mut VaultFixture, label: &str, params: VaultParams) -> Outcome {
    assert_eq!(h.send(label, &[f.keys.set_params(params)], &[]).await.result, Ok(()));
    assert_ne!(h.vault(f).await.pending.kind, 0, "{label}: queued");
    h.warp(i64::from(PARAMS.timelock_secs) + 1).await;
    h.publish_prices(f).await;
    let out = h.send(&format!("{label}: execute"), &[f.keys.execute_change()], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    out
}

async fn terms_changed(mode: Mode) -> Trace {
    let (mut h, mut f, pool, expires_at) = insured_vault(mode, FLOOR).await;
    let terms = insured(expires_at, FLOOR);
    let keys = h.fixture_keys(&f);
    let out = roll(&mut h, &f, "roll").await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(rebalance(&mut h, &f, &pool, "hedge", 0).await.result, Ok(()));
    let struck = h.vault(&f).await.insurance;

    // Switched off: the struck period ends with the change (and says so).
    let out =
        change_params(&mut h, &mut f, "insurance off", VaultParams { insurance_floor_share_price: 0, ..terms }).await;
    let vault = h.vault(&f).await;
    assert_eq!((vault.insurance.expires_at, vault.insurance_quantities), (0, [0; 16]), "the period ended");
    if h.observes_logs() {
        let ended = &events_of::<InsuranceEnded>(&out)[0];
        assert_eq!((ended.expires_at, ended.floor_share_price), (struck.expires_at, FLOOR));
    }
    // Switched on again on the very same terms: the old period is not revived (the vault's holdings
    // followed other targets meanwhile); nothing trades until governance strikes a new one.
    change_params(&mut h, &mut f, "insurance on", terms).await;
    let before = h.accounts(&keys).await;
    let out = rebalance(&mut h, &f, &pool, "the old period", 0).await;
    h.assert_refused(&out, BallastError::InsuranceNotRolled, &keys, &before).await;
    let out = roll(&mut h, &f, "roll anew").await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault(&f).await.insurance.expires_at, expires_at);

    // A later expiry keeps the live period hedged until governance rolls the new one: whoever
    // executes the change (anyone may) leaves no unhedged gap.
    let struck = h.vault(&f).await.insurance;
    let later = VaultParams { insurance_expires_at: terms.insurance_expires_at + 86_400, ..terms };
    change_params(&mut h, &mut f, "a later expiry", later).await;
    assert_eq!(h.vault(&f).await.insurance, struck, "the old period stays until the roll");
    if let Some(preview) = h.preview_rebalance(&f).await {
        assert_eq!(preview.hedge.map(|hedge| hedge.expires_at), Some(expires_at), "still hedged: {preview:?}");
    }
    let out = roll(&mut h, &f, "roll on the new terms").await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(h.vault(&f).await.insurance.expires_at, expires_at + 86_400);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn switching_insurance_off_ends_the_period_and_a_change_of_terms_keeps_it_until_the_roll() {
    run_both(terms_changed).await;
}

async fn spike(mode: Mode) -> Trace {
    let (mut h, mut f, _pool, _) = insured_vault(mode, FLOOR).await;
    let keys = h.fixture_keys(&f);
    // SOL +60 % a minute after the deposit's reading: past the 50 % the breaker allows.
    h.warp(60).await;
    f.specs[1].price = SOL.price * 16 / 10;
    h.publish_prices(&mut f).await;
    let before = h.accounts(&keys).await;
    let out = roll(&mut h, &f, "roll in a spike").await;
    h.assert_refused(&out, BallastError::BreakerTripped, &keys, &before).await;
    h.trace
}

#[tokio::test]
async fn a_period_is_not_struck_on_a_price_the_breaker_would_trip_on() {
    run_both(spike).await;
}

async fn floor_above_value(mode: Mode) -> Trace {
    // A floor of 1.00 per share on a vault worth 1.00 per share cannot be bought.
    let (mut h, f, _pool, _) = insured_vault(mode, 1_000_000_000_000).await;
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.send("roll", &[f.keys.roll_insurance()], &[]).await;
    h.assert_refused(&out, BallastError::FloorAboveValue, &keys, &before).await;
    h.trace
}

#[tokio::test]
async fn a_floor_at_the_share_price_cannot_be_struck() {
    run_both(floor_above_value).await;
}
