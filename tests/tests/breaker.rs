//! The price-move circuit breaker, natively and in the SBF VM: a 20% move within the window trips
//! it on the observer's reading (`accrue_fees`), single-asset deposits then wait while in-kind
//! withdrawals go on, it clears after the warm-up of normal readings, and governance can reset it.

use ballast::errors::BallastError;
use ballast::events::{BreakerCleared, BreakerTripped};
use ballast_tests::fixture::{VaultFixture, SOL, USDC};
use ballast_tests::{events_of, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

async fn reading(h: &mut Harness, f: &VaultFixture, label: &str) -> ballast_tests::Outcome {
    let out = h.send(label, &[f.keys.accrue_fees()], &[]).await;
    assert_eq!(out.result, Ok(()), "{label}: {:?}", out.program_output);
    out
}

async fn trips_and_clears(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 1, 6_666_666_667, 0).await.result, Ok(()));
    assert_eq!(h.vault(&f).await.assets[1].reference_price, 150_000_000_000_000);

    // SOL +20% a minute later: beyond the 15% limit, within the one-hour window.
    h.warp(60).await;
    f.specs[1].price = SOL.price * 12 / 10;
    h.publish_prices(&mut f).await;
    let out = reading(&mut h, &f, "reading after the jump").await;
    let vault = h.vault(&f).await;
    assert!(vault.breaker_tripped());
    if h.observes_logs() {
        let e = &events_of::<BreakerTripped>(&out)[0];
        assert_eq!((e.reason, e.mint, e.move_bps), (ballast::watch::TRIP_PRICE_MOVE, f.keys.assets[1].mint, 2_000));
    }

    // Deposits wait; withdrawals do not.
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.deposit(&f, &f.alice, 0, 1_000_000, 0).await;
    h.assert_refused(&out, BallastError::BreakerTripped, &keys, &before).await;
    assert_eq!(h.withdraw_in_kind(&f, &f.alice, 1_000_000_000, vec![0, 0]).await.result, Ok(()));

    // While the old reference is fresh, the new level keeps breaching; once the window has passed,
    // three normal readings clear it.
    reading(&mut h, &f, "still beyond the limit").await;
    assert!(h.vault(&f).await.breaker_tripped());
    h.warp(3_601).await;
    for n in 1..=3u16 {
        h.publish_prices(&mut f).await;
        let out = reading(&mut h, &f, "normal reading").await;
        let vault = h.vault(&f).await;
        if n < 3 {
            assert_eq!((vault.breaker_tripped(), vault.breaker_normal_readings), (true, n));
        } else {
            assert!(!vault.breaker_tripped());
            if h.observes_logs() {
                assert!(!events_of::<BreakerCleared>(&out)[0].by_governance);
            }
        }
        h.warp(60).await;
    }
    h.publish_prices(&mut f).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000, 0).await.result, Ok(()));
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_price_jump_trips_the_breaker_and_normal_readings_clear_it() {
    run_both(trips_and_clears).await;
}

/// Security review, finding 5: warm-up readings sent together count once. A crank that sends
/// three `accrue_fees` in one transaction one interval after a trip gets one reading counted, and
/// the trip lasts at least `warmup_readings × vol_observation_secs`.
async fn readings_in_one_transaction(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    h.warp(60).await;
    f.specs[1].price = SOL.price * 12 / 10;
    h.publish_prices(&mut f).await;
    reading(&mut h, &f, "the jump trips it").await;
    let tripped_at = h.vault(&f).await.breaker_tripped_at;
    let interval = i64::from(ballast_tests::fixture::PARAMS.vol_observation_secs);
    // The jump is the new level: after the window the references re-base and readings are normal.
    h.warp(3_601).await;
    h.publish_prices(&mut f).await;
    let three = [f.keys.accrue_fees(), f.keys.accrue_fees(), f.keys.accrue_fees()];
    assert_eq!(h.send("three readings in one transaction", &three, &[]).await.result, Ok(()));
    let vault = h.vault(&f).await;
    assert_eq!((vault.breaker_tripped(), vault.breaker_normal_readings), (true, 1), "one reading counted, not three");
    // Another reading in the same second counts for nothing either.
    reading(&mut h, &f, "again at once").await;
    assert_eq!(h.vault(&f).await.breaker_normal_readings, 1);
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let out = h.deposit(&f, &f.alice, 0, 1_000_000, 0).await;
    h.assert_refused(&out, BallastError::BreakerTripped, &keys, &before).await;
    // One interval apart each, the other two readings clear it.
    for expected in [2u16, 3] {
        h.warp(interval).await;
        h.publish_prices(&mut f).await;
        reading(&mut h, &f, "spaced reading").await;
        let vault = h.vault(&f).await;
        assert_eq!(vault.breaker_tripped(), expected < 3, "after reading {expected}");
    }
    let cleared_after = h.now().await - tripped_at;
    assert!(cleared_after >= 3 * interval, "cleared {cleared_after} s after the trip");
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn warm_up_readings_sent_together_count_once() {
    run_both(readings_in_one_transaction).await;
}

async fn governance_reset(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    let keys = [f.keys.vault];
    let before = h.accounts(&keys).await;
    let out = h.send("reset a clear breaker", &[f.keys.reset_breaker()], &[]).await;
    h.assert_refused(&out, BallastError::BreakerNotTripped, &keys, &before).await;

    f.specs[1].price = SOL.price / 2;
    h.warp(60).await;
    h.publish_prices(&mut f).await;
    reading(&mut h, &f, "a 50% crash").await;
    assert!(h.vault(&f).await.breaker_tripped());
    let bob = f.bob.key.insecure_clone();
    let mut as_bob = f.keys.clone();
    as_bob.authority = bob.pubkey();
    let before = h.accounts(&keys).await;
    let out = h.send("bob resets", &[as_bob.reset_breaker()], &[&bob]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &keys, &before).await;
    let out = h.send("governance resets", &[f.keys.reset_breaker()], &[]).await;
    assert_eq!(out.result, Ok(()));
    if h.observes_logs() {
        assert!(events_of::<BreakerCleared>(&out)[0].by_governance);
    }
    // The next reading re-bases at the new level instead of tripping again.
    reading(&mut h, &f, "after the reset").await;
    assert!(!h.vault(&f).await.breaker_tripped());
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000, 0).await.result, Ok(()));
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn governance_can_reset_a_tripped_breaker() {
    run_both(governance_reset).await;
}
