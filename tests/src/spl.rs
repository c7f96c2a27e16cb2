//! SPL Token set-up through the real token program (instructions from `spl-token-interface`).

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::{instruction::Instruction, system_instruction};
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::Harness;

const MINT_SPACE: u64 = 82;
const ACCOUNT_SPACE: u64 = 165;

fn create(h: &Harness, new: &Pubkey, space: u64) -> Instruction {
    // 0.01 SOL covers rent exemption of both sizes.
    system_instruction::create_account(&h.payer.pubkey(), new, 10_000_000, space, &spl_token::ID)
}

impl Harness {
    /// A classic SPL mint with the payer as mint authority.
    pub async fn create_mint(&mut self, mint: &Keypair, decimals: u8) {
        let ixs = [
            create(self, &mint.pubkey(), MINT_SPACE),
            spl_token::instruction::initialize_mint2(
                &spl_token::ID,
                &mint.pubkey(),
                &self.payer.pubkey(),
                None,
                decimals,
            )
            .expect("ix"),
        ];
        let out = self.send("create_mint", &ixs, &[mint]).await;
        assert_eq!(out.result, Ok(()), "create_mint");
    }

    /// A token account of `mint` owned by `owner` (any token program account, at a fixed address).
    pub async fn create_token_account(&mut self, account: &Keypair, mint: &Pubkey, owner: &Pubkey) {
        let ixs = [
            create(self, &account.pubkey(), ACCOUNT_SPACE),
            spl_token::instruction::initialize_account3(&spl_token::ID, &account.pubkey(), mint, owner).expect("ix"),
        ];
        let out = self.send("create_token_account", &ixs, &[account]).await;
        assert_eq!(out.result, Ok(()), "create_token_account");
    }

    /// Mints `amount` of `mint` (payer is the mint authority) into `to`.
    pub async fn mint_tokens(&mut self, mint: &Pubkey, to: &Pubkey, amount: u64) {
        let ix =
            spl_token::instruction::mint_to(&spl_token::ID, mint, to, &self.payer.pubkey(), &[], amount).expect("ix");
        let out = self.send("mint_tokens", &[ix], &[]).await;
        assert_eq!(out.result, Ok(()), "mint_tokens");
    }

    /// A plain SPL transfer signed by `owner` (e.g. a donation straight to a vault token account).
    pub async fn transfer_tokens(&mut self, from: &Pubkey, to: &Pubkey, owner: &Keypair, amount: u64) {
        let ix = spl_token::instruction::transfer(&spl_token::ID, from, to, &owner.pubkey(), &[], amount).expect("ix");
        let out = self.send("transfer_tokens", &[ix], &[owner]).await;
        assert_eq!(out.result, Ok(()), "transfer_tokens");
    }

    /// Token amount held by a token account (of either token program, extensions or not).
    pub async fn token_balance(&mut self, account: Pubkey) -> u64 {
        let data = self.account(account).await.expect("token account exists").data;
        StateWithExtensions::<spl_token_2022::state::Account>::unpack(&data).expect("token account").base.amount
    }

    /// Supply of a mint (of either token program; the share mint is Token-2022 with metadata).
    pub async fn mint_supply(&mut self, mint: Pubkey) -> u64 {
        let data = self.account(mint).await.expect("mint exists").data;
        StateWithExtensions::<spl_token_2022::state::Mint>::unpack(&data).expect("mint").base.supply
    }

    /// A Token-2022 account of the vault's share mint owned by `owner`, at a fixed address.
    pub async fn create_share_account(&mut self, account: &Keypair, share_mint: &Pubkey, owner: &Pubkey) {
        let ixs = [
            system_instruction::create_account(
                &self.payer.pubkey(),
                &account.pubkey(),
                10_000_000,
                ACCOUNT_SPACE,
                &spl_token_2022::ID,
            ),
            spl_token_2022::instruction::initialize_account3(&spl_token_2022::ID, &account.pubkey(), share_mint, owner)
                .expect("ix"),
        ];
        let out = self.send("create_share_account", &ixs, &[account]).await;
        assert_eq!(out.result, Ok(()), "create_share_account: {:?}", out.program_output);
    }
}

impl Harness {
    /// Re-creates the fee recipient's associated share account (after a test closed it).
    pub async fn create_associated_share_account(&mut self, f: &crate::fixture::VaultFixture) {
        let ix =
            anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account(
                &self.payer.pubkey(),
                &f.keys.fee_recipient,
                &f.keys.share_mint,
                &spl_token_2022::ID,
            );
        let out = self.send("create_associated_share_account", &[ix], &[]).await;
        assert_eq!(out.result, Ok(()), "create ATA: {:?}", out.program_output);
    }
}

impl Harness {
    /// A Token-2022 mint with `extensions` initialised by `init` (the payer is every authority),
    /// and `freeze_authority` as given.
    pub async fn create_mint_2022(
        &mut self,
        mint: &Keypair,
        decimals: u8,
        extensions: &[anchor_spl::token_2022::spl_token_2022::extension::ExtensionType],
        init: Vec<Instruction>,
    ) {
        use anchor_spl::token_2022::spl_token_2022::{self, extension::ExtensionType, state::Mint};
        let space = ExtensionType::try_calculate_account_len::<Mint>(extensions).expect("mint size");
        let mut ixs = vec![system_instruction::create_account(
            &self.payer.pubkey(),
            &mint.pubkey(),
            100_000_000,
            u64::try_from(space).expect("size"),
            &spl_token_2022::ID,
        )];
        ixs.extend(init);
        ixs.push(
            spl_token_2022::instruction::initialize_mint2(
                &spl_token_2022::ID,
                &mint.pubkey(),
                &self.payer.pubkey(),
                None,
                decimals,
            )
            .expect("ix"),
        );
        let out = self.send("create_mint_2022", &ixs, &[mint]).await;
        assert_eq!(out.result, Ok(()), "create_mint_2022: {:?}", out.program_output);
    }

    /// A classic SPL mint that has a freeze authority (the payer).
    pub async fn create_freezable_mint(&mut self, mint: &Keypair, decimals: u8) {
        let ixs = [
            create(self, &mint.pubkey(), MINT_SPACE),
            spl_token::instruction::initialize_mint2(
                &spl_token::ID,
                &mint.pubkey(),
                &self.payer.pubkey(),
                Some(&self.payer.pubkey()),
                decimals,
            )
            .expect("ix"),
        ];
        let out = self.send("create_freezable_mint", &ixs, &[mint]).await;
        assert_eq!(out.result, Ok(()), "create_freezable_mint");
    }
}
