//! Ballast instructions and addresses, built from the program crate's own Anchor types.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::{instruction::Instruction, system_program};
use anchor_lang::{InstructionData, ToAccountMetas};
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use ballast::instructions::{AddAssetArgs, DepositArgs, DepositInKindArgs, InitializeVaultArgs, WithdrawInKindArgs};
use ballast::share_metadata::ShareMetadata;
use ballast::state::{seeds, VaultParams};

/// The share token's fields every test vault is created with.
pub fn test_metadata() -> ShareMetadata {
    ShareMetadata {
        name: "Ballast Test Basket".into(),
        symbol: "bTEST".into(),
        uri: "https://ballast.invalid/test.json".into(),
    }
}

pub fn vault_address(creator: &Pubkey, vault_id: u64) -> Pubkey {
    Pubkey::find_program_address(&[seeds::VAULT, creator.as_ref(), &vault_id.to_le_bytes()], &ballast::ID).0
}

pub fn share_mint_address(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seeds::SHARE_MINT, vault.as_ref()], &ballast::ID).0
}

/// The vault's swap authority: the only key that signs a swap (as a delegate of the sold account).
pub fn swap_authority_address(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seeds::SWAP_AUTHORITY, vault.as_ref()], &ballast::ID).0
}

/// Position of `amm_program` among `rebalance`'s accounts.
pub const REBALANCE_AMM_PROGRAM: usize = 5;

pub fn vault_token_address(vault: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[seeds::VAULT_TOKEN, vault.as_ref(), mint.as_ref()], &ballast::ID).0
}

/// One asset of a test vault: its mint, the vault's token account, its Pyth feed and price account.
#[derive(Debug, Clone, Copy)]
pub struct AssetKeys {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub vault_token: Pubkey,
    pub feed_id: [u8; 32],
    pub price_account: Pubkey,
    pub decimals: u8,
}

/// Addresses of one vault.
#[derive(Debug, Clone)]
pub struct VaultKeys {
    pub creator: Pubkey,
    pub authority: Pubkey,
    pub vault: Pubkey,
    pub share_mint: Pubkey,
    /// Signs the swap (see `swap_authority_address`).
    pub swap_authority: Pubkey,
    pub fee_recipient: Pubkey,
    pub fee_shares: Pubkey,
    pub assets: Vec<AssetKeys>,
}

fn ix(accounts: Vec<AccountMeta>, data: Vec<u8>) -> Instruction {
    Instruction { program_id: ballast::ID, accounts, data }
}

impl VaultKeys {
    pub fn new(creator: Pubkey, vault_id: u64, fee_recipient: Pubkey) -> Self {
        let vault = vault_address(&creator, vault_id);
        let share_mint = share_mint_address(&vault);
        VaultKeys {
            creator,
            authority: creator,
            vault,
            share_mint,
            swap_authority: swap_authority_address(&vault),
            fee_recipient,
            fee_shares: get_associated_token_address_with_program_id(&fee_recipient, &share_mint, &spl_token_2022::ID),
            assets: Vec::new(),
        }
    }

    pub fn initialize_vault(&self, vault_id: u64, guardian: Pubkey, params: VaultParams) -> Instruction {
        self.initialize_vault_named(vault_id, guardian, params, test_metadata())
    }

    /// `initialize_vault` with the share token's fields given.
    pub fn initialize_vault_named(
        &self,
        vault_id: u64,
        guardian: Pubkey,
        params: VaultParams,
        share_metadata: ShareMetadata,
    ) -> Instruction {
        let accounts = ballast::accounts::InitializeVault {
            creator: self.creator,
            vault: self.vault,
            share_mint: self.share_mint,
            fee_recipient: self.fee_recipient,
            fee_recipient_shares: self.fee_shares,
            share_token_program: spl_token_2022::ID,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: system_program::ID,
        };
        let args = InitializeVaultArgs { vault_id, authority: self.authority, guardian, params, share_metadata };
        ix(accounts.to_account_metas(None), ballast::instruction::InitializeVault { args }.data())
    }

    /// Governance renames the share token (the authority pays for a longer one).
    pub fn set_share_metadata(&self, metadata: ShareMetadata) -> Instruction {
        let accounts = ballast::accounts::SetShareMetadata {
            authority: self.authority,
            vault: self.vault,
            share_mint: self.share_mint,
            token_2022_program: spl_token_2022::ID,
            system_program: system_program::ID,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::SetShareMetadata { metadata }.data())
    }

    pub fn add_asset(&self, asset: &AssetKeys, args: AddAssetArgs) -> Instruction {
        let accounts = ballast::accounts::AddAsset {
            authority: self.authority,
            payer: self.creator,
            vault: self.vault,
            share_mint: self.share_mint,
            mint: asset.mint,
            vault_token_account: asset.vault_token,
            token_program: asset.token_program,
            system_program: system_program::ID,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::AddAsset { args }.data())
    }

    /// `remove_asset` with the fee recipient's associated account of the mint as the dust's destination.
    pub fn remove_asset(&self, asset: &AssetKeys) -> Instruction {
        let dust_destination =
            get_associated_token_address_with_program_id(&self.fee_recipient, &asset.mint, &asset.token_program);
        self.remove_asset_to(asset, dust_destination)
    }

    pub fn remove_asset_to(&self, asset: &AssetKeys, dust_destination: Pubkey) -> Instruction {
        let accounts = ballast::accounts::RemoveAsset {
            authority: self.authority,
            vault: self.vault,
            mint: asset.mint,
            vault_token_account: asset.vault_token,
            fee_recipient_shares: self.fee_shares,
            dust_destination,
            price_update: asset.price_account,
            token_program: asset.token_program,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::RemoveAsset {}.data())
    }

    pub fn set_target_weights(&self, weights: Vec<u16>) -> Instruction {
        let accounts = ballast::accounts::SetTargetWeights {
            authority: self.authority,
            vault: self.vault,
            share_mint: self.share_mint,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::SetTargetWeights { weights }.data())
    }

    pub fn set_params(&self, params: VaultParams) -> Instruction {
        let accounts =
            ballast::accounts::SetParams { authority: self.authority, vault: self.vault, share_mint: self.share_mint };
        ix(accounts.to_account_metas(None), ballast::instruction::SetParams { params }.data())
    }

    /// Allows `program` through the Raydium CPMM adapter (the adversary answers the same call).
    /// Allows the CPMM `pool` (its pool state) for its pair.
    pub fn add_cpmm_pool(&self, pool: &crate::cpmm::Pool) -> Instruction {
        self.add_pool(pool.program, pool.state, (pool.token_0_mint, pool.token_1_mint))
    }

    /// Allows `pool` of the CPMM-shaped `program` for the pair `mints`.
    pub fn add_pool(&self, program: Pubkey, pool: Pubkey, mints: (Pubkey, Pubkey)) -> Instruction {
        self.add_amm_with(
            program,
            ballast::instructions::AddAmmArgs {
                adapter: ballast::swap::Adapter::RaydiumCpmm.code(),
                pool,
                mint_a: mints.0,
                mint_b: mints.1,
                max_slippage_bps: 0,
            },
        )
    }

    pub fn add_amm_with(&self, program: Pubkey, args: ballast::instructions::AddAmmArgs) -> Instruction {
        let accounts = ballast::accounts::AddAmm {
            authority: self.authority,
            vault: self.vault,
            share_mint: self.share_mint,
            amm_program: program,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::AddAmm { args }.data())
    }

    pub fn remove_amm(&self, program: Pubkey, pool: Pubkey) -> Instruction {
        let accounts = ballast::accounts::RemoveAmm { authority: self.authority, vault: self.vault };
        ix(
            accounts.to_account_metas(None),
            ballast::instruction::RemoveAmm { args: ballast::instructions::RemoveAmmArgs { program, pool } }.data(),
        )
    }

    pub fn reset_breaker(&self) -> Instruction {
        let accounts = ballast::accounts::ResetBreaker { authority: self.authority, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::ResetBreaker {}.data())
    }

    pub fn execute_change(&self) -> Instruction {
        let accounts = ballast::accounts::ExecuteChange { vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::ExecuteChange {}.data())
    }

    pub fn cancel_change(&self) -> Instruction {
        let accounts = ballast::accounts::CancelChange { authority: self.authority, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::CancelChange {}.data())
    }

    pub fn propose_authority(&self, new_authority: Pubkey) -> Instruction {
        let accounts = ballast::accounts::ProposeAuthority { authority: self.authority, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::ProposeAuthority { new_authority }.data())
    }

    pub fn accept_authority(&self, new_authority: Pubkey) -> Instruction {
        let accounts = ballast::accounts::AcceptAuthority { new_authority, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::AcceptAuthority {}.data())
    }

    pub fn set_guardian(&self, guardian: Pubkey) -> Instruction {
        let accounts = ballast::accounts::SetGuardian { authority: self.authority, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::SetGuardian { guardian }.data())
    }

    pub fn set_pause(&self, signer: Pubkey, paused: u8) -> Instruction {
        let accounts = ballast::accounts::SetPause { signer, vault: self.vault };
        ix(accounts.to_account_metas(None), ballast::instruction::SetPause { paused }.data())
    }

    /// `[vault token account, price account]` per asset: what priced instructions take.
    pub fn priced_accounts(&self) -> Vec<AccountMeta> {
        self.assets
            .iter()
            .flat_map(|a| {
                [AccountMeta::new_readonly(a.vault_token, false), AccountMeta::new_readonly(a.price_account, false)]
            })
            .collect()
    }

    /// `[mint, vault token account, user token account]` per asset: what in-kind instructions take.
    pub fn legs(&self, user_tokens: &[Pubkey]) -> Vec<AccountMeta> {
        self.assets
            .iter()
            .zip(user_tokens)
            .flat_map(|(a, user)| {
                [
                    AccountMeta::new_readonly(a.mint, false),
                    AccountMeta::new(a.vault_token, false),
                    AccountMeta::new(*user, false),
                ]
            })
            .collect()
    }

    pub fn deposit(
        &self,
        depositor: Pubkey,
        asset: usize,
        asset_account: Pubkey,
        share_account: Pubkey,
        args: DepositArgs,
    ) -> Instruction {
        let a = &self.assets[asset];
        let accounts = ballast::accounts::Deposit {
            depositor,
            vault: self.vault,
            share_mint: self.share_mint,
            fee_recipient_shares: self.fee_shares,
            asset_mint: a.mint,
            vault_token_account: a.vault_token,
            depositor_asset_account: asset_account,
            depositor_share_account: share_account,
            asset_token_program: a.token_program,
            share_token_program: spl_token_2022::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::Deposit { args }.data())
    }

    pub fn deposit_in_kind(
        &self,
        depositor: Pubkey,
        user_tokens: &[Pubkey],
        share_account: Pubkey,
        args: DepositInKindArgs,
    ) -> Instruction {
        let accounts = ballast::accounts::DepositInKind {
            depositor,
            vault: self.vault,
            share_mint: self.share_mint,
            fee_recipient_shares: self.fee_shares,
            depositor_share_account: share_account,
            token_program: spl_token::ID,
            token_2022_program: spl_token_2022::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.legs(user_tokens));
        ix(metas, ballast::instruction::DepositInKind { args }.data())
    }

    pub fn withdraw_in_kind(
        &self,
        owner: Pubkey,
        user_tokens: &[Pubkey],
        share_account: Pubkey,
        args: WithdrawInKindArgs,
    ) -> Instruction {
        let accounts = ballast::accounts::WithdrawInKind {
            owner,
            vault: self.vault,
            share_mint: self.share_mint,
            fee_recipient_shares: self.fee_shares,
            owner_share_account: share_account,
            token_program: spl_token::ID,
            token_2022_program: spl_token_2022::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.legs(user_tokens));
        ix(metas, ballast::instruction::WithdrawInKind { args }.data())
    }

    /// The owner's claim account on `mint` (PDA `[CLAIM, vault, owner, mint]`).
    pub fn claim_address(&self, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
        Pubkey::find_program_address(&[seeds::CLAIM, self.vault.as_ref(), owner.as_ref(), mint.as_ref()], &ballast::ID)
            .0
    }

    /// `open_claim` with the vault's creator (the tests' payer) paying the rent.
    pub fn open_claim(&self, owner: Pubkey, mint: Pubkey) -> Instruction {
        let accounts = ballast::accounts::OpenClaim {
            owner,
            payer: self.creator,
            vault: self.vault,
            mint,
            claim: self.claim_address(&owner, &mint),
            system_program: system_program::ID,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::OpenClaim {}.data())
    }

    /// `redeem_claim` of `owner`'s claim on `asset`, sent by `caller` (anyone).
    pub fn redeem_claim(
        &self,
        caller: Pubkey,
        owner: Pubkey,
        asset: &AssetKeys,
        owner_token_account: Pubkey,
    ) -> Instruction {
        let accounts = ballast::accounts::RedeemClaim {
            caller,
            owner,
            vault: self.vault,
            claim: self.claim_address(&owner, &asset.mint),
            mint: asset.mint,
            vault_token_account: asset.vault_token,
            owner_token_account,
            token_program: asset.token_program,
        };
        ix(accounts.to_account_metas(None), ballast::instruction::RedeemClaim {}.data())
    }

    /// `rebalance` through the CPMM `pool`, selling slot `sell` for slot `buy` (the program's own choice
    /// of pair; the accounts must match it).
    /// The bounty in shares (the fixtures' default) to `cranker_shares`. The AMM program is account
    /// [`REBALANCE_AMM_PROGRAM`].
    pub fn rebalance(
        &self,
        cranker: Pubkey,
        cranker_shares: Pubkey,
        pool: &crate::cpmm::Pool,
        sell: usize,
        buy: usize,
        min_out: u64,
    ) -> Instruction {
        let args = ballast::instructions::RebalanceArgs { min_out, pair: None, route: vec![] };
        self.rebalance_with(
            cranker,
            cranker_shares,
            crate::cpmm::CPMM_ID,
            self.cpmm_swap(pool, sell, buy).accounts,
            args,
        )
    }

    /// The CPMM swap of slot `sell` for slot `buy` with the vault's swap authority as payer
    /// (amounts left to the program).
    pub fn cpmm_swap(&self, pool: &crate::cpmm::Pool, sell: usize, buy: usize) -> Instruction {
        let (s, b) = (&self.assets[sell], &self.assets[buy]);
        pool.swap_base_input(self.swap_authority, s.mint, s.vault_token, b.vault_token, 0, 0)
    }

    /// `rebalance` through `amm_program` with its swap accounts and the full arguments.
    pub fn rebalance_with(
        &self,
        cranker: Pubkey,
        cranker_shares: Pubkey,
        amm_program: Pubkey,
        swap_accounts: Vec<AccountMeta>,
        args: ballast::instructions::RebalanceArgs,
    ) -> Instruction {
        self.rebalance_paying(
            cranker,
            (cranker_shares, self.share_mint, spl_token_2022::ID),
            amm_program,
            swap_accounts,
            args,
        )
    }

    /// `rebalance` with the bounty's `(recipient, mint, token program)` given.
    pub fn rebalance_paying(
        &self,
        cranker: Pubkey,
        (cranker_bounty, bounty_mint, bounty_token_program): (Pubkey, Pubkey, Pubkey),
        amm_program: Pubkey,
        swap_accounts: Vec<AccountMeta>,
        args: ballast::instructions::RebalanceArgs,
    ) -> Instruction {
        let accounts = ballast::accounts::Rebalance {
            cranker,
            vault: self.vault,
            share_mint: self.share_mint,
            cranker_bounty,
            bounty_mint,
            amm_program,
            share_token_program: spl_token_2022::ID,
            bounty_token_program,
            token_program: spl_token::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.priced_accounts());
        // The swap authority signs the swap by CPI; in the outer transaction it is an ordinary account.
        metas.extend(swap_accounts.into_iter().map(|m| AccountMeta { is_signer: false, ..m }));
        ix(metas, ballast::instruction::Rebalance { args }.data())
    }

    pub fn preview_rebalance(&self) -> Instruction {
        let mut metas = ballast::accounts::PreviewRebalance { vault: self.vault, share_mint: self.share_mint }
            .to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::PreviewRebalance {}.data())
    }

    /// `roll_insurance` by the authority, with the priced accounts.
    pub fn roll_insurance(&self) -> Instruction {
        let mut metas = ballast::accounts::RollInsurance {
            authority: self.authority,
            vault: self.vault,
            share_mint: self.share_mint,
        }
        .to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::RollInsurance {}.data())
    }

    pub fn view_insurance(&self) -> Instruction {
        let mut metas =
            ballast::accounts::ViewInsurance { vault: self.vault, share_mint: self.share_mint }.to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::ViewInsurance {}.data())
    }

    /// The vault's auction PDA.
    pub fn auction(&self) -> Pubkey {
        Pubkey::find_program_address(&[seeds::AUCTION, self.vault.as_ref()], &ballast::ID).0
    }

    /// `open_auction` for the program's pair (or `pair`), the opener paying the rent.
    pub fn open_auction(&self, opener: Pubkey, pair: Option<[u8; 2]>) -> Instruction {
        let accounts = ballast::accounts::OpenAuction {
            opener,
            vault: self.vault,
            share_mint: self.share_mint,
            auction: self.auction(),
            system_program: system_program::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::OpenAuction { args: ballast::instructions::OpenAuctionArgs { pair } }.data())
    }

    /// `fill_begin`: `amount` of slot `sell` to the solver's `to` account (the sold vault account writable).
    pub fn fill_begin(&self, solver: Pubkey, sell: usize, to: Pubkey, amount: u64) -> Instruction {
        let asset = &self.assets[sell];
        let accounts = ballast::accounts::FillBegin {
            solver,
            vault: self.vault,
            share_mint: self.share_mint,
            auction: self.auction(),
            instructions: solana_sdk_ids::sysvar::instructions::ID,
            sell_mint: asset.mint,
            solver_sell_account: to,
            sell_token_program: asset.token_program,
        };
        let mut metas = accounts.to_account_metas(None);
        let mut priced = self.priced_accounts();
        priced[sell * 2] = AccountMeta::new(asset.vault_token, false);
        metas.extend(priced);
        ix(metas, ballast::instruction::FillBegin { args: ballast::instructions::FillBeginArgs { amount } }.data())
    }

    /// `fill_end` for the fill `solver` began.
    pub fn fill_end(&self, solver: Pubkey) -> Instruction {
        let accounts = ballast::accounts::FillEnd {
            solver,
            vault: self.vault,
            share_mint: self.share_mint,
            auction: self.auction(),
            instructions: solana_sdk_ids::sysvar::instructions::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::FillEnd {}.data())
    }

    /// `close_auction`, the rent to `opener`.
    pub fn close_auction(&self, opener: Pubkey) -> Instruction {
        let accounts = ballast::accounts::CloseAuction { vault: self.vault, auction: self.auction(), opener };
        ix(accounts.to_account_metas(None), ballast::instruction::CloseAuction {}.data())
    }

    pub fn accrue_fees(&self) -> Instruction {
        let accounts = ballast::accounts::AccrueFees {
            vault: self.vault,
            share_mint: self.share_mint,
            fee_recipient_shares: self.fee_shares,
            share_token_program: spl_token_2022::ID,
        };
        let mut metas = accounts.to_account_metas(None);
        metas.extend(self.priced_accounts());
        ix(metas, ballast::instruction::AccrueFees {}.data())
    }
}
