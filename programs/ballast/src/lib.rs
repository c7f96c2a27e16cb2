//! Ballast: autonomous rebalancing vaults. One file per instruction under `instructions/<actor>/`;
//! every rule is computed by the `ballast-math` crate.
use anchor_lang::prelude::*;

// 128-bit libcalls and mem* for the SBF target (patched build, see scripts/toolchain/).
#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

pub mod constants;
pub mod cpi;
pub mod errors;
pub mod events;
pub mod fees;
pub mod fill_pair;
pub mod instructions;
pub mod oracle;
pub mod price_layout;
pub mod rebalance_gate;
pub mod share_metadata;
pub mod state;
pub mod swap;
pub mod token_layout;
pub mod watch;

use events::HedgeView;
use instructions::*;
use share_metadata::ShareMetadata;
use state::VaultParams;

declare_id!("miY23sb59oGQ28A4QUJ4XKqDekAHAcBbiwTEjfwW2cA");

// Who to tell about a vulnerability, read by explorers from the deployed program (SECURITY.md holds
// the same contact and the policy; tests/tests/security_txt.rs reads both back).
#[cfg(not(feature = "no-entrypoint"))]
solana_security_txt::security_txt! {
    name: "Ballast",
    project_url: "https://github.com/ballast-vaults/ballast",
    contacts: "email:security@ballast.invalid",
    policy: "https://github.com/ballast-vaults/ballast/blob/main/SECURITY.md",
    preferred_languages: "en",
    source_code: "https://github.com/ballast-vaults/ballast",
    source_release: env!("CARGO_PKG_VERSION")
}

#[program]
pub mod ballast {
    use super::*;

    /// Governance: creates an empty vault, its share mint and the fee recipient's share account.
    pub fn initialize_vault(ctx: Context<InitializeVault>, args: InitializeVaultArgs) -> Result<()> {
        InitializeVault::handler(ctx, args)
    }

    /// Governance: adds an asset (Token or Token-2022, refusing risky extensions); timelocked once the vault has holders.
    pub fn add_asset(ctx: Context<AddAsset>, args: AddAssetArgs) -> Result<()> {
        AddAsset::handler(ctx, args)
    }

    /// Governance: removes an asset at weight 0, at once, sweeping a leftover balance worth at most `max_dust_value` to the fee recipient.
    pub fn remove_asset(ctx: Context<RemoveAsset>) -> Result<()> {
        RemoveAsset::handler(ctx)
    }

    /// Governance: sets target weights (sum 10,000 bps, each within its range); timelocked once the vault has holders.
    pub fn set_target_weights(ctx: Context<SetTargetWeights>, weights: Vec<u16>) -> Result<()> {
        SetTargetWeights::handler(ctx, weights)
    }

    /// Governance: sets parameters within their bounds; tightening applies at once, loosening waits for the timelock.
    pub fn set_params(ctx: Context<SetParams>, params: VaultParams) -> Result<()> {
        SetParams::handler(ctx, params)
    }

    /// Governance: allows one pool of an AMM program (or a route, with its own slippage bound) for a pair; timelocked once the vault has holders.
    pub fn add_amm(ctx: Context<AddAmm>, args: AddAmmArgs) -> Result<()> {
        AddAmm::handler(ctx, args)
    }

    /// Governance: removes a pool (or route) from the allow-list, at once.
    pub fn remove_amm(ctx: Context<RemoveAmm>, args: RemoveAmmArgs) -> Result<()> {
        RemoveAmm::handler(ctx, args)
    }

    /// Governance: clears a tripped price-move breaker without waiting for the warm-up.
    pub fn reset_breaker(ctx: Context<ResetBreaker>) -> Result<()> {
        ResetBreaker::handler(ctx)
    }

    /// Governance: strikes an option-based insurance period at fresh prices (the index, the strike and the units per share for the floor and expiry in the parameters).
    pub fn roll_insurance<'info>(ctx: Context<'info, RollInsurance<'info>>) -> Result<()> {
        RollInsurance::handler(ctx)
    }

    /// Anyone: applies the queued governance change once its timelock has elapsed.
    pub fn execute_change(ctx: Context<ExecuteChange>) -> Result<()> {
        ExecuteChange::handler(ctx)
    }

    /// Governance: cancels the queued change.
    pub fn cancel_change(ctx: Context<CancelChange>) -> Result<()> {
        CancelChange::handler(ctx)
    }

    /// Governance: proposes a new authority (step one of two).
    pub fn propose_authority(ctx: Context<ProposeAuthority>, new_authority: Pubkey) -> Result<()> {
        ProposeAuthority::handler(ctx, new_authority)
    }

    /// Proposed authority: accepts (step two of two).
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        AcceptAuthority::handler(ctx)
    }

    /// Governance: renames the share token (name, symbol, URI in the share mint's Token-2022 metadata); no timelock.
    pub fn set_share_metadata(ctx: Context<SetShareMetadata>, metadata: ShareMetadata) -> Result<()> {
        SetShareMetadata::handler(ctx, metadata)
    }

    /// Governance: replaces the guardian.
    pub fn set_guardian(ctx: Context<SetGuardian>, guardian: Pubkey) -> Result<()> {
        SetGuardian::handler(ctx, guardian)
    }

    /// Guardian or governance: pauses or unpauses deposits (bit 1) and rebalancing (bit 2); never withdrawals.
    pub fn set_pause(ctx: Context<SetPause>, paused: u8) -> Result<()> {
        SetPause::handler(ctx, paused)
    }

    /// Depositor: deposits one asset valued by Pyth and receives shares.
    pub fn deposit<'info>(ctx: Context<'info, Deposit<'info>>, args: DepositArgs) -> Result<()> {
        Deposit::handler(ctx, args)
    }

    /// Depositor: deposits every asset pro rata to holdings (no oracle) and receives shares.
    pub fn deposit_in_kind<'info>(ctx: Context<'info, DepositInKind<'info>>, args: DepositInKindArgs) -> Result<()> {
        DepositInKind::handler(ctx, args)
    }

    /// Holder: burns shares for the pro-rata part of every asset; works paused, without oracles, always.
    pub fn withdraw_in_kind<'info>(ctx: Context<'info, WithdrawInKind<'info>>, args: WithdrawInKindArgs) -> Result<()> {
        WithdrawInKind::handler(ctx, args)
    }

    /// Holder: creates its (empty) claim account on one asset, so a withdrawal can leave that asset owed instead of paid.
    pub fn open_claim(ctx: Context<OpenClaim>) -> Result<()> {
        OpenClaim::handler(ctx)
    }

    /// Anyone: pays a claim out in full to its owner and closes it; like a withdrawal, it reads no oracle, pause or breaker.
    pub fn redeem_claim(ctx: Context<RedeemClaim>) -> Result<()> {
        RedeemClaim::handler(ctx)
    }

    /// Anyone: when the vault has drifted past its bands, swaps the planned pair through its allow-listed pool (signed by the swap authority, never the vault), verifies the outcome and pays a bounty.
    pub fn rebalance<'info>(ctx: Context<'info, Rebalance<'info>>, args: RebalanceArgs) -> Result<()> {
        Rebalance::handler(ctx, args)
    }

    /// Anyone, read-only: returns (set_return_data) what `rebalance` would trade now, or why it would refuse.
    pub fn preview_rebalance<'info>(ctx: Context<'info, PreviewRebalance<'info>>) -> Result<RebalancePreview> {
        PreviewRebalance::handler(ctx)
    }

    /// Anyone, read-only: returns an insured vault's hedge now (index, Greeks, target and band) at the given prices.
    pub fn view_insurance<'info>(ctx: Context<'info, ViewInsurance<'info>>) -> Result<HedgeView> {
        ViewInsurance::handler(ctx)
    }

    /// Anyone: when a rebalance is due (the same gate and plan as `rebalance`), offers the planned amount of the planned pair in a Dutch auction to any solver.
    pub fn open_auction<'info>(ctx: Context<'info, OpenAuction<'info>>, args: OpenAuctionArgs) -> Result<()> {
        OpenAuction::handler(ctx, args)
    }

    /// Anyone: closes a filled or expired auction (rent to its opener).
    pub fn close_auction<'info>(ctx: Context<'info, CloseAuction<'info>>) -> Result<()> {
        CloseAuction::handler(ctx)
    }

    /// Solver: takes up to the auction's remaining sell amount; its `fill_end` must follow in the same transaction, both top level.
    pub fn fill_begin<'info>(ctx: Context<'info, FillBegin<'info>>, args: FillBeginArgs) -> Result<()> {
        FillBegin::handler(ctx, args)
    }

    /// Solver: settles the fill: the vault must have received the auction's current ask of the bought asset, everything else unchanged.
    pub fn fill_end<'info>(ctx: Context<'info, FillEnd<'info>>) -> Result<()> {
        FillEnd::handler(ctx)
    }

    /// Anyone: accrues management and performance fees, and records a price reading for the breaker (trip, warm-up).
    pub fn accrue_fees<'info>(ctx: Context<'info, AccrueFees<'info>>) -> Result<()> {
        AccrueFees::handler(ctx)
    }
}
