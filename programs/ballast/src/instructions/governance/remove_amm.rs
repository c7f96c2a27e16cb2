use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AmmRemoved;
use crate::state::Vault;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct RemoveAmmArgs {
    /// The AMM (or router) program of the entry.
    pub program: Pubkey,
    /// The entry's pool (the default key for a route).
    pub pool: Pubkey,
}

#[derive(Accounts)]
pub struct RemoveAmm<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority)]
    pub vault: AccountLoader<'info, Vault>,
}

impl RemoveAmm<'_> {
    pub fn validate(&self, args: &RemoveAmmArgs) -> Result<()> {
        require!(self.vault.load()?.allowed_pool(&args.program, &args.pool).is_some(), BallastError::PoolNotAllowed);
        Ok(())
    }

    /// Removing a pool only narrows what swaps can touch: it applies at once.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: RemoveAmmArgs) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        for entry in vault.pools.iter_mut().filter(|p| !p.is_free() && p.program == args.program && p.pool == args.pool)
        {
            *entry = bytemuck::Zeroable::zeroed();
        }
        emit!(AmmRemoved { vault: vault_key, program: args.program, pool: args.pool });
        vault.invariant()
    }
}
