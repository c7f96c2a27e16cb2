//! `Vault::invariant()` refuses each stored state it exists to refuse. The integration tests reach
//! most of them only through instructions that validate first (so the invariant is a second line);
//! here each broken state is written directly and must fail with the invariant's own error.

use anchor_lang::prelude::*;
use ballast_math::params::Params;

use crate::errors::BallastError;
use crate::state::{AllowedPool, Vault, VaultParams, VAULT_LAYOUT_VERSION};
use crate::swap::Adapter;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

fn pinned(program: u8, pool: u8) -> AllowedPool {
    AllowedPool {
        program: key(program),
        pool: key(pool),
        mint_a: key(1),
        mint_b: key(2),
        adapter: Adapter::RaydiumCpmm.code(),
        _pad: 0,
        max_slippage_bps: 0,
        _reserved: [0; 4],
    }
}

/// Two assets at 60/40, example parameters, two pinned pools of one AMM: a state the invariant accepts.
fn valid() -> Box<Vault> {
    let mut vault: Box<Vault> = Box::new(bytemuck::Zeroable::zeroed());
    vault.layout_version = VAULT_LAYOUT_VERSION;
    vault.params = VaultParams::from_math(&Params::EXAMPLE);
    vault.asset_count = 2;
    for (i, weight) in [6_000u16, 4_000].into_iter().enumerate() {
        let slot = &mut vault.assets[i];
        slot.mint = key([1, 2][i]);
        slot.token_account = key([10, 11][i]);
        slot.target_weight_bps = weight;
        slot.max_weight_bps = 10_000;
    }
    vault.pools[0] = pinned(50, 60);
    vault.pools[1] = pinned(50, 61);
    vault
}

fn code(result: Result<()>) -> Option<u32> {
    match result {
        Ok(()) => None,
        Err(Error::AnchorError(e)) => Some(e.error_code_number),
        Err(Error::ProgramError(e)) => panic!("expected an Anchor error, got {e:?}"),
    }
}

fn refused(vault: &Vault, with: BallastError) -> bool {
    code(vault.invariant()) == Some(u32::from(with))
}

#[test]
fn a_valid_vault_passes() {
    assert_eq!(code(valid().invariant()), None);
}

#[test]
fn the_same_pool_stored_twice_is_refused_wherever_the_copies_sit() {
    // Adjacent, far apart, and with a free slot between them: every pair of used entries is compared.
    for (first, second) in [(0, 1), (0, 7), (2, 5)] {
        let mut vault = valid();
        vault.pools = bytemuck::Zeroable::zeroed();
        vault.pools[first] = pinned(50, 60);
        vault.pools[second] = pinned(50, 60);
        assert!(refused(&vault, BallastError::InvariantAllowList), "duplicate in slots {first} and {second}");
    }
    // The same pool key under another program is another entry.
    let mut vault = valid();
    vault.pools[1] = pinned(51, 60);
    assert_eq!(code(vault.invariant()), None);
}

#[test]
fn a_malformed_pool_entry_or_a_dirty_free_slot_is_refused() {
    let mut route_with_pool = valid();
    route_with_pool.pools[1].adapter = Adapter::Route.code();
    route_with_pool.pools[1].max_slippage_bps = 50;
    assert!(refused(&route_with_pool, BallastError::InvariantAllowList), "a route names no pool");
    let mut pinned_with_own_bound = valid();
    pinned_with_own_bound.pools[1].max_slippage_bps = 50;
    assert!(
        refused(&pinned_with_own_bound, BallastError::InvariantAllowList),
        "a pinned pool uses the vault's slippage bound"
    );
    let mut unknown_adapter = valid();
    unknown_adapter.pools[1].adapter = 9;
    assert!(refused(&unknown_adapter, BallastError::InvariantAllowList));
    let mut same_mints = valid();
    same_mints.pools[1].mint_b = same_mints.pools[1].mint_a;
    assert!(refused(&same_mints, BallastError::InvariantAllowList));
    let mut no_program = valid();
    no_program.pools[1] = pinned(0, 60);
    assert!(
        refused(&no_program, BallastError::InvariantAllowList),
        "a used slot names a program (so `is_free` agrees with the adapter byte)"
    );
    let mut dirty_free_slot = valid();
    dirty_free_slot.pools[5].mint_a = key(3);
    assert!(refused(&dirty_free_slot, BallastError::InvariantAllowList), "a free slot is all zero");
}

#[test]
fn weights_slots_parameters_and_flags_out_of_shape_are_refused() {
    let mut weights = valid();
    weights.assets[1].target_weight_bps = 3_999;
    assert!(refused(&weights, BallastError::InvariantWeights), "active weights sum to 10,000");
    let mut stray_slot = valid();
    stray_slot.assets[2].decimals = 6;
    assert!(refused(&stray_slot, BallastError::InvariantAssetSlots), "inactive slots are zero");
    let mut above_max = valid();
    above_max.assets[0].max_weight_bps = 5_000;
    assert!(refused(&above_max, BallastError::InvariantAssetSlots), "target within [min, max]");
    // One parameter past its bound (the straight-line check generated from the one table).
    let mut params = valid();
    params.params.deposit_fee_bps = 101;
    assert!(refused(&params, BallastError::InvariantParams));
    let mut per_tx = valid();
    per_tx.params.max_deposit_per_tx = per_tx.params.deposit_cap + 1;
    assert!(refused(&per_tx, BallastError::InvariantParams));
    let mut paused = valid();
    paused.paused = 4;
    assert!(refused(&paused, BallastError::InvariantPauseBits));
    let mut bounty = valid();
    bounty.params.bounty_asset = 2;
    assert!(refused(&bounty, BallastError::InvariantBountyAsset), "the bounty asset is an active slot");
    let mut breaker = valid();
    breaker.breaker_reason = 1;
    assert!(refused(&breaker, BallastError::InvariantBreaker), "a clear breaker has no reason");
}

#[test]
fn an_unknown_pending_change_is_refused() {
    let mut vault = valid();
    vault.pending.kind = 9;
    assert!(refused(&vault, BallastError::InvariantPendingChange));
}

#[test]
fn another_layout_or_dirty_reserved_space_is_refused() {
    let mut older = valid();
    older.layout_version = 1;
    assert!(refused(&older, BallastError::VaultLayoutUnsupported), "a version-1 vault (before the auction fields)");
    let mut dirty = valid();
    dirty._space[31] = 1;
    assert!(refused(&dirty, BallastError::VaultLayoutUnsupported), "reserved space is zero in version 2");
}

#[test]
fn a_vault_with_a_fill_in_flight_is_refused_by_every_instruction_but_fill_begin() {
    let mut marked = valid();
    marked.fill_in_flight = 1;
    assert!(refused(&marked, BallastError::FillInFlight));
    assert_eq!(code(marked.invariant_in_fill()), None, "fill_begin leaves it marked");
    assert_eq!(code(valid().invariant_in_fill()), Some(u32::from(BallastError::FillNotInFlight)));
}

#[test]
fn an_inconsistent_insurance_period_is_refused() {
    use crate::state::InsurancePeriod;
    let struck = InsurancePeriod { expires_at: 1_800_000_000, strike: 1, units_per_share: 1, floor_share_price: 1 };
    let mut good = valid();
    good.insurance = struck;
    good.insurance_quantities[1] = 7;
    assert_eq!(code(good.invariant()), None, "a struck period with an index of slot 1");
    let mut cases: Vec<(&str, Box<Vault>)> = Vec::new();
    for (label, edit) in [
        ("no strike", (|v: &mut Vault| v.insurance.strike = 0) as fn(&mut Vault)),
        ("no units", |v: &mut Vault| v.insurance.units_per_share = 0),
        ("no floor", |v: &mut Vault| v.insurance.floor_share_price = 0),
        ("the safe slot in the index", |v: &mut Vault| v.insurance_quantities[0] = 1),
        ("a free slot in the index", |v: &mut Vault| v.insurance_quantities[2] = 1),
        ("unstruck with quantities", |v: &mut Vault| v.insurance = bytemuck::Zeroable::zeroed()),
    ] {
        let mut v = good.clone();
        edit(&mut v);
        cases.push((label, v));
    }
    let mut leftover = valid();
    leftover.insurance.strike = 5;
    cases.push(("unstruck with a strike", leftover));
    for (label, v) in cases {
        assert!(refused(&v, BallastError::InvariantInsurance), "{label}");
    }
}
