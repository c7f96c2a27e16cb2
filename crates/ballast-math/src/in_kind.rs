//! In-kind deposits and withdrawals: pro-rata to the vault's current holdings, no oracle needed.
//!
//! The [`VIRTUAL_SHARES`] count here as they do for single-asset deposits: they are a permanent
//! holder that nobody controls, so a share is `1 / (supply + VIRTUAL_SHARES)` of every balance.
//! Pricing every conversion against the same supply is what makes deposit-then-withdraw unable to
//! extract value; the cost is that the virtual share's part (about one share's worth, ≈ 1 USD at
//! launch) stays in the vault for good, like dead shares.
//!
//! Rounding favours the vault: a depositor's shares round **down** and the tokens they must bring
//! round **up**; a withdrawer's tokens round **down**. Any dust stays with the holders (deposit side:
//! in the depositor's wallet, never taken).

use crate::checked::{add, mul_div, Rounding};
use crate::error::{MathError, MathResult};
use crate::shares::VIRTUAL_SHARES;

/// Shares for an in-kind deposit of at most `max_amounts[i]` of each asset into a vault holding
/// `balances[i]` with `share_supply` shares, and (written to `amounts_in`) what must actually be
/// transferred. Shares follow the scarcest asset: `min_i floor(max_i · (supply + V) / balance_i)`
/// over assets the vault holds; assets it does not hold are not asked for.
pub fn in_kind_deposit(
    max_amounts: &[u64],
    balances: &[u64],
    share_supply: u64,
    amounts_in: &mut [u64],
) -> MathResult<u64> {
    if max_amounts.len() != balances.len() || amounts_in.len() != balances.len() {
        return Err(MathError::LengthMismatch);
    }
    let supply = add(share_supply, VIRTUAL_SHARES)?;
    let mut shares: Option<u64> = None;
    for (max, balance) in max_amounts.iter().zip(balances) {
        if *balance == 0 {
            continue;
        }
        // Saturate: a ratio beyond u64 can never be the minimum of a real deposit.
        let here = mul_div(*max, supply, *balance, Rounding::Down).unwrap_or(u64::MAX);
        shares = Some(shares.map_or(here, |s| s.min(here)));
    }
    // Without holdings there is no ratio to follow: the first deposit is single-asset.
    let shares = shares.ok_or(MathError::EmptyVault)?;
    if shares == 0 {
        return Err(MathError::ZeroShares);
    }
    for (amount_in, balance) in amounts_in.iter_mut().zip(balances) {
        *amount_in = mul_div(shares, *balance, supply, Rounding::Up)?;
    }
    Ok(shares)
}

/// Tokens of one asset paid for `shares` of `share_supply` from a balance of `balance`:
/// `balance · shares / (supply + V)`, rounded down.
pub fn in_kind_withdrawal(shares: u64, balance: u64, share_supply: u64) -> MathResult<u64> {
    if shares > share_supply {
        return Err(MathError::InsufficientShares);
    }
    mul_div(balance, shares, add(share_supply, VIRTUAL_SHARES)?, Rounding::Down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deposit_follows_the_scarcest_asset_and_rounds_amounts_up() {
        // 4e9 real shares + 1e9 virtual = 5e9 against balances 1,000 and 3,000.
        let balances = [1_000, 3_000, 0];
        let mut amounts = [0; 3];
        // Offering 100 and 600: 100/1000 limits -> 5e8 shares.
        let shares = in_kind_deposit(&[100, 600, 5], &balances, 4_000_000_000, &mut amounts).unwrap();
        assert_eq!(shares, 500_000_000);
        assert_eq!(amounts, [100, 300, 0]);
        // Uneven ratios (supply 2e9 real + 1e9 virtual = 3e9): shares floor, amounts ceil.
        let shares = in_kind_deposit(&[7, 100], &[3_000_000_000, 5], 2_000_000_000, &mut amounts[..2]).unwrap();
        // min(floor(7·3e9/3e9), floor(100·3e9/5)) = 7; amounts ceil(7), ceil(7·5/3e9) = 1.
        assert_eq!(shares, 7);
        assert_eq!(&amounts[..2], &[7, 1]);
    }

    #[test]
    fn refuses_what_cannot_be_priced() {
        let mut amounts = [0; 2];
        assert_eq!(in_kind_deposit(&[1, 1], &[0, 0], 5, &mut amounts), Err(MathError::EmptyVault));
        assert_eq!(in_kind_deposit(&[1, 1], &[2_000_000_000, 5], 0, &mut amounts), Err(MathError::ZeroShares));
        assert_eq!(in_kind_deposit(&[1], &[5, 5], 5, &mut amounts), Err(MathError::LengthMismatch));
    }

    #[test]
    fn withdrawal_is_pro_rata_of_supply_and_virtual_shares_rounded_down() {
        // 1e9 real shares + 1e9 virtual: half of each balance, rounded down.
        assert_eq!(in_kind_withdrawal(1_000_000_000, 11, 1_000_000_000), Ok(5));
        assert_eq!(in_kind_withdrawal(500_000_000, 12, 1_000_000_000), Ok(3));
        assert_eq!(in_kind_withdrawal(1_000_000_001, 10, 1_000_000_000), Err(MathError::InsufficientShares));
    }
}
