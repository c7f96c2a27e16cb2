//! Property tests of the share rules: no deposit/redeem sequence extracts value from other holders.
//! Each property drives the functions the program calls (`shares_for_deposit` for a deposit,
//! `in_kind_withdrawal` for a redemption: a single-asset vault worth `total` at 1 USD per unit).
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::cast_possible_truncation)] // host-only tests

use ballast_math::error::MathError;
use ballast_math::in_kind::in_kind_withdrawal;
use ballast_math::shares::shares_for_deposit;
use proptest::prelude::*;

/// The shares a deposit mints, or `None` when the count does not fit in a `u64` (the program then
/// refuses with `Overflow`; any other error fails the property).
fn minted(deposit: u64, total: u64, supply: u64) -> Result<Option<u64>, TestCaseError> {
    match shares_for_deposit(deposit, total, supply) {
        Ok(minted) => Ok(Some(minted)),
        Err(e) => {
            prop_assert_eq!(e, MathError::Overflow);
            Ok(None)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Depositing and immediately redeeming never returns more than was put in.
    #[test]
    fn a_round_trip_never_profits(total in 0u64..1u64 << 50, supply in 0u64..1u64 << 50, deposit in 1u64..1u64 << 40) {
        let Some(minted) = minted(deposit, total, supply)? else { return Ok(()) };
        let back = in_kind_withdrawal(minted, total + deposit, supply + minted).unwrap();
        prop_assert!(back <= deposit, "deposit {deposit} redeemed for {back}");
    }

    /// A holder's redemption never exceeds their pro-rata share of the real (non-virtual) value.
    #[test]
    fn shares_never_redeem_above_pro_rata(total in 0u64..1u64 << 50, supply in 1u64..1u64 << 50, frac in 0u64..=1000) {
        let shares = supply / 1000 * frac;
        let value = in_kind_withdrawal(shares, total, supply).unwrap();
        prop_assert!(u128::from(value) * u128::from(supply) <= u128::from(total) * u128::from(shares));
    }

    /// A new deposit never lowers the value per share of existing holders.
    #[test]
    fn deposits_never_dilute(total in 0u64..1u64 << 50, supply in 0u64..1u64 << 50, deposit in 1u64..1u64 << 40) {
        let Some(minted) = minted(deposit, total, supply)? else { return Ok(()) };
        let before = (u128::from(total) + 1_000_000) * (u128::from(supply + minted) + 1_000_000_000);
        let after = (u128::from(total + deposit) + 1_000_000) * (u128::from(supply) + 1_000_000_000);
        prop_assert!(after >= before);
    }
}

mod sequences {
    //! ≥ 10^5 random deposit/withdraw sequences against one vault: an attacker mixing single-asset
    //! deposits, in-kind deposits, in-kind withdrawals and donations never ends with more value
    //! than they put in, and an honest holder's claim never shrinks because of it.
    use ballast_math::deposit::quote_deposit;
    use ballast_math::in_kind::{in_kind_deposit, in_kind_withdrawal};
    use ballast_math::price::{value_of, Price};
    use proptest::prelude::*;

    const ASSETS: usize = 3;
    /// Fixed prices (USD per whole token, 12 decimals) and decimals of the three assets.
    const PRICES: [Price; ASSETS] =
        [Price(1_000_000_000_000), Price(150_000_000_000_000), Price(60_000_000_000_000_000)];
    const DECIMALS: [u8; ASSETS] = [6, 9, 8];

    #[derive(Debug, Clone)]
    enum Op {
        Deposit { asset: usize, amount: u64 },
        DepositInKind { scale: u64 },
        Withdraw { per_mille: u64 },
        Donate { asset: usize, amount: u64 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..ASSETS, 1u64..1u64 << 40).prop_map(|(asset, amount)| Op::Deposit { asset, amount }),
            (1u64..1u64 << 30).prop_map(|scale| Op::DepositInKind { scale }),
            (1u64..=1000).prop_map(|per_mille| Op::Withdraw { per_mille }),
            (0..ASSETS, 1u64..1u64 << 36).prop_map(|(asset, amount)| Op::Donate { asset, amount }),
        ]
    }

    fn value(amounts: &[u64; ASSETS]) -> u128 {
        (0..ASSETS).map(|i| value_of(amounts[i], PRICES[i], DECIMALS[i], false).unwrap()).sum()
    }

    struct Vault {
        balances: [u64; ASSETS],
        supply: u64,
    }

    impl Vault {
        fn claim(&self, shares: u64) -> [u64; ASSETS] {
            self.balances.map(|balance| in_kind_withdrawal(shares, balance, self.supply).unwrap())
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100_000))]

        #[test]
        fn no_sequence_extracts_value(honest in 1u64..1u64 << 40, ops in proptest::collection::vec(op(), 1..8)) {
            let open = u64::MAX;
            let mut v = Vault { balances: [0; ASSETS], supply: 0 };
            // The honest holder deposits USDC first.
            let honest_shares = quote_deposit(value_of(honest, PRICES[0], 6, false).unwrap() as u64, 0, 0, open, open, 0);
            prop_assume!(honest_shares.is_ok());
            let honest_shares = honest_shares.unwrap();
            v.balances[0] = honest;
            v.supply = honest_shares;
            let honest_claim_before = value(&v.claim(honest_shares));

            let (mut paid, mut received, mut attacker_shares) = (0u128, 0u128, 0u64);
            for op in ops {
                match op {
                    Op::Deposit { asset, amount } => {
                        let total: u128 = value(&v.balances);
                        let deposit_value = value_of(amount, PRICES[asset], DECIMALS[asset], false).unwrap();
                        let Ok(shares) = quote_deposit(deposit_value as u64, total as u64, v.supply, open, open, 0) else { continue };
                        v.balances[asset] += amount;
                        v.supply += shares;
                        attacker_shares += shares;
                        paid += value_of(amount, PRICES[asset], DECIMALS[asset], true).unwrap();
                    }
                    Op::DepositInKind { scale } => {
                        let max = [scale, scale, scale];
                        let mut amounts = [0u64; ASSETS];
                        let Ok(shares) = in_kind_deposit(&max, &v.balances, v.supply, &mut amounts) else { continue };
                        for (balance, amount) in v.balances.iter_mut().zip(amounts) { *balance += amount; }
                        v.supply += shares;
                        attacker_shares += shares;
                        paid += (0..ASSETS).map(|i| value_of(amounts[i], PRICES[i], DECIMALS[i], true).unwrap()).sum::<u128>();
                    }
                    Op::Withdraw { per_mille } => {
                        let shares = attacker_shares / 1000 * per_mille;
                        if shares == 0 { continue; }
                        let out = v.claim(shares);
                        for (balance, taken) in v.balances.iter_mut().zip(out) { *balance -= taken; }
                        v.supply -= shares;
                        attacker_shares -= shares;
                        received += value(&out);
                    }
                    Op::Donate { asset, amount } => {
                        v.balances[asset] += amount;
                        paid += value_of(amount, PRICES[asset], DECIMALS[asset], true).unwrap();
                    }
                }
            }
            // The attacker leaves with everything they can.
            received += value(&v.claim(attacker_shares));
            prop_assert!(received <= paid, "attacker paid {paid}, received {received}");
            let honest_claim_after = value(&{ let mut w = Vault { balances: v.balances, supply: v.supply }; for i in 0..ASSETS { w.balances[i] -= v.claim(attacker_shares)[i]; } w.supply -= attacker_shares; w }.claim(honest_shares));
            prop_assert!(honest_claim_after + 3 >= honest_claim_before, "honest claim fell from {honest_claim_before} to {honest_claim_after}");
        }
    }
}

mod trades {
    //! The rebalance sizing never pushes either leg past its target, and `min_out` never asks for
    //! more than the oracle-fair output.
    use ballast_math::price::{amount_for_value, value_of, Price};
    use ballast_math::trade::{size_trade, Bands, Position, TradeLimits, TradeRequest};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn a_planned_trade_never_overshoots(
            a in 0u64..1u64 << 45, b in 0u64..1u64 << 45, c in 0u64..1u64 << 45,
            pa in 1u128..1u128 << 50, pb in 1u128..1u128 << 50, pc in 1u128..1u128 << 50,
            t0 in 0u16..=10_000, t1 in 0u16..=10_000, max_trade in 1u16..=5_000, slip in 1u16..=1_000,
            turnover_left in prop_oneof![Just(u128::MAX), 0u128..1u128 << 60], schedule_due: bool,
            pair in proptest::option::of((0usize..3, 0usize..3)),
        ) {
            let t1 = t1.min(10_000 - t0);
            let targets = [t0, t1, 10_000 - t0 - t1];
            let positions = [
                Position { amount: a, decimals: 6, price: Price(pa), target_bps: targets[0], extra_band_bps: 0 },
                Position { amount: b, decimals: 9, price: Price(pb), target_bps: targets[1], extra_band_bps: 0 },
                Position { amount: c, decimals: 8, price: Price(pc), target_bps: targets[2], extra_band_bps: 0 },
            ];
            let limits = TradeLimits { bands: Bands { band_bps: 100, relative_bps: 1_000 }, max_trade_bps: max_trade, max_slippage_bps: slip, turnover_left };
            let Ok(plan) = size_trade(&positions, &limits, &TradeRequest { schedule_due, pair }) else { return Ok(()) };
            if let Some(named) = pair {
                prop_assert_eq!((plan.sell, plan.buy), named);
            }
            let values: Vec<u128> = positions.iter().map(|p| value_of(p.amount, p.price, p.decimals, false).unwrap()).collect();
            let total: u128 = values.iter().sum();
            let goal = |i: usize| total * u128::from(targets[i]) / 10_000;
            let sold = value_of(plan.amount_in, positions[plan.sell].price, positions[plan.sell].decimals, false).unwrap();
            prop_assert!(plan.sell != plan.buy);
            prop_assert!(sold <= plan.value, "sold {sold} > planned {}", plan.value);
            prop_assert!(values[plan.sell] - sold >= goal(plan.sell), "the seller ends below its target");
            prop_assert!(values[plan.buy] + plan.value <= goal(plan.buy) + 1, "the buyer ends above its target");
            prop_assert!(plan.value <= total * u128::from(max_trade) / 10_000);
            prop_assert!(plan.value <= turnover_left, "traded {} past the turnover left {turnover_left}", plan.value);
            let fair = amount_for_value(sold, positions[plan.buy].price, positions[plan.buy].decimals, false).unwrap();
            prop_assert!(plan.min_out <= fair, "min_out {} above the fair {fair}", plan.min_out);
        }
    }
}
