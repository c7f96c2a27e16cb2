//! Security review, finding 6: every parameter's direction, on chain, in both directions. A vault
//! with holders is asked to move each of its 43 parameters one unit up and one unit down; the
//! expected outcome of each move is written out below by hand from what the change does to trading,
//! targets and holders (not read from the program's table): `Now` (it only tightens: applies at
//! once) or `Waits` (it increases trading, retargets the vault, weakens or disables a guard, or
//! takes more from holders: queued behind the timelock). The base vault is insured, so the fields
//! that pace the hedge wait either way; a second run moves them on a vault without insurance, where
//! trading less only tightens. Natively and in the SBF VM, identical.

use ballast::state::VaultParams;
use ballast_math::params::{Params, BOUNDS, PARAM_COUNT};
use ballast_tests::fixture::{BTC, PARAMS, SOL, USDC};
use ballast_tests::{run_both, Harness, Mode, Trace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    Now,
    Waits,
}
use Applies::{Now, Waits};

/// (parameter, one unit up, one unit down) on an insured vault (`BASE`): the fields that pace the
/// hedge wait either way, since trading less follows the put's delta less; `UNINSURED_PACE` has
/// their directions on a vault without insurance.
const EXPECTED: [(&str, Applies, Applies); PARAM_COUNT] = [
    ("deposit_cap", Waits, Now),
    ("max_deposit_per_tx", Waits, Now),
    ("management_fee_bps", Waits, Now),
    ("performance_fee_bps", Waits, Now),
    ("max_price_age_secs", Waits, Now),
    ("max_conf_bps", Waits, Now),
    ("max_ema_divergence_bps", Waits, Now),
    ("timelock_secs", Now, Waits),
    // Insured, every field that paces the hedge waits either way (narrower bands trade more, wider
    // ones follow the hedge less): see `UNINSURED_PACE` for a vault without insurance.
    ("drift_band_bps", Waits, Waits),
    ("relative_drift_band_bps", Waits, Waits),
    ("max_trade_bps", Waits, Waits),
    ("max_slippage_bps", Waits, Now),
    ("max_loss_bps", Waits, Now),
    ("bounty_bps", Waits, Waits),
    ("min_rebalance_interval_secs", Waits, Waits),
    ("amm_fee_bps", Waits, Waits),
    // A longer horizon passes more trades; down to 0 turns the gate off.
    ("drift_gate_horizon_hours", Waits, Waits),
    ("tx_cost_value", Waits, Waits),
    ("max_price_move_bps", Waits, Now),
    ("warmup_readings", Now, Waits),
    ("price_move_window_secs", Now, Waits),
    ("vol_band_k_pct", Waits, Waits),
    ("vol_band_cap_bps", Waits, Waits),
    ("ewma_lambda_bps", Waits, Waits),
    ("vol_observation_secs", Waits, Waits),
    // A higher CPPI floor retargets toward the safe asset at once (the review's finding).
    ("cppi_floor_share_price", Waits, Waits),
    ("max_rebalance_interval_secs", Waits, Waits),
    ("turnover_epoch_secs", Waits, Waits),
    ("turnover_cap_bps", Waits, Waits),
    ("max_poor_fills", Waits, Now),
    ("cppi_multiplier_pct", Waits, Waits),
    // Down to 0 retargets everything to the safe asset at once (the review's finding).
    ("cppi_max_risky_bps", Waits, Waits),
    ("max_bounty_value", Waits, Waits),
    ("bounty_asset", Waits, Waits),
    // A deposit priced further back, or paying less for it, weakens the guard against price picking.
    ("fresh_price_age_secs", Waits, Now),
    // A higher deposit fee takes more from the next depositors (a governance holding shares could
    // raise it just before a large deposit): either way it waits.
    ("deposit_fee_bps", Waits, Waits),
    ("max_dust_value", Waits, Now),
    // A higher start leaves solvers less at first; a lower one lets the first solver take more.
    ("auction_premium_bps", Waits, Waits),
    // A deeper floor pays solvers more at worst.
    ("auction_discount_bps", Waits, Waits),
    // A faster fall reaches the floor before solvers compete.
    ("auction_duration_secs", Waits, Waits),
    // Option-based insurance: every term prices the put, so the targets, either way.
    ("insurance_vol_min_bps", Waits, Waits),
    ("insurance_vol_max_bps", Waits, Waits),
    ("insurance_rate_bps", Waits, Waits),
    // The aversion sets the hedge's band: narrower trades more, wider hedges worse.
    ("insurance_risk_aversion", Waits, Waits),
    ("insurance_floor_share_price", Waits, Waits),
    ("insurance_expires_at", Waits, Waits),
];

/// The same fields on a vault without insurance: trading less (wider bands, a longer interval,
/// smaller trades and turnover, a higher assumed cost, a smaller bounty, a slower auction) only
/// tightens; trading more waits.
const UNINSURED_PACE: [(&str, Applies, Applies); 18] = [
    ("drift_band_bps", Now, Waits),
    ("relative_drift_band_bps", Now, Waits),
    ("max_trade_bps", Waits, Now),
    ("min_rebalance_interval_secs", Now, Waits),
    ("amm_fee_bps", Now, Waits),
    // Neither way is plainly safer (a longer horizon trades more, 0 turns the gate off): it waits.
    ("drift_gate_horizon_hours", Waits, Waits),
    ("tx_cost_value", Now, Waits),
    ("vol_band_k_pct", Now, Waits),
    ("vol_band_cap_bps", Now, Waits),
    ("vol_observation_secs", Now, Waits),
    ("max_rebalance_interval_secs", Now, Waits),
    ("turnover_epoch_secs", Now, Waits),
    ("turnover_cap_bps", Waits, Now),
    // A lower bounty pays cranks less; a higher start, a slower fall or a shallower floor leaves
    // solvers less: less trading, at once.
    ("bounty_bps", Waits, Now),
    ("max_bounty_value", Waits, Now),
    ("auction_premium_bps", Now, Waits),
    ("auction_discount_bps", Waits, Now),
    ("auction_duration_secs", Now, Waits),
];

/// The fixture's parameters moved off their bounds, so that every field can go one unit either way.
const BASE: VaultParams = VaultParams {
    max_rebalance_interval_secs: 86_400,
    vol_band_k_pct: 100,
    turnover_cap_bps: 20_000,
    cppi_floor_share_price: 1_000,
    cppi_multiplier_pct: 100,
    cppi_max_risky_bps: 9_000,
    drift_gate_horizon_hours: 24,
    bounty_asset: 1,
    deposit_fee_bps: 10,
    insurance_rate_bps: 100,
    insurance_floor_share_price: 1_000,
    insurance_expires_at: 1_800_000_000,
    ..PARAMS
};

/// Every row of `table` moved one unit up and one down from `base`, on a vault with holders.
async fn directions(mode: Mode, base_params: VaultParams, table: &[(&str, Applies, Applies)]) -> Trace {
    let mut h = Harness::start(mode).await;
    // The bounty asset must be a slot the vault holds: shares until the assets are in.
    let f = h
        .vault_fixture_with(
            VaultParams { bounty_asset: 16, ..base_params },
            &[USDC, SOL, BTC],
            &[4_000, 3_000, 3_000],
            &[1_000_000_000, 0, 0],
        )
        .await;
    assert_eq!(h.send("the base parameters", &[f.keys.set_params(base_params)], &[]).await.result, Ok(()));
    // Holders make loosening changes wait.
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    let base = base_params.to_math().values();
    for &(name, up, down) in table {
        let i = BOUNDS.iter().position(|b| b.name == name).expect("a parameter");
        let bound = &BOUNDS[i];
        for (step, expected) in [("up", up), ("down", down)] {
            let mut values = base;
            values[i] = if step == "up" { base[i].checked_add(1) } else { base[i].checked_sub(1) }
                .expect("the base leaves room");
            assert!((bound.min..=bound.max).contains(&values[i]), "{name} {step}: the base must leave room");
            let next = VaultParams::from_math(&Params::from_values(values));
            let before = h.vault(&f).await.params;
            let out = h.send(&format!("{name} {step}"), &[f.keys.set_params(next)], &[]).await;
            assert_eq!(out.result, Ok(()), "{name} {step}: {:?}", out.program_output);
            let vault = h.vault(&f).await;
            let observed = if vault.pending.kind == 0 { Now } else { Waits };
            assert_eq!(observed, expected, "{name} one unit {step}");
            match observed {
                Now => {
                    assert_eq!(vault.params, next, "{name} {step} applied");
                    // Back to the base for the next field (moving back is the opposite step: it may wait).
                    assert_eq!(h.send("back", &[f.keys.set_params(base_params)], &[]).await.result, Ok(()));
                    if h.vault(&f).await.pending.kind != 0 {
                        h.warp(i64::from(next.timelock_secs)).await;
                        assert_eq!(h.send("execute", &[f.keys.execute_change()], &[]).await.result, Ok(()));
                    }
                }
                Waits => {
                    assert_eq!(
                        (vault.params, vault.pending.params),
                        (before, next),
                        "{name} {step} queued, not applied"
                    );
                    assert_eq!(h.send("cancel", &[f.keys.cancel_change()], &[]).await.result, Ok(()));
                }
            }
            assert_eq!(h.vault(&f).await.params, base_params, "{name} {step}: back to the base");
        }
    }
    h.snapshot("vault", f.keys.vault).await;
    h.trace
}

#[tokio::test]
async fn every_parameter_tightens_at_once_and_loosens_behind_the_timelock_in_both_directions() {
    assert!(EXPECTED.iter().map(|row| row.0).eq(BOUNDS.iter().map(|b| b.name)), "the table follows BOUNDS' order");
    run_both(|mode| directions(mode, BASE, &EXPECTED)).await;
}

#[tokio::test]
async fn every_parameter_that_paces_the_hedge_tightens_at_once_only_on_a_vault_without_insurance() {
    let uninsured = VaultParams { insurance_floor_share_price: 0, ..BASE };
    run_both(|mode| directions(mode, uninsured, &UNINSURED_PACE)).await;
}
