//! A simulated vault: its shape, its market (pool depth, latency) and its parameters, which are the
//! on-chain `Params` themselves: `Params::EXAMPLE` with named overrides, written once in
//! `ballast_math::for_each_param!` like every other copy of the parameter list.
use ballast_math::params::Params;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimConfig {
    /// Target weights, bps, summing to 10,000.
    pub targets_bps: Vec<u16>,
    /// Token decimals per asset.
    pub decimals: Vec<u8>,
    /// Starting value of the vault (USD), split at the targets; the first share costs 1 USD.
    pub initial_usd: f64,
    /// Depth of each asset's constant-product pool against USD, per side (USD).
    pub pool_depth_usd: f64,
    /// Steps between the decision and the execution (prices move against the trade meanwhile).
    pub latency_steps: usize,
    /// Then a further delay in slots (400 ms each), drawn per trade from this distribution: pairs
    /// `[slots, weight]` (empty: none). The draw is a hash of the step, so runs are reproducible.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latency_slots: Vec<[u32; 2]>,
    /// Pool prices lag the oracle: arbitrage keeps each within the AMM fee of the oracle price, and
    /// a rebalance leaves its pool at the edge it pushed it to (false: every pool sits at the oracle).
    #[serde(default)]
    pub pool_lag: bool,
    /// How a planned rebalance trades: the pinned pools (default) or a Dutch auction.
    #[serde(default)]
    pub execution: Execution,
    /// The vault's parameters. In a vault file, `params` names only what differs from
    /// [`SimConfig::base_params`] (unknown names are refused); the rest keep their example values.
    #[serde(with = "overrides")]
    pub params: Params,
}

/// How the simulated vault executes a planned rebalance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "path", deny_unknown_fields)]
pub enum Execution {
    /// `rebalance` through the pinned pools (sold → USD → bought), the crank paid its bounty.
    #[default]
    Pool,
    /// `open_auction`, then the first solver whose cost the decaying ask covers fills it at that
    /// ask (crate::auction): its cost is `solver_cost_bps` of the traded value (its venue's fee, its
    /// margin, its transaction) plus one constant-product hop through a pool of `pool_depth_usd`.
    Auction { solver_cost_bps: u16 },
}

/// Defines [`ParamOverrides`] from the one table of parameters.
macro_rules! param_overrides {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ident = $example:expr, $min:literal ..= $max:literal, $tightens:ident, $unit:literal, $reason:literal; )*) => {
        /// Some of the parameters, by their on-chain names (a vault file's `params` object).
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ParamOverrides {
            $( $(#[doc = $doc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $name: Option<$ty>, )*
        }

        impl ParamOverrides {
            /// `base` with these overrides.
            pub fn over(&self, base: &Params) -> Params {
                Params { $( $name: self.$name.unwrap_or(base.$name), )* }
            }

            /// The fields where `params` differs from `base`.
            pub fn between(base: &Params, params: &Params) -> Self {
                ParamOverrides { $( $name: (params.$name != base.$name).then_some(params.$name), )* }
            }
        }
    };
}

ballast_math::for_each_param!(param_overrides);

/// `params` in a vault file: the overrides of [`SimConfig::base_params`].
mod overrides {
    use super::{ParamOverrides, Params, SimConfig};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(params: &Params, s: S) -> Result<S::Ok, S::Error> {
        ParamOverrides::between(&SimConfig::base_params(), params).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
        Ok(ParamOverrides::deserialize(d)?.over(&SimConfig::base_params()))
    }
}

impl SimConfig {
    /// The parameters a simulated vault starts from: `Params::EXAMPLE`, with fixed bands and fixed
    /// targets unless a file asks for widening or CPPI, and the turnover cap wide open (500 % of the
    /// vault per epoch), so a backtest measures the bands rather than the cap.
    pub const fn base_params() -> Params {
        Params { vol_band_k_pct: 0, cppi_multiplier_pct: 0, turnover_cap_bps: 50_000, ..Params::EXAMPLE }
    }

    /// The demo vault's shape (dUSD/dSOL/dBTC at 40/30/30) with the demo's rebalance parameters.
    pub fn demo() -> Self {
        SimConfig {
            targets_bps: vec![4_000, 3_000, 3_000],
            decimals: vec![6, 9, 8],
            initial_usd: 1_000_000.0,
            pool_depth_usd: 50_000_000.0,
            latency_steps: 1,
            latency_slots: Self::MAINNET_LATENCY.to_vec(),
            pool_lag: true,
            execution: Execution::Pool,
            params: Params { max_trade_bps: 500, ..SimConfig::base_params() },
        }
    }

    /// A crank's landing delay in slots: most transactions land in the next slot or two, some wait
    /// several (a congested leader, a retry).
    pub const MAINNET_LATENCY: [[u32; 2]; 4] = [[1, 50], [2, 30], [4, 15], [12, 5]];

    /// The extra slots a trade planned at `step` waits: the paths' splitmix64 (`paths::Rng`), seeded
    /// by the step, picks from `latency_slots` by weight; 0 when there is no distribution.
    pub fn latency_draw(&self, step: usize) -> u32 {
        let total: u64 = self.latency_slots.iter().map(|[_, w]| u64::from(*w)).sum();
        if total == 0 {
            return 0;
        }
        let mut pick = crate::paths::Rng::new(step as u64).next_u64() % total;
        for [slots, weight] in &self.latency_slots {
            if pick < u64::from(*weight) {
                return *slots;
            }
            pick -= u64::from(*weight);
        }
        0
    }

    /// Shares the simulated vault starts with (and keeps: the bounty dilutes instead of minting),
    /// at the program's first-deposit price of 1 USD per share (atomic units, 9 decimals).
    pub fn share_supply(&self) -> u64 {
        (self.initial_usd * 1e9) as u64
    }

    /// One transaction's cost (USD), from `tx_cost_value` (USD, 6 decimals).
    pub fn tx_cost_usd(&self) -> f64 {
        f64::from(self.params.tx_cost_value) / 1e6
    }

    /// A CPPI floor as `cppi_floor_share_price` (USD per share, 12 decimals) from a fraction of the
    /// starting share price of 1 USD (0.8 protects 80 %).
    pub fn floor_share_price(fraction: f64) -> u64 {
        (fraction * 1e12) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vault_file_names_only_what_differs_and_reads_back_the_same() {
        let cfg = SimConfig::demo();
        let json = serde_json::to_value(&cfg).unwrap();
        let named: Vec<&String> = json["params"].as_object().unwrap().keys().collect();
        assert_eq!(named, ["max_trade_bps"], "only the demo's override of the base parameters");
        assert_eq!(serde_json::from_value::<SimConfig>(json).unwrap(), cfg);
    }

    #[test]
    fn the_latency_draw_follows_its_weights() {
        let cfg = SimConfig::demo();
        let mut seen = [0usize; 13];
        for step in 0..100_000 {
            seen[cfg.latency_draw(step) as usize] += 1;
        }
        // 50/30/15/5 % within a percent, nothing else.
        for (slots, share) in [(1, 50), (2, 30), (4, 15), (12, 5)] {
            assert!(seen[slots].abs_diff(share * 1_000) < 1_000, "{slots} slots: {}", seen[slots]);
        }
        assert_eq!(seen.iter().sum::<usize>(), seen[1] + seen[2] + seen[4] + seen[12]);
        assert_eq!(SimConfig { latency_slots: vec![], ..cfg }.latency_draw(7), 0);
    }

    #[test]
    fn an_unknown_parameter_name_is_refused() {
        let mut json = serde_json::to_value(SimConfig::demo()).unwrap();
        json["params"]["drift_band"] = 400.into();
        let err = serde_json::from_value::<SimConfig>(json).unwrap_err().to_string();
        assert!(err.starts_with("unknown field `drift_band`"), "{err}");
    }
}
