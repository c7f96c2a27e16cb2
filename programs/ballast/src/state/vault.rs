use anchor_lang::prelude::*;
use ballast_math::params::BOUNTY_IN_SHARES;
use ballast_math::policy::Insured;
use ballast_math::weights::WeightRange;
use ballast_math::BPS_DENOMINATOR;

use crate::errors::BallastError;
use crate::state::{seeds, VaultParams};
use crate::swap::Adapter;

/// Asset slots per vault. Slots live inline in the vault account; every rule takes slices, so a
/// later version can move slots to per-asset accounts (for ~100 assets) without touching the math.
pub const MAX_ASSETS: usize = 16;

/// Pools (and routes) a vault may swap through (allow-list slots).
pub const MAX_POOLS: usize = 8;

/// The vault layout this program reads and writes (`Vault::layout_version`).
pub const VAULT_LAYOUT_VERSION: u8 = 3;

/// Pause flag: single-asset and in-kind deposits are refused.
pub const PAUSE_DEPOSITS: u8 = 1;
/// Pause flag: rebalancing is refused.
pub const PAUSE_REBALANCE: u8 = 2;

/// One asset the vault holds.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct AssetSlot {
    /// SPL mint of the asset (Token or Token-2022).
    pub mint: Pubkey,
    /// The vault's token account for this asset (PDA `[VAULT_TOKEN, vault, mint]`).
    pub token_account: Pubkey,
    /// Token program that owns `mint` and `token_account`.
    pub token_program: Pubkey,
    /// Pyth price feed id (32 bytes) the asset must be priced by.
    pub price_feed_id: [u8; 32],
    /// Target weight (bps of vault value; active slots sum to 10,000).
    pub target_weight_bps: u16,
    /// Lowest target weight governance may set (bps).
    pub min_weight_bps: u16,
    /// Highest target weight governance may set (bps).
    pub max_weight_bps: u16,
    /// Decimals of `mint`.
    pub decimals: u8,
    /// Bump of `token_account`.
    pub token_account_bump: u8,
    /// Last accepted mid price, the breaker's reference (USD per whole token, 12 decimals; 0 = none).
    pub reference_price: u64,
    /// Mid price at the last volatility observation (USD per whole token, 12 decimals; 0 = none).
    pub last_observed_price: u64,
    /// EWMA of squared log-returns between observations, each scaled to a minute (bps² per minute).
    pub vol_variance: u64,
    /// Publish time of the newest price the vault accepted for this asset (Unix seconds; 0 =
    /// none): older updates are refused (`PriceOlderThanAccepted`).
    pub last_publish_time: i64,
    /// Tokens in `token_account` owed to holders' claims (atomic units): not part of the vault's
    /// holdings, paid out only by `redeem_claim`.
    pub claimed: u64,
}

/// One allow-listed way to swap: an AMM program and the one pool of it the vault may trade a pair
/// through (for the route adapter, which cannot be pinned, no pool and a slippage bound of its own).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct AllowedPool {
    /// The AMM (or router) program; the default key marks a free slot.
    pub program: Pubkey,
    /// The pool account the swap must go through (CPMM pool state, Whirlpool); default for a route.
    pub pool: Pubkey,
    /// The pair's mints, in either order.
    pub mint_a: Pubkey,
    pub mint_b: Pubkey,
    /// How `rebalance` calls the program (`swap::Adapter` code; 0 for a free slot).
    pub adapter: u8,
    /// Reserved, zero.
    pub _pad: u8,
    /// Route only: the slippage `min_out` allows through this route (bps; below the vault's
    /// `max_slippage_bps`); 0 for pinned pools, which use the vault's.
    pub max_slippage_bps: u16,
    /// Reserved, zero.
    pub _reserved: [u8; 4],
}

impl AllowedPool {
    pub fn is_free(&self) -> bool {
        self.program == Pubkey::default()
    }

    /// Whether this entry serves the pair of `x` and `y` (either direction).
    pub fn serves(&self, x: &Pubkey, y: &Pubkey) -> bool {
        (self.mint_a == *x && self.mint_b == *y) || (self.mint_a == *y && self.mint_b == *x)
    }
}

impl AssetSlot {
    pub fn zeroed() -> Self {
        bytemuck::Zeroable::zeroed()
    }

    pub fn weight_range(&self) -> WeightRange {
        WeightRange { min_bps: self.min_weight_bps, max_bps: self.max_weight_bps }
    }
}

/// Whether every byte is zero, compared against a zero buffer with one `memcmp` (a syscall on
/// SBF) instead of field by field: the free slots are most of the vault.
fn is_zero(bytes: &[u8]) -> bool {
    const ZEROS: [u8; MAX_ASSETS * core::mem::size_of::<AssetSlot>()] =
        [0; MAX_ASSETS * core::mem::size_of::<AssetSlot>()];
    ZEROS.get(..bytes.len()).is_some_and(|zeros| zeros == bytes)
}

/// What a queued governance change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    None,
    Params,
    Weights,
    AddAsset,
    AddAmm,
}

/// A loosening change waiting for the timelock (one at a time).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct PendingChange {
    /// [`ChangeKind`] as `u8`; 0 when nothing is pending.
    pub kind: u8,
    /// Reserved, zero.
    pub _reserved: [u8; 7],
    /// Earliest Unix time (seconds) at which anyone may execute the change.
    pub executable_at: i64,
    /// New parameters (kind `Params`).
    pub params: VaultParams,
    /// New target weights, bps, in slot order (kind `Weights`).
    pub weights: [u16; MAX_ASSETS],
    /// The slot to append (kind `AddAsset`).
    pub asset: AssetSlot,
    /// The pool to allow (kind `AddAmm`).
    pub pool: AllowedPool,
}

impl ChangeKind {
    /// Its code in `PendingChange::kind` and the governance events (0 when nothing is pending).
    pub const fn code(self) -> u8 {
        match self {
            ChangeKind::None => 0,
            ChangeKind::Params => 1,
            ChangeKind::Weights => 2,
            ChangeKind::AddAsset => 3,
            ChangeKind::AddAmm => 4,
        }
    }
}

impl From<ChangeKind> for u8 {
    fn from(kind: ChangeKind) -> u8 {
        kind.code()
    }
}

impl PendingChange {
    pub fn is_pending(&self) -> bool {
        self.kind() != ChangeKind::None
    }

    pub fn kind(&self) -> ChangeKind {
        match self.kind {
            1 => ChangeKind::Params,
            2 => ChangeKind::Weights,
            3 => ChangeKind::AddAsset,
            4 => ChangeKind::AddAmm,
            _ => ChangeKind::None,
        }
    }
}

/// A rebalancing vault (zero-copy: its asset slots are read in place, never deserialized whole).
#[account(zero_copy)]
#[derive(Debug)]
pub struct Vault {
    /// Governance key: may change parameters (a wallet, a Squads multisig or a DAO).
    pub authority: Pubkey,
    /// Key that may accept the authority (two-step transfer); default when none is proposed.
    pub pending_authority: Pubkey,
    /// Key that may only pause and unpause deposits and rebalancing.
    pub guardian: Pubkey,
    /// Signer that created the vault; part of the vault's PDA seeds.
    pub creator: Pubkey,
    /// The vault's share mint (PDA `[SHARE_MINT, vault]`, its own mint authority: it signs nothing
    /// but `mint_to`).
    pub share_mint: Pubkey,
    /// The PDA `[SWAP_AUTHORITY, vault]` that signs swaps: it owns nothing and is only ever a
    /// delegate of the sold asset's vault account for the planned `amount_in`, within `rebalance`.
    pub swap_authority: Pubkey,
    /// Share token account that receives fee shares.
    pub fee_recipient_shares: Pubkey,
    /// Creator-chosen id; part of the vault's PDA seeds.
    pub vault_id: u64,
    /// Unix time of creation (seconds).
    pub created_at: i64,
    /// Unix time fees were last accrued (seconds).
    pub fees_accrued_at: i64,
    /// Highest share price fees were charged at (USD per share, 12 decimals).
    pub high_water_mark: u64,
    /// Single-asset deposits (count).
    pub deposit_count: u64,
    /// In-kind deposits (count).
    pub deposit_in_kind_count: u64,
    /// In-kind withdrawals (count).
    pub withdraw_count: u64,
    /// Verified rebalances (count).
    pub rebalance_count: u64,
    /// Unix time of the last verified rebalance (seconds; 0 before the first).
    pub last_rebalance_at: i64,
    /// Unix time the breaker tripped (seconds; 0 when clear).
    pub breaker_tripped_at: i64,
    /// Unix time of the trip or of the last reading counted toward the warm-up (seconds).
    pub breaker_reading_at: i64,
    /// Unix time the slots' reference prices were taken (seconds).
    pub references_at: i64,
    /// Unix time of the last volatility observation (seconds).
    pub vol_observed_at: i64,
    /// Unix time the current turnover epoch started (seconds; 0 before the first rebalance).
    pub epoch_started_at: i64,
    /// Value traded in the current turnover epoch (USD, 6 decimals).
    pub epoch_traded_value: u64,
    /// Governance parameters in force.
    pub params: VaultParams,
    /// The queued loosening change, if any.
    pub pending: PendingChange,
    /// Asset slots; the first `asset_count` are active, the rest are zero.
    pub assets: [AssetSlot; MAX_ASSETS],
    /// Pools (or routes) `rebalance` may swap through; free slots are zero.
    pub pools: [AllowedPool; MAX_POOLS],
    /// Bump of the vault PDA.
    pub bump: u8,
    /// Bump of the share mint PDA.
    pub share_mint_bump: u8,
    /// Number of active asset slots (0..=MAX_ASSETS).
    pub asset_count: u8,
    /// `PAUSE_DEPOSITS | PAUSE_REBALANCE` bits.
    pub paused: u8,
    /// Normal readings since the breaker tripped (count, toward `params.warmup_readings`).
    pub breaker_normal_readings: u16,
    /// Consecutive verified rebalances with a poor fill (count, toward `params.max_poor_fills`).
    pub poor_fill_streak: u16,
    /// Bump of `swap_authority`.
    pub swap_authority_bump: u8,
    /// Why the breaker tripped (`TRIP_PRICE_MOVE`, `TRIP_POOR_FILLS`; 0 when clear).
    pub breaker_reason: u8,
    /// Layout of this account ([`VAULT_LAYOUT_VERSION`]); see docs/vault.md, "Layout versions".
    pub layout_version: u8,
    /// 1 between a `fill_begin` and its `fill_end` (always within one transaction), else 0. Every
    /// other instruction that changes the vault refuses it in `invariant()` (`FillInFlight`): the
    /// instructions sysvar lists top-level instructions only, and this is what stops a Ballast
    /// instruction run by CPI from a solver's program between the pair (a deposit or withdrawal
    /// valued while tokens are out).
    pub fill_in_flight: u8,
    /// Reserved, zero.
    pub _reserved: [u8; 4],
    /// Room for fields of later layouts, zero (so a later field reads zero as "unset"). Version 2
    /// took 16 bytes of version 1's 256 (the auction parameters and `auction_expires_at`), version 3
    /// 208 of the rest (six insurance parameters, twice, and the struck insurance period).
    pub _space: [u8; 32],
    /// When the last rebalance auction expires or expired (Unix seconds; 0: none since the last
    /// fill that emptied one). Until then `rebalance` and another `open_auction` are refused
    /// (`AuctionOpen`); after it, the next `open_auction` waits the minimum interval (`next_auction_at`).
    pub auction_expires_at: i64,
    /// The struck option-based insurance period (`roll_insurance`; zero: none struck).
    pub insurance: InsurancePeriod,
    /// The insurance index's quantities per slot: whole tokens per index unit (12 decimals; 0 for
    /// the safe slot 0 and the free slots). The index is 1.0 at the strike.
    pub insurance_quantities: [u64; MAX_ASSETS],
}

/// A struck option-based insurance period (`ballast_math::insurance::Period`).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct InsurancePeriod {
    /// Expiry (Unix seconds; 0: no period struck).
    pub expires_at: i64,
    /// The put's strike, index units (12 decimals).
    pub strike: u64,
    /// Index units each share holds, as a share price (USD per share per index unit, 12 decimals).
    pub units_per_share: u64,
    /// The floor the period was struck for (USD per share at expiry, 12 decimals).
    pub floor_share_price: u64,
}

impl InsurancePeriod {
    pub fn is_struck(&self) -> bool {
        self.expires_at != 0
    }

    /// Struck on these parameters' terms: their floor and expiry.
    pub fn on_terms(&self, params: &ballast_math::params::Params) -> bool {
        self.is_struck()
            && u64::try_from(self.expires_at).ok() == Some(params.insurance_expires_at)
            && self.floor_share_price == params.insurance_floor_share_price
    }

    pub fn to_math(&self) -> ballast_math::insurance::Period {
        ballast_math::insurance::Period {
            expires_at: self.expires_at,
            strike: self.strike,
            units_per_share: self.units_per_share,
            floor_share_price: self.floor_share_price,
        }
    }
}

impl Vault {
    pub const SPACE: usize = 8 + core::mem::size_of::<Vault>();

    pub fn active_assets(&self) -> &[AssetSlot] {
        &self.assets[..usize::from(self.asset_count).min(MAX_ASSETS)]
    }

    /// The active slots, writable (the observer's state is advanced in place).
    pub fn active_assets_mut(&mut self) -> &mut [AssetSlot] {
        &mut self.assets[..usize::from(self.asset_count).min(MAX_ASSETS)]
    }

    /// Index of the slot holding `mint`.
    pub fn asset_index(&self, mint: &Pubkey) -> Result<usize> {
        self.active_assets()
            .iter()
            .position(|slot| slot.mint == *mint)
            .ok_or_else(|| error!(BallastError::AssetNotInVault))
    }

    /// The allow-list entry for `program` and `pool` (the default key for a route), if any.
    pub fn allowed_pool(&self, program: &Pubkey, pool: &Pubkey) -> Option<&AllowedPool> {
        self.pools.iter().find(|p| !p.is_free() && p.program == *program && p.pool == *pool)
    }

    /// Unix time of the last verified rebalance; `None` before the first.
    pub fn last_rebalance(&self) -> Option<i64> {
        (self.rebalance_count > 0).then_some(self.last_rebalance_at)
    }

    /// Earliest Unix time the next rebalance may run (0 before the first).
    pub fn next_rebalance_at(&self) -> i64 {
        ballast_math::schedule::next_rebalance_at(self.last_rebalance(), self.params.min_rebalance_interval_secs)
    }

    /// Earliest Unix time the next auction may open (`ballast_math::schedule::next_auction_at`): the
    /// next rebalance's, and no sooner than the minimum interval after the last auction's expiry.
    pub fn next_auction_at(&self) -> i64 {
        ballast_math::schedule::next_auction_at(
            self.last_rebalance(),
            self.auction_expires_at,
            self.params.min_rebalance_interval_secs,
        )
    }

    /// Whether the maximum interval since the last rebalance (or since creation) has passed, so a
    /// rebalance is due even inside the bands.
    pub fn schedule_due(&self, now: i64) -> bool {
        ballast_math::schedule::schedule_due(
            self.last_rebalance(),
            self.created_at,
            self.params.max_rebalance_interval_secs,
            now,
        )
    }

    /// Books a verified trade (a swap or an auction fill) worth `value` (USD, 6 decimals) at `now`:
    /// the last rebalance, the count and the turnover epoch's traded value.
    pub fn record_trade(&mut self, now: i64, value: u128) -> Result<()> {
        let epoch = self.turnover_epoch(now);
        self.epoch_started_at = epoch.started_at;
        let traded = epoch.traded_value.checked_add(value).ok_or(BallastError::MathOverflow)?;
        self.epoch_traded_value = u64::try_from(traded).map_err(|_| BallastError::MathOverflow)?;
        self.last_rebalance_at = now;
        self.rebalance_count = self.rebalance_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        Ok(())
    }

    /// The turnover epoch a rebalance at `now` falls in.
    pub fn turnover_epoch(&self, now: i64) -> ballast_math::turnover::Epoch {
        let current = ballast_math::turnover::Epoch {
            started_at: self.epoch_started_at,
            traded_value: u128::from(self.epoch_traded_value),
        };
        current.at(now, self.params.turnover_epoch_secs)
    }

    /// The slot the bounty is paid from; `None` when it is paid in shares.
    pub fn bounty_slot(&self) -> Option<&AssetSlot> {
        if self.params.bounty_asset == BOUNTY_IN_SHARES {
            return None;
        }
        usize::try_from(self.params.bounty_asset).ok().and_then(|i| self.active_assets().get(i))
    }

    /// Each active slot's EWMA variance (bps² per minute, `volatility::VOL_REFERENCE_SECS`); free slots 0.
    pub fn variances(&self) -> [u64; MAX_ASSETS] {
        core::array::from_fn(|i| self.assets[i].vol_variance)
    }

    /// The struck insurance period as the math reads it (active slots only), `None` under another
    /// policy; `InsuranceNotRolled` when the policy is insurance but no period is struck (switching
    /// the policy off ends a period: `apply_params`). After a change of terms the old period stays
    /// hedged until governance rolls the new one.
    pub fn insured<'a>(&'a self, variances: &'a [u64; MAX_ASSETS], now: i64) -> Result<Option<Insured<'a>>> {
        if !self.params.as_math().insured() {
            return Ok(None);
        }
        require!(self.insurance.is_struck(), BallastError::InsuranceNotRolled);
        let n = usize::from(self.asset_count).min(MAX_ASSETS);
        Ok(Some(Insured {
            period: self.insurance.to_math(),
            quantities: &self.insurance_quantities[..n],
            variances: &variances[..n],
            now,
        }))
    }

    pub fn breaker_tripped(&self) -> bool {
        self.breaker_tripped_at != 0
    }

    /// Whether a rebalance auction is open at `now` (opened and neither filled nor expired).
    pub fn auction_open(&self, now: i64) -> bool {
        self.auction_expires_at != 0 && now <= self.auction_expires_at
    }

    pub fn rebalance_paused(&self) -> bool {
        self.paused & PAUSE_REBALANCE != 0
    }

    pub fn deposits_paused(&self) -> bool {
        self.paused & PAUSE_DEPOSITS != 0
    }

    /// Seeds the vault signs CPIs with, from copies of `creator`, `vault_id` (LE) and `bump`
    /// so that no borrow of the vault account is held during the CPI.
    pub fn signer_seeds<'a>(creator: &'a Pubkey, id: &'a [u8; 8], bump: &'a [u8; 1]) -> [&'a [u8]; 4] {
        [seeds::VAULT, creator.as_ref(), id.as_slice(), bump.as_slice()]
    }

    /// What must hold after every instruction that changes the vault.
    pub fn invariant(&self) -> Result<()> {
        require!(self.fill_in_flight == 0, BallastError::FillInFlight);
        self.invariant_of_state()
    }

    /// `invariant()` for `fill_begin`, which leaves a fill in flight on purpose.
    pub fn invariant_in_fill(&self) -> Result<()> {
        require!(self.fill_in_flight == 1, BallastError::FillNotInFlight);
        self.invariant_of_state()
    }

    fn invariant_of_state(&self) -> Result<()> {
        require!(
            self.layout_version == VAULT_LAYOUT_VERSION && is_zero(&self._space),
            BallastError::VaultLayoutUnsupported
        );
        let count = usize::from(self.asset_count);
        let slots_ok = count <= MAX_ASSETS
            && self.active_assets().iter().all(|s| {
                s.mint != Pubkey::default()
                    && s.token_account != Pubkey::default()
                    && s.min_weight_bps <= s.target_weight_bps
                    && s.target_weight_bps <= s.max_weight_bps
            })
            && is_zero(bytemuck::cast_slice(self.assets.get(count..).unwrap_or_default()));
        let weights: u32 = self.active_assets().iter().map(|s| u32::from(s.target_weight_bps)).sum();
        let weights_ok = count == 0 || weights == u32::from(BPS_DENOMINATOR);
        let params_ok = self.params.as_math().validate().is_ok();
        // The stored kind is one the program knows (it survives a round trip through the enum).
        let pending_ok = u8::from(self.pending.kind()) == self.pending.kind;
        let pause_ok = self.paused & !(PAUSE_DEPOSITS | PAUSE_REBALANCE) == 0;
        // Each entry once, with a known adapter; a route has no pool and a slippage bound of its own
        // (`add_amm` wants it below the vault's; `rebalance` uses the lower of the two), a pinned
        // pool a pool and no bound of its own; free slots are zero.
        // Each key comparison is a memcmp call on SBF, so the adapter byte says which slots are
        // used (a free slot, adapter 0, must be all zero; a used one must name a program, so
        // `is_free` agrees), and each pair of used entries is compared once.
        let used: [bool; MAX_POOLS] = core::array::from_fn(|i| self.pools[i].adapter != 0);
        let amms_ok = self.pools.iter().enumerate().all(|(i, p)| {
            if !used[i] {
                // One memcmp (a syscall on SBF) rather than a loop over 136 bytes per free slot.
                return is_zero(bytemuck::bytes_of(p));
            }
            let once = self
                .pools
                .iter()
                .enumerate()
                .skip(i.saturating_add(1))
                .all(|(j, q)| !used[j] || q.pool != p.pool || q.program != p.program);
            let shape_ok = match Adapter::from_code(p.adapter) {
                Ok(Adapter::Route) => p.pool == Pubkey::default() && p.max_slippage_bps > 0,
                Ok(_) => p.pool != Pubkey::default() && p.max_slippage_bps == 0,
                Err(_) => false,
            };
            once && shape_ok && p.program != Pubkey::default() && p.mint_a != p.mint_b
        });
        // The bounty is paid in shares or in an asset the vault holds.
        let bounty_ok =
            self.params.bounty_asset == BOUNTY_IN_SHARES || self.params.bounty_asset < u32::from(self.asset_count);
        // A tripped breaker knows why; a clear one has no reason and no warm-up reading.
        let breaker_ok = if self.breaker_tripped() {
            self.breaker_reason != 0
        } else {
            self.breaker_reason == 0 && self.breaker_reading_at == 0
        };
        // A struck period has a strike, units and a floor, its index holds no safe asset and no free
        // slot; an unstruck one is all zero.
        let quantities = &self.insurance_quantities;
        let insurance_ok = if self.insurance.is_struck() {
            self.insurance.strike != 0
                && self.insurance.units_per_share != 0
                && self.insurance.floor_share_price != 0
                && quantities[0] == 0
                && quantities.get(count..).unwrap_or_default().iter().all(|q| *q == 0)
        } else {
            self.insurance == <InsurancePeriod as bytemuck::Zeroable>::zeroed() && quantities.iter().all(|q| *q == 0)
        };
        require!(slots_ok, BallastError::InvariantAssetSlots);
        require!(weights_ok, BallastError::InvariantWeights);
        require!(params_ok, BallastError::InvariantParams);
        require!(pending_ok, BallastError::InvariantPendingChange);
        require!(pause_ok, BallastError::InvariantPauseBits);
        require!(amms_ok, BallastError::InvariantAllowList);
        require!(bounty_ok, BallastError::InvariantBountyAsset);
        require!(breaker_ok, BallastError::InvariantBreaker);
        require!(insurance_ok, BallastError::InvariantInsurance);
        Ok(())
    }
}
