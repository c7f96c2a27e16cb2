//! A rebalance auction: the planned sell amount of one pair, offered to any solver at a price that
//! falls from above the oracle rate to below it (`ballast_math::auction`).
use anchor_lang::prelude::*;
use ballast_math::auction::Curve;

use crate::errors::BallastError;
use crate::state::AssetSlot;

/// A rebalance auction (PDA `[AUCTION, vault]`; one at a time per vault). Opened by `open_auction`
/// from the program's own plan, filled by `fill_begin` + `fill_end` pairs, closed by `close_auction`.
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct Auction {
    /// The vault whose rebalance this sells.
    pub vault: Pubkey,
    /// Who opened it: paid its rent, receives it back at `close_auction`.
    pub opener: Pubkey,
    /// Mint of the asset sold (the vault's slot `sell`).
    pub sell_mint: Pubkey,
    /// Mint of the asset bought (the vault's slot `buy`).
    pub buy_mint: Pubkey,
    /// Slot index of the sold asset.
    pub sell: u8,
    /// Slot index of the bought asset.
    pub buy: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// The planned amount of the sold asset (atomic units).
    pub amount: u64,
    /// What is left to fill of `amount` (atomic units).
    pub remaining: u64,
    /// What fills have brought of the bought asset so far (atomic units).
    pub received: u64,
    /// Fills so far (count).
    pub fills: u32,
    /// When it opened (Unix seconds).
    pub opened_at: i64,
    /// After this it takes no fill (Unix seconds; `opened_at + duration_secs`).
    pub expires_at: i64,
    /// The ask's start above the oracle rate (bps), from the parameters at opening.
    pub premium_bps: u16,
    /// The ask's floor below the oracle rate (bps), from the parameters at opening.
    pub discount_bps: u16,
    /// How long the ask falls (seconds), from the parameters at opening.
    pub duration_secs: u32,
    /// The sold asset's mid price at opening (USD per whole token, 12 decimals): a fill is refused
    /// when the price moved more than the breaker's limit since.
    pub sell_price_at_open: u64,
    /// The bought asset's mid price at opening (USD per whole token, 12 decimals).
    pub buy_price_at_open: u64,
    /// The fill between its `fill_begin` and `fill_end` (all zero outside one transaction).
    pub fill: FillInFlight,
}

/// What `fill_begin` recorded for its `fill_end` (in the same transaction, by construction).
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FillInFlight {
    /// The solver that took the tokens (default key: no fill in flight).
    pub solver: Pubkey,
    /// Atomic units of the sold asset sent to the solver.
    pub taken: u64,
    /// The vault's holding of the sold asset before (atomic units, net of claims).
    pub sell_before: u64,
    /// The vault's holding of the bought asset before (atomic units, net of claims).
    pub buy_before: u64,
    /// SHA-256 over every vault token account (lamports, owner, data; the pair's amounts left
    /// out) and the share mint (everything), before: `fill_end` requires the same after.
    pub digest: [u8; 32],
}

impl FillInFlight {
    pub fn in_flight(&self) -> bool {
        self.solver != Pubkey::default()
    }
}

impl Auction {
    pub const SPACE: usize = 8 + Auction::INIT_SPACE;

    /// The ask's curve this auction was opened with.
    pub fn curve(&self) -> Curve {
        Curve { premium_bps: self.premium_bps, discount_bps: self.discount_bps, duration_secs: self.duration_secs }
    }

    /// The least the next fill may sell (`ballast_math::auction::min_fill`).
    pub fn min_fill(&self) -> ballast_math::error::MathResult<u64> {
        ballast_math::auction::min_fill(self.amount, self.remaining)
    }

    /// Whether it may take a fill at `now`: not expired, something left.
    pub fn live(&self, now: i64) -> bool {
        now <= self.expires_at && self.remaining > 0
    }

    /// What must hold after every instruction that writes it.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.sell != self.buy
                && self.sell_mint != self.buy_mint
                && self.remaining <= self.amount
                && self.expires_at >= self.opened_at
                && self.duration_secs > 0
                && self.sell_price_at_open > 0
                && self.buy_price_at_open > 0
                && (!self.fill.in_flight() || self.fill.taken > 0),
            BallastError::InvariantAuction
        );
        Ok(())
    }
}

/// The vault's slots of the auction's pair, checked to still hold its mints (a slot removed or
/// reordered since the auction opened refuses the fill: `AssetNotInVault`).
pub fn auction_pair(slots: &[AssetSlot], auction: &Auction) -> Result<(AssetSlot, AssetSlot)> {
    let slot = |i: u8, mint: &Pubkey| {
        slots
            .get(usize::from(i))
            .filter(|s| s.mint == *mint)
            .copied()
            .ok_or_else(|| error!(BallastError::AssetNotInVault))
    };
    Ok((slot(auction.sell, &auction.sell_mint)?, slot(auction.buy, &auction.buy_mint)?))
}
