//! Instructions grouped by who calls them.
pub mod crank;
pub mod depositor;
pub mod governance;
pub mod solver;

pub use crank::*;
pub use depositor::*;
pub use governance::*;
pub use solver::*;
