//! Property tests of the share rules: no deposit/redeem sequence extracts value from other holders.

use ballast_math::shares::{shares_for_deposit, value_for_shares};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Depositing and immediately redeeming never returns more than was put in.
    #[test]
    fn a_round_trip_never_profits(total in 0u64..1u64 << 50, supply in 0u64..1u64 << 50, deposit in 1u64..1u64 << 40) {
        let minted = shares_for_deposit(deposit, total, supply).unwrap();
        let back = value_for_shares(minted, total + deposit, supply + minted).unwrap();
        prop_assert!(back <= deposit, "deposit {deposit} redeemed for {back}");
    }

    /// A holder's redemption never exceeds their pro-rata share of the real (non-virtual) value.
    #[test]
    fn shares_never_redeem_above_pro_rata(total in 0u64..1u64 << 50, supply in 1u64..1u64 << 50, frac in 0u64..=1000) {
        let shares = supply / 1000 * frac;
        let value = value_for_shares(shares, total, supply).unwrap();
        prop_assert!(u128::from(value) * u128::from(supply) <= u128::from(total) * u128::from(shares));
    }

    /// A new deposit never lowers the value per share of existing holders.
    #[test]
    fn deposits_never_dilute(total in 0u64..1u64 << 50, supply in 0u64..1u64 << 50, deposit in 1u64..1u64 << 40) {
        let minted = shares_for_deposit(deposit, total, supply).unwrap();
        let before = (u128::from(total) + 1_000_000) * (u128::from(supply + minted) + 1_000_000_000);
        let after = (u128::from(total + deposit) + 1_000_000) * (u128::from(supply) + 1_000_000_000);
        prop_assert!(after >= before);
    }
}
