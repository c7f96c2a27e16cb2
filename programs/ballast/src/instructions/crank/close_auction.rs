use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AuctionClosed;
use crate::state::{seeds, Auction, Vault};

#[derive(Accounts)]
pub struct CloseAuction<'info> {
    #[account(mut)]
    pub vault: AccountLoader<'info, Vault>,

    #[account(
        mut,
        close = opener,
        has_one = vault,
        has_one = opener,
        seeds = [seeds::AUCTION, vault.key().as_ref()],
        bump = auction.bump,
    )]
    pub auction: Box<Account<'info, Auction>>,

    /// CHECK: receives the rent; must be the auction's opener (`has_one`).
    #[account(mut)]
    pub opener: UncheckedAccount<'info>,
}

impl<'info> CloseAuction<'info> {
    /// Anyone, once the auction is filled or expired: closes it (rent to its opener) and frees the
    /// vault for the next rebalance by either path.
    pub fn handler(ctx: Context<'info, Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let auction = &ctx.accounts.auction;
        require!(!auction.live(now), BallastError::AuctionStillLive);
        let mut vault = ctx.accounts.vault.load_mut()?;
        if vault.auction_expires_at == auction.expires_at {
            vault.auction_expires_at = 0;
        }
        vault.invariant()?;
        emit!(AuctionClosed {
            vault: ctx.accounts.vault.key(),
            auction: auction.key(),
            amount: auction.amount,
            remaining: auction.remaining,
            received: auction.received,
            fills: auction.fills,
        });
        Ok(())
    }
}
