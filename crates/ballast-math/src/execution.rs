//! One execution model: what a rebalance's swap costs the vault and what its drift costs the
//! holders, in the units of the simulator's objective (docs/simulator.md). The program's gate, the
//! crank's preview and the simulator's fills all call these functions, so the gate weighs exactly
//! the cost the simulator charges and the benefit the objective scores.
//!
//! **The swap** is one hop through the pinned pool, seen as constant-product reserves: a
//! constant-product pool's (Raydium CPMM) real reserves, or a concentrated-liquidity pool's
//! (Orca Whirlpool) virtual reserves in its current tick range, `L / √P` and `L · √P`, which is
//! exactly how such a pool trades until the price crosses a tick holding a different liquidity
//! (the estimate ignores tick crossings: it is the depth at the current price).
//!
//! **The drift** costs the holders the variance of their return against the constant mix the vault
//! promises: with weights off target by `dᵢ` and independent asset returns of variance `σᵢ²` a unit of
//! time, `Σ dᵢ² σᵢ²` a unit of time, weighted by [`TRACKING_AVERSION_PCT`]. Moving value `x` (a share
//! of the vault) from the overweight asset `s` to the underweight `b` cuts that rate by
//! `x · ((2 d_s − x) σ_s² + (2 d_b − x) σ_b²)`; over a horizon `T` during which the drift would
//! otherwise persist (it then also wanders, but that part is the same whether or not the vault
//! trades), the benefit in value is that rate × `T` × the vault's value.

use crate::checked::{mul_div_u128, mul_div_u128_saturating, Rounding};
use crate::error::{MathError, MathResult};
use crate::price::value_of;
use crate::trade::{Position, SizedTrade};

/// Parts per million (a pool's fee rate).
pub const PPM: u32 = 1_000_000;

/// The weight λ of squared tracking error against cost, hundredths (100 = 1): a mean–variance
/// holder with relative risk aversion γ gives up γ/2 · σ² of return to avoid a variance σ², and γ = 2,
/// a moderate holder's, makes λ = 1 (a 5 % annual tracking error weighs 25 bps a year). The
/// simulator's objective and the drift gate use this one value.
pub const TRACKING_AVERSION_PCT: u64 = 100;

/// Seconds per unit of the volatility estimate (`volatility::VOL_REFERENCE_SECS`: bps² per minute).
const VARIANCE_SECS: u64 = crate::volatility::VOL_REFERENCE_SECS;

/// 2⁶⁴: one in Q64.64.
const Q64: u128 = 1 << 64;

/// `bps · bps²` in whole units: a drift term `d · σ²` in bps and bps² is this many times too large
/// (the traded share `x` is carried by the value itself).
const BPS_CUBED: u128 = 10_000u128 * 10_000 * 10_000;

/// A pool as one hop sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    /// Reserve of the token sold, atomic units (virtual under concentrated liquidity).
    pub reserve_in: u128,
    /// Reserve of the token bought, atomic units (virtual under concentrated liquidity).
    pub reserve_out: u128,
    /// The pool's fee on the input, parts per million.
    pub fee_ppm: u32,
    /// Most the pool can deliver, atomic units: the balance of its vault of the bought token (a
    /// concentrated pool's virtual reserve can be far larger than what it holds).
    pub max_out: u64,
}

impl Hop {
    /// A constant-product pool's real reserves.
    pub fn constant_product(reserve_in: u64, reserve_out: u64, fee_ppm: u32) -> Self {
        Hop { reserve_in: u128::from(reserve_in), reserve_out: u128::from(reserve_out), fee_ppm, max_out: reserve_out }
    }

    /// A concentrated-liquidity pool in its current tick range, from Orca Whirlpool's fields:
    /// `liquidity` L and `sqrt_price` √P as Q64.64, P being atomic units of token B per atomic unit
    /// of A. Its virtual reserves are `A = L · 2⁶⁴ / √P` and `B = L · √P / 2⁶⁴`, the sold one rounded
    /// up and the bought one down (less out: the vault's side), each saturating at `u128::MAX`
    /// (a depth that large only ever meets `max_out`); `a_to_b`: the vault sells token A;
    /// `max_out` the pool's vault balance of the bought token. A price of 0 is `DivisionByZero`.
    pub fn concentrated(
        liquidity: u128,
        sqrt_price_x64: u128,
        a_to_b: bool,
        fee_ppm: u32,
        max_out: u64,
    ) -> MathResult<Self> {
        let rounding = |sold: bool| if sold { Rounding::Up } else { Rounding::Down };
        // A price of 0 fails the first division.
        let a = mul_div_u128_saturating(liquidity, Q64, sqrt_price_x64, rounding(a_to_b))?;
        let b = mul_div_u128_saturating(liquidity, sqrt_price_x64, Q64, rounding(!a_to_b))?;
        let (reserve_in, reserve_out) = if a_to_b { (a, b) } else { (b, a) };
        Ok(Hop { reserve_in, reserve_out, fee_ppm, max_out })
    }

    /// A pool the gate could not read: it delivers nothing, so the whole trade counts as its cost.
    pub const UNREADABLE: Hop = Hop { reserve_in: 0, reserve_out: 0, fee_ppm: 0, max_out: 0 };

    /// What selling `amount_in` delivers: the fee taken from the input (rounded up, as both AMMs do),
    /// then `reserve_out · in / (reserve_in + in)` rounded down, at most `max_out`. A depth so large
    /// that the product overflows delivers `max_out`.
    pub fn amount_out(&self, amount_in: u64) -> MathResult<u64> {
        let fee = mul_div_u128(u128::from(amount_in), u128::from(self.fee_ppm), u128::from(PPM), Rounding::Up)?;
        let net = u128::from(amount_in).saturating_sub(fee);
        let depth = self.reserve_in.saturating_add(net);
        if depth == 0 || net == 0 {
            return Ok(0);
        }
        let out = mul_div_u128_saturating(self.reserve_out, net, depth, Rounding::Down)?;
        Ok(u64::try_from(out.min(u128::from(self.max_out))).unwrap_or(self.max_out))
    }
}

/// The charges of one rebalance beyond the swap (the vault's parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charges {
    /// The AMM fee assumed when no pool is known (the preview, a route), bps of the traded value.
    pub amm_fee_bps: u16,
    /// The crank's bounty, bps of the traded value ...
    pub bounty_bps: u16,
    /// ... at most this much, USD 6 decimals.
    pub max_bounty_value: u128,
    /// The transaction's fixed cost, USD 6 decimals.
    pub tx_cost_value: u128,
}

/// What a planned trade costs the vault, USD 6 decimals, at oracle prices: the input's value less
/// the value of what the pool delivers (its fee, its price impact and any gap between its price and
/// the oracle's; never below 0), or without a pool the assumed fee; plus the bounty and the
/// transaction. Rounded up.
pub fn trade_cost(
    plan: &SizedTrade,
    sell: &Position,
    buy: &Position,
    hop: Option<&Hop>,
    charges: &Charges,
) -> MathResult<u128> {
    let value_in = value_of(plan.amount_in, sell.price, sell.decimals, true)?;
    let swap = match hop {
        Some(pool) => {
            value_in.saturating_sub(value_of(pool.amount_out(plan.amount_in)?, buy.price, buy.decimals, false)?)
        }
        None => mul_div_u128(value_in, u128::from(charges.amm_fee_bps), 10_000, Rounding::Up)?,
    };
    let bounty =
        mul_div_u128(value_in, u128::from(charges.bounty_bps), 10_000, Rounding::Up)?.min(charges.max_bounty_value);
    swap.checked_add(bounty).and_then(|c| c.checked_add(charges.tx_cost_value)).ok_or(MathError::Overflow)
}

/// One side of the trade as the drift gate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// How far the asset is from its target, bps of the vault (the seller's excess, the buyer's
    /// shortfall).
    pub drift_bps: u32,
    /// The observer's EWMA variance of the asset's returns, bps² per minute.
    pub variance: u64,
}

/// What moving `value` (of a vault worth `nav`) from `sell` to `buy` saves the holders over
/// `horizon_secs`, USD 6 decimals, rounded down: `value · λ · T · Σ (2 d − x) σ²` over the two sides
/// (module doc), with `x = value / nav` rounded up (a smaller benefit).
pub fn drift_benefit(value: u128, nav: u128, sell: &Side, buy: &Side, horizon_secs: u64) -> MathResult<u128> {
    let x = mul_div_u128(value, 10_000, nav, Rounding::Up)?;
    let side = |s: &Side| {
        u128::from(s.drift_bps)
            .saturating_mul(2)
            .saturating_sub(x)
            .checked_mul(u128::from(s.variance))
            .ok_or(MathError::Overflow)
    };
    let rate = side(sell)?.checked_add(side(buy)?).ok_or(MathError::Overflow)?;
    // A product past `u128` (a trade of hundreds of millions at an extreme variance) saturates: a
    // benefit that large passes the gate, which is where such a drift should be.
    let weighted = rate.saturating_mul(u128::from(horizon_secs)).saturating_mul(u128::from(TRACKING_AVERSION_PCT));
    // Per minute to the horizon's seconds, hundredths of λ, and bps³ to whole units.
    let scale = u128::from(VARIANCE_SECS).saturating_mul(100).saturating_mul(BPS_CUBED);
    mul_div_u128_saturating(value, weighted, scale, Rounding::Down)
}

/// The drift gate's verdict in value terms, for events and previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weighed {
    /// [`trade_cost`].
    pub cost: u128,
    /// [`drift_benefit`].
    pub benefit: u128,
}

impl Weighed {
    /// `RebalanceNotWorthIt` when the trade costs more than the drift it removes is worth.
    pub fn verdict(&self) -> MathResult<()> {
        if self.cost > self.benefit {
            return Err(MathError::RebalanceNotWorthIt);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price::Price;
    use crate::trade::Trigger;

    const USD: Price = Price(1_000_000_000_000);
    const SOL: Price = Price(150_000_000_000_000);

    fn usd(amount: u64) -> Position {
        Position { amount, decimals: 6, price: USD, target_bps: 5_000, extra_band_bps: 0 }
    }

    fn sol(amount: u64) -> Position {
        Position { amount, decimals: 9, price: SOL, target_bps: 5_000, extra_band_bps: 0 }
    }

    /// Selling 10,000 USD (of a 200,000 USD vault) for SOL.
    const PLAN: SizedTrade = SizedTrade {
        sell: 0,
        buy: 1,
        value: 10_000_000_000,
        amount_in: 10_000_000_000,
        min_out: 1,
        drift_bps: 1_000,
        trigger: Trigger::Band,
    };
    const CHARGES: Charges =
        Charges { amm_fee_bps: 25, bounty_bps: 5, max_bounty_value: u128::MAX, tx_cost_value: 10_000 };

    #[test]
    fn a_constant_product_hop_takes_its_fee_from_the_input_and_rounds_down() {
        // 1,000,000 in, 0.3 %: 997,000 net into 1e9/2e9 reserves: 2e9 · 997,000 / 1,000,997,000.
        let hop = Hop::constant_product(1_000_000_000, 2_000_000_000, 3_000);
        assert_eq!(hop.amount_out(1_000_000), Ok(1_992_013));
        // An input whose fee rounds up to all of it buys nothing; an empty pool delivers nothing.
        assert_eq!(Hop::constant_product(1, 1, 999_999).amount_out(1), Ok(0));
        assert_eq!(Hop::constant_product(0, 0, 0).amount_out(0), Ok(0));
    }

    #[test]
    fn a_whirlpools_virtual_reserves_trade_like_its_liquidity() {
        // √P = 2 (Q64.64): P = 4 B per A. L = 1e12: virtual A = 5e11, B = 2e12.
        let sqrt = 2u128 << 64;
        let a_to_b = Hop::concentrated(1_000_000_000_000, sqrt, true, 0, u64::MAX).unwrap();
        assert_eq!((a_to_b.reserve_in, a_to_b.reserve_out), (500_000_000_000, 2_000_000_000_000));
        let b_to_a = Hop::concentrated(1_000_000_000_000, sqrt, false, 0, u64::MAX).unwrap();
        assert_eq!((b_to_a.reserve_in, b_to_a.reserve_out), (2_000_000_000_000, 500_000_000_000));
        // A small trade fills at the pool's price: 1,000 A → 3,999 B (4 less one of impact and rounding).
        assert_eq!(a_to_b.amount_out(1_000), Ok(3_999));
        assert_eq!(Hop::concentrated(1, 0, true, 0, 1), Err(MathError::DivisionByZero));
        // The sold reserve rounds up, the bought one down: √P = 3 with L = 10 gives A = 3.33….
        let odd = 3u128 << 64;
        assert_eq!(Hop::concentrated(10, odd, true, 0, 100).unwrap().reserve_in, 4);
        assert_eq!(Hop::concentrated(10, odd, false, 0, 100).unwrap().reserve_out, 3);
    }

    #[test]
    fn a_pool_delivers_at_most_what_it_holds_and_an_absurd_depth_cannot_abort_the_gate() {
        // A one-tick position of enormous liquidity: the virtual reserves saturate, and what the
        // estimate delivers is capped by the pool's real balance of the bought token.
        let deep = Hop::concentrated(u128::MAX, 2u128 << 64, true, 3_000, 5_000).unwrap();
        assert_eq!((deep.reserve_in, deep.reserve_out), (u128::MAX, u128::MAX));
        assert_eq!(deep.amount_out(1_000_000), Ok(5_000));
        // A pool the gate cannot read delivers nothing: the trade's whole value is its cost.
        assert_eq!(Hop::UNREADABLE.amount_out(1_000_000), Ok(0));
        // The largest trade into the largest reserves.
        let huge = Hop { reserve_in: 1, reserve_out: u128::MAX, fee_ppm: 0, max_out: u64::MAX };
        assert_eq!(huge.amount_out(u64::MAX), Ok(u64::MAX));
    }

    #[test]
    fn the_cost_is_what_the_pool_delivers_below_the_oracle_plus_bounty_and_transaction() {
        // A pool at the oracle's price (1 SOL = 150 USD), 1.5 M USD a side, 0.25 % fee.
        let deep = Hop::constant_product(1_500_000_000_000, 10_000_000_000_000, 2_500);
        let out = deep.amount_out(PLAN.amount_in).unwrap();
        let swap = 10_000_000_000 - value_of(out, SOL, 9, false).unwrap();
        // 25 USD of fee and about 66 of impact and rounding (10,000 into 1.5 M), then 5 of bounty and 0.01.
        assert_eq!(swap, 90_895_545);
        let cost = trade_cost(&PLAN, &usd(0), &sol(0), Some(&deep), &CHARGES).unwrap();
        assert_eq!(cost, swap + 5_000_000 + 10_000);
        // A pool lagging the oracle (SOL 1 % dearer in the pool) costs about 1 % of what it delivers more.
        let lagging = Hop::constant_product(1_500_000_000_000, 9_900_990_099_009, 2_500);
        let lag_cost = trade_cost(&PLAN, &usd(0), &sol(0), Some(&lagging), &CHARGES).unwrap();
        assert_eq!(lag_cost - cost, 98_109_945);
        // No pool known: the assumed fee only; the bounty capped.
        let capped = Charges { max_bounty_value: 1_000_000, ..CHARGES };
        assert_eq!(trade_cost(&PLAN, &usd(0), &sol(0), None, &capped), Ok(25_000_000 + 1_000_000 + 10_000));
        // A pool paying more than the oracle does not make the trade a gain: the swap costs 0.
        let generous = Hop::constant_product(1, 10_000_000_000_000, 0);
        assert_eq!(trade_cost(&PLAN, &usd(0), &sol(0), Some(&generous), &CHARGES), Ok(5_000_000 + 10_000));
    }

    #[test]
    fn the_benefit_is_the_tracking_variance_removed_over_the_horizon() {
        // 10,000 of a 200,000 vault (x = 500 bps) from an asset 500 bps over to one 500 bps under:
        // each side leaves (2 · 500 − 500) = 500 bps at its variance. SOL at 100 bps² a minute (about
        // 72 % a year), USD at 0: the tracking variance falls by x · 500 · 100 bps⁴ a minute, so
        // 500 · 100 · 1e-12 = 5e-8 of the traded value a minute.
        let (over, under) = (Side { drift_bps: 500, variance: 0 }, Side { drift_bps: 500, variance: 100 });
        let day = drift_benefit(10_000_000_000, 200_000_000_000, &over, &under, 86_400).unwrap();
        // × 1,440 minutes × 10,000 USD = 0.72 USD.
        assert_eq!(day, 720_000);
        // Linear in the horizon, quadratic in the drift: twice the drift (and the same trade) is
        // (2 · 1,000 − 500) / 500 = 3 times the benefit.
        assert_eq!(drift_benefit(10_000_000_000, 200_000_000_000, &over, &under, 864_000), Ok(7_200_000));
        let twice = Side { drift_bps: 1_000, ..under };
        assert_eq!(drift_benefit(10_000_000_000, 200_000_000_000, &over, &twice, 86_400), Ok(2_160_000));
        // Both volatile: the two sides add. No horizon or no volatility: no benefit.
        let both = Side { variance: 100, ..over };
        assert_eq!(drift_benefit(10_000_000_000, 200_000_000_000, &both, &under, 86_400), Ok(1_440_000));
        assert_eq!(drift_benefit(10_000_000_000, 200_000_000_000, &over, &under, 0), Ok(0));
        assert_eq!(drift_benefit(1, 0, &over, &under, 1), Err(MathError::DivisionByZero));
        // Past u128 the benefit saturates (it passes the gate) rather than aborting the rebalance.
        let wild = Side { drift_bps: 10_000, variance: u64::MAX };
        let whole = 10u128.pow(28); // 10²² USD: more than any vault can hold
        assert_eq!(drift_benefit(whole, whole, &wild, &wild, 31_536_000), Ok(u128::MAX));
    }

    #[test]
    fn the_verdict_refuses_only_a_cost_above_the_benefit() {
        assert_eq!(Weighed { cost: 10, benefit: 10 }.verdict(), Ok(()));
        assert_eq!(Weighed { cost: 11, benefit: 10 }.verdict(), Err(MathError::RebalanceNotWorthIt));
    }
}
