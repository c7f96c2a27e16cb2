//! Rebalancing decisions: when the vault has drifted enough, which pair to trade, how much (never
//! past either target), the least output to accept, and whether the outcome is acceptable.
//!
//! Values are USD with 6 decimals at oracle mid prices; weights and bands are bps. Rounding favours
//! the vault: weights round down, the amount sold rounds down, `min_out` rounds up.

use crate::checked::{mul_div_u128, Rounding};
use crate::error::{MathError, MathResult};
use crate::price::{amount_for_value, value_of, Price};
use crate::BPS_DENOMINATOR;

const BPS: u128 = BPS_DENOMINATOR as u128;
/// The bps denominator as a divisor that cannot be zero (division by it cannot fail).
const NON_ZERO_BPS: core::num::NonZeroU32 = match core::num::NonZeroU32::new(BPS_DENOMINATOR as u32) {
    Some(n) => n,
    None => panic!("BPS_DENOMINATOR is not zero"),
};

/// Each asset's weight in bps of `total` (rounded down), written to `weights`.
pub fn weights_bps(values: &[u128], weights: &mut [u16]) -> MathResult<u128> {
    if values.len() != weights.len() {
        return Err(MathError::LengthMismatch);
    }
    let total = values.iter().try_fold(0u128, |t, v| t.checked_add(*v)).ok_or(MathError::Overflow)?;
    for (w, v) in weights.iter_mut().zip(values) {
        *w = if total == 0 {
            0
        } else {
            u16::try_from(mul_div_u128(*v, BPS, total, Rounding::Down)?).map_err(|_| MathError::Overflow)?
        };
    }
    Ok(total)
}

/// Sum of |weight − target| over the assets (bps): the tracking distance a rebalance must reduce.
pub fn total_drift_bps(weights: &[u16], targets: &[u16]) -> u32 {
    weights.iter().zip(targets).map(|(w, t)| u32::from(w.abs_diff(*t))).sum()
}

/// The drift bands: absolute (`band_bps` of the vault) and relative (`relative_bps` of the target;
/// 0: off, which governance cannot set — its bound starts at 10 — but an insurance hedge uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub band_bps: u16,
    pub relative_bps: u16,
}

impl Bands {
    /// Whether one asset's drift is outside either band, each widened by `extra_bps` (the
    /// volatility widening, see `volatility::band_widening_bps`).
    pub fn breached(&self, weight: u16, target: u16, extra_bps: u16) -> bool {
        let drift = u32::from(weight.abs_diff(target));
        // u16 · u16 fits a u32 and u16 + u16 fits too: the saturating forms never saturate.
        let relative = u32::from(target).saturating_mul(u32::from(self.relative_bps)) / NON_ZERO_BPS;
        drift >= u32::from(self.band_bps).saturating_add(u32::from(extra_bps))
            || (self.relative_bps > 0 && target > 0 && drift >= relative.max(1).saturating_add(u32::from(extra_bps)))
    }
}

/// One priced asset as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Atomic units held.
    pub amount: u64,
    pub decimals: u8,
    /// Mid oracle price.
    pub price: Price,
    /// Target weight, bps.
    pub target_bps: u16,
    /// How much this asset's bands are widened by its volatility, bps (0 = the base bands).
    pub extra_band_bps: u16,
}

/// Limits of one trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TradeLimits {
    pub bands: Bands,
    /// Largest trade, bps of the vault's value.
    pub max_trade_bps: u16,
    /// Slippage accepted against oracle prices, bps.
    pub max_slippage_bps: u16,
    /// Value the turnover cap still allows this epoch (USD, 6 decimals; see `turnover`).
    pub turnover_left: u128,
}

/// What the caller adds to the vault's own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TradeRequest {
    /// The maximum interval has passed: trade toward the targets even inside the bands.
    pub schedule_due: bool,
    /// The pair the crank names (sell, buy); the program's own choice when `None`.
    pub pair: Option<(usize, usize)>,
}

/// Why a rebalance may trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// An asset is outside its drift bands.
    Band,
    /// Inside the bands, but the maximum interval since the last rebalance has passed.
    Schedule,
}

impl Trigger {
    /// The code in events and previews: 1 band, 2 schedule.
    pub const fn code(self) -> u8 {
        match self {
            Trigger::Band => 1,
            Trigger::Schedule => 2,
        }
    }
}

/// What a rebalance will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizedTrade {
    /// Index of the asset sold (the most overweight).
    pub sell: usize,
    /// Index of the asset bought (the most underweight).
    pub buy: usize,
    /// Value moved, USD 6 decimals.
    pub value: u128,
    /// Atomic units of `sell` to swap (rounded down).
    pub amount_in: u64,
    /// Fewest atomic units of `buy` to accept (oracle value less slippage, rounded up).
    pub min_out: u64,
    /// Sum of |weight − target| before the trade, bps.
    pub drift_bps: u32,
    /// What allowed the trade.
    pub trigger: Trigger,
}

/// Plans the trade that moves the vault toward its targets, or refuses: `RebalanceNotNeeded` when
/// every asset is inside its bands and no schedule is due, `TurnoverCapReached` when the epoch's
/// allowance is spent, `PairInvalid` when the named pair is not an overweight seller and an
/// underweight buyer, `TradeTooSmall` when the sized trade rounds to nothing.
/// The pair is the crank's if valid, else the most overweight (by value above target) and the most
/// underweight; the value moved is the smallest of the seller's excess, the buyer's shortfall,
/// `max_trade_bps` of the vault and the turnover left, so neither leg ends past its target at
/// oracle prices.
pub fn size_trade(positions: &[Position], limits: &TradeLimits, request: &TradeRequest) -> MathResult<SizedTrade> {
    let mut values = [0u128; 32];
    if positions.len() > values.len() {
        return Err(MathError::LengthMismatch);
    }
    for (v, p) in values.iter_mut().zip(positions) {
        *v = value_of(p.amount, p.price, p.decimals, false)?;
    }
    size_valued_trade(positions, &values[..positions.len()], limits, request)
}

/// [`size_trade`] with each position's value (USD, 6 decimals, `value_of` rounded down) already
/// computed: the planner values the vault once for the policy, the turnover cap and the trade (each
/// value is a `u128` division, a few hundred compute units on chain).
pub fn size_valued_trade(
    positions: &[Position],
    values: &[u128],
    limits: &TradeLimits,
    request: &TradeRequest,
) -> MathResult<SizedTrade> {
    let n = positions.len();
    let mut weights = [0u16; 32];
    if n > weights.len() || n < 2 || values.len() != n {
        return Err(MathError::LengthMismatch);
    }
    let total = weights_bps(values, &mut weights[..n])?;
    let mut targets = [0u16; 32];
    for (t, p) in targets.iter_mut().zip(positions) {
        *t = p.target_bps;
    }
    let trigger = if (0..n).any(|i| limits.bands.breached(weights[i], targets[i], positions[i].extra_band_bps)) {
        Trigger::Band
    } else if request.schedule_due {
        Trigger::Schedule
    } else {
        return Err(MathError::RebalanceNotNeeded);
    };
    if limits.turnover_left == 0 {
        return Err(MathError::TurnoverCapReached);
    }
    // Signed distance to target in value terms: excess (> 0) or shortfall (< 0).
    let target_value = |i: usize| mul_div_u128(total, u128::from(targets[i]), BPS, Rounding::Down);
    let (mut sell, mut buy, mut excess, mut shortfall) = (0usize, 0usize, 0u128, 0u128);
    for (i, value) in values[..n].iter().enumerate() {
        let goal = target_value(i)?;
        if let Some(over) = value.checked_sub(goal).filter(|over| *over > excess) {
            (sell, excess) = (i, over);
        }
        if let Some(under) = goal.checked_sub(*value).filter(|under| *under > shortfall) {
            (buy, shortfall) = (i, under);
        }
    }
    if let Some((s, b)) = request.pair {
        // The crank's pair must itself be an overweight seller and an underweight buyer.
        if s >= n || b >= n {
            return Err(MathError::PairInvalid);
        }
        (excess, shortfall) = (values[s].saturating_sub(target_value(s)?), target_value(b)?.saturating_sub(values[b]));
        if excess == 0 || shortfall == 0 {
            return Err(MathError::PairInvalid);
        }
        (sell, buy) = (s, b);
    }
    let cap = mul_div_u128(total, u128::from(limits.max_trade_bps), BPS, Rounding::Down)?;
    let value = excess.min(shortfall).min(cap).min(limits.turnover_left);
    let (s, b) = (&positions[sell], &positions[buy]);
    let amount_in = amount_for_value(value, s.price, s.decimals, false)?;
    // What the input is worth, converted at the oracle into the output, less the slippage allowance.
    let in_value = value_of(amount_in, s.price, s.decimals, false)?;
    let fair_out = amount_for_value(in_value, b.price, b.decimals, false)?;
    let keep = BPS.checked_sub(u128::from(limits.max_slippage_bps)).ok_or(MathError::ParameterOutOfBounds)?;
    let min_out =
        u64::try_from(mul_div_u128(u128::from(fair_out), keep, BPS, Rounding::Up)?).map_err(|_| MathError::Overflow)?;
    if amount_in == 0 || min_out == 0 {
        return Err(MathError::TradeTooSmall);
    }
    Ok(SizedTrade {
        sell,
        buy,
        value,
        amount_in,
        min_out,
        drift_bps: total_drift_bps(&weights[..n], &targets[..n]),
        trigger,
    })
}

/// After the swap: the vault may lose at most `max_loss_bps` of its oracle value, and its drift
/// must have fallen. `LossLimitExceeded` / `DriftNotReduced` otherwise.
pub fn check_outcome(
    value_before: u128,
    value_after: u128,
    max_loss_bps: u16,
    drift_before: u32,
    drift_after: u32,
) -> MathResult<()> {
    let floor = mul_div_u128(value_before, BPS.saturating_sub(u128::from(max_loss_bps)), BPS, Rounding::Up)?;
    if value_after < floor {
        return Err(MathError::LossLimitExceeded);
    }
    if drift_after >= drift_before {
        return Err(MathError::DriftNotReduced);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USDC: Price = Price(1_000_000_000_000);
    const SOL: Price = Price(150_000_000_000_000);
    const LIMITS: TradeLimits = TradeLimits {
        bands: Bands { band_bps: 500, relative_bps: 2_500 },
        max_trade_bps: 10_000,
        max_slippage_bps: 100,
        turnover_left: u128::MAX,
    };
    const OWN: TradeRequest = TradeRequest { schedule_due: false, pair: None };

    fn usdc(amount: u64, target_bps: u16) -> Position {
        Position { amount, decimals: 6, price: USDC, target_bps, extra_band_bps: 0 }
    }

    fn sol(amount: u64, target_bps: u16) -> Position {
        Position { amount, decimals: 9, price: SOL, target_bps, extra_band_bps: 0 }
    }

    #[test]
    fn sells_the_overweight_asset_exactly_down_to_target() {
        // 1,000 USDC and nothing else, target 50/50: sell 500 USDC for 3.333 SOL, accept 1% less.
        let plan = size_trade(&[usdc(1_000_000_000, 5_000), sol(0, 5_000)], &LIMITS, &OWN).unwrap();
        assert_eq!((plan.sell, plan.buy, plan.value, plan.amount_in), (0, 1, 500_000_000, 500_000_000));
        // fair out = 500 / 150 = 3.333333333 SOL; min_out = 99% rounded up.
        assert_eq!(plan.min_out, 3_300_000_000);
        assert_eq!(plan.drift_bps, 10_000);
        assert_eq!(plan.trigger, Trigger::Band);
    }

    #[test]
    fn a_due_schedule_trades_inside_the_bands() {
        // 52/48 is inside a 5% band: refused without the schedule, traded (by 2%) with it.
        let inside = [usdc(520_000_000, 5_000), sol(3_200_000_000, 5_000)];
        assert_eq!(size_trade(&inside, &LIMITS, &OWN), Err(MathError::RebalanceNotNeeded));
        let plan = size_trade(&inside, &LIMITS, &TradeRequest { schedule_due: true, pair: None }).unwrap();
        assert_eq!((plan.sell, plan.buy, plan.value, plan.trigger), (0, 1, 20_000_000, Trigger::Schedule));
    }

    #[test]
    fn the_turnover_left_caps_the_trade_and_none_left_refuses() {
        let vault = [usdc(1_000_000_000, 5_000), sol(0, 5_000)];
        let plan = size_trade(&vault, &TradeLimits { turnover_left: 120_000_000, ..LIMITS }, &OWN).unwrap();
        assert_eq!(plan.value, 120_000_000);
        assert_eq!(
            size_trade(&vault, &TradeLimits { turnover_left: 0, ..LIMITS }, &OWN),
            Err(MathError::TurnoverCapReached)
        );
    }

    #[test]
    fn a_named_pair_is_traded_only_if_it_sells_an_overweight_and_buys_an_underweight() {
        // USDC 50% over, SOL 20% short, BTC 30% short (targets 0/50/50 with BTC priced like SOL).
        let vault = [usdc(1_000_000_000, 0), sol(2_000_000_000, 5_000), sol(0, 5_000)];
        assert_eq!((size_trade(&vault, &LIMITS, &OWN).unwrap().buy), 2);
        let named = size_trade(&vault, &LIMITS, &TradeRequest { schedule_due: false, pair: Some((0, 1)) }).unwrap();
        assert_eq!((named.sell, named.buy, named.value), (0, 1, 350_000_000));
        for bad in [(1, 0), (0, 0), (2, 1), (0, 3)] {
            assert_eq!(
                size_trade(&vault, &LIMITS, &TradeRequest { schedule_due: false, pair: Some(bad) }),
                Err(MathError::PairInvalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_trade_is_capped_and_never_overshoots() {
        let capped = TradeLimits { max_trade_bps: 1_000, ..LIMITS };
        let plan = size_trade(&[usdc(1_000_000_000, 5_000), sol(0, 5_000)], &capped, &OWN).unwrap();
        assert_eq!(plan.value, 100_000_000);
        // 60/40 against 50/50 with the buyer short by only 10%: move 10%, not the seller's full excess.
        let plan = size_trade(&[usdc(600_000_000, 5_000), sol(2_666_666_667, 5_000)], &LIMITS, &OWN).unwrap();
        assert_eq!((plan.sell, plan.buy), (0, 1));
        assert_eq!(plan.value, 100_000_000);
    }

    #[test]
    fn inside_the_bands_nothing_trades() {
        // 52/48 against 50/50: 200 bps drift < 500 band, 4% relative < 25%.
        let plan = size_trade(&[usdc(520_000_000, 5_000), sol(3_200_000_000, 5_000)], &LIMITS, &OWN);
        assert_eq!(plan, Err(MathError::RebalanceNotNeeded));
        // The relative band catches a small target far off: 2% target at 0 is 100% relative drift.
        let bands = Bands { band_bps: 500, relative_bps: 2_500 };
        assert!(bands.breached(0, 200, 0));
        assert!(!bands.breached(190, 200, 0));
        // Widened by volatility: 600 bps of drift is inside a 500 + 200 band.
        assert!(bands.breached(5_600, 5_000, 0));
        assert!(!bands.breached(5_600, 5_000, 200));
    }

    #[test]
    fn outcomes_are_checked_for_loss_and_drift() {
        assert_eq!(check_outcome(1_000_000, 990_000, 100, 1_000, 10), Ok(()));
        assert_eq!(check_outcome(1_000_000, 989_999, 100, 1_000, 10), Err(MathError::LossLimitExceeded));
        assert_eq!(check_outcome(1_000_000, 1_000_000, 100, 1_000, 1_000), Err(MathError::DriftNotReduced));
    }

    #[test]
    fn both_bands_are_inclusive_and_each_widens_by_the_same_extra() {
        let bands = Bands { band_bps: 500, relative_bps: 2_500 };
        // Absolute band: 500 bps of drift breaches, 499 does not (relative 25% of 5,000 = 1,250).
        assert!(bands.breached(5_500, 5_000, 0));
        assert!(!bands.breached(5_499, 5_000, 0));
        // Relative band: 25% of a 200 bps target is 50 bps; 50 breaches, 49 does not.
        assert!(bands.breached(150, 200, 0));
        assert!(!bands.breached(151, 200, 0));
        // Widened by 30: the relative band moves to 80 bps and the absolute one to 530.
        assert!(bands.breached(120, 200, 30));
        assert!(!bands.breached(121, 200, 30));
        assert!(bands.breached(5_530, 5_000, 30) && !bands.breached(5_529, 5_000, 30));
        // A zero target has no relative band: 499 bps of drift stays inside the absolute one.
        assert!(!bands.breached(499, 0, 0));
    }

    #[test]
    fn trigger_codes_are_the_ones_events_carry() {
        assert_eq!((Trigger::Band.code(), Trigger::Schedule.code()), (1, 2));
    }

    #[test]
    fn the_planner_takes_two_to_thirty_two_positions_with_a_value_each() {
        let one = [usdc(1_000_000_000, 10_000)];
        assert_eq!(size_trade(&one, &LIMITS, &OWN), Err(MathError::LengthMismatch));
        let mut many = [usdc(0, 0); 33];
        many[0] = usdc(1_000_000_000, 0);
        many[32].target_bps = 10_000;
        assert_eq!(size_trade(&many, &LIMITS, &OWN), Err(MathError::LengthMismatch));
        // 32 positions plan: all the value in slot 0, the whole target in slot 31.
        let mut full = [usdc(0, 0); 32];
        full[0] = usdc(1_000_000_000, 0);
        full[31].target_bps = 10_000;
        let plan = size_trade(&full, &LIMITS, &OWN).unwrap();
        assert_eq!((plan.sell, plan.buy, plan.value), (0, 31, 1_000_000_000));
        let two = [usdc(1_000_000_000, 5_000), sol(0, 5_000)];
        assert_eq!(size_valued_trade(&two, &[1_000_000_000], &LIMITS, &OWN), Err(MathError::LengthMismatch));
    }

    #[test]
    fn the_seller_is_the_largest_excess_and_the_buyer_the_largest_shortfall_not_the_last() {
        // Of 1,000 USD: slot 0 is 200 over its target, slot 1 100 over, slot 2 300 short.
        let sells = [usdc(300_000_000, 1_000), usdc(500_000_000, 4_000), usdc(200_000_000, 5_000)];
        let plan = size_trade(&sells, &LIMITS, &OWN).unwrap();
        assert_eq!((plan.sell, plan.buy, plan.value), (0, 2, 200_000_000));
        // Slot 0 is 400 over; slot 1 is 300 short, slot 2 100 short.
        let buys = [usdc(700_000_000, 3_000), usdc(100_000_000, 4_000), usdc(200_000_000, 3_000)];
        let plan = size_trade(&buys, &LIMITS, &OWN).unwrap();
        assert_eq!((plan.sell, plan.buy, plan.value), (0, 1, 300_000_000));
        // Equal excesses: the lower slot sells (ties go to the first, so crank and program agree).
        let tie = [usdc(350_000_000, 2_500), usdc(350_000_000, 2_500), usdc(300_000_000, 5_000)];
        assert_eq!(size_trade(&tie, &LIMITS, &OWN).unwrap().sell, 0);
        let tie = [usdc(500_000_000, 2_000), usdc(250_000_000, 4_000), usdc(250_000_000, 4_000)];
        assert_eq!(size_trade(&tie, &LIMITS, &OWN).unwrap().buy, 1);
    }

    #[test]
    fn a_trade_whose_output_rounds_to_nothing_is_too_small() {
        // 1 USD of USDC buys 0 units of a token worth 2 USD a unit (0 decimals): amount_in > 0, min_out 0.
        let pricey =
            Position { amount: 0, decimals: 0, price: Price(2_000_000_000_000), target_bps: 5_000, extra_band_bps: 0 };
        let vault = [usdc(2_000_000, 5_000), pricey];
        assert_eq!(size_trade(&vault, &LIMITS, &OWN), Err(MathError::TradeTooSmall));
    }
}
