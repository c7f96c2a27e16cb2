use anchor_lang::prelude::*;
use anchor_spl::token_interface::Mint;
use ballast_math::insurance::strike_period;
use ballast_math::price::Price;

use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::InsuranceRolled;
use crate::oracle::{Holdings, Side};
use crate::state::{InsurancePeriod, Vault, MAX_ASSETS};
use crate::watch::Observed;

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, slot order.
#[derive(Accounts)]
pub struct RollInsurance<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,
    /// The supply sets the share price the period is struck at.
    pub share_mint: Box<InterfaceAccount<'info, Mint>>,
}

impl RollInsurance<'_> {
    /// The policy is insurance with an expiry ahead, and no period is live on the same terms: a
    /// live period is re-struck only when governance changed its floor or expiry (a change that
    /// waited for the timelock).
    pub fn validate(&self, now: i64) -> Result<()> {
        let vault = self.vault.load()?;
        let params = vault.params.as_math();
        let expires_at = i64::try_from(params.insurance_expires_at).map_err(|_| BallastError::MathOverflow)?;
        let live = vault.insurance.on_terms(params) && now < vault.insurance.expires_at;
        require!(params.insured() && expires_at > now && !live, BallastError::InsuranceRollRefused);
        require!(!vault.breaker_tripped(), BallastError::BreakerTripped);
        Ok(())
    }

    /// Governance strikes an insurance period at fresh prices: the index's quantities (1.0 now, the
    /// basket by governance's target weights), the volatility and the strike and units per share
    /// that make each share "index + put" with the floor at expiry (`ballast_math::insurance`).
    pub fn handler<'info>(ctx: Context<'info, RollInsurance<'info>>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.validate(now)?;
        let vault_key = ctx.accounts.vault.key();
        let supply = ctx.accounts.share_mint.supply;
        let mut vault = ctx.accounts.vault.load_mut()?;
        let holdings = Holdings::load(&vault, ctx.remaining_accounts, now)?;
        // Fresh prices only, as a deposit: governance must not pick an old price to strike at.
        holdings.require_fresh(now, vault.params.fresh_price_age_secs)?;
        // Nor a price the breaker would trip on (as the rebalance gate): a spike is no moment to strike.
        Observed::of(&vault).require_no_breach(&vault, &holdings, now)?;
        let n = holdings.count;
        let base: [u16; MAX_ASSETS] = core::array::from_fn(|i| vault.assets[i].target_weight_bps);
        let mids: [Price; MAX_ASSETS] = core::array::from_fn(|i| holdings.prices[i].mid);
        let variances = vault.variances();
        let nav = holdings.total_value(Side::Mid)?;
        let mut q = [0u64; MAX_ASSETS];
        let params = *vault.params.as_math();
        let struck = strike_period(&base[..n], &mids[..n], &variances[..n], &params, nav, supply, now, &mut q[..n])
            .or_refuse()?;
        let p = struck.period;
        vault.insurance = InsurancePeriod {
            expires_at: p.expires_at,
            strike: p.strike,
            units_per_share: p.units_per_share,
            floor_share_price: p.floor_share_price,
        };
        vault.insurance_quantities = q;
        emit!(InsuranceRolled {
            vault: vault_key,
            expires_at: p.expires_at,
            floor_share_price: p.floor_share_price,
            share_price: to_u64(struck.share_price)?,
            strike: p.strike,
            units_per_share: p.units_per_share,
            vol: to_u64(struck.vol)?,
        });
        vault.invariant()
    }
}
