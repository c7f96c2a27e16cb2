use anchor_lang::prelude::*;
use ballast_math::params::Params;

/// Defines `VaultParams` from `ballast_math::for_each_param!`, the one table of parameters: the
/// same fields, types, order and doc lines as the math crate's `Params`.
macro_rules! vault_params {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ident = $example:expr, $min:literal ..= $max:literal, $tightens:ident, $unit:literal, $reason:literal; )*) => {
        /// Governance-set parameters (bounds: `ballast_math::params::BOUNDS`, printed in docs/parameters.md).
        ///
        /// Both an instruction argument (borsh) and a field of the zero-copy vault (`Pod`): the layout has
        /// no padding, so the two encodings are the same bytes.
        #[repr(C)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, AnchorSerialize, AnchorDeserialize, bytemuck::Pod, bytemuck::Zeroable)]
        pub struct VaultParams {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl VaultParams {
            /// The same values as the math crate's type, which holds the bounds and the tightening rule.
            pub const fn to_math(&self) -> Params {
                Params { $( $name: self.$name, )* }
            }

            /// The program's type from the math crate's (same fields, same values).
            pub const fn from_math(p: &Params) -> VaultParams {
                VaultParams { $( $name: p.$name, )* }
            }
        }
    };
}

ballast_math::for_each_param!(vault_params);

// Both types come from the one table in the same order with `repr(C)` and no padding: the same bytes.
const _: () = assert!(core::mem::size_of::<VaultParams>() == core::mem::size_of::<Params>());

impl VaultParams {
    /// The same values read as the math crate's type in place (no copy: both are `Pod` with one
    /// layout); `to_math` is the field-by-field copy, and a test holds the two equal.
    pub fn as_math(&self) -> &Params {
        bytemuck::cast_ref(self)
    }

    /// The oracle limits every price read of this vault is held to.
    pub fn price_limits(&self) -> ballast_math::price::PriceLimits {
        ballast_math::price::PriceLimits {
            max_age_secs: self.max_price_age_secs,
            max_conf_bps: self.max_conf_bps,
            max_ema_divergence_bps: self.max_ema_divergence_bps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_math_reads_every_field_as_to_math_copies_it() {
        // Distinct bytes everywhere, so two fields swapped in either type would read differently.
        let params: VaultParams = crate::state::distinct_bytes();
        assert_eq!(*params.as_math(), params.to_math());
        assert_eq!(VaultParams::from_math(params.as_math()), params);
    }
}
