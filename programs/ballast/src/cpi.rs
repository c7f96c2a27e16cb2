//! Token CPIs the vault makes, in one place, so every handler moves tokens the same way.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_spl::token_interface::spl_token_2022::instruction as token_ix;
use anchor_spl::token_interface::{self, MintTo, TransferChecked};

use crate::state::{seeds, Vault};

/// The vault PDA's signer seeds, owned, so no borrow of the vault account lives across a CPI.
pub struct VaultSigner {
    creator: Pubkey,
    id: [u8; 8],
    bump: [u8; 1],
}

impl VaultSigner {
    pub fn of(vault: &Vault) -> Self {
        VaultSigner { creator: vault.creator, id: vault.vault_id.to_le_bytes(), bump: [vault.bump] }
    }

    pub fn seeds(&self) -> [&[u8]; 4] {
        Vault::signer_seeds(&self.creator, &self.id, &self.bump)
    }
}

/// Signer seeds of a per-vault PDA `[prefix, vault, bump]` (the share mint, the swap authority),
/// owned so that no borrow of the vault account lives across a CPI.
pub struct VaultPdaSigner {
    prefix: &'static [u8],
    vault: Pubkey,
    bump: [u8; 1],
}

impl VaultPdaSigner {
    /// The share mint, which is its own mint authority.
    pub fn share_mint(vault_key: Pubkey, vault: &Vault) -> Self {
        VaultPdaSigner { prefix: seeds::SHARE_MINT, vault: vault_key, bump: [vault.share_mint_bump] }
    }

    /// The swap authority, which signs only the AMM's swap.
    pub fn swap_authority(vault_key: Pubkey, vault: &Vault) -> Self {
        VaultPdaSigner { prefix: seeds::SWAP_AUTHORITY, vault: vault_key, bump: [vault.swap_authority_bump] }
    }

    pub fn seeds(&self) -> [&[u8]; 3] {
        [self.prefix, self.vault.as_ref(), &self.bump]
    }
}

/// Mints `amount` shares to `to`, signed by the share mint itself (its own mint authority, a PDA
/// that signs nothing else).
pub fn mint_shares<'info>(
    token_program: &AccountInfo<'info>,
    share_mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    signer: &VaultPdaSigner,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let seeds = signer.seeds();
    token_interface::mint_to(
        CpiContext::new_with_signer(
            token_program.key(),
            MintTo { mint: share_mint.clone(), to: to.clone(), authority: share_mint.clone() },
            &[&seeds],
        ),
        amount,
    )
}

/// Like [`mint_shares`], through `invoke_signed_unchecked`: for `rebalance`, which holds no borrow of
/// any account when it pays the bounty (the checked form re-tests each account's `RefCell`).
pub fn mint_shares_unchecked<'info>(
    token_program: &AccountInfo<'info>,
    share_mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    signer: &VaultPdaSigner,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let ix = token_ix::mint_to(token_program.key, share_mint.key, to.key, share_mint.key, &[], amount)?;
    invoke_signed_unchecked(&ix, &[share_mint.clone(), to.clone()], &[&signer.seeds()])?;
    Ok(())
}

/// The vault approves `delegate` to move `amount` of `account` (the swap authority, for the sold
/// amount), through `invoke_signed_unchecked`: `rebalance` holds no borrow of any account here.
pub fn approve_unchecked<'info>(
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
    delegate: &AccountInfo<'info>,
    vault: &AccountInfo<'info>,
    signer: &VaultSigner,
    amount: u64,
) -> Result<()> {
    let ix = token_ix::approve(token_program.key, account.key, delegate.key, vault.key, &[], amount)?;
    invoke_signed_unchecked(&ix, &[account.clone(), delegate.clone(), vault.clone()], &[&signer.seeds()])?;
    Ok(())
}

/// `transfer_checked` of `amount` from `from` to `to`, signed by `authority` (or by the vault when
/// `signer` is given).
#[allow(clippy::too_many_arguments)]
pub fn transfer<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    signer: Option<&VaultSigner>,
    amount: u64,
    decimals: u8,
) -> Result<()> {
    let accounts =
        TransferChecked { from: from.clone(), mint: mint.clone(), to: to.clone(), authority: authority.clone() };
    match signer {
        Some(signer) => {
            let seeds = signer.seeds();
            token_interface::transfer_checked(
                CpiContext::new_with_signer(token_program.key(), accounts, &[&seeds]),
                amount,
                decimals,
            )
        }
        None => token_interface::transfer_checked(CpiContext::new(token_program.key(), accounts), amount, decimals),
    }
}
