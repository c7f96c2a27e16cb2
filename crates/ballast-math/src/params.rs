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
    pub unit: &'static str,
    pub min: u64,
    pub max: u64,
    pub tightens: Tightens,
    /// Why that direction is the safe one: what the change does to trading, targets and holders.
    pub reason: &'static str,
}

/// Governance-set parameters of a vault (the oracle, caps, fees and timelock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Largest total value the vault may hold after a deposit (USD, 6 decimals).
    pub deposit_cap: u64,
    /// Largest value one deposit may add (USD, 6 decimals); at most `deposit_cap`.
    pub max_deposit_per_tx: u64,
    /// Management fee, bps of vault value per year.
    pub management_fee_bps: u16,
    /// Performance fee, bps of gains above the high-water mark.
    pub performance_fee_bps: u16,
    /// Oldest accepted oracle price, seconds.
    pub max_price_age_secs: u32,
    /// Widest accepted confidence interval, bps of price.
    pub max_conf_bps: u16,
    /// Largest accepted spot-vs-EMA gap, bps of the EMA.
    pub max_ema_divergence_bps: u16,
    /// Delay before a loosening change may execute, seconds.
    pub timelock_secs: u32,
    /// Drift that triggers a rebalance: |weight − target| in bps of the vault.
    pub drift_band_bps: u16,
    /// Drift that also triggers it, relative to the target: bps of the target weight.
    pub relative_drift_band_bps: u16,
    /// Largest trade one rebalance may make, bps of the vault's value.
    pub max_trade_bps: u16,
    /// Slippage accepted against oracle prices when deriving `min_out`, bps.
    pub max_slippage_bps: u16,
    /// Largest drop of the vault's oracle value one rebalance may cause, bps.
    pub max_loss_bps: u16,
    /// Crank bounty, bps of the traded value, paid only on a verified rebalance.
    pub bounty_bps: u16,
    /// Shortest time between two rebalances, seconds.
    pub min_rebalance_interval_secs: u32,
    /// The AMM's fee assumed by the cost-benefit gate, bps of the traded value.
    pub amm_fee_bps: u16,
    /// What one bp of tracking-error reduction is worth to the cost-benefit gate, bps of its value
    /// (0 turns the gate off).
    pub benefit_weight_bps: u16,
    /// Fixed cost of one rebalance transaction assumed by the gate, USD 6 decimals.
    pub tx_cost_value: u32,
    /// Price move that trips the breaker: bps away from the last accepted price.
    pub max_price_move_bps: u16,
    /// Normal readings needed after a trip before the breaker clears on its own.
    pub warmup_readings: u16,
    /// How long a reference price counts for the move check, seconds.
    pub price_move_window_secs: u32,
    /// The absolute drift band widens by this multiple of an asset's volatility, hundredths (100 = 1σ).
    pub vol_band_k_pct: u16,
    /// Most the band may widen, bps.
    pub vol_band_cap_bps: u16,
    /// EWMA decay of the volatility estimate, bps (9,400 = RiskMetrics' 0.94).
    pub ewma_lambda_bps: u16,
    /// Shortest time between two volatility observations, seconds (spamming readings cannot
    /// shrink the estimate).
    pub vol_observation_secs: u16,
    /// CPPI floor: the share price the vault protects (USD per share, 12 decimals); the floor value
    /// is this times the share supply.
    pub cppi_floor_share_price: u64,
    /// Longest time without a rebalance before one is forced whatever the bands say, seconds
    /// (`u32::MAX` = never).
    pub max_rebalance_interval_secs: u32,
    /// Length of a turnover epoch, seconds.
    pub turnover_epoch_secs: u32,
    /// Most value the vault may trade per epoch, bps of its value.
    pub turnover_cap_bps: u16,
    /// Consecutive poor fills (a loss above half of `max_loss_bps`) that trip the breaker.
    pub max_poor_fills: u16,
    /// Target policy: 0 = the fixed target weights; otherwise CPPI with this multiplier,
    /// hundredths (300 = 3×). Slot 0 is the safe asset, the others the risky basket.
    pub cppi_multiplier_pct: u16,
    /// Highest weight CPPI may give the risky basket, bps.
    pub cppi_max_risky_bps: u16,
    /// Most one rebalance's bounty may be worth, USD 6 decimals.
    pub max_bounty_value: u32,
    /// What the bounty is paid in: an asset's slot index, or [`BOUNTY_IN_SHARES`].
    pub bounty_asset: u32,
    /// Oldest price a deposit or a rebalance is valued at, and a performance fee charged at,
    /// seconds (tighter than `max_price_age_secs`, which the observer's readings keep).
    pub fresh_price_age_secs: u16,
    /// Deposit fee, bps of the deposit's value; it stays in the vault for the holders already in.
    pub deposit_fee_bps: u16,
    /// Most an asset's leftover balance may be worth for `remove_asset` to sweep it to the fee
    /// recipient, USD 6 decimals.
    pub max_dust_value: u32,
}

/// `bounty_asset` value that pays the bounty in newly minted vault shares.
pub const BOUNTY_IN_SHARES: u32 = 16;

/// Number of governance parameters.
pub const PARAM_COUNT: usize = 37;

/// The bounds, in the order of [`Params::values`]. Printed in `docs/parameters.md`.
#[rustfmt::skip]
pub const BOUNDS: [Bound; PARAM_COUNT] = [
    Bound { name: "deposit_cap", unit: "USD, 6 decimals", min: 1, max: 10_000_000_000_000_000, tightens: Tightens::Lower, reason: "a lower cap admits less new money; a higher one lets the vault grow past what governance vetted" },
    Bound { name: "max_deposit_per_tx", unit: "USD, 6 decimals (≤ deposit_cap)", min: 1, max: 10_000_000_000_000_000, tightens: Tightens::Lower, reason: "a lower cap limits what one deposit can do at one price; a higher one widens it" },
    Bound { name: "management_fee_bps", unit: "bps per year", min: 0, max: 500, tightens: Tightens::Lower, reason: "a higher fee takes more from holders" },
    Bound { name: "performance_fee_bps", unit: "bps of gains", min: 0, max: 3_000, tightens: Tightens::Lower, reason: "a higher fee takes more from holders" },
    Bound { name: "max_price_age_secs", unit: "seconds", min: 5, max: 3_600, tightens: Tightens::Lower, reason: "a lower age refuses older prices; a higher one lets older (pickable) prices value deposits and trades" },
    Bound { name: "max_conf_bps", unit: "bps of price", min: 1, max: 500, tightens: Tightens::Lower, reason: "a lower bound refuses less certain prices" },
    Bound { name: "max_ema_divergence_bps", unit: "bps of EMA", min: 10, max: 2_000, tightens: Tightens::Lower, reason: "a lower bound refuses prices further from their EMA (spikes, manipulation)" },
    Bound { name: "timelock_secs", unit: "seconds", min: 60, max: 2_592_000, tightens: Tightens::Higher, reason: "a longer timelock gives holders more time to leave before a loosening change" },
    Bound { name: "drift_band_bps", unit: "bps of the vault", min: 10, max: 5_000, tightens: Tightens::Higher, reason: "a narrower band makes the vault trade more (more cost, more for a crank to farm); a wider one trades less" },
    Bound { name: "relative_drift_band_bps", unit: "bps of the target weight", min: 10, max: 10_000, tightens: Tightens::Higher, reason: "a narrower band makes the vault trade more; a wider one trades less" },
    Bound { name: "max_trade_bps", unit: "bps of the vault", min: 1, max: 5_000, tightens: Tightens::Lower, reason: "a lower cap trades less per rebalance" },
    Bound { name: "max_slippage_bps", unit: "bps", min: 1, max: 1_000, tightens: Tightens::Lower, reason: "a lower bound accepts less below the oracle per trade" },
    Bound { name: "max_loss_bps", unit: "bps of the vault", min: 1, max: 1_000, tightens: Tightens::Lower, reason: "a lower bound accepts less value lost per trade" },
    Bound { name: "bounty_bps", unit: "bps of the traded value", min: 0, max: 50, tightens: Tightens::Lower, reason: "a higher bounty pays cranks more of the holders' value" },
    Bound { name: "min_rebalance_interval_secs", unit: "seconds", min: 0, max: 604_800, tightens: Tightens::Higher, reason: "a longer interval trades less often" },
    Bound { name: "amm_fee_bps", unit: "bps of the traded value", min: 0, max: 1_000, tightens: Tightens::Higher, reason: "a higher assumed fee makes the gate refuse more trades; a lower one lets more through" },
    Bound { name: "benefit_weight_bps", unit: "bps", min: 0, max: 10_000, tightens: Tightens::Never, reason: "a higher weight lets more trades through the cost-benefit gate, and 0 turns the gate off: neither direction is plainly safer" },
    Bound { name: "tx_cost_value", unit: "USD, 6 decimals", min: 0, max: 1_000_000_000, tightens: Tightens::Higher, reason: "a higher assumed cost makes the gate refuse more trades" },
    Bound { name: "max_price_move_bps", unit: "bps of the reference price", min: 50, max: 5_000, tightens: Tightens::Lower, reason: "a lower bound trips the breaker on smaller moves" },
    Bound { name: "warmup_readings", unit: "readings", min: 1, max: 1_000, tightens: Tightens::Higher, reason: "more readings keep a tripped breaker tripped longer" },
    Bound { name: "price_move_window_secs", unit: "seconds", min: 60, max: 604_800, tightens: Tightens::Higher, reason: "a longer window measures moves against older references, so slow moves trip too" },
    Bound { name: "vol_band_k_pct", unit: "hundredths of σ", min: 0, max: 1_000, tightens: Tightens::Higher, reason: "a larger multiple widens the bands in volatile markets (less trading); a smaller one narrows them (more trading)" },
    Bound { name: "vol_band_cap_bps", unit: "bps", min: 0, max: 5_000, tightens: Tightens::Higher, reason: "a higher cap lets the bands widen further (less trading)" },
    Bound { name: "ewma_lambda_bps", unit: "bps", min: 5_000, max: 9_999, tightens: Tightens::Never, reason: "the decay re-shapes the volatility estimate, and so the bands, either way" },
    Bound { name: "vol_observation_secs", unit: "seconds", min: 1, max: 3_600, tightens: Tightens::Higher, reason: "a longer interval makes readings harder to spam and the breaker's warm-up longer" },
    Bound { name: "cppi_floor_share_price", unit: "USD per share, 12 decimals", min: 0, max: 1_000_000_000_000_000, tightens: Tightens::Never, reason: "a higher floor retargets the vault toward the safe asset (it trades at once), a lower one toward risk: either way it retargets" },
    Bound { name: "max_rebalance_interval_secs", unit: "seconds (4294967295 = never)", min: 3_600, max: 4_294_967_295, tightens: Tightens::Higher, reason: "a longer interval forces scheduled rebalances less often" },
    Bound { name: "turnover_epoch_secs", unit: "seconds", min: 3_600, max: 2_592_000, tightens: Tightens::Higher, reason: "a longer epoch spreads the same turnover cap over more time (less trading)" },
    Bound { name: "turnover_cap_bps", unit: "bps of the vault per epoch", min: 1, max: 50_000, tightens: Tightens::Lower, reason: "a lower cap trades less per epoch" },
    Bound { name: "max_poor_fills", unit: "consecutive rebalances", min: 1, max: 1_000, tightens: Tightens::Lower, reason: "fewer poor fills trip the breaker sooner" },
    Bound { name: "cppi_multiplier_pct", unit: "hundredths (0 = fixed weights)", min: 0, max: 1_000, tightens: Tightens::Never, reason: "the multiplier re-shapes the targets (0 switches the policy): either way it retargets" },
    Bound { name: "cppi_max_risky_bps", unit: "bps of the vault", min: 0, max: 10_000, tightens: Tightens::Never, reason: "a lower cap retargets the vault toward the safe asset at once (0: everything), a higher one toward risk: either way it retargets" },
    Bound { name: "max_bounty_value", unit: "USD, 6 decimals, per rebalance", min: 0, max: 1_000_000_000, tightens: Tightens::Lower, reason: "a higher cap pays cranks more of the holders' value" },
    Bound { name: "bounty_asset", unit: "slot index (16 = vault shares)", min: 0, max: 16, tightens: Tightens::Never, reason: "which asset pays the bounty changes which holdings leave: any change waits" },
    Bound { name: "fresh_price_age_secs", unit: "seconds", min: 1, max: 600, tightens: Tightens::Lower, reason: "a lower age leaves a depositor, a crank or a fee caller fewer, closer prices to choose between" },
    Bound { name: "deposit_fee_bps", unit: "bps of the deposit's value", min: 0, max: 100, tightens: Tightens::Never, reason: "a lower fee weakens the guard against picked prices; a higher one takes more from the next depositors, and a governance that holds shares could raise it just before a large deposit: either way it waits" },
    Bound { name: "max_dust_value", unit: "USD, 6 decimals", min: 0, max: 10_000_000, tightens: Tightens::Lower, reason: "a higher value lets governance sweep more of a removed asset to the fee recipient" },
];

/// How a proposed change relates to the current parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Nothing loosens: applies at once.
    Tightening,
    /// At least one field loosens: waits for the timelock.
    Loosening,
}

impl Params {
    /// A valid parameter set (every field within its bound): 1%/yr + 10% fees, 60 s prices, 5%
    /// (or 25% relative) bands, 10% trades, fixed weights, the bounty in shares. For tests and
    /// tools that need in-bounds values for the fields they do not set.
    pub const EXAMPLE: Params = Params {
        deposit_cap: 1_000_000_000_000,
        max_deposit_per_tx: 100_000_000_000,
        management_fee_bps: 100,
        performance_fee_bps: 1_000,
        max_price_age_secs: 60,
        max_conf_bps: 200,
        max_ema_divergence_bps: 500,
        timelock_secs: 86_400,
        drift_band_bps: 500,
        relative_drift_band_bps: 2_500,
        max_trade_bps: 1_000,
        max_slippage_bps: 100,
        max_loss_bps: 150,
        bounty_bps: 5,
        min_rebalance_interval_secs: 3_600,
        amm_fee_bps: 25,
        benefit_weight_bps: 5_000,
        tx_cost_value: 10_000,
        max_price_move_bps: 1_500,
        warmup_readings: 3,
        price_move_window_secs: 3_600,
        vol_band_k_pct: 100,
        vol_band_cap_bps: 1_000,
        ewma_lambda_bps: 9_400,
        vol_observation_secs: 60,
        cppi_floor_share_price: 0,
        max_rebalance_interval_secs: u32::MAX,
        turnover_epoch_secs: 86_400,
        turnover_cap_bps: 20_000,
        max_poor_fills: 3,
        cppi_multiplier_pct: 0,
        cppi_max_risky_bps: 10_000,
        max_bounty_value: 100_000_000,
        bounty_asset: BOUNTY_IN_SHARES,
        fresh_price_age_secs: 5,
        deposit_fee_bps: 0,
        max_dust_value: 1_000_000,
    };

    /// Field values in [`BOUNDS`] order.
    pub fn values(&self) -> [u64; PARAM_COUNT] {
        [
            self.deposit_cap,
            self.max_deposit_per_tx,
            u64::from(self.management_fee_bps),
            u64::from(self.performance_fee_bps),
            u64::from(self.max_price_age_secs),
            u64::from(self.max_conf_bps),
            u64::from(self.max_ema_divergence_bps),
            u64::from(self.timelock_secs),
            u64::from(self.drift_band_bps),
            u64::from(self.relative_drift_band_bps),
            u64::from(self.max_trade_bps),
            u64::from(self.max_slippage_bps),
            u64::from(self.max_loss_bps),
            u64::from(self.bounty_bps),
            u64::from(self.min_rebalance_interval_secs),
            u64::from(self.amm_fee_bps),
            u64::from(self.benefit_weight_bps),
            u64::from(self.tx_cost_value),
            u64::from(self.max_price_move_bps),
            u64::from(self.warmup_readings),
            u64::from(self.price_move_window_secs),
            u64::from(self.vol_band_k_pct),
            u64::from(self.vol_band_cap_bps),
            u64::from(self.ewma_lambda_bps),
            u64::from(self.vol_observation_secs),
            self.cppi_floor_share_price,
            u64::from(self.max_rebalance_interval_secs),
            u64::from(self.turnover_epoch_secs),
            u64::from(self.turnover_cap_bps),
            u64::from(self.max_poor_fills),
            u64::from(self.cppi_multiplier_pct),
            u64::from(self.cppi_max_risky_bps),
            u64::from(self.max_bounty_value),
            u64::from(self.bounty_asset),
            u64::from(self.fresh_price_age_secs),
            u64::from(self.deposit_fee_bps),
            u64::from(self.max_dust_value),
        ]
    }

    /// The parameters with these values in [`BOUNDS`] order; a value that does not fit its field's
    /// type saturates (so `validate` refuses it). The inverse of [`Params::values`].
    pub fn from_values(v: [u64; PARAM_COUNT]) -> Params {
        Params {
            deposit_cap: v[0],
            max_deposit_per_tx: v[1],
            management_fee_bps: u16::try_from(v[2]).unwrap_or(u16::MAX),
            performance_fee_bps: u16::try_from(v[3]).unwrap_or(u16::MAX),
            max_price_age_secs: u32::try_from(v[4]).unwrap_or(u32::MAX),
            max_conf_bps: u16::try_from(v[5]).unwrap_or(u16::MAX),
            max_ema_divergence_bps: u16::try_from(v[6]).unwrap_or(u16::MAX),
            timelock_secs: u32::try_from(v[7]).unwrap_or(u32::MAX),
            drift_band_bps: u16::try_from(v[8]).unwrap_or(u16::MAX),
            relative_drift_band_bps: u16::try_from(v[9]).unwrap_or(u16::MAX),
            max_trade_bps: u16::try_from(v[10]).unwrap_or(u16::MAX),
            max_slippage_bps: u16::try_from(v[11]).unwrap_or(u16::MAX),
            max_loss_bps: u16::try_from(v[12]).unwrap_or(u16::MAX),
            bounty_bps: u16::try_from(v[13]).unwrap_or(u16::MAX),
            min_rebalance_interval_secs: u32::try_from(v[14]).unwrap_or(u32::MAX),
            amm_fee_bps: u16::try_from(v[15]).unwrap_or(u16::MAX),
            benefit_weight_bps: u16::try_from(v[16]).unwrap_or(u16::MAX),
            tx_cost_value: u32::try_from(v[17]).unwrap_or(u32::MAX),
            max_price_move_bps: u16::try_from(v[18]).unwrap_or(u16::MAX),
            warmup_readings: u16::try_from(v[19]).unwrap_or(u16::MAX),
            price_move_window_secs: u32::try_from(v[20]).unwrap_or(u32::MAX),
            vol_band_k_pct: u16::try_from(v[21]).unwrap_or(u16::MAX),
            vol_band_cap_bps: u16::try_from(v[22]).unwrap_or(u16::MAX),
            ewma_lambda_bps: u16::try_from(v[23]).unwrap_or(u16::MAX),
            vol_observation_secs: u16::try_from(v[24]).unwrap_or(u16::MAX),
            cppi_floor_share_price: v[25],
            max_rebalance_interval_secs: u32::try_from(v[26]).unwrap_or(u32::MAX),
            turnover_epoch_secs: u32::try_from(v[27]).unwrap_or(u32::MAX),
            turnover_cap_bps: u16::try_from(v[28]).unwrap_or(u16::MAX),
            max_poor_fills: u16::try_from(v[29]).unwrap_or(u16::MAX),
            cppi_multiplier_pct: u16::try_from(v[30]).unwrap_or(u16::MAX),
            cppi_max_risky_bps: u16::try_from(v[31]).unwrap_or(u16::MAX),
            max_bounty_value: u32::try_from(v[32]).unwrap_or(u32::MAX),
            bounty_asset: u32::try_from(v[33]).unwrap_or(u32::MAX),
            fresh_price_age_secs: u16::try_from(v[34]).unwrap_or(u16::MAX),
            deposit_fee_bps: u16::try_from(v[35]).unwrap_or(u16::MAX),
            max_dust_value: u32::try_from(v[36]).unwrap_or(u32::MAX),
        }
    }

    /// Every field within its bound, and the per-transaction cap within the total cap.
    pub fn validate(&self) -> MathResult<()> {
        let in_bounds = self.values().iter().zip(BOUNDS.iter()).all(|(v, b)| (b.min..=b.max).contains(v));
        if !in_bounds || self.max_deposit_per_tx > self.deposit_cap {
            return Err(MathError::ParameterOutOfBounds);
        }
        Ok(())
    }

    /// Whether moving from `self` to `next` may apply at once.
    pub fn change_kind(&self, next: &Params) -> ChangeKind {
        let loosens = self.values().iter().zip(next.values().iter()).zip(BOUNDS.iter()).any(|((old, new), b)| match b.tightens {
            Tightens::Lower => new > old,
            Tightens::Higher => new < old,
            Tightens::Never => new != old,
        });
        if loosens {
            ChangeKind::Loosening
        } else {
            ChangeKind::Tightening
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
    }

    #[test]
    fn tightening_applies_at_once_and_any_loosening_waits() {
        let tighter = Params { deposit_cap: 1, max_deposit_per_tx: 1, timelock_secs: 90_000, drift_band_bps: 600, ..Params::EXAMPLE };
        assert_eq!(Params::EXAMPLE.change_kind(&tighter), ChangeKind::Tightening);
        assert_eq!(Params::EXAMPLE.change_kind(&Params::EXAMPLE), ChangeKind::Tightening);
        let looser_fee = Params { deposit_cap: 1, management_fee_bps: 101, ..Params::EXAMPLE };
        assert_eq!(Params::EXAMPLE.change_kind(&looser_fee), ChangeKind::Loosening);
        let shorter_timelock = Params { timelock_secs: 3_600, ..Params::EXAMPLE };
        assert_eq!(Params::EXAMPLE.change_kind(&shorter_timelock), ChangeKind::Loosening);
        // The CPPI multiplier has no safe direction: either way waits.
        for m in [0, 200] {
            let cppi = Params { cppi_multiplier_pct: m, ..Params { cppi_multiplier_pct: 100, ..Params::EXAMPLE } };
            assert_eq!(Params { cppi_multiplier_pct: 100, ..Params::EXAMPLE }.change_kind(&cppi), ChangeKind::Loosening);
        }
    }
}
