//! What the simulated vault keeps beside its holdings, advanced by the program's rules in the
//! program's order: the observer (`ballast_math::observer`), the time of the last rebalance (the
//! minimum interval and the schedule, `ballast_math::schedule`) and the turnover epoch. The backtest and the
//! program-vs-simulator test (tests/tests/sim_matches_program.rs) both drive it.
use ballast_math::error::MathResult;
use ballast_math::observer::{self, AssetWatch, Signal, Watch, WatchLimits};
use ballast_math::params::Params;
use ballast_math::price::Price;
use ballast_math::schedule;
use ballast_math::turnover::Epoch;
use ballast_math::MathError;

use ballast_math::decision::MAX_DECISION_ASSETS;
use ballast_math::insurance::{strike_period, Period, Struck};

use crate::backtest::{InsuredState, Moment};

/// Why `rebalance`'s gate refuses a state (the program's `RebalanceTooSoon`, `BreakerTripped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateRefusal {
    TooSoon,
    BreakerTripped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultState {
    /// The observer's vault-wide state.
    pub watch: Watch,
    /// The observer's state per asset.
    pub assets: Vec<AssetWatch>,
    /// When the vault was created (Unix seconds): the schedule counts from it before a first rebalance.
    pub created_at: i64,
    /// When the last verified rebalance ran (Unix seconds); `None` before the first.
    pub last_rebalance_at: Option<i64>,
    /// The current turnover epoch.
    pub epoch: Epoch,
    /// When the last auction that expired unfilled expired (Unix seconds; 0: none since the last
    /// fill): the next auction waits the minimum interval from it (`schedule::next_auction_at`).
    pub last_auction_expires_at: i64,
    /// The struck insurance period and its index's quantities (`roll_insurance`); `None`: none struck.
    pub insurance: Option<(Period, [u64; MAX_DECISION_ASSETS])>,
    params: Params,
    /// What the observer reads of `params`.
    limits: WatchLimits,
}

impl VaultState {
    /// A new vault of `assets` assets created at `created_at`, under `params`.
    pub fn new(params: &Params, assets: usize, created_at: i64) -> Self {
        VaultState {
            watch: Watch::default(),
            assets: vec![AssetWatch::default(); assets],
            created_at,
            last_rebalance_at: None,
            epoch: Epoch { started_at: 0, traded_value: 0 },
            last_auction_expires_at: 0,
            insurance: None,
            params: *params,
            limits: params.watch_limits(),
        }
    }

    /// `accrue_fees`: one observer reading at the assets' mid prices.
    pub fn read(&mut self, mids: &[Price], now: i64) -> MathResult<Signal> {
        self.watch.read(&mut self.assets, mids, now, &self.limits)
    }

    /// `rebalance`'s (and `open_auction`'s) gate on the state, read-only and in its order: too soon,
    /// then the breaker (tripped, or a reading that breaches); when it passes, the moment the
    /// decision needs (the widening, whether the schedule is due, the epoch). Too soon counts from
    /// an unfilled auction's expiry too (only auctions leave one: a pool vault never has it).
    pub fn gate(&self, mids: &[Price], now: i64, share_supply: u64) -> Result<Moment, GateRefusal> {
        let min_interval = self.params.min_rebalance_interval_secs;
        if now < schedule::next_auction_at(self.last_rebalance_at, self.last_auction_expires_at, min_interval) {
            return Err(GateRefusal::TooSoon);
        }
        if self.watch.tripped() || self.watch.breach(&self.assets, mids, now, &self.limits).is_some() {
            return Err(GateRefusal::BreakerTripped);
        }
        let max_interval = self.params.max_rebalance_interval_secs;
        Ok(Moment {
            widening_bps: observer::widening(&self.assets, &self.limits),
            schedule_due: schedule::schedule_due(self.last_rebalance_at, self.created_at, max_interval, now),
            epoch: self.epoch.at(now, self.params.turnover_epoch_secs),
            share_supply,
            insured: self.insured(now),
            variances: self.variances(),
        })
    }

    /// Each asset's EWMA variance (bps² per minute), slot order: the drift gate's σ².
    pub fn variances(&self) -> [u64; MAX_DECISION_ASSETS] {
        let mut variances = [0u64; MAX_DECISION_ASSETS];
        for (v, a) in variances.iter_mut().zip(&self.assets) {
            *v = a.vol_variance;
        }
        variances
    }

    /// The struck period as the decision reads it at `now` (`None` when none is struck).
    pub fn insured(&self, now: i64) -> Option<InsuredState> {
        let (period, quantities) = self.insurance?;
        Some(InsuredState { period, quantities, variances: self.variances(), now })
    }

    /// `roll_insurance`: strikes a period for the parameters' floor and expiry at `mids` for a vault
    /// worth `nav` (USD, 6 decimals) with `share_supply` shares and governance's `base` weights.
    pub fn roll_insurance(
        &mut self,
        base: &[u16],
        mids: &[Price],
        nav: u128,
        share_supply: u64,
        now: i64,
    ) -> MathResult<Struck> {
        let n = base.len();
        let mut variances = [0u64; MAX_DECISION_ASSETS];
        for (v, a) in variances.iter_mut().zip(&self.assets) {
            *v = a.vol_variance;
        }
        let mut q = [0u64; MAX_DECISION_ASSETS];
        let struck = strike_period(base, mids, &variances[..n], &self.params, nav, share_supply, now, &mut q[..n])?;
        self.insurance = Some((struck.period, q));
        Ok(struck)
    }

    /// What a verified rebalance at `now` in `moment` keeps (a refused one keeps nothing, as a failed
    /// transaction): the references moved forward at `mids`, the epoch's count of `fill.value` (USD,
    /// 6 decimals), the time of the last rebalance, and the poor-fill count from the vault's value
    /// before and after the swap (`Some(loss bps)` when it trips the breaker).
    pub fn traded(&mut self, mids: &[Price], now: i64, moment: &Moment, fill: Fill) -> MathResult<Option<u32>> {
        self.watch.take_references(&mut self.assets, mids, now, &self.limits)?;
        self.epoch = Epoch {
            traded_value: moment.epoch.traded_value.checked_add(fill.value).ok_or(MathError::Overflow)?,
            ..moment.epoch
        };
        self.last_rebalance_at = Some(now);
        self.last_auction_expires_at = 0;
        Ok(self.watch.record_fill(fill.value_before, fill.value_after, now, &self.limits))
    }
}

impl VaultState {
    /// An auction that expired unfilled at `expires_at`: the next one waits the minimum interval from it.
    pub fn auction_expired(&mut self, expires_at: i64) {
        self.last_auction_expires_at = expires_at;
    }
}

/// A verified rebalance's figures (USD, 6 decimals): the value traded, the vault's value before and
/// after the swap at the oracle's mid prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fill {
    pub value: u128,
    pub value_before: u128,
    pub value_after: u128,
}
