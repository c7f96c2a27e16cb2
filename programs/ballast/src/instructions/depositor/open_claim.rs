use anchor_lang::prelude::*;

use crate::state::{seeds, Claim, Vault};

/// Creates the owner's claim account on one asset of a vault (empty), so that a `withdraw_in_kind`
/// in the same transaction can leave that asset owed instead of paid. Idempotent: an existing claim
/// is kept as it is. `payer` pays its rent (the owner, or whoever helps it out: a holder whose
/// wallet holds no SOL must still be able to leave); the rent goes back to the owner on redemption.
#[derive(Accounts)]
pub struct OpenClaim<'info> {
    pub owner: Signer<'info>,

    #[account(mut)]
    pub payer: Signer<'info>,

    pub vault: AccountLoader<'info, Vault>,

    /// CHECK: only its key: it must be an asset of the vault (`validate`); its account may be closed.
    pub mint: UncheckedAccount<'info>,

    #[account(
        init_if_needed,
        payer = payer,
        space = Claim::SPACE,
        seeds = [seeds::CLAIM, vault.key().as_ref(), owner.key().as_ref(), mint.key().as_ref()],
        bump,
    )]
    pub claim: Account<'info, Claim>,

    pub system_program: Program<'info, System>,
}

impl OpenClaim<'_> {
    pub fn validate(&self) -> Result<()> {
        // (The PDA's seeds bind the owner and the mint: an existing claim is this owner's.)
        self.vault.load()?.asset_index(self.mint.key)?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let claim = &mut accounts.claim;
        claim.vault = accounts.vault.key();
        claim.owner = accounts.owner.key();
        claim.mint = accounts.mint.key();
        claim.bump = ctx.bumps.claim;
        claim.invariant()
    }
}
