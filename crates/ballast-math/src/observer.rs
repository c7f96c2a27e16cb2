//! The observer: what the vault learns from each reading of its prices, as one state machine that
//! the program (`accrue_fees`, `deposit`, `rebalance`, `reset_breaker`) and the simulator both run,
//! so that neither can sequence it differently.
//!
//! - **References** (the breaker's): each asset's mid price at the start of the current window,
//!   re-based by a reading that does not trip once `price_move_window_secs` has passed.
//! - **Breaker**: a reading that moved any asset more than `max_price_move_bps` from its reference,
//!   within the window, trips it. A price-move trip clears after `warmup_readings` normal readings,
//!   each at least `vol_observation_secs` after the trip or the previous counted one (so readings
//!   sent together count once). A poor-fill trip (`record_fill`) clears only by governance (`clear`).
//! - **Volatility**: at most one observation per `vol_observation_secs`; each asset's log-return
//!   since the last observation, its square scaled to one minute (`VOL_REFERENCE_SECS`), feeds its
//!   EWMA, and the drift bands widen by `k · σ` (σ per √minute) of the most volatile asset, capped
//!   (`widening`).
//!
//! A reading applies the breaker first, then volatility (they touch different fields).

use crate::breaker::{
    breached, loss_bps, move_bps, observe, poor_fill, poor_fill_streak, warmup_reading_due, Transition,
};
use crate::error::{MathError, MathResult};
use crate::params::Params;
use crate::price::{CheckedPrice, Price};
use crate::volatility::{band_widening_bps, log_return_bps, sigma_bps, update_variance};

/// `Watch::reason` (and `BreakerTripped::reason`): a price moved beyond `max_price_move_bps`.
pub const TRIP_PRICE_MOVE: u8 = 1;
/// `Watch::reason`: `max_poor_fills` rebalances in a row lost more than half the loss limit.
pub const TRIP_POOR_FILLS: u8 = 2;

/// What the observer keeps per asset. `repr(C)` and `Pod`: the program reads its three fields in
/// place inside each asset slot (`AsRef<AssetWatch>` there), with no copy.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct AssetWatch {
    /// Mid price at the start of the breaker's window (12 decimals); 0 before the first reading.
    pub reference_price: u64,
    /// Mid price at the last volatility observation (12 decimals); 0 before the first.
    pub last_observed_price: u64,
    /// EWMA of squared log-returns between observations, each scaled to a minute: bps² per minute.
    pub vol_variance: u64,
}

impl AsRef<AssetWatch> for AssetWatch {
    fn as_ref(&self) -> &AssetWatch {
        self
    }
}

impl AsMut<AssetWatch> for AssetWatch {
    fn as_mut(&mut self) -> &mut AssetWatch {
        self
    }
}

/// A reading's mid price: a [`Price`], or a checked price read as its mid (the program passes its
/// checked prices as they are, with no copy).
pub trait Mid {
    fn mid(&self) -> Price;
}

impl Mid for Price {
    fn mid(&self) -> Price {
        *self
    }
}

impl Mid for CheckedPrice {
    fn mid(&self) -> Price {
        self.mid
    }
}

/// What the observer keeps for the whole vault.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watch {
    /// When the references were taken (Unix seconds); 0: none (a new vault).
    pub references_at: i64,
    /// When volatility was last observed (Unix seconds); 0: never.
    pub vol_observed_at: i64,
    /// When the breaker tripped (Unix seconds); 0 when clear.
    pub tripped_at: i64,
    /// The trip or the last counted warm-up reading (Unix seconds); 0 when clear.
    pub reading_at: i64,
    /// Normal readings counted toward the warm-up since the trip.
    pub normal_readings: u16,
    /// Consecutive verified rebalances with a poor fill.
    pub poor_fill_streak: u16,
    /// Why the breaker tripped ([`TRIP_PRICE_MOVE`], [`TRIP_POOR_FILLS`]); 0 when clear.
    pub reason: u8,
}

/// The parameters the observer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchLimits {
    pub max_price_move_bps: u16,
    pub price_move_window_secs: u32,
    pub warmup_readings: u16,
    pub vol_observation_secs: u16,
    pub ewma_lambda_bps: u16,
    pub vol_band_k_pct: u16,
    pub vol_band_cap_bps: u16,
    pub max_loss_bps: u16,
    pub max_poor_fills: u16,
}

impl Params {
    /// What the observer reads of the parameters.
    pub fn watch_limits(&self) -> WatchLimits {
        WatchLimits {
            max_price_move_bps: self.max_price_move_bps,
            price_move_window_secs: self.price_move_window_secs,
            warmup_readings: self.warmup_readings,
            vol_observation_secs: self.vol_observation_secs,
            ewma_lambda_bps: self.ewma_lambda_bps,
            vol_band_k_pct: self.vol_band_k_pct,
            vol_band_cap_bps: self.vol_band_cap_bps,
            max_loss_bps: self.max_loss_bps,
            max_poor_fills: self.max_poor_fills,
        }
    }
}

/// What a reading did to the breaker, for the program's events and the simulator's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Nothing the outside sees changed (a normal reading, a warm-up step, or a trip renewed).
    None,
    /// This reading tripped a clear breaker: the asset that moved most, and by how much (bps).
    Tripped { asset: usize, move_bps: u32 },
    /// This reading completed the warm-up.
    Cleared,
}

/// A price on the references' scale (`u64`); larger prices do not fit the vault's fields.
fn stored(price: Price) -> MathResult<u64> {
    u64::try_from(price.0).map_err(|_| MathError::Overflow)
}

impl Watch {
    pub fn tripped(&self) -> bool {
        self.tripped_at != 0
    }

    /// The asset whose mid price moved most beyond the limit from its reference, if any (index,
    /// move in bps; on a tie the later asset). `assets` and `mids` are the active assets, in order.
    pub fn breach<S: AsRef<AssetWatch>, M: Mid>(
        &self,
        assets: &[S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> Option<(usize, u32)> {
        assets
            .iter()
            .zip(mids)
            .enumerate()
            .filter(|(_, (a, mid))| {
                breached(
                    a.as_ref().reference_price,
                    self.references_at,
                    mid.mid(),
                    now,
                    limits.max_price_move_bps,
                    limits.price_move_window_secs,
                )
            })
            .map(|(i, (a, mid))| (i, move_bps(a.as_ref().reference_price, mid.mid())))
            .max_by_key(|(_, m)| *m)
    }

    /// Re-bases the references once they are older than the window (or absent): a move is measured
    /// against the price at the start of the window, so a slow crash trips it too.
    pub fn take_references<S: AsRef<AssetWatch> + AsMut<AssetWatch>, M: Mid>(
        &mut self,
        assets: &mut [S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> MathResult<()> {
        let window = i64::from(limits.price_move_window_secs);
        if self.references_at != 0 && now.saturating_sub(self.references_at) <= window {
            return Ok(());
        }
        for (a, mid) in assets.iter_mut().zip(mids) {
            a.as_mut().reference_price = stored(mid.mid())?;
        }
        self.references_at = now;
        Ok(())
    }

    /// For a deposit: refuses while tripped or on a reading that breaches; else re-bases the
    /// references if their window has passed.
    pub fn require_clear<S: AsRef<AssetWatch> + AsMut<AssetWatch>, M: Mid>(
        &mut self,
        assets: &mut [S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> MathResult<()> {
        if self.tripped() || self.breach(assets, mids, now, limits).is_some() {
            return Err(MathError::BreakerTripped);
        }
        self.take_references(assets, mids, now, limits)
    }

    /// One reading by the observer: the breaker (trip, warm-up, clear, references), then volatility.
    pub fn read<S: AsRef<AssetWatch> + AsMut<AssetWatch>, M: Mid>(
        &mut self,
        assets: &mut [S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> MathResult<Signal> {
        let signal = self.read_breaker(assets, mids, now, limits)?;
        self.observe_volatility(assets, mids, now, limits)?;
        Ok(signal)
    }

    fn read_breaker<S: AsRef<AssetWatch> + AsMut<AssetWatch>, M: Mid>(
        &mut self,
        assets: &mut [S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> MathResult<Signal> {
        let worst = self.breach(assets, mids, now, limits);
        // Only governance clears a poor-fill trip; a normal reading too soon after the last counted
        // one counts for nothing and changes nothing.
        if self.tripped()
            && worst.is_none()
            && (self.reason == TRIP_POOR_FILLS
                || !warmup_reading_due(self.reading_at, now, limits.vol_observation_secs))
        {
            return Ok(Signal::None);
        }
        match observe(self.tripped(), self.normal_readings, worst.is_some(), limits.warmup_readings) {
            Transition::Tripped => {
                let (asset, move_bps) = worst.ok_or(MathError::Overflow)?;
                let newly = !self.tripped();
                self.tripped_at = now;
                self.reading_at = now;
                self.normal_readings = 0;
                if self.reason != TRIP_POOR_FILLS {
                    self.reason = TRIP_PRICE_MOVE;
                }
                Ok(if newly { Signal::Tripped { asset, move_bps } } else { Signal::None })
            }
            Transition::WarmingUp(count) => {
                self.normal_readings = count;
                self.reading_at = now;
                self.take_references(assets, mids, now, limits)?;
                Ok(Signal::None)
            }
            Transition::Cleared => {
                self.clear();
                self.take_references(assets, mids, now, limits)?;
                Ok(Signal::Cleared)
            }
            Transition::Normal => {
                self.take_references(assets, mids, now, limits)?;
                Ok(Signal::None)
            }
        }
    }

    /// One volatility observation, at most one per `vol_observation_secs`.
    fn observe_volatility<S: AsRef<AssetWatch> + AsMut<AssetWatch>, M: Mid>(
        &mut self,
        assets: &mut [S],
        mids: &[M],
        now: i64,
        limits: &WatchLimits,
    ) -> MathResult<()> {
        if now.saturating_sub(self.vol_observed_at) < i64::from(limits.vol_observation_secs) {
            return Ok(());
        }
        // Since the previous observation (≥ vol_observation_secs here; unused before the first).
        let elapsed = u64::try_from(now.saturating_sub(self.vol_observed_at)).unwrap_or(0);
        for (a, mid) in assets.iter_mut().zip(mids) {
            let (a, mid) = (a.as_mut(), mid.mid());
            if a.last_observed_price != 0 {
                let r = log_return_bps(a.last_observed_price, mid);
                a.vol_variance = update_variance(a.vol_variance, r, elapsed, limits.ewma_lambda_bps);
            }
            a.last_observed_price = stored(mid)?;
        }
        self.vol_observed_at = now;
        Ok(())
    }

    /// After a verified rebalance: counts consecutive poor fills (a loss above half the limit) and
    /// trips the breaker at `max_poor_fills`. Returns the fill's loss in bps when it trips.
    pub fn record_fill(
        &mut self,
        value_before: u128,
        value_after: u128,
        now: i64,
        limits: &WatchLimits,
    ) -> Option<u32> {
        let poor = poor_fill(value_before, value_after, limits.max_loss_bps);
        let (streak, trips) = poor_fill_streak(self.poor_fill_streak, poor, limits.max_poor_fills);
        self.poor_fill_streak = streak;
        if !trips {
            return None;
        }
        self.tripped_at = now;
        self.reading_at = now;
        self.reason = TRIP_POOR_FILLS;
        self.normal_readings = 0;
        self.poor_fill_streak = 0;
        Some(loss_bps(value_before, value_after))
    }

    /// Clears the breaker (the warm-up completed, or governance reset it).
    pub fn clear(&mut self) {
        self.tripped_at = 0;
        self.reading_at = 0;
        self.reason = 0;
        self.normal_readings = 0;
    }
}

/// How much the drift bands widen now (bps): `k · σ` of the most volatile asset, capped. One
/// widening for every asset, because a calm asset's drift is the mirror of a volatile one's.
pub fn widening<S: AsRef<AssetWatch>>(assets: &[S], limits: &WatchLimits) -> u16 {
    let sigma = assets.iter().map(|a| sigma_bps(a.as_ref().vol_variance)).max().unwrap_or(0);
    band_widening_bps(sigma, limits.vol_band_k_pct, limits.vol_band_cap_bps)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USD: u128 = 1_000_000_000_000;

    fn limits() -> WatchLimits {
        Params::EXAMPLE.watch_limits()
    }

    fn mids(usd: &[u128]) -> [Price; 2] {
        [Price(usd[0] * USD), Price(usd[1] * USD)]
    }

    #[test]
    fn a_crash_trips_and_spaced_normal_readings_clear_after_the_warm_up() {
        let l = limits(); // 1,500 bps, 3 readings, 60 s apart
        let (mut w, mut a) = (Watch::default(), [AssetWatch::default(); 2]);
        assert_eq!(w.read(&mut a, &mids(&[100, 1]), 1_000, &l), Ok(Signal::None));
        assert_eq!((w.references_at, a[0].reference_price), (1_000, 100_000_000_000_000));
        assert_eq!(w.read(&mut a, &mids(&[80, 1]), 1_100, &l), Ok(Signal::Tripped { asset: 0, move_bps: 2_000 }));
        assert_eq!((w.tripped_at, w.reason, w.normal_readings), (1_100, TRIP_PRICE_MOVE, 0));
        assert_eq!(w.require_clear(&mut a, &mids(&[80, 1]), 1_100, &l), Err(MathError::BreakerTripped));
        // Once the window (3,600 s from the references at 1,000) has passed, 80 is a normal reading;
        // one too soon after the previous counted one (60 s) counts for nothing.
        for (n, now) in [(1, 4_700), (1, 4_730), (2, 4_760)] {
            assert_eq!(w.read(&mut a, &mids(&[80, 1]), now, &l), Ok(Signal::None));
            assert_eq!(w.normal_readings, n, "at {now}");
        }
        assert_eq!((w.references_at, a[0].reference_price), (4_700, 80_000_000_000_000), "re-based while warming up");
        assert_eq!(w.read(&mut a, &mids(&[80, 1]), 4_820, &l), Ok(Signal::Cleared));
        assert_eq!(w, Watch { references_at: 4_700, vol_observed_at: 4_820, ..Watch::default() });
        assert_eq!(w.require_clear(&mut a, &mids(&[80, 1]), 4_830, &l), Ok(()));
    }

    #[test]
    fn poor_fills_trip_and_only_governance_clears_them() {
        let l = limits(); // loss limit 150 bps, 3 poor fills
        let (mut w, mut a) = (Watch::default(), [AssetWatch::default(); 2]);
        assert_eq!(w.record_fill(1_000_000, 992_400, 10, &l), None);
        assert_eq!(w.record_fill(1_000_000, 992_400, 20, &l), None);
        assert_eq!(w.record_fill(1_000_000, 992_400, 30, &l), Some(76));
        assert_eq!((w.tripped_at, w.reason, w.poor_fill_streak), (30, TRIP_POOR_FILLS, 0));
        for now in [100, 200, 300, 400] {
            assert_eq!(w.read(&mut a, &mids(&[100, 1]), now, &l), Ok(Signal::None));
        }
        assert!(w.tripped());
        w.clear();
        assert!(!w.tripped());
    }

    #[test]
    fn volatility_is_observed_once_per_interval_and_widens_the_bands() {
        let l = limits(); // λ 0.94, every 60 s, k 1.00, cap 1,000 bps
        let (mut w, mut a) = (Watch::default(), [AssetWatch::default(); 2]);
        w.read(&mut a, &mids(&[100, 1]), 1_000, &l).unwrap();
        w.read(&mut a, &mids(&[110, 1]), 1_030, &l).unwrap();
        assert_eq!(
            (a[0].vol_variance, a[0].last_observed_price, w.vol_observed_at),
            (0, 100 * 1_000_000_000_000, 1_000)
        );
        w.read(&mut a, &mids(&[110, 1]), 1_060, &l).unwrap();
        // r = 2·10/210 = 952 bps; variance = 6 % of 952² = 54,378 (rounded down); σ = 233 bps.
        assert_eq!((a[0].vol_variance, a[1].vol_variance, w.vol_observed_at), (54_378, 0, 1_060));
        assert_eq!(widening(&a, &l), 233);
    }
}
