//! Swap adapters: how `rebalance` turns a planned trade into a CPI for one AMM program. The
//! program id comes from the vault's allow-list; the post-trade checks in `rebalance` hold for any
//! adapter, so an adapter only has to build the instruction and place the vault's accounts.
pub mod raydium_cpmm;
