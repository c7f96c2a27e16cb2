use anchor_lang::prelude::*;
use ballast_math::auction::{check_fill, required_out, FillOutcome, Side};
use ballast_math::breaker::move_bps;
use ballast_math::price::value_of;

use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::AuctionFilled;
use crate::oracle::{vault_accounts, Holdings};
use crate::state::{auction_pair, seeds, Auction, FillInFlight, Vault};
use crate::token_layout;
use crate::watch::Observed;

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
/// The accounts' order up to `auction` is `fill_begin`'s (`fill_pair` reads both by position).
#[derive(Accounts)]
pub struct FillEnd<'info> {
    /// The solver that began the fill.
    pub solver: Signer<'info>,

    /// Position `fill_pair::VAULT_POSITION`.
    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: the vault's own share mint (`has_one`); part of the fill's digest.
    pub share_mint: UncheckedAccount<'info>,

    /// Position `fill_pair::AUCTION_POSITION`.
    #[account(mut, has_one = vault, seeds = [seeds::AUCTION, vault.key().as_ref()], bump = auction.bump)]
    pub auction: Box<Account<'info, Auction>>,

    /// CHECK: the instructions sysvar (address checked).
    #[account(address = solana_instructions_sysvar::ID)]
    pub instructions: UncheckedAccount<'info>,
}

/// The swap path's value and drift checks for the fill (`ballast_math::auction::check_fill`), with
/// the pair's holdings before taken from `fill_begin`'s record (its own frame: SBF's 4 KiB).
#[inline(never)]
fn outcome(
    vault: &Vault,
    holdings: &Holdings,
    [sell, buy]: [usize; 2],
    fill: &FillInFlight,
    supply: u64,
    now: i64,
) -> Result<FillOutcome> {
    let mut before = holdings.positions(vault, 0);
    before[sell].amount = fill.sell_before;
    before[buy].amount = fill.buy_before;
    let variances = vault.variances();
    let insured = vault.insured(&variances, now)?;
    check_fill(&before, &holdings.balances[..holdings.count], vault.params.as_math(), supply, insured.as_ref())
        .or_refuse()
}

impl<'info> FillEnd<'info> {
    /// The solver, after its `fill_begin` in the same transaction: the vault must now hold at least
    /// the auction's current ask (fill-time oracle rate × the decayed factor) of the bought asset for
    /// what it gave; every other vault account and the share mint as they were; the oracle within the
    /// breaker's limit of its price at opening; the vault's value within the loss limit and its
    /// drift not raised. Records the fill (the auction's remaining amount, the vault's turnover).
    #[inline(never)]
    pub fn handler(ctx: Context<'info, Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let vault_key = accounts.vault.key();
        let auction_key = accounts.auction.key();
        crate::fill_pair::require_fill_end_top_level(&accounts.instructions, &vault_key, &auction_key)?;
        let fill = accounts.auction.fill;
        require!(fill.in_flight(), BallastError::FillNotInFlight);
        require_keys_eq!(accounts.solver.key(), fill.solver, BallastError::FillSolverMismatch);

        let mut vault = accounts.vault.load_mut()?;
        let auction = &accounts.auction;
        let (sell_slot, buy_slot) = auction_pair(vault.active_assets(), auction)?;
        let (sell, buy) = (usize::from(auction.sell), usize::from(auction.buy));
        let holdings = Box::new(Holdings::load(&vault, ctx.remaining_accounts, now)?);
        holdings.require_fresh(now, vault.params.fresh_price_age_secs)?;
        let (sell_price, buy_price) = (holdings.prices[sell].mid, holdings.prices[buy].mid);
        let limit = u32::from(vault.params.max_price_move_bps);
        require!(
            move_bps(auction.sell_price_at_open, sell_price) <= limit
                && move_bps(auction.buy_price_at_open, buy_price) <= limit,
            BallastError::AuctionOracleMoved
        );
        let digest =
            token_layout::fill_digest(&vault_accounts(ctx.remaining_accounts), [sell, buy], &accounts.share_mint)?;
        require!(digest == fill.digest, BallastError::VaultAccountAltered);

        // What the vault gave (a solver may send some back) and got.
        let sold = fill.sell_before.saturating_sub(holdings.balances[sell]);
        // A fill that gave nothing (everything sent back, or sent to the vault's own account) would
        // still count as a rebalance and push the next one back by the minimum interval.
        require!(sold > 0, BallastError::ZeroAmount);
        // Nor may a dust fill count as a rebalance (and reset the poor-fill streak, push back the
        // next rebalance and the schedule): at least a tenth of the auction, or all that is left.
        require!(sold >= accounts.auction.min_fill().or_refuse()?, BallastError::FillTooSmall);
        let received = holdings.balances[buy].checked_sub(fill.buy_before).ok_or(BallastError::OutputShort)?;
        let factor = auction.curve().ask_factor_bps(now.saturating_sub(auction.opened_at)).or_refuse()?;
        let required = required_out(
            sold,
            Side { price: sell_price, decimals: sell_slot.decimals },
            Side { price: buy_price, decimals: buy_slot.decimals },
            factor,
        )
        .or_refuse()?;
        require!(received >= required, BallastError::AuctionFillShort);

        let supply = token_layout::mint_supply(&accounts.share_mint.try_borrow_data()?)?;
        let outcome = outcome(&vault, &holdings, [sell, buy], &fill, supply, now)?;

        holdings.record_publish_times(&mut vault, now);
        vault.record_trade(now, value_of(sold, sell_price, sell_slot.decimals, false).or_refuse()?)?;
        // A fill that lost more than half the loss limit is a poor fill, as on the swap path: enough
        // of them in a row trip the breaker (and only governance clears that trip).
        let mut observed = Observed::of(&vault);
        observed.record_fill(vault_key, &auction.buy_mint, outcome.value_before, outcome.value_after, now);
        observed.store(&mut vault);

        let auction = &mut accounts.auction;
        auction.remaining = auction.remaining.checked_sub(sold).ok_or(BallastError::FillExceedsRemaining)?;
        auction.received = auction.received.checked_add(received).ok_or(BallastError::MathOverflow)?;
        auction.fills = auction.fills.checked_add(1).ok_or(BallastError::MathOverflow)?;
        auction.fill = FillInFlight::default();
        require!(vault.fill_in_flight == 1, BallastError::FillNotInFlight);
        vault.fill_in_flight = 0;
        if auction.remaining == 0 {
            // Filled: the swap path and the next auction may run (after the minimum interval).
            vault.auction_expires_at = 0;
        }
        auction.invariant()?;
        vault.invariant()?;
        emit!(AuctionFilled {
            vault: vault_key,
            auction: auction_key,
            solver: fill.solver,
            sell_mint: auction.sell_mint,
            buy_mint: auction.buy_mint,
            amount_in: sold,
            amount_out: received,
            required_out: required,
            ask_factor_bps: factor,
            sell_price: to_u64(sell_price.0)?,
            buy_price: to_u64(buy_price.0)?,
            value_before: to_u64(outcome.value_before)?,
            value_after: to_u64(outcome.value_after)?,
            drift_before_bps: outcome.drift_before_bps,
            drift_after_bps: outcome.drift_after_bps,
            remaining: auction.remaining,
        });
        Ok(())
    }
}
