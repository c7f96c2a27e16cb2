//! The timelock rule shared by every governance change.
use anchor_lang::prelude::*;

use crate::errors::BallastError;
use crate::events::ChangeQueued;
use crate::state::{ChangeKind, Vault};

/// Whether a change took effect or waits for the timelock.
pub enum Applied {
    Now,
    Queued,
}

/// Tightening changes apply at once, and so does any change while no shares exist (nobody's money
/// is at stake during setup). Anything else is queued for `params.timelock_secs`; the caller then
/// stores the change's payload in `vault.pending`. One change may wait at a time.
pub fn apply_or_queue(
    vault: &mut Vault,
    vault_key: Pubkey,
    share_supply: u64,
    tightening: bool,
    kind: ChangeKind,
) -> Result<Applied> {
    if tightening || share_supply == 0 {
        return Ok(Applied::Now);
    }
    require!(vault.pending.kind() == ChangeKind::None, BallastError::ChangePending);
    let now = Clock::get()?.unix_timestamp;
    let executable_at = now.checked_add(i64::from(vault.params.timelock_secs)).ok_or(BallastError::MathOverflow)?;
    vault.pending.kind = u8::from(kind);
    vault.pending.executable_at = executable_at;
    emit!(ChangeQueued { vault: vault_key, kind: u8::from(kind), executable_at });
    Ok(Applied::Queued)
}
