use anchor_lang::prelude::*;

use crate::errors::BallastError;

/// Tokens a holder is owed by a vault but could not be paid when they withdrew (the vault's account
/// of that asset was frozen, the holder's own account could not receive, or the holder chose to
/// take the asset later). PDA `[CLAIM, vault, owner, mint]`. The tokens stay in the vault's token
/// account and are counted in `AssetSlot::claimed`, outside the vault's holdings: no other holder
/// gains or pays for them. `redeem_claim` pays them out.
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The vault that holds the tokens.
    pub vault: Pubkey,
    /// The only key that may redeem.
    pub owner: Pubkey,
    /// The asset owed.
    pub mint: Pubkey,
    /// Tokens owed (atomic units of `mint`).
    pub amount: u64,
    /// Bump of the PDA.
    pub bump: u8,
}

impl Claim {
    pub const SPACE: usize = 8 + Claim::INIT_SPACE;

    /// What must hold after every instruction that changes a claim.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.vault != Pubkey::default() && self.owner != Pubkey::default() && self.mint != Pubkey::default(),
            BallastError::InvariantClaim
        );
        Ok(())
    }
}
