use anchor_lang::prelude::*;
use ballast_math::decision::RebalanceDecision;

use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::AuctionOpened;
use crate::rebalance_gate::Path;
use crate::state::{seeds, Auction, FillInFlight, Vault};
use crate::token_layout;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct OpenAuctionArgs {
    /// The pair to sell and buy, `[sell slot, buy slot]`, as `rebalance`'s; `None`: the program's choice.
    pub pair: Option<[u8; 2]>,
}

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct OpenAuction<'info> {
    /// Pays the auction's rent (returned at `close_auction`).
    #[account(mut)]
    pub opener: Signer<'info>,

    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: the vault's own share mint (`has_one`); its supply is read at its fixed offset.
    pub share_mint: UncheckedAccount<'info>,

    #[account(
        init,
        payer = opener,
        space = Auction::SPACE,
        seeds = [seeds::AUCTION, vault.key().as_ref()],
        bump,
    )]
    pub auction: Box<Account<'info, Auction>>,

    pub system_program: Program<'info, System>,
}

impl<'info> OpenAuction<'info> {
    /// Anyone, when the program's own plan says a rebalance is due (the same gate and planner as
    /// `rebalance`: bands, schedule, turnover cap, the drift gate at the assumed fee): offers
    /// the planned amount of the planned pair in a Dutch auction (`ballast_math::auction`). Nothing
    /// leaves the vault here; fills do, each verified in its `fill_end`.
    #[inline(never)]
    pub fn handler(ctx: Context<'info, Self>, args: OpenAuctionArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let vault_key = accounts.vault.key();
        let mut vault = accounts.vault.load_mut()?;
        let (holdings, observed) = crate::rebalance_gate::gate(&vault, ctx.remaining_accounts, now, Path::Auction)?;
        let supply = token_layout::mint_supply(&accounts.share_mint.try_borrow_data()?)?;
        let RebalanceDecision { trade, .. } =
            crate::rebalance_gate::decide_without_pool(&vault, &holdings, &observed, supply, now, args.pair)
                .or_refuse()?;
        holdings.record_publish_times(&mut vault, now);
        let p = vault.params;
        let expires_at = now.checked_add(i64::from(p.auction_duration_secs)).ok_or(BallastError::MathOverflow)?;
        let (sell, buy) = (vault.assets[trade.sell], vault.assets[trade.buy]);
        accounts.auction.set_inner(Auction {
            vault: vault_key,
            opener: accounts.opener.key(),
            sell_mint: sell.mint,
            buy_mint: buy.mint,
            sell: u8::try_from(trade.sell).map_err(|_| BallastError::MathOverflow)?,
            buy: u8::try_from(trade.buy).map_err(|_| BallastError::MathOverflow)?,
            bump: ctx.bumps.auction,
            amount: trade.amount_in,
            remaining: trade.amount_in,
            received: 0,
            fills: 0,
            opened_at: now,
            expires_at,
            premium_bps: p.auction_premium_bps,
            discount_bps: p.auction_discount_bps,
            duration_secs: p.auction_duration_secs,
            sell_price_at_open: to_u64(holdings.prices[trade.sell].mid.0)?,
            buy_price_at_open: to_u64(holdings.prices[trade.buy].mid.0)?,
            fill: FillInFlight::default(),
        });
        vault.auction_expires_at = expires_at;
        accounts.auction.invariant()?;
        vault.invariant()?;
        emit!(AuctionOpened {
            vault: vault_key,
            auction: accounts.auction.key(),
            opener: accounts.opener.key(),
            sell_mint: sell.mint,
            buy_mint: buy.mint,
            amount: trade.amount_in,
            drift_bps: trade.drift_bps,
            premium_bps: p.auction_premium_bps,
            discount_bps: p.auction_discount_bps,
            duration_secs: p.auction_duration_secs,
            expires_at,
        });
        Ok(())
    }
}
