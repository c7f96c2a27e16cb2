//! Instructions a solver calls to fill a rebalance auction: `fill_begin` and `fill_end`, a pair at
//! the top level of one transaction (`fill_pair`), with the solver's own instructions between them.
pub mod fill_begin;
pub mod fill_end;

pub use fill_begin::*;
pub use fill_end::*;
