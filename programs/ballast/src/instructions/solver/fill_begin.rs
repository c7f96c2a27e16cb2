use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenInterface;

use crate::cpi::{transfer, VaultSigner};
use crate::errors::{BallastError, IntoProgramResult};
use crate::events::FillBegun;
use crate::oracle::{vault_accounts, vault_balance, PRICED_ACCOUNTS_PER_ASSET};
use crate::state::{seeds, Auction, FillInFlight, Vault};
use crate::token_layout;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct FillBeginArgs {
    /// Atomic units of the sold asset to take (at most what the auction has left).
    pub amount: u64,
}

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order
/// (the same list `fill_end` takes; the prices are read there).
#[derive(Accounts)]
pub struct FillBegin<'info> {
    pub solver: Signer<'info>,

    /// Position `fill_pair::VAULT_POSITION`. Writable: the fill in flight is marked on it.
    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: the vault's own share mint (`has_one`); part of the fill's digest.
    pub share_mint: UncheckedAccount<'info>,

    /// Position `fill_pair::AUCTION_POSITION`.
    #[account(mut, has_one = vault, seeds = [seeds::AUCTION, vault.key().as_ref()], bump = auction.bump)]
    pub auction: Box<Account<'info, Auction>>,

    /// CHECK: the instructions sysvar (address checked), read for the transaction's shape.
    #[account(address = solana_instructions_sysvar::ID)]
    pub instructions: UncheckedAccount<'info>,

    /// The sold asset's mint (the auction's).
    /// CHECK: compared with the auction's `sell_mint`; the token program checks it against the accounts.
    #[account(address = auction.sell_mint)]
    pub sell_mint: UncheckedAccount<'info>,

    /// Receives the tokens: any token account of the sold asset (the solver's own, typically).
    /// CHECK: the token program checks its mint.
    #[account(mut)]
    pub solver_sell_account: UncheckedAccount<'info>,

    /// The sold asset's token program (compared with its slot's in the handler).
    pub sell_token_program: Interface<'info, TokenInterface>,
}

impl<'info> FillBegin<'info> {
    /// A solver, in a transaction whose next Ballast instruction is this fill's `fill_end`: the vault
    /// sends up to the auction's remaining amount of the sold asset to the solver's account. No
    /// program gets a vault signature; the token transfer is the vault's own.
    #[inline(never)]
    pub fn handler(ctx: Context<'info, Self>, args: FillBeginArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let vault_key = accounts.vault.key();
        let auction_key = accounts.auction.key();
        crate::fill_pair::require_fill_end_follows(&accounts.instructions, &vault_key, &auction_key)?;
        let mut vault = accounts.vault.load_mut()?;
        let auction = &accounts.auction;
        require!(!vault.rebalance_paused(), BallastError::RebalancePaused);
        require!(!vault.breaker_tripped(), BallastError::BreakerTripped);
        require!(auction.live(now), BallastError::AuctionNotLive);
        require!(!auction.fill.in_flight(), BallastError::FillInFlight);
        require!(args.amount > 0, BallastError::ZeroAmount);
        require!(args.amount <= auction.remaining, BallastError::FillExceedsRemaining);
        require!(args.amount >= auction.min_fill().or_refuse()?, BallastError::FillTooSmall);

        let (sell, buy) = (usize::from(auction.sell), usize::from(auction.buy));
        let slots = vault.active_assets();
        require!(
            ctx.remaining_accounts.len()
                == slots.len().checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?,
            BallastError::WrongRemainingAccounts
        );
        let token_accounts = vault_accounts(ctx.remaining_accounts);
        let (sell_slot, _) = crate::state::auction_pair(slots, auction)?;
        // Every vault account matched to its slot (so the digest covers exactly the vault's), read once.
        let balances = slots
            .iter()
            .zip(&token_accounts)
            .map(|(slot, info)| vault_balance(slot, info))
            .collect::<Result<Vec<u64>>>()?;
        let (sell_account, sell_before, buy_before) = (token_accounts[sell], balances[sell], balances[buy]);
        require_keys_eq!(accounts.sell_token_program.key(), sell_slot.token_program, BallastError::WrongTokenProgram);
        let digest = token_layout::fill_digest(&token_accounts, [sell, buy], &accounts.share_mint)?;
        let signer = VaultSigner::of(&vault);
        // Until its fill_end, every other instruction's `invariant()` refuses this vault.
        vault.fill_in_flight = 1;
        vault.invariant_in_fill()?;
        let vault_info = accounts.vault.to_account_info();
        drop(vault);
        // Never out of what holders' claims are owed: `vault_balance` is net of them.
        require!(args.amount <= sell_before, BallastError::FillExceedsRemaining);
        transfer(
            &accounts.sell_token_program.to_account_info(),
            sell_account,
            &accounts.sell_mint.to_account_info(),
            &accounts.solver_sell_account.to_account_info(),
            &vault_info,
            Some(&signer),
            args.amount,
            sell_slot.decimals,
        )?;
        let auction = &mut accounts.auction;
        auction.fill =
            FillInFlight { solver: accounts.solver.key(), taken: args.amount, sell_before, buy_before, digest };
        auction.invariant()?;
        emit!(FillBegun { vault: vault_key, auction: auction_key, solver: accounts.solver.key(), taken: args.amount });
        Ok(())
    }
}
