//! In-kind deposits and withdrawals: pro-rata to the vault's current holdings, no oracle needed.
//!
//! Rounding favours the vault: a depositor's shares round **down** and the tokens they must bring
//! round **up**; a withdrawer's tokens round **down**. Any dust stays with the holders (deposit side:
//! in the depositor's wallet, never taken).

use crate::checked::{mul_div, Rounding};
use crate::error::{MathError, MathResult};

/// Shares for an in-kind deposit of at most `max_amounts[i]` of each asset into a vault holding
/// `balances[i]` with `share_supply` shares, and (written to `amounts_in`) what must actually be
/// transferred. Shares follow the scarcest asset: `min_i floor(max_i · supply / balance_i)` over
/// assets the vault holds; assets it does not hold are not asked for.
pub fn in_kind_deposit(max_amounts: &[u64], balances: &[u64], share_supply: u64, amounts_in: &mut [u64]) -> MathResult<u64> {
    if max_amounts.len() != balances.len() || amounts_in.len() != balances.len() {
        return Err(MathError::LengthMismatch);
    }
    // Without shares (or holdings) there is no ratio to follow: the first deposit is single-asset.
    if share_supply == 0 {
        return Err(MathError::EmptyVault);
    }
    let mut shares: Option<u64> = None;
    for (max, balance) in max_amounts.iter().zip(balances) {
        if *balance == 0 {
            continue;
        }
        // Saturate: a ratio beyond u64 can never be the minimum of a real deposit.
        let here = mul_div(*max, share_supply, *balance, Rounding::Down).unwrap_or(u64::MAX);
        shares = Some(shares.map_or(here, |s| s.min(here)));
    }
    let shares = shares.ok_or(MathError::EmptyVault)?;
    if shares == 0 {
        return Err(MathError::ZeroShares);
    }
    for (amount_in, balance) in amounts_in.iter_mut().zip(balances) {
        *amount_in = mul_div(shares, *balance, share_supply, Rounding::Up)?;
    }
    Ok(shares)
}

/// Tokens of one asset paid for `shares` of `share_supply` from a balance of `balance`: the exact
/// pro-rata part, rounded down.
pub fn in_kind_withdrawal(shares: u64, balance: u64, share_supply: u64) -> MathResult<u64> {
    if shares > share_supply {
        return Err(MathError::InsufficientShares);
    }
    mul_div(balance, shares, share_supply, Rounding::Down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deposit_follows_the_scarcest_asset_and_rounds_amounts_up() {
        let balances = [1_000, 3_000, 0];
        let mut amounts = [0; 3];
        // Offering 100 and 600 of a vault with 10,000 shares: 100/1000 limits -> 1,000 shares.
        let shares = in_kind_deposit(&[100, 600, 5], &balances, 10_000, &mut amounts).unwrap();
        assert_eq!(shares, 1_000);
        assert_eq!(amounts, [100, 300, 0]);
        // Uneven ratios: shares floor, amounts ceil.
        let shares = in_kind_deposit(&[7, 100], &[3, 5], 10, &mut amounts[..2]).unwrap();
        // min(floor(7·10/3), floor(100·10/5)) = min(23, 200) = 23; amounts ceil(6.9), ceil(11.5).
        assert_eq!(shares, 23);
        assert_eq!(&amounts[..2], &[7, 12]);
    }

    #[test]
    fn refuses_what_cannot_be_priced() {
        let mut amounts = [0; 2];
        assert_eq!(in_kind_deposit(&[1, 1], &[5, 5], 0, &mut amounts), Err(MathError::EmptyVault));
        assert_eq!(in_kind_deposit(&[1, 1], &[0, 0], 5, &mut amounts), Err(MathError::EmptyVault));
        assert_eq!(in_kind_deposit(&[1, 1], &[1_000, 5], 5, &mut amounts), Err(MathError::ZeroShares));
        assert_eq!(in_kind_deposit(&[1], &[5, 5], 5, &mut amounts), Err(MathError::LengthMismatch));
    }

    #[test]
    fn withdrawal_is_pro_rata_rounded_down() {
        assert_eq!(in_kind_withdrawal(1, 10, 3), Ok(3));
        assert_eq!(in_kind_withdrawal(3, 10, 3), Ok(10));
        assert_eq!(in_kind_withdrawal(4, 10, 3), Err(MathError::InsufficientShares));
    }
}
