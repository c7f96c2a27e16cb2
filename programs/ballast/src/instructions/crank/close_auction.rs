use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AuctionClosed;
use crate::state::{seeds, Auction, Vault};

#[derive(Accounts)]
pub struct CloseAuction<'info> {
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
    /// Anyone, once the auction is filled or expired: closes it (rent to its opener), so that the
    /// next one can open (after the minimum interval from this one's expiry, `Vault::next_auction_at`).
    pub fn handler(ctx: Context<'info, Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let auction = &ctx.accounts.auction;
        require!(!auction.live(now), BallastError::AuctionStillLive);
        // The vault keeps `auction_expires_at`: the next auction counts its minimum interval from it.
        ctx.accounts.vault.load()?.invariant()?;
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
