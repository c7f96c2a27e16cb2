pub mod auction;
pub mod claim;
pub mod params;
pub mod seeds;
pub mod vault;

pub use auction::*;
pub use claim::*;
pub use params::*;
pub use vault::*;

#[cfg(test)]
mod invariant_tests;

/// A value whose bytes all differ from their neighbours' (1, 2, …, 251, 1, …): a field read at the
/// wrong offset reads other bytes (layout tests of in-place casts).
#[cfg(test)]
pub(crate) fn distinct_bytes<T: bytemuck::Pod>() -> T {
    let mut value = T::zeroed();
    for (i, b) in bytemuck::bytes_of_mut(&mut value).iter_mut().enumerate() {
        *b = u8::try_from(i % 251).unwrap_or(0).wrapping_add(1);
    }
    value
}
