//! Governance parameters: their hard bounds (the one table the program enforces and the docs
//! print) and whether a change tightens or loosens risk.
//!
//! A change that only tightens (lower caps and fees, fresher prices, a longer timelock, less
//! trading) applies at once; any change that loosens even one field — more trading, a retargeted
//! vault, a weaker or disabled guard, higher fees — waits for the vault's timelock. Each
//! parameter's direction and its reason are one row of docs/parameters.md.

use crate::error::{MathError, MathResult};

/// Which way a parameter moves when the change reduces risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tightens {
    /// A lower value is the safer one (caps, fees, ages).
    Lower,
    /// A higher value is the safer one (the timelock, windows, the CPPI floor).
    Higher,
    /// Neither direction is plainly safer (it re-shapes the targets, or one end disables a guard):
    /// any change waits for the timelock.
    Never,
}

impl Tightens {
    pub const fn as_str(self) -> &'static str {
        match self {
            Tightens::Lower => "lower",
            Tightens::Higher => "higher",
            Tightens::Never => "never",
        }
    }
}

/// One parameter's hard range and which direction tightens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub name: &'static str,
    /// The field's doc comment: what it is, with its unit and precision.
    pub doc: &'static str,
    /// The field's Rust type (`u16`, `u32`, `u64`).
    pub ty: &'static str,
    pub unit: &'static str,
    pub min: u64,
    pub max: u64,
    pub tightens: Tightens,
    /// Why that direction is the safe one: what the change does to trading, targets and holders.
    pub reason: &'static str,
}

impl Bound {
    /// Whether this parameter paces an insured vault's hedge (see [`PACES_THE_HEDGE`]).
    pub fn paces_the_hedge(&self) -> bool {
        PACES_THE_HEDGE.contains(&self.name)
    }
}

/// The parameters that set how closely a vault follows its targets: its bands, its pace (interval,
/// trade size, turnover, schedule), what the cost-benefit gate and the hedge's band assume a trade
/// costs, what cranks are paid (no bounty, no crank) and how an auction's ask runs (a slow or high
/// ask holds the trade for its duration). For a fixed-weight or CPPI vault trading less is the safe side (less cost, less for a crank
/// to farm), so those moves apply at once; for an insured vault trading less means following the
/// put's delta less closely, which endangers the floor. While a vault is insured (before or after
/// the change) any change to one of these waits for the timelock. The guards against bad fills and
/// bad prices (slippage, loss, poor fills, oracle limits) stay immediate either way: an emergency
/// needs them now, as it needs the pause, which the authority and the guardian can set at once
/// (docs/option-replication.md, known limits).
pub const PACES_THE_HEDGE: [&str; 18] = [
    "drift_band_bps",
    "relative_drift_band_bps",
    "max_trade_bps",
    "bounty_bps",
    "min_rebalance_interval_secs",
    "amm_fee_bps",
    "drift_gate_horizon_hours",
    "tx_cost_value",
    "vol_band_k_pct",
    "vol_band_cap_bps",
    "vol_observation_secs",
    "max_rebalance_interval_secs",
    "turnover_epoch_secs",
    "turnover_cap_bps",
    "max_bounty_value",
    "auction_premium_bps",
    "auction_discount_bps",
    "auction_duration_secs",
];

/// `bounty_asset` value that pays the bounty in newly minted vault shares.
pub const BOUNTY_IN_SHARES: u32 = 16;

/// The one definition of every governance parameter: its doc line (with unit and precision), type,
/// the value of [`Params::EXAMPLE`], its hard bounds, which direction tightens it, its unit as
/// docs/parameters.md prints it, and why that direction is the safe one. It calls `$callback!`
/// with the table; this crate generates [`Params`], [`BOUNDS`], [`Params::EXAMPLE`],
/// [`Params::values`], [`Params::from_values`] and [`Params::validate`] from it, the program its
/// zero-copy `VaultParams`, and a test docs/parameters.md and app/client/src/bounds.json.
#[macro_export]
#[rustfmt::skip]
macro_rules! for_each_param {
    ($callback:ident) => {
        $callback! {
            /// Largest total value the vault may hold after a deposit (USD, 6 decimals).
            deposit_cap: u64 = 1_000_000_000_000, 1 ..= 10_000_000_000_000_000, Lower,
                "USD, 6 decimals",
                "a lower cap admits less new money; a higher one lets the vault grow past what governance vetted";
            /// Largest value one deposit may add (USD, 6 decimals); at most `deposit_cap`.
            max_deposit_per_tx: u64 = 100_000_000_000, 1 ..= 10_000_000_000_000_000, Lower,
                "USD, 6 decimals (≤ deposit_cap)",
                "a lower cap limits what one deposit can do at one price; a higher one widens it";
            /// Management fee, bps of vault value per year.
            management_fee_bps: u16 = 100, 0 ..= 500, Lower,
                "bps per year",
                "a higher fee takes more from holders";
            /// Performance fee, bps of gains above the high-water mark.
            performance_fee_bps: u16 = 1_000, 0 ..= 3_000, Lower,
                "bps of gains",
                "a higher fee takes more from holders";
            /// Oldest accepted oracle price, seconds.
            max_price_age_secs: u32 = 60, 5 ..= 3_600, Lower,
                "seconds",
                "a lower age refuses older prices; a higher one lets older (pickable) prices value deposits and trades";
            /// Widest accepted confidence interval, bps of price.
            max_conf_bps: u16 = 200, 1 ..= 500, Lower,
                "bps of price",
                "a lower bound refuses less certain prices";
            /// Largest accepted spot-vs-EMA gap, bps of the EMA.
            max_ema_divergence_bps: u16 = 500, 10 ..= 2_000, Lower,
                "bps of EMA",
                "a lower bound refuses prices further from their EMA (spikes, manipulation)";
            /// Delay before a loosening change may execute, seconds.
            timelock_secs: u32 = 86_400, 60 ..= 2_592_000, Higher,
                "seconds",
                "a longer timelock gives holders more time to leave before a loosening change";
            /// Drift that triggers a rebalance: |weight − target| in bps of the vault.
            drift_band_bps: u16 = 500, 10 ..= 5_000, Higher,
                "bps of the vault",
                "a narrower band makes the vault trade more (more cost, more for a crank to farm); a wider one trades less";
            /// Drift that also triggers it, relative to the target: bps of the target weight.
            relative_drift_band_bps: u16 = 2_500, 10 ..= 10_000, Higher,
                "bps of the target weight",
                "a narrower band makes the vault trade more; a wider one trades less";
            /// Largest trade one rebalance may make, bps of the vault's value.
            max_trade_bps: u16 = 1_000, 1 ..= 5_000, Lower,
                "bps of the vault",
                "a lower cap trades less per rebalance";
            /// Slippage accepted against oracle prices when deriving `min_out`, bps.
            max_slippage_bps: u16 = 100, 1 ..= 1_000, Lower,
                "bps",
                "a lower bound accepts less below the oracle per trade";
            /// Largest drop of the vault's oracle value one rebalance may cause, bps.
            max_loss_bps: u16 = 150, 1 ..= 1_000, Lower,
                "bps of the vault",
                "a lower bound accepts less value lost per trade";
            /// Crank bounty, bps of the traded value, paid only on a verified rebalance.
            bounty_bps: u16 = 5, 0 ..= 50, Lower,
                "bps of the traded value",
                "a higher bounty pays cranks more of the holders' value";
            /// Shortest time between two rebalances, seconds.
            min_rebalance_interval_secs: u32 = 3_600, 0 ..= 604_800, Higher,
                "seconds",
                "a longer interval trades less often";
            /// The AMM's fee the drift gate charges a trade through its pool, bps of the traded value.
            amm_fee_bps: u16 = 25, 0 ..= 1_000, Higher,
                "bps of the traded value",
                "a higher fee makes the drift gate refuse more trades; a lower one lets more through";
            /// The drift gate's horizon, hours (0 turns the gate off): how long a drift left alone is
            /// expected to last. A rebalance goes ahead only if the tracking variance it removes over
            /// this horizon (Σ drift² × σ², `execution::drift_benefit`) is worth its cost (pool, bounty,
            /// transaction: `execution::trade_cost`).
            drift_gate_horizon_hours: u16 = 0, 0 ..= 8_760, Never,
                "hours (0 = gate off)",
                "a longer horizon lets more trades through the drift gate, and 0 turns the gate off: neither direction is plainly safer";
            /// Fixed cost of one rebalance transaction the drift gate charges, USD 6 decimals.
            tx_cost_value: u32 = 10_000, 0 ..= 1_000_000_000, Higher,
                "USD, 6 decimals",
                "a higher assumed cost makes the gate refuse more trades";
            /// Price move that trips the breaker: bps away from the last accepted price.
            max_price_move_bps: u16 = 1_500, 50 ..= 5_000, Lower,
                "bps of the reference price",
                "a lower bound trips the breaker on smaller moves";
            /// Normal readings needed after a trip before the breaker clears on its own.
            warmup_readings: u16 = 3, 1 ..= 1_000, Higher,
                "readings",
                "more readings keep a tripped breaker tripped longer";
            /// How long a reference price counts for the move check, seconds.
            price_move_window_secs: u32 = 3_600, 60 ..= 604_800, Higher,
                "seconds",
                "a longer window measures moves against older references, so slow moves trip too";
            /// The absolute drift band widens by this multiple of an asset's volatility per √minute
            /// (`volatility::VOL_REFERENCE_SECS`, whatever the spacing of readings), hundredths (100 = 1σ).
            vol_band_k_pct: u16 = 100, 0 ..= 1_000, Higher,
                "hundredths of σ per √minute",
                "a larger multiple widens the bands in volatile markets (less trading); a smaller one narrows them (more trading)";
            /// Most the band may widen, bps.
            vol_band_cap_bps: u16 = 1_000, 0 ..= 5_000, Higher,
                "bps",
                "a higher cap lets the bands widen further (less trading)";
            /// EWMA decay of the volatility estimate, bps (9,400 = RiskMetrics' 0.94).
            ewma_lambda_bps: u16 = 9_400, 5_000 ..= 9_999, Never,
                "bps",
                "the decay re-shapes the volatility estimate, and so the bands, either way";
            /// Shortest time between two volatility observations, seconds (spamming readings cannot
            /// shrink the estimate).
            vol_observation_secs: u16 = 60, 1 ..= 3_600, Higher,
                "seconds",
                "a longer interval makes readings harder to spam and the breaker's warm-up longer";
            /// CPPI floor: the share price the vault protects (USD per share, 12 decimals); the floor value
            /// is this times the share supply.
            cppi_floor_share_price: u64 = 0, 0 ..= 1_000_000_000_000_000, Never,
                "USD per share, 12 decimals",
                "a higher floor retargets the vault toward the safe asset (it trades at once), a lower one toward risk: either way it retargets";
            /// Longest time without a rebalance before one is forced whatever the bands say, seconds
            /// (`u32::MAX` = never).
            max_rebalance_interval_secs: u32 = u32::MAX, 3_600 ..= 4_294_967_295, Higher,
                "seconds (4294967295 = never)",
                "a longer interval forces scheduled rebalances less often";
            /// Length of a turnover epoch, seconds.
            turnover_epoch_secs: u32 = 86_400, 3_600 ..= 2_592_000, Higher,
                "seconds",
                "a longer epoch spreads the same turnover cap over more time (less trading)";
            /// Most value the vault may trade per epoch, bps of its value.
            turnover_cap_bps: u16 = 20_000, 1 ..= 50_000, Lower,
                "bps of the vault per epoch",
                "a lower cap trades less per epoch";
            /// Consecutive poor fills (a loss above half of `max_loss_bps`) that trip the breaker.
            max_poor_fills: u16 = 3, 1 ..= 1_000, Lower,
                "consecutive rebalances",
                "fewer poor fills trip the breaker sooner";
            /// Target policy: 0 = the fixed target weights; otherwise CPPI with this multiplier,
            /// hundredths (300 = 3×). Slot 0 is the safe asset, the others the risky basket.
            cppi_multiplier_pct: u16 = 0, 0 ..= 1_000, Never,
                "hundredths (0 = fixed weights)",
                "the multiplier re-shapes the targets (0 switches the policy): either way it retargets";
            /// Highest weight CPPI may give the risky basket, bps.
            cppi_max_risky_bps: u16 = 10_000, 0 ..= 10_000, Never,
                "bps of the vault",
                "a lower cap retargets the vault toward the safe asset at once (0: everything), a higher one toward risk: either way it retargets";
            /// Most one rebalance's bounty may be worth, USD 6 decimals.
            max_bounty_value: u32 = 100_000_000, 0 ..= 1_000_000_000, Lower,
                "USD, 6 decimals, per rebalance",
                "a higher cap pays cranks more of the holders' value";
            /// What the bounty is paid in: an asset's slot index, or [`BOUNTY_IN_SHARES`].
            bounty_asset: u32 = $crate::params::BOUNTY_IN_SHARES, 0 ..= 16, Never,
                "slot index (16 = vault shares)",
                "which asset pays the bounty changes which holdings leave: any change waits";
            /// Oldest price a deposit or a rebalance is valued at, and a performance fee charged at,
            /// seconds (tighter than `max_price_age_secs`, which the observer's readings keep).
            fresh_price_age_secs: u16 = 5, 1 ..= 600, Lower,
                "seconds",
                "a lower age leaves a depositor, a crank or a fee caller fewer, closer prices to choose between";
            /// Deposit fee, bps of the deposit's value; it stays in the vault for the holders already in.
            deposit_fee_bps: u16 = 0, 0 ..= 100, Never,
                "bps of the deposit's value",
                "a lower fee weakens the guard against picked prices; a higher one takes more from the next depositors, and a governance that holds shares could raise it just before a large deposit: either way it waits";
            /// Most an asset's leftover balance may be worth for `remove_asset` to sweep it to the fee
            /// recipient, USD 6 decimals.
            max_dust_value: u32 = 1_000_000, 0 ..= 10_000_000, Lower,
                "USD, 6 decimals",
                "a higher value lets governance sweep more of a removed asset to the fee recipient";
            /// How far above the oracle rate a rebalance auction's ask starts, bps (`ballast_math::auction`).
            auction_premium_bps: u16 = 100, 0 ..= 1_000, Higher,
                "bps of the oracle rate",
                "a higher start leaves no honest fill at once and a steeper fall for solvers to compete on; a lower one lets the first solver in take more";
            /// How far below the oracle rate a rebalance auction's ask ends, bps: what the vault pays a
            /// solver at worst (at most `max_loss_bps` applies too).
            auction_discount_bps: u16 = 50, 0 ..= 1_000, Lower,
                "bps of the oracle rate",
                "a lower floor pays solvers less at worst; a higher one pays more for a fill";
            /// How long a rebalance auction's ask takes to fall from start to floor, seconds; it
            /// expires unfilled after twice that.
            auction_duration_secs: u32 = 300, 30 ..= 86_400, Higher,
                "seconds",
                "a slower fall gives solvers longer to compete before the floor; a faster one reaches the floor sooner";
            /// Option-based insurance: the volatility the hedge assumes is at least this, bps a year (equal
            /// to `insurance_vol_max_bps`: a governance-set implied volatility).
            insurance_vol_min_bps: u16 = 2_000, 100 ..= 30_000, Never,
                "bps a year",
                "the assumed volatility prices the put, so it re-shapes the targets either way";
            /// Option-based insurance: the volatility the hedge assumes is at most this, bps a year.
            insurance_vol_max_bps: u16 = 15_000, 100 ..= 30_000, Never,
                "bps a year (≥ insurance_vol_min_bps)",
                "the assumed volatility prices the put, so it re-shapes the targets either way";
            /// Option-based insurance: the safe asset's annual rate, bps (continuously compounded).
            insurance_rate_bps: u16 = 0, 0 ..= 2_000, Never,
                "bps a year",
                "the rate discounts the floor, so it re-shapes the targets either way";
            /// Option-based insurance: Whalley–Wilmott relative risk aversion (per unit of the position's
            /// value, so the band does not depend on the index's scale; 0: the plain drift bands).
            insurance_risk_aversion: u16 = 100, 0 ..= 10_000, Never,
                "relative risk aversion (0 = drift bands)",
                "a higher aversion narrows the hedge's band (more trading), a lower one widens it, 0 switches to the drift bands: either way it re-shapes trading";
            /// Target policy: option-based insurance to this floor (USD per share at expiry, 12 decimals;
            /// 0: off). Slot 0 is the safe asset, the others the basket. It takes precedence over CPPI.
            insurance_floor_share_price: u64 = 0, 0 ..= 1_000_000_000_000_000, Never,
                "USD per share, 12 decimals (0 = off)",
                "a higher floor retargets toward the safe asset, a lower one toward risk: either way it retargets";
            /// Option-based insurance: the expiry `roll_insurance` strikes the next period for (Unix seconds).
            insurance_expires_at: u64 = 0, 0 ..= 4_102_444_800, Never,
                "Unix seconds (≤ 2100-01-01)",
                "the expiry re-shapes the put, so the targets, either way";
        }
    };
}

macro_rules! define_params {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ident = $example:expr, $min:literal ..= $max:literal, $tightens:ident, $unit:literal, $reason:literal; )*) => {
        /// Governance-set parameters of a vault (the oracle, caps, fees and timelock).
        ///
        /// `repr(C)` and `Pod` (no padding): the program's `VaultParams` has the same fields in the same
        /// order, so a vault's parameters are read as this type in place.
        #[repr(C)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
        pub struct Params {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        /// Number of governance parameters.
        pub const PARAM_COUNT: usize = [$(stringify!($name)),*].len();

        /// The bounds, in the order of [`Params::values`]. Printed in `docs/parameters.md`.
        pub const BOUNDS: [Bound; PARAM_COUNT] = [
            $( Bound { name: stringify!($name), doc: concat!($($doc),*), ty: stringify!($ty), unit: $unit, min: $min, max: $max, tightens: Tightens::$tightens, reason: $reason }, )*
        ];

        impl Params {
            /// A valid parameter set (every field within its bound): 1%/yr + 10% fees, 60 s prices, 5%
            /// (or 25% relative) bands, 10% trades, fixed weights, the bounty in shares. For tests and
            /// tools that need in-bounds values for the fields they do not set.
            pub const EXAMPLE: Params = Params { $( $name: $example, )* };

            /// Field values in [`BOUNDS`] order.
            #[allow(clippy::useless_conversion)]
            pub fn values(&self) -> [u64; PARAM_COUNT] {
                [$( u64::from(self.$name) ),*]
            }

            /// The parameters with these values in [`BOUNDS`] order; a value that does not fit its
            /// field's type saturates (so `validate` refuses it). The inverse of [`Params::values`].
            #[allow(clippy::unnecessary_fallible_conversions)]
            pub fn from_values(v: [u64; PARAM_COUNT]) -> Params {
                let [$($name),*] = v;
                Params { $( $name: $ty::try_from($name).unwrap_or($ty::MAX), )* }
            }

            /// Every field within its bound (one comparison against constants per field: this runs
            /// in every instruction's `invariant()`), the per-transaction cap within the total cap, the
            /// insurance volatility floor at most its cap.
            #[allow(clippy::useless_conversion)]
            pub fn validate(&self) -> MathResult<()> {
                let in_bounds = true $( && ($min..=$max).contains(&u64::from(self.$name)) )*;
                let vol_ok = self.insurance_vol_min_bps <= self.insurance_vol_max_bps;
                if !in_bounds || self.max_deposit_per_tx > self.deposit_cap || !vol_ok {
                    return Err(MathError::ParameterOutOfBounds);
                }
                Ok(())
            }
        }
    };
}

for_each_param!(define_params);

/// How a proposed change relates to the current parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Nothing loosens: applies at once.
    Tightening,
    /// At least one field loosens: waits for the timelock.
    Loosening,
}

impl Params {
    /// Whether moving from `self` to `next` may apply at once. While either side is insured, the
    /// parameters that pace the hedge ([`PACES_THE_HEDGE`]) wait whichever way they move.
    pub fn direction(&self, next: &Params) -> Direction {
        let insured = self.insured() || next.insured();
        let loosens =
            self.values().iter().zip(next.values().iter()).zip(BOUNDS.iter()).any(|((old, new), b)| match b.tightens {
                _ if insured && b.paces_the_hedge() => new != old,
                Tightens::Lower => new > old,
                Tightens::Higher => new < old,
                Tightens::Never => new != old,
            });
        if loosens {
            Direction::Loosening
        } else {
            Direction::Tightening
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_is_enforced_at_both_ends() {
        assert_eq!(Params::EXAMPLE.validate(), Ok(()));
        for (i, bound) in BOUNDS.iter().enumerate() {
            for bad in [bound.min.checked_sub(1), bound.max.checked_add(1)].into_iter().flatten() {
                let mut values = Params::EXAMPLE.values();
                values[i] = bad;
                let p = Params::from_values(values);
                // A value that does not fit its field's type cannot be expressed at all.
                if p.values()[i] == bad {
                    assert_eq!(p.validate(), Err(MathError::ParameterOutOfBounds), "{} = {bad}", bound.name);
                }
            }
        }
        let over = Params { max_deposit_per_tx: Params::EXAMPLE.deposit_cap + 1, ..Params::EXAMPLE };
        assert_eq!(over.validate(), Err(MathError::ParameterOutOfBounds));
        let inverted = Params { insurance_vol_min_bps: 5_000, insurance_vol_max_bps: 4_999, ..Params::EXAMPLE };
        assert_eq!(inverted.validate(), Err(MathError::ParameterOutOfBounds));
    }

    #[test]
    fn tightening_applies_at_once_and_any_loosening_waits() {
        let tighter = Params {
            deposit_cap: 1,
            max_deposit_per_tx: 1,
            timelock_secs: 90_000,
            drift_band_bps: 600,
            ..Params::EXAMPLE
        };
        assert_eq!(Params::EXAMPLE.direction(&tighter), Direction::Tightening);
        assert_eq!(Params::EXAMPLE.direction(&Params::EXAMPLE), Direction::Tightening);
        let looser_fee = Params { deposit_cap: 1, management_fee_bps: 101, ..Params::EXAMPLE };
        assert_eq!(Params::EXAMPLE.direction(&looser_fee), Direction::Loosening);
        let shorter_timelock = Params { timelock_secs: 3_600, ..Params::EXAMPLE };
        assert_eq!(Params::EXAMPLE.direction(&shorter_timelock), Direction::Loosening);
        // The CPPI multiplier has no safe direction: either way waits.
        for m in [0, 200] {
            let cppi = Params { cppi_multiplier_pct: m, ..Params { cppi_multiplier_pct: 100, ..Params::EXAMPLE } };
            assert_eq!(Params { cppi_multiplier_pct: 100, ..Params::EXAMPLE }.direction(&cppi), Direction::Loosening);
        }
    }

    #[test]
    fn an_insured_vaults_pace_waits_either_way_and_its_guards_still_tighten_at_once() {
        let insured = Params { insurance_floor_share_price: 900_000_000_000, ..Params::EXAMPLE };
        let slower = Params { max_trade_bps: 1, min_rebalance_interval_secs: 604_800, ..insured };
        // Uninsured, trading less is the safe side; insured, it waits.
        let uninsured_slower = Params { insurance_floor_share_price: 0, ..slower };
        assert_eq!(Params::EXAMPLE.direction(&uninsured_slower), Direction::Tightening);
        assert_eq!(insured.direction(&slower), Direction::Loosening);
        for name in PACES_THE_HEDGE {
            let i = BOUNDS.iter().position(|b| b.name == name).expect("a parameter");
            for step in [1i64, -1] {
                let mut values = insured.values();
                values[i] = values[i].saturating_add_signed(step).clamp(BOUNDS[i].min, BOUNDS[i].max);
                let next = Params::from_values(values);
                if next != insured {
                    assert_eq!(insured.direction(&next), Direction::Loosening, "{name} {step:+}");
                    assert_eq!(next.direction(&insured), Direction::Loosening, "{name} back");
                }
            }
        }
        // A guard against bad fills still tightens at once.
        let stricter = Params { max_slippage_bps: 50, max_loss_bps: 100, ..insured };
        assert_eq!(insured.direction(&stricter), Direction::Tightening);
        // Switching insurance on or off waits, and so does a pace change that comes with it.
        assert_eq!(Params::EXAMPLE.direction(&Params { max_trade_bps: 1, ..insured }), Direction::Loosening);
    }
}
