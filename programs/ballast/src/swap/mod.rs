//! Swap adapters: how `rebalance` turns a planned trade into a CPI for one AMM program. Governance
//! allows each pool (AMM program, pool account, pair) together with its adapter; the post-trade
//! checks in `rebalance` hold for every adapter, so an adapter only builds the instruction, places
//! the vault's accounts and names the pool the crank chose.
//!
//! The swap is signed by the vault's swap authority, never by the vault: that PDA owns nothing and
//! is, for the length of the CPI, the delegate of the sold asset's vault account for exactly
//! `amount_in` (see `rebalance` and docs/vault.md, "Least privilege").
//!
//! The two native adapters build the instruction data themselves (the crank cannot change the
//! amount or the floor) and also ask the AMM to enforce `min_out`. The route adapter forwards the
//! crank's opaque instruction data (e.g. a Jupiter route): there the post-trade checks are the
//! whole defence.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};

use crate::errors::BallastError;
use ballast_math::execution::Hop;

pub mod orca_whirlpool;
pub mod raydium_cpmm;
pub mod route;

/// Which instruction builder an allow-listed AMM program is called through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    /// Raydium CPMM `swap_base_input`.
    RaydiumCpmm,
    /// Orca Whirlpool `swap_v2`.
    OrcaWhirlpool,
    /// Opaque instruction data from the crank, verified only by the post-trade checks.
    Route,
}

impl Adapter {
    /// The adapter's code in `AllowedPool::adapter` and `add_amm`'s arguments.
    pub const fn code(self) -> u8 {
        match self {
            Adapter::RaydiumCpmm => 1,
            Adapter::OrcaWhirlpool => 2,
            Adapter::Route => 3,
        }
    }

    pub fn from_code(code: u8) -> Result<Adapter> {
        match code {
            1 => Ok(Adapter::RaydiumCpmm),
            2 => Ok(Adapter::OrcaWhirlpool),
            3 => Ok(Adapter::Route),
            _ => err!(BallastError::UnknownAdapter),
        }
    }
}

/// The trade an adapter turns into a swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    /// The vault's swap authority: the swap's token authority (a delegate of `input`), signing by seeds.
    pub authority: Pubkey,
    /// The vault's token account of the sold asset.
    pub input: Pubkey,
    /// The vault's token account of the bought asset.
    pub output: Pubkey,
    /// Atomic units of the sold asset.
    pub amount_in: u64,
    /// The least output accepted (atomic units of the bought asset).
    pub min_out: u64,
}

/// The CPI for `leg` through `program`, from the swap's accounts as the crank passed them.
pub fn instruction(
    adapter: Adapter,
    program: Pubkey,
    accounts: Vec<AccountMeta>,
    leg: &Leg,
    route: &[u8],
) -> Result<Instruction> {
    match adapter {
        Adapter::RaydiumCpmm => no_route(route).and_then(|_| raydium_cpmm::instruction(program, accounts, leg)),
        Adapter::OrcaWhirlpool => no_route(route).and_then(|_| orca_whirlpool::instruction(program, accounts, leg)),
        Adapter::Route => route::instruction(program, accounts, leg, route),
    }
}

/// The pool account the crank's swap accounts go through (CPMM pool state, Whirlpool), which must
/// be allow-listed for the pair; the default key for a route (its entry has no pool).
pub fn pool_key(adapter: Adapter, accounts: &[AccountInfo]) -> Result<Pubkey> {
    let index = match adapter {
        Adapter::RaydiumCpmm => raydium_cpmm::POOL_STATE,
        Adapter::OrcaWhirlpool => orca_whirlpool::WHIRLPOOL,
        Adapter::Route => return Ok(Pubkey::default()),
    };
    Ok(*accounts.get(index).ok_or(BallastError::WrongSwapAccounts)?.key)
}

/// The hop the swap will take, as the drift gate's cost model reads it (`ballast_math::execution`):
/// a CPMM pool's two vault balances, or a Whirlpool's liquidity and price in its current tick range
/// with what its vault of the bought token holds; `None` for a route, whose pools the program
/// cannot know (the assumed fee is counted instead, and the route's own slippage bound holds).
/// `input` is the vault's token account of the sold asset; `fee_ppm` the vault's assumed AMM fee.
/// The accounts are the pinned pool's (`pool_key`) and the swap CPI uses them as read here, so a
/// crank cannot show the gate one pool and trade through another; a native pool the gate cannot
/// read counts as delivering nothing ([`Hop::UNREADABLE`]), so it never passes on the fee alone.
pub fn hop(adapter: Adapter, accounts: &[AccountInfo], input: &Pubkey, fee_ppm: u32) -> Option<Hop> {
    match adapter {
        Adapter::RaydiumCpmm => Some(cpmm_hop(accounts, fee_ppm).unwrap_or(Hop::UNREADABLE)),
        Adapter::OrcaWhirlpool => Some(whirlpool_hop(accounts, input, fee_ppm).unwrap_or(Hop::UNREADABLE)),
        Adapter::Route => None,
    }
}

fn cpmm_hop(accounts: &[AccountInfo], fee_ppm: u32) -> Option<Hop> {
    let reserve_in = token_amount(accounts.get(raydium_cpmm::INPUT_VAULT)?)?;
    let reserve_out = token_amount(accounts.get(raydium_cpmm::OUTPUT_VAULT)?)?;
    Some(Hop::constant_product(reserve_in, reserve_out, fee_ppm))
}

fn whirlpool_hop(accounts: &[AccountInfo], input: &Pubkey, fee_ppm: u32) -> Option<Hop> {
    let a_to_b = orca_whirlpool::input_vault_index(accounts.iter().map(|a| a.key), input)? == orca_whirlpool::VAULT_A;
    let output_vault = if a_to_b { orca_whirlpool::VAULT_B } else { orca_whirlpool::VAULT_A };
    let max_out = token_amount(accounts.get(output_vault)?)?;
    let pool = accounts.get(orca_whirlpool::WHIRLPOOL)?.try_borrow_data().ok()?;
    let (liquidity, sqrt_price) = orca_whirlpool::liquidity_and_price(&pool)?;
    Hop::concentrated(liquidity, sqrt_price, a_to_b, fee_ppm, max_out).ok()
}

/// The metas the crank passed, as the CPI will see them (nobody signs yet).
pub fn metas(accounts: &[AccountInfo]) -> Vec<AccountMeta> {
    accounts.iter().map(|a| AccountMeta { pubkey: *a.key, is_signer: false, is_writable: a.is_writable }).collect()
}

/// The balance of a token account (base layout, SPL Token or Token-2022), `None` for anything else.
/// Only the drift gate's estimate reads it: the swap itself is verified on the vault's side.
fn token_amount(info: &AccountInfo) -> Option<u64> {
    let owned_by_token_program = *info.owner == anchor_spl::token::ID || *info.owner == anchor_spl::token_2022::ID;
    owned_by_token_program.then(|| crate::token_layout::amount(&info.try_borrow_data().ok()?).ok()).flatten()
}

fn no_route(route: &[u8]) -> Result<()> {
    require!(route.is_empty(), BallastError::RouteDataNotAllowed);
    Ok(())
}

/// The metas (nobody signing, see `metas`) with the swap authority marked as the signer at
/// `signer_index`, read-only (the AMM gets a signature, never the right to write the account).
fn signed_by(mut accounts: Vec<AccountMeta>, authority: Pubkey, signer_index: usize) -> Result<Vec<AccountMeta>> {
    require_keys_eq!(
        accounts.get(signer_index).ok_or(BallastError::WrongSwapAccounts)?.pubkey,
        authority,
        BallastError::WrongSwapAccounts
    );
    // Every occurrence: the runtime merges duplicate metas, so one writable copy elsewhere in the
    // list would hand the AMM write access to the authority (enough to allocate and assign it).
    for meta in accounts.iter_mut().filter(|m| m.pubkey == authority) {
        meta.is_signer = true;
        meta.is_writable = false;
    }
    Ok(accounts)
}
