//! Instructions grouped by who calls them.
pub mod depositor;
pub mod governance;

pub use depositor::*;
pub use governance::*;
