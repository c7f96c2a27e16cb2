//! Ballast instructions and addresses, built from the program crate's own Anchor types.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::{instruction::Instruction, system_program};
use anchor_lang::{InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use ballast::state::seeds;

pub fn vault_address(creator: &Pubkey, vault_id: u64) -> Pubkey {
    Pubkey::find_program_address(&[seeds::VAULT, creator.as_ref(), &vault_id.to_le_bytes()], &ballast::ID).0
}

pub fn share_mint_address(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seeds::SHARE_MINT, vault.as_ref()], &ballast::ID).0
}

pub fn vault_token_address(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seeds::VAULT_TOKEN, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// Addresses of one vault with a classic-SPL first asset.
#[derive(Debug, Clone, Copy)]
pub struct VaultKeys {
    pub creator: Pubkey,
    pub vault: Pubkey,
    pub share_mint: Pubkey,
    pub asset_mint: Pubkey,
    pub asset_token_account: Pubkey,
}

impl VaultKeys {
    pub fn new(creator: Pubkey, vault_id: u64, asset_mint: Pubkey) -> Self {
        let vault = vault_address(&creator, vault_id);
        VaultKeys {
            creator,
            vault,
            share_mint: share_mint_address(&vault),
            asset_mint,
            asset_token_account: vault_token_address(&vault, &asset_mint),
        }
    }

    pub fn initialize_vault(&self, args: ballast::instructions::InitializeVaultArgs) -> Instruction {
        Instruction {
            program_id: ballast::ID,
            accounts: ballast::accounts::InitializeVault {
                creator: self.creator,
                vault: self.vault,
                share_mint: self.share_mint,
                asset_mint: self.asset_mint,
                asset_token_account: self.asset_token_account,
                asset_token_program: spl_token::ID,
                share_token_program: spl_token::ID,
                system_program: system_program::ID,
            }
            .to_account_metas(None),
            data: ballast::instruction::InitializeVault { args }.data(),
        }
    }

    pub fn deposit(&self, depositor: Pubkey, asset_account: Pubkey, share_account: Pubkey, amount: u64, min_shares_out: u64) -> Instruction {
        Instruction {
            program_id: ballast::ID,
            accounts: ballast::accounts::Deposit {
                depositor,
                vault: self.vault,
                share_mint: self.share_mint,
                asset_mint: self.asset_mint,
                vault_token_account: self.asset_token_account,
                depositor_asset_account: asset_account,
                depositor_share_account: share_account,
                asset_token_program: spl_token::ID,
                share_token_program: spl_token::ID,
            }
            .to_account_metas(None),
            data: ballast::instruction::Deposit { args: ballast::instructions::DepositArgs { amount, min_shares_out } }.data(),
        }
    }
}
