//! placeholder while the harness is written
