//! Replays a price path step by step. At every step the vault asks `ballast_math::decision` what the
//! program would do (targets, triggers, sizing, then the drift gate with the pool the swap will take);
//! a planned trade executes `latency_steps` and a draw of `latency_slots` later, in one hop through
//! the pair's constant-product pool (`ballast_math::execution::Hop`, the gate's own model: the same
//! integer fill the gate estimated, at the pool's prices then), and is refused like on-chain when it
//! would deliver less than `min_out`; or, with `Execution::Auction`, by a Dutch auction a solver
//! fills (crate::auction). With `pool_lag`, pool prices lag the oracle (crate::pools): arbitrageurs
//! keep each pair's pool only within its fee of the oracle's rate, and a trade leaves the pool at
//! the edge it pushed it to.

use ballast_math::decision::{decide_rebalance, DecisionInputs, RebalanceDecision, MAX_DECISION_ASSETS};
use ballast_math::execution::Hop;
use ballast_math::insurance::Period;
use ballast_math::observer::Signal;
use ballast_math::policy;
use ballast_math::policy::Insured;
use ballast_math::price::{check_quote, Price, PriceLimits, RawQuote};
use ballast_math::trade::{Position, Trigger};
use ballast_math::turnover::Epoch;
use ballast_math::MathError;
use serde::Serialize;

use crate::auction::{self, AuctionResult};
use crate::config::{Execution, SimConfig};
use crate::paths::PricePath;
use crate::pools::Pools;
use crate::vault_state::{Fill, VaultState};

/// What a backtest measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub steps: usize,
    pub rebalances: usize,
    /// Of `rebalances`, those the maximum-interval schedule allowed (`Trigger::Schedule`); the
    /// rest crossed a drift band (`Trigger::Band`).
    pub scheduled_rebalances: usize,
    /// RebalanceDecision trades refused at execution because the pool paid less than `min_out`.
    pub refused_slippage: usize,
    /// Steps where a trade was planned but the cost-benefit gate said it was not worth it.
    pub refused_not_worth_it: usize,
    /// Mean over steps of Σ|weight − target| (bps): how far the weights sat from the targets.
    pub mean_tracking_error_bps: f64,
    /// Tracking error of the vault's returns against the constant mix (a frictionless portfolio
    /// rebalanced to target at every step), annualised: the standard deviation of the per-step log
    /// return difference × √(steps per year) (a fraction; 0.02 is 2 % a year).
    pub return_tracking_error: f64,
    /// What the vault paid (fees, price impact, bounties, transactions), bps per year of its mean
    /// value.
    pub cost_drag_bps_per_year: f64,
    /// The objective (lower is better): `cost_drag_bps_per_year` + [`LAMBDA`] ·
    /// `return_tracking_error`² in bps a year (see [`objective_bps`]).
    pub objective_bps: f64,
    /// Fees, price impact, bounty and transaction costs paid (USD).
    pub total_cost_usd: f64,
    /// Traded value over mean vault value.
    pub turnover: f64,
    pub final_value_usd: f64,
    pub buy_and_hold_usd: f64,
    /// A frictionless portfolio rebalanced to target at every step.
    pub constant_mix_usd: f64,
    /// Largest fall from a peak of the vault's value (fraction).
    pub max_drawdown: f64,
    /// Times the price-move breaker tripped, and steps spent tripped.
    pub breaker_trips: usize,
    pub steps_tripped: usize,
    /// Steps the vault could not read prices (oracle outage): no decision was possible.
    pub steps_without_prices: usize,
    /// Steps whose quote the price checks refused (spot too far from its EMA): no decision either.
    pub steps_price_refused: usize,
    /// Auctions opened (auction execution only), those that expired unfilled (no solver's cost
    /// covered before expiry, or the oracle moved beyond the breaker's limit), and the mean time from
    /// opening to fill of the filled ones (seconds).
    pub auctions: usize,
    pub auctions_unfilled: usize,
    pub mean_fill_delay_secs: f64,
    /// Lowest and highest value per initial share a withdrawer could have received (USD per USD deposited).
    pub min_value_per_share: f64,
    pub max_value_per_share: f64,
    /// Vault value at every step (USD), for plots.
    #[serde(skip)]
    pub value_series: Vec<f64>,
    /// Weight of asset 0 at every step (bps), for plots.
    #[serde(skip)]
    pub weight0_series: Vec<f64>,
}

fn to_price(usd: f64) -> Price {
    Price((usd * 1e12) as u128)
}

/// USD as the program counts value (6 decimals).
fn to_value(usd: f64) -> u128 {
    (usd * 1e6) as u128
}

fn units(usd_value: f64, price: f64, decimals: u8) -> f64 {
    usd_value / price * 10f64.powi(i32::from(decimals))
}

fn usd(amount: f64, price: f64, decimals: u8) -> f64 {
    amount / 10f64.powi(i32::from(decimals)) * price
}

/// Conditions a stress scenario imposes on top of the prices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    /// Steps at which no fresh price can be read (an oracle outage).
    pub outage: std::ops::Range<usize>,
    /// Steps at which pool depth is multiplied by `drain_factor` (a liquidity drain).
    pub drain: std::ops::Range<usize>,
    pub drain_factor: f64,
    /// The oracle's EMA, modelled as an exponential average over this many seconds: each step's
    /// quote then goes through `ballast_math::price::check_quote` (spot against EMA, limit
    /// `max_ema_divergence_bps`), and a refused quote stops every decision as on-chain. `None`: the
    /// EMA is taken to equal the spot price (the backtests and sweeps).
    pub ema_window_secs: Option<u32>,
    /// Largest spot/EMA gap accepted, bps of the EMA (the vault's `max_ema_divergence_bps`).
    pub max_ema_divergence_bps: u16,
}

/// What the vault's state adds to its holdings when it decides: the observer's volatility widening,
/// whether the maximum interval has passed, the turnover epoch, and the share supply (CPPI's floor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub widening_bps: u16,
    pub schedule_due: bool,
    pub epoch: Epoch,
    pub share_supply: u64,
    /// Under option-based insurance, the struck period and the slots' variances.
    pub insured: Option<InsuredState>,
    /// Each asset's EWMA variance, bps² per minute (the drift gate's σ²).
    pub variances: [u64; MAX_DECISION_ASSETS],
}

/// The vault's struck insurance period as `ballast_math::policy::Insured` reads it, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsuredState {
    pub period: Period,
    /// Whole tokens per index unit (12 decimals), slot order.
    pub quantities: [u64; MAX_DECISION_ASSETS],
    /// EWMA variances (bps² per minute), slot order.
    pub variances: [u64; MAX_DECISION_ASSETS],
    /// Unix seconds.
    pub now: i64,
}

impl InsuredState {
    /// The first `n` slots as the math reads them.
    pub fn view(&self, n: usize) -> Insured<'_> {
        Insured {
            period: self.period,
            quantities: &self.quantities[..n],
            variances: &self.variances[..n],
            now: self.now,
        }
    }
}

impl Moment {
    /// No widening, no schedule due, a fresh epoch.
    pub fn calm(share_supply: u64) -> Self {
        Moment {
            widening_bps: 0,
            schedule_due: false,
            epoch: Epoch { started_at: 0, traded_value: 0 },
            share_supply,
            insured: None,
            variances: [0; MAX_DECISION_ASSETS],
        }
    }
}

/// The program's decision for holdings `amounts` at `prices` (USD per whole token): the very call
/// `rebalance` and `preview_rebalance` make, `ballast_math::decision::decide_rebalance` (targets from
/// the policy, bands, schedule, turnover cap, sizing, min_out, then the drift gate with the hop the
/// swap would take — `None` as the preview does). The backtest and the program-vs-simulator test
/// use it.
pub fn decide(
    amounts: &[u64],
    prices: &[f64],
    cfg: &SimConfig,
    moment: &Moment,
    pool: impl Fn(usize, usize) -> Option<Hop>,
) -> Result<RebalanceDecision, MathError> {
    let positions: Vec<Position> = (0..amounts.len())
        .map(|i| Position {
            amount: amounts[i],
            decimals: cfg.decimals[i],
            price: to_price(prices[i]),
            target_bps: cfg.targets_bps[i],
            extra_band_bps: moment.widening_bps,
        })
        .collect();
    let ctx = DecisionInputs {
        share_supply: moment.share_supply,
        schedule_due: moment.schedule_due,
        epoch: moment.epoch,
        pair: None,
        insured: moment.insured.as_ref().map(|i| i.view(amounts.len())),
        variances: &moment.variances[..amounts.len()],
    };
    decide_rebalance(&positions, &cfg.params, &ctx, pool)
}

/// Prices `extra_secs` after step `step` (geometric interpolation between steps; the last step's
/// prices past the end).
fn prices_after(path: &PricePath, step: usize, extra_secs: f64) -> Vec<f64> {
    let t = path.times[step] as f64 + extra_secs;
    let mut j = step;
    while j + 1 < path.times.len() && (path.times[j + 1] as f64) <= t {
        j += 1;
    }
    if j + 1 >= path.times.len() {
        return path.prices[j].clone();
    }
    let (t0, t1) = (path.times[j] as f64, path.times[j + 1] as f64);
    let f = ((t - t0) / (t1 - t0)).clamp(0.0, 1.0);
    path.prices[j].iter().zip(&path.prices[j + 1]).map(|(a, b)| a * (b / a).powf(f)).collect()
}

/// When step `step` happens on the simulated chain: the path's own time, moved so that the first
/// step is at [`CLOCK_START`] (a chain clock is never near 0, where the program reads 0 as "never").
pub fn clock(path: &PricePath, step: usize) -> i64 {
    CLOCK_START.saturating_add(path.times[step].saturating_sub(path.times[0]))
}

/// The simulated chain's clock at a path's first step (2023-11-14, Unix seconds).
pub const CLOCK_START: i64 = 1_700_000_000;

/// The weight of tracking variance in the objective: the drift gate's own λ
/// (`ballast_math::execution::TRACKING_AVERSION_PCT`, hundredths), so the gate weighs what the
/// objective scores. A depositor with relative risk aversion γ gives up γ/2 · σ² of expected return
/// a year to avoid a variance σ² (the mean–variance certainty equivalent); tracking error against
/// the constant mix the vault promises is such a variance, and γ = 2, a moderate investor's, makes
/// λ = 1. A 5 % tracking error then weighs 25 bps a year.
pub const LAMBDA: f64 = ballast_math::execution::TRACKING_AVERSION_PCT as f64 / 100.0;

/// Cost drag (bps a year) plus [`LAMBDA`] × the squared annual return tracking error (in bps a year).
pub fn objective_bps(cost_drag_bps_per_year: f64, return_tracking_error: f64) -> f64 {
    cost_drag_bps_per_year + LAMBDA * return_tracking_error * return_tracking_error * 10_000.0
}

/// Seconds in a Solana slot (the target: 400 ms).
pub const SLOT_SECS: f64 = 0.4;

/// Seconds in a year of 365.25 days.
const YEAR_SECS: f64 = 31_557_600.0;

pub fn run(path: &PricePath, cfg: &SimConfig) -> Metrics {
    run_with(path, cfg, &Conditions::default())
}

pub fn run_with(path: &PricePath, cfg: &SimConfig, conditions: &Conditions) -> Metrics {
    let n = cfg.targets_bps.len();
    assert_eq!(path.assets(), n, "the path has {} assets, the config {n}", path.assets());
    let first = &path.prices[0];
    let mut amounts: Vec<u64> = (0..n)
        .map(|i| units(cfg.initial_usd * f64::from(cfg.targets_bps[i]) / 10_000.0, first[i], cfg.decimals[i]) as u64)
        .collect();
    let hold = amounts.clone();
    let mut m = Metrics {
        steps: path.prices.len(),
        rebalances: 0,
        scheduled_rebalances: 0,
        refused_slippage: 0,
        refused_not_worth_it: 0,
        mean_tracking_error_bps: 0.0,
        return_tracking_error: 0.0,
        cost_drag_bps_per_year: 0.0,
        objective_bps: 0.0,
        total_cost_usd: 0.0,
        turnover: 0.0,
        final_value_usd: 0.0,
        buy_and_hold_usd: 0.0,
        constant_mix_usd: cfg.initial_usd,
        max_drawdown: 0.0,
        breaker_trips: 0,
        steps_tripped: 0,
        steps_without_prices: 0,
        steps_price_refused: 0,
        auctions: 0,
        auctions_unfilled: 0,
        mean_fill_delay_secs: 0.0,
        min_value_per_share: f64::MAX,
        max_value_per_share: 0.0,
        value_series: Vec::with_capacity(path.prices.len()),
        weight0_series: Vec::with_capacity(path.prices.len()),
    };
    let (mut traded, mut peak): (f64, f64) = (0.0, 0.0);
    let mut differences = Welford::default();
    let (params, supply) = (&cfg.params, cfg.share_supply());
    // The observer's state, advanced by the program's own state machine (`ballast_math::observer`).
    let mut state = VaultState::new(params, n, clock(path, 0));
    let mut targets = cfg.targets_bps.clone();
    let mut ema = vec![0.0f64; n];
    // The pair pools' rates: the oracle's, or lagging it (`pool_lag`).
    let mut pools = Pools::new(first, cfg);
    // `open_auction` plans without a pool's impact (`decide_without_pool`), `rebalance` with it.
    let auctions = matches!(cfg.execution, Execution::Auction { .. });
    // While an auction is open, nothing else trades (the program's `AuctionOpen`).
    let mut auction_busy_until = i64::MIN;
    let mut fill_delays = 0.0f64;
    for (step, prices) in path.prices.iter().enumerate() {
        let values: Vec<f64> = (0..n).map(|i| usd(amounts[i] as f64, prices[i], cfg.decimals[i])).collect();
        let total: f64 = values.iter().sum();
        let now = clock(path, step);
        let mids: Vec<Price> = prices.iter().map(|p| to_price(*p)).collect();
        let nav = (total * 1e6) as u128;
        // Governance strikes the insurance period at the first step (`roll_insurance`).
        if params.insured() && state.insurance.is_none() {
            // A floor at or above the value cannot be struck: the vault then never trades.
            let _ = state.roll_insurance(&cfg.targets_bps, &mids, nav, supply, now);
        }
        // Tracking error against the targets in force (CPPI's and insurance's move with the value).
        if params.cppi_multiplier_pct > 0 || params.insured() {
            let insured = state.insured(now);
            let view = insured.as_ref().map(|i| i.view(n));
            let micro: Vec<u128> = values.iter().map(|v| (v * 1e6) as u128).collect();
            if policy::policy_targets(&cfg.targets_bps, params, view.as_ref(), &micro, supply, &mids, &mut targets)
                .is_err()
            {
                targets.clone_from(&cfg.targets_bps);
            }
        }
        let drift: f64 = (0..n).map(|i| (values[i] / total * 10_000.0 - f64::from(targets[i])).abs()).sum();
        m.mean_tracking_error_bps += drift;
        m.value_series.push(total);
        m.weight0_series.push(values[0] / total * 10_000.0);
        peak = peak.max(total);
        m.max_drawdown = m.max_drawdown.max(1.0 - total / peak);
        let per_share = total / cfg.initial_usd;
        m.min_value_per_share = m.min_value_per_share.min(per_share);
        m.max_value_per_share = m.max_value_per_share.max(per_share);
        if step > 0 {
            let prev = &path.prices[step - 1];
            let mix = (0..n).map(|i| f64::from(cfg.targets_bps[i]) / 10_000.0 * prices[i] / prev[i]).sum::<f64>();
            m.constant_mix_usd *= mix;
            // The step's log return against the constant mix's (Welford's running variance).
            let previous = m.value_series[m.value_series.len() - 2];
            differences.push((total / previous).ln() - mix.ln());
        }
        // Arbitrageurs act every step, whatever the vault can or cannot do.
        pools.arbitrage(prices);
        if conditions.outage.contains(&step) {
            m.steps_without_prices += 1;
            continue;
        }
        if let Some(window) = conditions.ema_window_secs {
            let dt = if step == 0 { 0.0 } else { (path.times[step] - path.times[step - 1]) as f64 };
            let alpha = 1.0 - (-dt / f64::from(window)).exp();
            for (e, p) in ema.iter_mut().zip(prices) {
                *e = if *e == 0.0 { *p } else { *e + alpha * (p - *e) };
            }
            let limits = PriceLimits {
                max_age_secs: 60,
                max_conf_bps: 1,
                max_ema_divergence_bps: conditions.max_ema_divergence_bps,
            };
            let refused = prices.iter().zip(&ema).any(|(p, e)| {
                let quote = RawQuote {
                    price: (p * 1e8) as i64,
                    conf: 0,
                    expo: -8,
                    ema_price: (e * 1e8) as i64,
                    publish_time: path.times[step],
                };
                check_quote(&quote, path.times[step], &limits).is_err()
            });
            if refused {
                m.steps_price_refused += 1;
                continue;
            }
        }
        // The observer reads every step, as the crank's `accrue_fees` does: the breaker (trip,
        // warm-up, references), then volatility, by the program's rules and in its order.
        if let Ok(Signal::Tripped { .. }) = state.read(&mids, now) {
            m.breaker_trips += 1;
        }
        if state.watch.tripped() {
            m.steps_tripped += 1;
            continue;
        }
        // `rebalance`'s gate: too soon, then the breaker (tripped or a breaching reading), which
        // re-bases the references when it passes.
        if now <= auction_busy_until {
            continue;
        }
        let Ok(moment) = state.gate(&mids, now, supply) else {
            continue;
        };
        let depth = if conditions.drain.contains(&step) {
            cfg.pool_depth_usd * conditions.drain_factor
        } else {
            cfg.pool_depth_usd
        };
        let plan = match decide(&amounts, prices, cfg, &moment, |sell, buy| {
            (!auctions).then(|| pools.hop(cfg, depth, prices, sell, buy))
        }) {
            Ok(planned) => planned.trade,
            Err(MathError::RebalanceNotWorthIt) => {
                m.refused_not_worth_it += 1;
                continue;
            }
            Err(_) => continue,
        };
        if auctions {
            m.auctions += 1;
            let expires_at = now.saturating_add(i64::from(params.auction_duration_secs));
            match auction::run(path, step, &plan, &amounts, cfg, depth, moment.insured.as_ref()) {
                AuctionResult::Filled { exec_step, delay_secs, received, outcome, .. } => {
                    let exec = &path.prices[exec_step];
                    let fill_at = now.saturating_add(i64::from(delay_secs));
                    let (s, b) = (plan.sell, plan.buy);
                    let value_in = usd(plan.amount_in as f64, exec[s], cfg.decimals[s]);
                    amounts[s] -= plan.amount_in;
                    amounts[b] += received;
                    let exec_mids: Vec<Price> = exec.iter().map(|p| to_price(*p)).collect();
                    let fill = Fill {
                        value: plan.value,
                        value_before: outcome.value_before,
                        value_after: outcome.value_after,
                    };
                    if let Ok(Some(_)) = state.traded(&exec_mids, fill_at, &moment, fill) {
                        m.breaker_trips += 1;
                    }
                    // The vault pays the discount it gave (no bounty: the solver's transaction is its own).
                    m.total_cost_usd += value_in - usd(received as f64, exec[b], cfg.decimals[b]);
                    traded += value_in;
                    fill_delays += f64::from(delay_secs);
                    m.rebalances += 1;
                    if plan.trigger == Trigger::Schedule {
                        m.scheduled_rebalances += 1;
                    }
                    auction_busy_until = fill_at;
                }
                AuctionResult::NoSolver | AuctionResult::Refused => {
                    m.auctions_unfilled += 1;
                    state.auction_expired(expires_at);
                    auction_busy_until = expires_at;
                }
            }
            continue;
        }
        // Execution `latency_steps` and a draw of `latency_slots` later, in one hop through the pair's
        // pool at its prices then (arbitraged toward the oracle meanwhile).
        let base = (step + cfg.latency_steps).min(path.prices.len() - 1);
        let exec = prices_after(path, base, cfg.latency_draw(step) as f64 * SLOT_SECS);
        // Arbitrage has had the latency to pull the pool toward the oracle's new rate (clamped to
        // it, as a step would); the trade fills against that.
        let mut at_fill = pools.clone();
        at_fill.arbitrage(&exec);
        let (s, b) = (plan.sell, plan.buy);
        let amount_in = plan.amount_in as f64;
        let out = at_fill.hop(cfg, depth, &exec, s, b).amount_out(plan.amount_in).unwrap_or(0) as f64;
        if out < plan.min_out as f64 {
            m.refused_slippage += 1;
            continue;
        }
        pools.traded(&exec, s, b);
        let value_in = usd(amount_in, exec[s], cfg.decimals[s]);
        let bounty = value_in * f64::from(params.bounty_bps) / 10_000.0;
        amounts[s] -= plan.amount_in;
        amounts[b] += out as u64;
        let value_after: f64 = (0..n).map(|i| usd(amounts[i] as f64, prices[i], cfg.decimals[i])).sum();
        let fill = Fill { value: plan.value, value_before: to_value(total), value_after: to_value(value_after) };
        if let Ok(Some(_)) = state.traded(&mids, now, &moment, fill) {
            m.breaker_trips += 1;
        }
        // The bounty is paid in shares: it dilutes the holders like taking its value out.
        let payout = bounty + cfg.tx_cost_usd();
        let keep = 1.0 - payout / (total - payout).max(1.0);
        for a in amounts.iter_mut() {
            *a = (*a as f64 * keep) as u64;
        }
        m.total_cost_usd += value_in - usd(out, exec[b], cfg.decimals[b]) + payout;
        traded += value_in;
        m.rebalances += 1;
        if plan.trigger == Trigger::Schedule {
            m.scheduled_rebalances += 1;
        }
    }
    let last = path.prices.last().expect("a non-empty path");
    m.mean_tracking_error_bps /= m.steps as f64;
    let filled = m.auctions - m.auctions_unfilled;
    m.mean_fill_delay_secs = if filled == 0 { 0.0 } else { fill_delays / filled as f64 };
    m.final_value_usd = (0..n).map(|i| usd(amounts[i] as f64, last[i], cfg.decimals[i])).sum();
    m.buy_and_hold_usd = (0..n).map(|i| usd(hold[i] as f64, last[i], cfg.decimals[i])).sum();
    let mean_value = m.value_series.iter().sum::<f64>() / m.steps as f64;
    m.turnover = traded / mean_value;
    let years = (path.times[path.times.len() - 1] - path.times[0]) as f64 / YEAR_SECS;
    if years > 0.0 {
        let steps_per_year = (m.steps - 1) as f64 / years;
        m.return_tracking_error = (differences.variance() * steps_per_year).sqrt();
        m.cost_drag_bps_per_year = m.total_cost_usd / mean_value / years * 10_000.0;
    }
    m.objective_bps = objective_bps(m.cost_drag_bps_per_year, m.return_tracking_error);
    m
}

/// A running mean and variance (Welford), numerically stable over a million small returns.
#[derive(Debug, Default)]
struct Welford {
    count: f64,
    mean: f64,
    squares: f64,
}

impl Welford {
    fn push(&mut self, x: f64) {
        self.count += 1.0;
        let delta = x - self.mean;
        self.mean += delta / self.count;
        self.squares += delta * (x - self.mean);
    }

    /// The sample variance (0 with fewer than two values).
    fn variance(&self) -> f64 {
        if self.count < 2.0 {
            0.0
        } else {
            self.squares / (self.count - 1.0)
        }
    }
}
