use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::AmmAllowed;
use crate::instructions::governance::queue::{apply_or_queue, Applied};
use crate::state::{ChangeKind, Vault};
use crate::swap::Adapter;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct AddAmmArgs {
    /// How `rebalance` calls the program: 1 Raydium CPMM, 2 Orca Whirlpool, 3 route (opaque data,
    /// for aggregators such as Jupiter; only the post-trade checks defend it).
    pub adapter: u8,
}

#[derive(Accounts)]
pub struct AddAmm<'info> {
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    pub share_mint: Box<Account<'info, anchor_spl::token::Mint>>,

    /// CHECK: must be an executable program (checked in `validate`); which program is governance's call.
    pub amm_program: UncheckedAccount<'info>,
}

impl AddAmm<'_> {
    pub fn validate(&self, args: &AddAmmArgs) -> Result<()> {
        Adapter::from_code(args.adapter)?;
        require!(self.amm_program.executable, BallastError::NotAProgram);
        let vault = self.vault.load()?;
        require!(!vault.amm_allowed(self.amm_program.key), BallastError::AmmAlreadyAllowed);
        require!(vault.allowed_amms.contains(&Pubkey::default()), BallastError::AmmListFull);
        Ok(())
    }

    /// Allowing an AMM widens what the vault's swaps can touch: timelocked once there are holders.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn handler(ctx: Context<Self>, args: AddAmmArgs) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let program = ctx.accounts.amm_program.key();
        let mut vault = ctx.accounts.vault.load_mut()?;
        match apply_or_queue(&mut vault, vault_key, ctx.accounts.share_mint.supply, false, ChangeKind::AddAmm)? {
            Applied::Now => allow_amm(&mut vault, vault_key, program, args.adapter)?,
            Applied::Queued => {
                vault.pending.amm = program;
                vault.pending.amm_adapter = args.adapter;
            }
        }
        vault.invariant()
    }
}

/// Puts `program` in the first free allow-list slot (at once or from `execute_change`).
pub fn allow_amm(vault: &mut Vault, vault_key: Pubkey, program: Pubkey, adapter: u8) -> Result<()> {
    require!(!vault.amm_allowed(&program), BallastError::AmmAlreadyAllowed);
    let free = vault.allowed_amms.iter().position(|a| *a == Pubkey::default()).ok_or(BallastError::AmmListFull)?;
    vault.allowed_amms[free] = program;
    vault.allowed_amm_adapters[free] = Adapter::from_code(adapter)?.code();
    emit!(AmmAllowed { vault: vault_key, program, adapter });
    Ok(())
}
