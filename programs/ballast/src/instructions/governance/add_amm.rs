use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AmmAllowed;
use crate::instructions::governance::queue::{apply_or_queue, Applied};
use crate::state::{AllowedPool, ChangeKind, Vault};
use crate::swap::Adapter;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct AddAmmArgs {
    /// How `rebalance` calls the program: 1 Raydium CPMM, 2 Orca Whirlpool, 3 route (opaque data,
    /// for aggregators such as Jupiter; it cannot be pinned to a pool).
    pub adapter: u8,
    /// The one pool of the program the pair may trade through (CPMM pool state, Whirlpool); the
    /// default key for a route.
    pub pool: Pubkey,
    /// The pair's mints (either order), both assets of the vault.
    pub mint_a: Pubkey,
    pub mint_b: Pubkey,
    /// Route only: the slippage its `min_out` allows (bps, 1 up to below the vault's
    /// `max_slippage_bps`); 0 for a pinned pool.
    pub max_slippage_bps: u16,
}

#[derive(Accounts)]
pub struct AddAmm<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    pub share_mint: Box<InterfaceAccount<'info, anchor_spl::token_interface::Mint>>,

    /// CHECK: must be an executable program (checked in `validate`); which program is governance's call.
    pub amm_program: UncheckedAccount<'info>,
}

impl AddAmm<'_> {
    pub fn validate(&self, args: &AddAmmArgs) -> Result<()> {
        let adapter = Adapter::from_code(args.adapter)?;
        require!(self.amm_program.executable, BallastError::NotAProgram);
        let vault = self.vault.load()?;
        let shape_ok = match adapter {
            Adapter::Route => {
                args.pool == Pubkey::default()
                    && args.max_slippage_bps > 0
                    && args.max_slippage_bps < vault.params.max_slippage_bps
            }
            Adapter::RaydiumCpmm | Adapter::OrcaWhirlpool => {
                args.pool != Pubkey::default() && args.max_slippage_bps == 0
            }
        };
        require!(shape_ok, BallastError::PoolEntryInvalid);
        vault.asset_index(&args.mint_a)?;
        vault.asset_index(&args.mint_b)?;
        require!(args.mint_a != args.mint_b, BallastError::PoolPairMismatch);
        require!(vault.allowed_pool(self.amm_program.key, &args.pool).is_none(), BallastError::PoolAlreadyAllowed);
        require!(vault.pools.iter().any(AllowedPool::is_free), BallastError::PoolListFull);
        Ok(())
    }

    /// Allowing a pool widens what the vault's swaps can touch: timelocked once there are holders.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: AddAmmArgs) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let entry = AllowedPool {
            program: ctx.accounts.amm_program.key(),
            pool: args.pool,
            mint_a: args.mint_a,
            mint_b: args.mint_b,
            adapter: args.adapter,
            _pad: 0,
            max_slippage_bps: args.max_slippage_bps,
            _reserved: [0; 4],
        };
        let mut vault = ctx.accounts.vault.load_mut()?;
        match apply_or_queue(&mut vault, vault_key, ctx.accounts.share_mint.supply, false, ChangeKind::AddAmm)? {
            Applied::Now => allow_pool(&mut vault, vault_key, entry)?,
            Applied::Queued => vault.pending.pool = entry,
        }
        vault.invariant()
    }
}

/// Puts `entry` in the first free allow-list slot (at once or from `execute_change`).
pub fn allow_pool(vault: &mut Vault, vault_key: Pubkey, entry: AllowedPool) -> Result<()> {
    require!(vault.allowed_pool(&entry.program, &entry.pool).is_none(), BallastError::PoolAlreadyAllowed);
    let free = vault.pools.iter().position(AllowedPool::is_free).ok_or(BallastError::PoolListFull)?;
    vault.pools[free] = entry;
    emit!(AmmAllowed {
        vault: vault_key,
        program: entry.program,
        adapter: entry.adapter,
        pool: entry.pool,
        mint_a: entry.mint_a,
        mint_b: entry.mint_b,
        max_slippage_bps: entry.max_slippage_bps
    });
    Ok(())
}
