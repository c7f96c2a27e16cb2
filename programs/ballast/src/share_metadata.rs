//! The share token's name, symbol and URI: Token-2022's token-metadata extension in the share mint
//! itself (its metadata pointer points at the mint), so wallets and explorers name the share token.
//! The share mint PDA is the metadata's update authority; only `initialize_vault` and governance's
//! `set_share_metadata` sign for it. Why Token-2022 rather than Metaplex: docs/vault.md.
use anchor_lang::prelude::*;
use anchor_lang::system_program::{self, Transfer};
use anchor_spl::compat::spl_token_metadata_interface::state::{Field, TokenMetadata};
use anchor_spl::token_2022::spl_token_2022::extension::{BaseStateWithExtensions, StateWithExtensions};
use anchor_spl::token_2022::spl_token_2022::state::Mint as MintState;
use anchor_spl::token_interface::solana_nullable::MaybeNull;
use anchor_spl::token_interface::{
    token_metadata_initialize, token_metadata_update_field, TokenMetadataInitialize, TokenMetadataUpdateField,
};

use crate::cpi::VaultPdaSigner;
use crate::errors::BallastError;

/// Longest name (bytes), as wallets display it (Metaplex's limit, which wallets are built for).
pub const MAX_NAME_LEN: usize = 32;
/// Longest symbol (bytes).
pub const MAX_SYMBOL_LEN: usize = 10;
/// Longest URI (bytes) of the off-chain JSON (image, description).
pub const MAX_URI_LEN: usize = 200;

/// Unicode's zero-width and bidirectional formatting characters (soft hyphen, combining grapheme
/// joiner, ZWSP to RLM, LRE to RLO, word joiner to PDI, BOM): shown as nothing, or reordering what
/// follows, they let a name read as another vault's.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// What wallets show for the share token.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct ShareMetadata {
    /// Display name, 1 to `MAX_NAME_LEN` bytes of UTF-8.
    pub name: String,
    /// Ticker, 1 to `MAX_SYMBOL_LEN` bytes.
    pub symbol: String,
    /// Off-chain metadata JSON, at most `MAX_URI_LEN` bytes (may be empty).
    pub uri: String,
}

impl ShareMetadata {
    /// Bounded so the mint's size (and its rent) stays small and every wallet can show it; no
    /// character a wallet would not show as itself (controls, and the invisible or reordering ones
    /// a look-alike name would hide behind).
    pub fn validate(&self) -> Result<()> {
        let within = |s: &str, min: usize, max: usize| (min..=max).contains(&s.len());
        let visible = |s: &str| !s.chars().any(|c| c.is_control() || is_invisible_format(c));
        require!(
            within(&self.name, 1, MAX_NAME_LEN)
                && within(&self.symbol, 1, MAX_SYMBOL_LEN)
                && within(&self.uri, 0, MAX_URI_LEN)
                && visible(&self.name)
                && visible(&self.symbol)
                && visible(&self.uri),
            BallastError::ShareMetadataInvalid
        );
        Ok(())
    }

    /// As Token-2022 stores it: the mint is its own update authority.
    fn as_token_metadata(&self, mint: &Pubkey) -> Result<TokenMetadata> {
        Ok(TokenMetadata {
            update_authority: MaybeNull::try_from(Some(*mint))?,
            mint: *mint,
            name: self.name.clone(),
            symbol: self.symbol.clone(),
            uri: self.uri.clone(),
            additional_metadata: Vec::new(),
        })
    }
}

/// The accounts both writers use.
pub struct MetadataAccounts<'a, 'info> {
    pub share_mint: &'a AccountInfo<'info>,
    /// Pays the rent of a larger mint (the creator, or governance's authority).
    pub payer: &'a AccountInfo<'info>,
    pub token_2022_program: &'a AccountInfo<'info>,
    pub system_program: &'a AccountInfo<'info>,
}

impl MetadataAccounts<'_, '_> {
    /// Tops the mint's lamports up to rent exemption at `len` bytes: Token-2022 grows the account
    /// for the metadata but moves no lamports itself.
    fn fund(&self, len: usize) -> Result<()> {
        let needed = Rent::get()?.minimum_balance(len);
        let missing = needed.saturating_sub(self.share_mint.lamports());
        if missing == 0 {
            return Ok(());
        }
        system_program::transfer(
            CpiContext::new(
                self.system_program.key(),
                Transfer { from: self.payer.clone(), to: self.share_mint.clone() },
            ),
            missing,
        )
    }

    /// Writes the fields into a share mint that has the metadata pointer and no metadata yet.
    pub fn initialize(&self, metadata: &ShareMetadata, signer: &VaultPdaSigner) -> Result<()> {
        let tlv = metadata.as_token_metadata(self.share_mint.key)?.tlv_size_of()?;
        self.fund(self.share_mint.data_len().checked_add(tlv).ok_or(BallastError::MathOverflow)?)?;
        let seeds = signer.seeds();
        token_metadata_initialize(
            CpiContext::new_with_signer(
                self.token_2022_program.key(),
                TokenMetadataInitialize {
                    program_id: self.token_2022_program.clone(),
                    metadata: self.share_mint.clone(),
                    update_authority: self.share_mint.clone(),
                    mint_authority: self.share_mint.clone(),
                    mint: self.share_mint.clone(),
                },
                &[&seeds],
            ),
            metadata.name.clone(),
            metadata.symbol.clone(),
            metadata.uri.clone(),
        )
    }

    /// Replaces the fields that differ.
    pub fn update(&self, metadata: &ShareMetadata, signer: &VaultPdaSigner) -> Result<()> {
        let current = self.read()?;
        let old_tlv = current.tlv_size_of()?;
        let new_tlv = metadata.as_token_metadata(self.share_mint.key)?.tlv_size_of()?;
        let len = self.share_mint.data_len().checked_sub(old_tlv).and_then(|l| l.checked_add(new_tlv));
        self.fund(len.ok_or(BallastError::MathOverflow)?)?;
        let changes = [
            (Field::Name, &current.name, &metadata.name),
            (Field::Symbol, &current.symbol, &metadata.symbol),
            (Field::Uri, &current.uri, &metadata.uri),
        ];
        let seeds = signer.seeds();
        for (field, old, new) in changes {
            if old == new {
                continue;
            }
            token_metadata_update_field(
                CpiContext::new_with_signer(
                    self.token_2022_program.key(),
                    TokenMetadataUpdateField {
                        program_id: self.token_2022_program.clone(),
                        metadata: self.share_mint.clone(),
                        update_authority: self.share_mint.clone(),
                    },
                    &[&seeds],
                ),
                field,
                new.clone(),
            )?;
        }
        Ok(())
    }

    /// The metadata stored in the share mint now.
    pub fn read(&self) -> Result<TokenMetadata> {
        let data = self.share_mint.try_borrow_data()?;
        let mint = StateWithExtensions::<MintState>::unpack(&data)?;
        Ok(mint.get_variable_len_extension::<TokenMetadata>()?)
    }
}
