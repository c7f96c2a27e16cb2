//! One event per state change, carrying what an indexer needs. Units as in the vault's fields.
use anchor_lang::prelude::*;

use crate::state::VaultParams;

/// Governance created a vault.
#[event]
pub struct VaultInitialized {
    pub vault: Pubkey,
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub share_mint: Pubkey,
    /// Share token account that receives fee shares.
    pub fee_recipient_shares: Pubkey,
    pub vault_id: u64,
    pub params: VaultParams,
}

/// The share token's name, symbol and URI were set (at creation or by governance).
#[event]
pub struct ShareMetadataSet {
    pub vault: Pubkey,
    pub name: String,
    pub symbol: String,
    pub uri: String,
}

/// An asset slot was appended (weight 0 unless it is the first asset).
#[event]
pub struct AssetAdded {
    pub vault: Pubkey,
    pub mint: Pubkey,
    pub token_account: Pubkey,
    pub price_feed_id: [u8; 32],
    /// Target weight given to the asset (bps).
    pub target_weight_bps: u16,
    pub min_weight_bps: u16,
    pub max_weight_bps: u16,
}

/// An asset slot was removed (it had weight 0 and no balance).
#[event]
pub struct AssetRemoved {
    pub vault: Pubkey,
    pub mint: Pubkey,
    /// Dust swept to the fee recipient before the account was closed (atomic units).
    pub dust_swept: u64,
}

/// New target weights took effect (bps, slot order).
#[event]
pub struct WeightsSet {
    pub vault: Pubkey,
    pub weights: Vec<u16>,
}

/// New parameters took effect.
#[event]
pub struct ParamsSet {
    pub vault: Pubkey,
    pub params: VaultParams,
}

/// A loosening change was queued behind the timelock.
#[event]
pub struct ChangeQueued {
    pub vault: Pubkey,
    /// 1 params, 2 weights, 3 add asset, 4 add AMM.
    pub kind: u8,
    /// Earliest execution time (Unix seconds).
    pub executable_at: i64,
}

/// Governance cancelled the queued change.
#[event]
pub struct ChangeCancelled {
    pub vault: Pubkey,
    pub kind: u8,
}

/// A new authority was proposed (two-step transfer).
#[event]
pub struct AuthorityProposed {
    pub vault: Pubkey,
    pub proposed: Pubkey,
}

/// The proposed authority accepted.
#[event]
pub struct AuthorityAccepted {
    pub vault: Pubkey,
    pub previous: Pubkey,
    pub authority: Pubkey,
}

/// Governance replaced the guardian.
#[event]
pub struct GuardianSet {
    pub vault: Pubkey,
    pub guardian: Pubkey,
}

/// The guardian or authority changed the pause flags.
#[event]
pub struct PauseSet {
    pub vault: Pubkey,
    pub by: Pubkey,
    /// `1` deposits paused, `2` rebalancing paused (bits).
    pub paused: u8,
}

/// Fees accrued (shares minted to the fee recipient).
#[event]
pub struct FeesAccrued {
    pub vault: Pubkey,
    /// Management-fee shares minted (share units).
    pub management_shares: u64,
    /// Performance-fee shares minted (share units).
    pub performance_shares: u64,
    /// High-water mark after accrual (USD per share, 12 decimals).
    pub high_water_mark: u64,
    /// Unix time of the accrual.
    pub accrued_at: i64,
    /// The vault's value the fees were charged at (USD, 6 decimals, mid prices); `None` when the
    /// caller priced nothing (in-kind deposits and withdrawals, an observation at stale prices).
    pub total_value: Option<u64>,
    /// Share supply once these fee shares are minted (share units): with `total_value`, the share
    /// price of the moment (`ballast_math::fees::share_price`), which the indexer's history reads.
    pub share_supply: u64,
}

/// A depositor added one asset at oracle value and received shares.
#[event]
pub struct Deposited {
    pub vault: Pubkey,
    pub depositor: Pubkey,
    pub asset_mint: Pubkey,
    /// Tokens received by the vault (atomic units of `asset_mint`).
    pub amount: u64,
    /// Value credited for the deposit, at the low side of the price, after the deposit fee (USD, 6 decimals).
    pub value: u64,
    /// The deposit fee kept by the vault (USD, 6 decimals).
    pub fee_value: u64,
    /// Shares minted to the depositor (share units, 9 decimals).
    pub shares_out: u64,
    /// Vault value before the deposit, at the high side of prices (USD, 6 decimals).
    pub total_value_before: u64,
    /// Share supply before the deposit, after fees (share units).
    pub share_supply_before: u64,
}

/// A depositor added every asset pro rata and received shares.
#[event]
pub struct DepositedInKind {
    pub vault: Pubkey,
    pub depositor: Pubkey,
    /// Tokens received per asset, slot order (atomic units).
    pub amounts: Vec<u64>,
    pub shares_out: u64,
}

/// A holder burnt shares for their pro-rata part of every asset.
#[event]
pub struct WithdrawnInKind {
    pub vault: Pubkey,
    pub owner: Pubkey,
    /// Shares burnt (share units).
    pub shares: u64,
    /// Tokens due per asset, slot order (atomic units): paid, or owed to the owner's claim.
    pub amounts: Vec<u64>,
    /// Of `amounts`, what was owed to the owner's claims instead of paid (atomic units).
    pub claimed: Vec<u64>,
}

/// A withdrawal left part of an asset owed to the holder's claim.
#[event]
pub struct ClaimRecorded {
    pub vault: Pubkey,
    pub owner: Pubkey,
    pub mint: Pubkey,
    /// Added by this withdrawal (atomic units).
    pub amount: u64,
    /// Owed in all (atomic units).
    pub total: u64,
}

/// A holder redeemed a claim: the tokens left the vault.
#[event]
pub struct ClaimRedeemed {
    pub vault: Pubkey,
    pub owner: Pubkey,
    pub mint: Pubkey,
    /// Paid (atomic units).
    pub amount: u64,
}

/// An AMM program joined the allow-list (after the timelock once there are holders).
#[event]
pub struct AmmAllowed {
    pub vault: Pubkey,
    pub program: Pubkey,
    /// How `rebalance` calls it (`swap::Adapter` code: 1 Raydium CPMM, 2 Orca Whirlpool, 3 route).
    pub adapter: u8,
    /// The pinned pool (the default key for a route).
    pub pool: Pubkey,
    /// The pair it serves.
    pub mint_a: Pubkey,
    pub mint_b: Pubkey,
    /// A route's own slippage bound (bps); 0 for a pinned pool.
    pub max_slippage_bps: u16,
}

/// A pool (or route) left the allow-list (always at once).
#[event]
pub struct AmmRemoved {
    pub vault: Pubkey,
    pub program: Pubkey,
    /// The entry's pool (the default key for a route).
    pub pool: Pubkey,
}

/// A verified rebalance: what was traded, through which AMM, and what it did to value and drift.
#[event]
pub struct Rebalanced {
    pub vault: Pubkey,
    pub cranker: Pubkey,
    pub amm_program: Pubkey,
    pub sell_mint: Pubkey,
    pub buy_mint: Pubkey,
    /// Atomic units of `sell_mint` that left the vault.
    pub amount_in: u64,
    /// Atomic units of `buy_mint` that arrived.
    pub amount_out: u64,
    /// The least output the program accepted (atomic units of `buy_mint`).
    pub min_out: u64,
    /// Vault value before and after at oracle mid prices (USD, 6 decimals).
    pub value_before: u64,
    pub value_after: u64,
    /// Sum of |weight − target| before and after (bps).
    pub drift_before_bps: u32,
    pub drift_after_bps: u32,
    /// What allowed the trade: 1 a drift band, 2 the maximum-interval schedule.
    pub trigger: u8,
    /// What the bounty was paid in: the share mint or the bounty asset's mint.
    pub bounty_mint: Pubkey,
    /// The bounty paid to the cranker (share units, or atomic units of the bounty asset).
    pub bounty_amount: u64,
    /// Under option-based insurance, the hedge the targets came from.
    pub hedge: Option<HedgeView>,
}

/// An insured vault's hedge at one moment (`ballast_math::insurance::Hedge`): one unit of "index +
/// put" and its sensitivities. Reals with 12 decimals, saturated to `i64`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HedgeView {
    /// The index level (1.0 at the strike).
    pub index: i64,
    /// The put's strike, index units.
    pub strike: i64,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
    /// The annual volatility assumed.
    pub vol: i64,
    /// The put's value per index unit.
    pub put: i64,
    /// The position's delta (1.0: all basket), gamma (per index unit) and vega (per 100 % of volatility).
    pub delta: i64,
    pub gamma: i64,
    pub vega: i64,
    /// The basket's target weight, bps of the vault.
    pub basket_bps: u16,
    /// The Whalley–Wilmott band on the basket's weight, bps (0 with the plain drift bands, or expired).
    pub band_bps: u16,
}

impl HedgeView {
    pub fn of(h: &ballast_math::insurance::Hedge, period: &crate::state::InsurancePeriod) -> Self {
        let wide = |x: i128| i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX });
        HedgeView {
            index: wide(h.index),
            strike: wide(i128::from(period.strike)),
            expires_at: period.expires_at,
            vol: wide(h.vol),
            put: wide(h.greeks.put),
            delta: wide(h.greeks.delta),
            gamma: wide(h.greeks.gamma),
            vega: wide(h.greeks.vega),
            basket_bps: h.basket_bps,
            band_bps: h.band_bps.unwrap_or(0),
        }
    }
}

/// Governance struck an insurance period (`roll_insurance`).
#[event]
pub struct InsuranceRolled {
    pub vault: Pubkey,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
    /// The floor (USD per share at expiry, 12 decimals) and the share price at the strike.
    pub floor_share_price: u64,
    pub share_price: u64,
    /// The strike (index units, 12 decimals) and the index units per share (as a share price).
    pub strike: u64,
    pub units_per_share: u64,
    /// The annual volatility the strike was priced at (12 decimals).
    pub vol: u64,
}

/// Governance switched insurance off: the struck period ended with the change, and switched on
/// again the vault is not hedged until governance rolls a new period.
#[event]
pub struct InsuranceEnded {
    pub vault: Pubkey,
    /// The ended period's expiry (Unix seconds) and floor (USD per share at expiry, 12 decimals).
    pub expires_at: i64,
    pub floor_share_price: u64,
}

/// A price moved beyond `max_price_move_bps` within the window: single-asset deposits and
/// rebalancing halt (in-kind withdrawals never do) until the warm-up or governance clears it.
#[event]
pub struct BreakerTripped {
    pub vault: Pubkey,
    /// Why: 1 a price move (`TRIP_PRICE_MOVE`), 2 repeated poor fills (`TRIP_POOR_FILLS`).
    pub reason: u8,
    /// The asset whose price moved (reason 1), or the asset bought by the last poor fill (reason 2).
    pub mint: Pubkey,
    /// How far the price moved from its reference (reason 1), or the last fill's loss (reason 2), bps.
    pub move_bps: u32,
}

/// The breaker cleared: after `warmup_readings` normal readings, or by governance.
#[event]
pub struct BreakerCleared {
    pub vault: Pubkey,
    pub by_governance: bool,
}

/// A rebalance auction opened for the planned pair and amount.
#[event]
pub struct AuctionOpened {
    pub vault: Pubkey,
    pub auction: Pubkey,
    pub opener: Pubkey,
    pub sell_mint: Pubkey,
    pub buy_mint: Pubkey,
    /// Atomic units of the sold asset offered.
    pub amount: u64,
    /// Drift before (sum of |weight − target|, bps).
    pub drift_bps: u32,
    /// The ask's start above and floor below the oracle rate (bps), and its fall (seconds).
    pub premium_bps: u16,
    pub discount_bps: u16,
    pub duration_secs: u32,
    pub expires_at: i64,
}

/// A solver took part of an auction's sell amount (`fill_begin`); its `fill_end` follows in the
/// same transaction.
#[event]
pub struct FillBegun {
    pub vault: Pubkey,
    pub auction: Pubkey,
    pub solver: Pubkey,
    /// Atomic units of the sold asset sent to the solver.
    pub taken: u64,
}

/// A verified auction fill: what the vault gave and got, at which ask and oracle prices.
#[event]
pub struct AuctionFilled {
    pub vault: Pubkey,
    pub auction: Pubkey,
    pub solver: Pubkey,
    pub sell_mint: Pubkey,
    pub buy_mint: Pubkey,
    /// Atomic units of the sold asset the vault gave (net of any returned).
    pub amount_in: u64,
    /// Atomic units of the bought asset the vault received.
    pub amount_out: u64,
    /// The least it had to receive: the oracle rate times `ask_factor_bps`, rounded up.
    pub required_out: u64,
    /// The ask at the fill, bps of the oracle rate.
    pub ask_factor_bps: u32,
    /// Mid prices at the fill (USD per whole token, 12 decimals).
    pub sell_price: u64,
    pub buy_price: u64,
    /// Vault value at mid prices before and after (USD, 6 decimals).
    pub value_before: u64,
    pub value_after: u64,
    /// Drift before and after (bps).
    pub drift_before_bps: u32,
    pub drift_after_bps: u32,
    /// What is left of the auction (atomic units of the sold asset).
    pub remaining: u64,
}

/// An auction closed (filled or expired); its rent went back to the opener.
#[event]
pub struct AuctionClosed {
    pub vault: Pubkey,
    pub auction: Pubkey,
    pub amount: u64,
    pub remaining: u64,
    pub received: u64,
    pub fills: u32,
}
