//! Ballast's strategy simulator: replays price paths through exactly the rules the program
//! enforces (`ballast_math::trade`: drift bands, never-overshoot sizing, oracle `min_out`, the
//! drift gate) with the gate's own execution model (`ballast_math::execution`: one hop through a
//! pair's constant-product pool, whose price may lag the oracle, `pools`; a latency in steps and
//! slots; a per-transaction cost), and reports tracking error, cost, turnover and value against
//! buy-and-hold and a frictionless constant mix. Floats appear only in the execution model and the
//! metrics; every decision is the math crate's integer rule. A vault may execute by Dutch auction
//! instead (`auction`): the program's curve and fill checks, with a solver cost model.
pub mod aggregate;
pub mod auction;
pub mod backtest;
pub mod bootstrap;
pub mod config;
pub mod insurance;
pub mod paths;
pub mod pools;
pub mod report;
pub mod stress;
pub mod sweep;
pub mod vault_state;
