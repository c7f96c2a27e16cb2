use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::cpi::{transfer, VaultSigner};
use crate::errors::BallastError;
use crate::events::ClaimRedeemed;
use crate::state::{seeds, Claim, Vault};

/// Pays a claim out in full to a token account of the claim's owner and closes it (rent back to
/// the owner). Anyone may send it — the tokens can only go to the owner — so claims left unredeemed
/// cannot hold an asset in the vault forever: governance can flush them before `remove_asset`.
/// Like a withdrawal it reads no oracle, pause flag or breaker; it fails only while the tokens still
/// cannot move (the vault's account is still frozen), and the claim then simply waits.
#[derive(Accounts)]
pub struct RedeemClaim<'info> {
    /// Anyone.
    pub caller: Signer<'info>,

    /// CHECK: the claim's owner (`has_one`): receives the tokens (into its own token account) and the rent.
    #[account(mut)]
    pub owner: UncheckedAccount<'info>,

    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(
        mut,
        close = owner,
        seeds = [seeds::CLAIM, vault.key().as_ref(), owner.key().as_ref(), mint.key().as_ref()],
        bump = claim.bump,
        has_one = owner @ BallastError::WrongClaim,
        has_one = vault @ BallastError::WrongClaim,
        has_one = mint @ BallastError::WrongClaim,
    )]
    pub claim: Account<'info, Claim>,

    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Checked to be the slot's token account in `validate`.
    #[account(mut)]
    pub vault_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(mut, token::mint = mint, token::authority = owner, token::token_program = token_program)]
    pub owner_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
}

impl RedeemClaim<'_> {
    pub fn validate(&self) -> Result<()> {
        let vault = self.vault.load()?;
        let slot = &vault.assets[vault.asset_index(&self.mint.key())?];
        require_keys_eq!(slot.token_account, self.vault_token_account.key(), BallastError::WrongTokenAccount);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let amount = accounts.claim.amount;
        let (signer, decimals) = {
            let mut vault = accounts.vault.load_mut()?;
            let index = vault.asset_index(&accounts.mint.key())?;
            let slot = &mut vault.assets[index];
            slot.claimed = slot.claimed.checked_sub(amount).ok_or(BallastError::MathOverflow)?;
            let decimals = slot.decimals;
            vault.invariant()?;
            (VaultSigner::of(&vault), decimals)
        };
        let (from, to) =
            (accounts.vault_token_account.to_account_info(), accounts.owner_token_account.to_account_info());
        // An empty claim (opened, never used) is only closed.
        if amount > 0 {
            transfer(
                &accounts.token_program.to_account_info(),
                &from,
                &accounts.mint.to_account_info(),
                &to,
                &accounts.vault.to_account_info(),
                Some(&signer),
                amount,
                decimals,
            )?;
        }
        emit!(ClaimRedeemed {
            vault: accounts.vault.key(),
            owner: accounts.owner.key(),
            mint: accounts.mint.key(),
            amount
        });
        Ok(())
    }
}
