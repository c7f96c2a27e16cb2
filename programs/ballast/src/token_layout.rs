//! Reads of the vault's own token accounts at fixed offsets of the base account layout that SPL
//! Token and Token-2022 share, instead of a full unpack on every read: `rebalance` reads each
//! vault account twice, and these reads are a measurable part of its compute budget. Callers
//! first match the account to its vault slot (key = the slot's PDA, owner = the slot's token
//! program), so the layout is known.
use anchor_lang::prelude::*;

use crate::errors::BallastError;

/// Length of the base account layout.
const BASE_LEN: usize = 165;
/// `amount`: u64, little-endian.
const AMOUNT: core::ops::Range<usize> = 64..72;
/// `state`: 0 uninitialized, 1 initialized, 2 frozen.
const STATE: usize = 108;
/// `delegate`'s `COption` tag (u32, little-endian; 0 = none).
const DELEGATE_TAG: core::ops::Range<usize> = 72..76;
/// `delegate`'s key. When the tag says none, these bytes mean nothing: the token program leaves
/// the last delegate's key there when it clears one (a spent allowance, a `revoke`).
const DELEGATE_KEY: core::ops::Range<usize> = 76..108;

/// Length of the base mint layout.
const MINT_LEN: usize = 82;
/// A mint's `supply`: u64, little-endian.
const MINT_SUPPLY: core::ops::Range<usize> = 36..44;
/// A mint's `is_initialized` flag.
const MINT_INITIALIZED: usize = 45;

/// The supply of an initialized mint (the caller has matched the mint's key to the vault's).
pub fn mint_supply(data: &[u8]) -> Result<u64> {
    require!(data.len() >= MINT_LEN && data[MINT_INITIALIZED] != 0, BallastError::ShareMintUnreadable);
    let bytes: [u8; 8] = data[MINT_SUPPLY].try_into().map_err(|_| BallastError::ShareMintUnreadable)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The balance of an initialized token account.
pub fn amount(data: &[u8]) -> Result<u64> {
    require!(data.len() >= BASE_LEN && data[STATE] != 0, BallastError::WrongRemainingAccounts);
    let bytes: [u8; 8] = data[AMOUNT].try_into().map_err(|_| BallastError::WrongRemainingAccounts)?;
    Ok(u64::from_le_bytes(bytes))
}

/// Whether a token account has a delegate (after a swap: whether the swap authority's allowance
/// is left over and must be revoked).
pub fn has_delegate(data: &[u8]) -> Result<bool> {
    require!(data.len() >= BASE_LEN, BallastError::WrongRemainingAccounts);
    Ok(data[DELEGATE_TAG].iter().any(|b| *b != 0))
}

/// Everything the runtime keeps of an account that a swap may not change: lamports, owner program
/// and every data byte (extensions included, so the length too).
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    lamports: u64,
    owner: Pubkey,
    data: Vec<u8>,
}

impl Image {
    pub fn of(info: &AccountInfo) -> Result<Self> {
        Ok(Image { lamports: info.lamports(), owner: *info.owner, data: info.try_borrow_data()?.to_vec() })
    }

    /// Whether `info` is as it was, except a token account's amount (the one field a trade moves)
    /// and the bytes of a delegate that is absent before and after (see `DELEGATE_KEY`).
    pub fn same_but_amount(&self, info: &AccountInfo) -> Result<bool> {
        Ok(self.lamports == info.lamports()
            && self.owner == *info.owner
            && same_account_but_amount(&self.data, &info.try_borrow_data()?))
    }

    /// Whether `info` is exactly as it was.
    pub fn same(&self, info: &AccountInfo) -> Result<bool> {
        Ok(self.lamports == info.lamports()
            && self.owner == *info.owner
            && self.data[..] == info.try_borrow_data()?[..])
    }
}

/// SHA-256 over what a fill may not change: each vault token account's lamports, owner and data
/// (for the traded pair's two accounts, every byte but the amount) and the share mint whole. An
/// auction fill spans two instructions, so `fill_begin` keeps this digest instead of the images.
pub fn fill_digest<'a>(
    vault_accounts: &[&AccountInfo<'a>],
    pair: [usize; 2],
    share_mint: &AccountInfo<'a>,
) -> Result<[u8; 32]> {
    let accounts = vault_accounts.iter().copied().chain(core::iter::once(share_mint));
    let owned = accounts
        .map(|info| Ok((info.lamports().to_le_bytes(), info.owner.as_ref(), info.try_borrow_data()?)))
        .collect::<Result<Vec<_>>>()?;
    let mut parts: Vec<&[u8]> = Vec::with_capacity(owned.len().saturating_mul(4));
    for (i, (lamports, owner, data)) in owned.iter().enumerate() {
        parts.extend([&lamports[..], owner]);
        if pair.contains(&i) {
            require!(data.len() >= BASE_LEN, BallastError::WrongRemainingAccounts);
            parts.extend([&data[..AMOUNT.start], &data[AMOUNT.end..]]);
        } else {
            parts.push(data);
        }
    }
    Ok(solana_sha256_hasher::hashv(&parts).to_bytes())
}

/// Whether two images of a token account have the same length and bytes, but for the amount and,
/// when neither has a delegate, the meaningless delegate key bytes.
pub fn same_account_but_amount(a: &[u8], b: &[u8]) -> bool {
    let no_delegate = |d: &[u8]| d.get(DELEGATE_TAG).is_some_and(|tag| tag.iter().all(|x| *x == 0));
    if !(no_delegate(a) && no_delegate(b)) {
        return equal_except(a, b, AMOUNT);
    }
    equal_except(a, b, AMOUNT.start..DELEGATE_KEY.end) && a.get(DELEGATE_TAG) == b.get(DELEGATE_TAG)
}

/// Whether `a` and `b` have the same length and bytes outside `skip`.
fn equal_except(a: &[u8], b: &[u8], skip: core::ops::Range<usize>) -> bool {
    a.len() == b.len() && a.get(..skip.start) == b.get(..skip.start) && a.get(skip.end..) == b.get(skip.end..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cleared_delegate_s_leftover_key_is_not_a_change() {
        let mut before = vec![7u8; 200];
        before[DELEGATE_TAG].fill(0);
        before[DELEGATE_KEY].fill(0);
        // What the token program leaves after a spent allowance: tag none, the old key still there.
        let mut after = before.clone();
        after[DELEGATE_KEY].fill(9);
        after[AMOUNT].fill(1);
        assert!(same_account_but_amount(&before, &after));
        // A delegate that is still set is a change.
        let mut delegated = after.clone();
        delegated[DELEGATE_TAG.start] = 1;
        assert!(!same_account_but_amount(&before, &delegated));
        // So is any other byte.
        let mut other = after.clone();
        other[DELEGATE_KEY.end] ^= 1;
        assert!(!same_account_but_amount(&before, &other));
    }

    #[test]
    fn only_the_amount_may_differ() {
        let before = vec![7u8; 200];
        let mut after = before.clone();
        after[AMOUNT.start] = 1;
        after[AMOUNT.end - 1] = 1;
        assert!(equal_except(&before, &after, AMOUNT));
        for i in [0, AMOUNT.start - 1, AMOUNT.end, BASE_LEN - 1, BASE_LEN, 199] {
            let mut changed = before.clone();
            changed[i] ^= 0xff;
            assert!(!equal_except(&before, &changed, AMOUNT), "byte {i}");
        }
        // A reallocated account (a Token-2022 extension appended) differs even if every old byte is kept.
        let mut longer = before.clone();
        longer.extend_from_slice(&[0; 8]);
        assert!(!equal_except(&before, &longer, AMOUNT));
        assert!(!equal_except(&before, &before[..BASE_LEN], AMOUNT));
    }
}
