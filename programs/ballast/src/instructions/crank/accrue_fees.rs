use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint as ShareMint;

use crate::cpi::{mint_shares, VaultPdaSigner};
use crate::fees;
use crate::oracle::{Holdings, Side};
use crate::state::Vault;

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct AccrueFees<'info> {
    #[account(mut, has_one = share_mint, has_one = fee_recipient_shares)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(mut)]
    pub share_mint: Box<InterfaceAccount<'info, ShareMint>>,

    /// CHECK: the vault's fee share account (`has_one`); the token program checks it on mint.
    #[account(mut)]
    pub fee_recipient_shares: UncheckedAccount<'info>,

    pub share_token_program: Program<'info, Token2022>,
}

impl<'info> AccrueFees<'info> {
    /// Permissionless: accrues the management fee and, at mid oracle prices, the performance fee.
    pub fn handler(ctx: Context<'info, Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let (signer, fee_shares) = {
            let mut vault = accounts.vault.load_mut()?;
            let holdings = Holdings::load(&vault, ctx.remaining_accounts, now)?;
            holdings.record_publish_times(&mut vault, now);
            crate::watch::read(&mut vault, accounts.vault.key(), &holdings, now)?;
            // A performance fee only at fresh prices (the caller must not pick a peak from the last
            // minute); otherwise the management fee alone, as a withdrawal does.
            let value = if holdings.fresh(now, vault.params.fresh_price_age_secs) {
                Some(holdings.total_value(Side::Mid)?)
            } else {
                None
            };
            let shares = fees::accrue(&mut vault, accounts.vault.key(), accounts.share_mint.supply, value, now)?;
            vault.invariant()?;
            (VaultPdaSigner::share_mint(accounts.vault.key(), &vault), shares)
        };
        mint_shares(
            &accounts.share_token_program.to_account_info(),
            &accounts.share_mint.to_account_info(),
            &accounts.fee_recipient_shares,
            &signer,
            fee_shares,
        )
    }
}
