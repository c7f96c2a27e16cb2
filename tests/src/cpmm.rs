//! Raydium's CPMM program (crates.io `raydium-cp-swap`, built from source by `make amm`) in the
//! test VM: its config written directly (its admin key is fixed in the crate), pools created and
//! swaps made through its own instructions. Instruction data and account order follow the crate's
//! Anchor definitions (`instructions/initialize.rs`, `instructions/swap_base_input.rs`).

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::{instruction::Instruction, system_program};
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::token::spl_token;
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::fixture::{VaultFixture, SOL, USDC};
use crate::{keypair, Harness};

/// The program id declared by `raydium-cp-swap` 0.1.1392 (without its `devnet` feature).
pub const CPMM_ID: Pubkey = Pubkey::from_str_const("CVF4q3yFpyQwV8DLDiJ9Ew6FFLE1vr5ToRzsXYQTaNrj");
/// Where `make amm` leaves the build.
pub fn cpmm_so() -> &'static str {
    crate::program_path("raydium_cp_swap")
}
/// `ObservationState`: discriminator + packed (bool, u16, Pubkey, 100 × 40-byte observations, [u64; 4]).
const OBSERVATION_SPACE: usize = 8 + 1 + 2 + 32 + 100 * 40 + 32;

/// Anchor discriminators: the first 8 bytes of sha256("global:<instruction>") / ("account:<type>").
const INITIALIZE: [u8; 8] = [175, 175, 109, 31, 13, 152, 155, 237];
const SWAP_BASE_INPUT: [u8; 8] = [143, 190, 90, 218, 196, 30, 51, 222];
const AMM_CONFIG: [u8; 8] = [218, 244, 33, 104, 203, 203, 43, 111];
const OBSERVATION_STATE: [u8; 8] = [122, 174, 197, 53, 129, 9, 165, 132];
const RENT_SYSVAR: Pubkey = Pubkey::from_str_const("SysvarRent111111111111111111111111111111111");

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &CPMM_ID).0
}

/// The address of the `AmmConfig` at `index`.
pub fn config_address(index: u16) -> Pubkey {
    pda(&[b"amm_config", &index.to_be_bytes()])
}

/// The pool state `create_cpmm_pool` creates for `config` and the pair (either order), known
/// before the pool exists so governance can pin it first.
pub fn pool_state_address(config: Pubkey, mint_a: Pubkey, mint_b: Pubkey) -> Pubkey {
    let (mint_0, mint_1) = if mint_a < mint_b { (mint_a, mint_b) } else { (mint_b, mint_a) };
    pda(&[b"pool", config.as_ref(), mint_0.as_ref(), mint_1.as_ref()])
}

/// One constant-product pool of two mints (SPL Token or Token-2022).
#[derive(Debug, Clone, Copy)]
pub struct Pool {
    /// The CPMM program (an adversary in the security tests answers in the same shape).
    pub program: Pubkey,
    pub config: Pubkey,
    pub authority: Pubkey,
    pub state: Pubkey,
    pub token_0_mint: Pubkey,
    pub token_1_mint: Pubkey,
    pub token_0_vault: Pubkey,
    pub token_1_vault: Pubkey,
    pub observation: Pubkey,
    /// The token program of each mint.
    pub token_0_program: Pubkey,
    pub token_1_program: Pubkey,
}

impl Pool {
    /// `swap_base_input`: `amount_in` of `input_mint` from `input` to `output`, at least `min_out`.
    pub fn swap_base_input(
        &self,
        payer: Pubkey,
        input_mint: Pubkey,
        input: Pubkey,
        output: Pubkey,
        amount_in: u64,
        min_out: u64,
    ) -> Instruction {
        let zero_for_one = input_mint == self.token_0_mint;
        let (in_vault, out_vault, in_mint, out_mint) = if zero_for_one {
            (self.token_0_vault, self.token_1_vault, self.token_0_mint, self.token_1_mint)
        } else {
            (self.token_1_vault, self.token_0_vault, self.token_1_mint, self.token_0_mint)
        };
        let (in_program, out_program) = if zero_for_one {
            (self.token_0_program, self.token_1_program)
        } else {
            (self.token_1_program, self.token_0_program)
        };
        let mut data = SWAP_BASE_INPUT.to_vec();
        data.extend_from_slice(&amount_in.to_le_bytes());
        data.extend_from_slice(&min_out.to_le_bytes());
        Instruction {
            program_id: self.program,
            accounts: vec![
                AccountMeta::new_readonly(payer, true),
                AccountMeta::new_readonly(self.authority, false),
                AccountMeta::new_readonly(self.config, false),
                AccountMeta::new(self.state, false),
                AccountMeta::new(input, false),
                AccountMeta::new(output, false),
                AccountMeta::new(in_vault, false),
                AccountMeta::new(out_vault, false),
                AccountMeta::new_readonly(in_program, false),
                AccountMeta::new_readonly(out_program, false),
                AccountMeta::new_readonly(in_mint, false),
                AccountMeta::new_readonly(out_mint, false),
                AccountMeta::new(self.observation, false),
            ],
            data,
        }
    }
}

impl Harness {
    /// A USDC/SOL vault at 50/50 with `params`, the CPMM allowed, alice's `deposits` made
    /// (`(asset, amount)`), a zero-fee pool of `pool_usdc` / `pool_sol` seeded by the payer, and
    /// fresh prices.
    pub async fn cpmm_vault(
        &mut self,
        params: ballast::state::VaultParams,
        deposits: &[(usize, u64)],
        pool_usdc: u64,
        pool_sol: u64,
    ) -> (VaultFixture, Pool) {
        self.cpmm_vault_with_fees(params, deposits, (pool_usdc, pool_sol), (0, 0)).await
    }

    /// `cpmm_vault` with a pool that keeps a fee from each swap's input: `fees.0` atomic units of
    /// USDC when USDC is sold, `fees.1` of SOL when SOL is sold. (This CPMM build charges its
    /// "rates" as fixed amounts of the input, not as a share of it.)
    pub async fn cpmm_vault_with_fees(
        &mut self,
        params: ballast::state::VaultParams,
        deposits: &[(usize, u64)],
        (pool_usdc, pool_sol): (u64, u64),
        fees: (u64, u64),
    ) -> (VaultFixture, Pool) {
        let funding =
            [0, 1].map(|asset| deposits.iter().filter(|(a, _)| *a == asset).map(|(_, amount)| amount).sum::<u64>());
        let mut f = self.vault_fixture_with(params, &[USDC, SOL], &[5_000, 5_000], &funding).await;
        let payer = self.payer.insecure_clone();
        let (usdc_account, sol_account) = (keypair(130), keypair(131));
        for (account, asset, amount) in [(&usdc_account, 0, pool_usdc), (&sol_account, 1, pool_sol)] {
            let mint = f.keys.assets[asset].mint;
            self.create_token_account(account, &mint, &payer.pubkey()).await;
            self.mint_tokens(&mint, &account.pubkey(), amount).await;
        }
        let (usdc_mint, sol_mint) = (f.keys.assets[0].mint, f.keys.assets[1].mint);
        let (fee_0, fee_1) = if usdc_mint < sol_mint { fees } else { (fees.1, fees.0) };
        let config = self.create_cpmm_config_with_fees(0, fee_0, fee_1);
        let pool = self
            .create_cpmm_pool(
                config,
                (f.keys.assets[0].mint, usdc_account.pubkey(), pool_usdc),
                (f.keys.assets[1].mint, sol_account.pubkey(), pool_sol),
            )
            .await;
        // Governance pins this pool for the pair while the vault has no holders (no timelock yet).
        assert_eq!(self.send("allow the CPMM pool", &[f.keys.add_cpmm_pool(&pool)], &[]).await.result, Ok(()));
        for (asset, amount) in deposits {
            assert_eq!(self.deposit(&f, &f.alice, *asset, *amount, 0).await.result, Ok(()));
        }
        self.warp(2).await;
        self.publish_prices(&mut f).await;
        (f, pool)
    }

    /// Writes an `AmmConfig` with zero fees at index `index` (the real one is created by Raydium's
    /// admin, whose key is fixed in the crate).
    pub fn create_cpmm_config(&mut self, index: u16) -> Pubkey {
        self.create_cpmm_config_with_fees(index, 0, 0)
    }

    /// An `AmmConfig` whose pools keep a fee of `fee_0` (`fee_1`) atomic units from a swap that
    /// sells token 0 (token 1): this build subtracts its lp "rate" from the input as an amount.
    pub fn create_cpmm_config_with_fees(&mut self, index: u16, fee_0: u64, fee_1: u64) -> Pubkey {
        let config = config_address(index);
        let mut data = AMM_CONFIG.to_vec();
        data.push(0); // bump (unused by swaps)
        data.push(0); // disable_create_pool = false
        data.extend_from_slice(&u64::from(index).to_le_bytes());
        data.extend_from_slice(&fee_1.to_le_bytes()); // token_1_lp_rate
        data.extend_from_slice(&fee_0.to_le_bytes()); // token_0_lp_rate
        data.extend_from_slice(&[0; 2 * 8]); // creator rates of both tokens: none
        data.extend_from_slice(self.payer.pubkey().as_ref()); // protocol_owner
        data.extend_from_slice(self.payer.pubkey().as_ref()); // fund_owner
        data.extend_from_slice(&[0; 16 * 8]);
        self.ctx.set_account(
            &config,
            &AccountSharedData::from(Account {
                lamports: 10_000_000,
                data,
                owner: CPMM_ID,
                executable: false,
                rent_epoch: 0,
            }),
        );
        config
    }

    /// Creates a pool of `mint_a`/`mint_b` seeded by the payer with `amount_a`/`amount_b` taken from
    /// `source_a`/`source_b` (payer-owned token accounts). Opens one second later: call `warp(1)`.
    pub async fn create_cpmm_pool(
        &mut self,
        config: Pubkey,
        a: (Pubkey, Pubkey, u64),
        b: (Pubkey, Pubkey, u64),
    ) -> Pool {
        self.create_cpmm_pool_of(config, (a.0, a.1, a.2, spl_token::ID), (b.0, b.1, b.2, spl_token::ID)).await
    }

    /// `create_cpmm_pool` with each mint's token program given (`(mint, source, amount, program)`).
    pub async fn create_cpmm_pool_of(
        &mut self,
        config: Pubkey,
        a: (Pubkey, Pubkey, u64, Pubkey),
        b: (Pubkey, Pubkey, u64, Pubkey),
    ) -> Pool {
        let ((mint_0, source_0, amount_0, program_0), (mint_1, source_1, amount_1, program_1)) =
            if a.0 < b.0 { (a, b) } else { (b, a) };
        let state = pool_state_address(config, mint_0, mint_1);
        let pool = Pool {
            program: CPMM_ID,
            config,
            authority: pda(&[b"vault_and_lp_mint_auth_seed"]),
            state,
            token_0_mint: mint_0,
            token_1_mint: mint_1,
            token_0_vault: pda(&[b"pool_vault", state.as_ref(), mint_0.as_ref()]),
            token_1_vault: pda(&[b"pool_vault", state.as_ref(), mint_1.as_ref()]),
            observation: Keypair::new_from_array([77; 32]).pubkey(),
            token_0_program: program_0,
            token_1_program: program_1,
        };
        let lp_mint = pda(&[b"pool_lp_mint", state.as_ref()]);
        let payer = self.payer.pubkey();
        let mut data = INITIALIZE.to_vec();
        for v in [amount_0, amount_1, 0u64] {
            data.extend_from_slice(&v.to_le_bytes());
        }
        let ix = Instruction {
            program_id: CPMM_ID,
            accounts: vec![
                AccountMeta::new(payer, true),
                AccountMeta::new_readonly(config, false),
                AccountMeta::new_readonly(pool.authority, false),
                AccountMeta::new(state, false),
                AccountMeta::new_readonly(mint_0, false),
                AccountMeta::new_readonly(mint_1, false),
                AccountMeta::new(lp_mint, false),
                AccountMeta::new(source_0, false),
                AccountMeta::new(source_1, false),
                AccountMeta::new(get_associated_token_address(&payer, &lp_mint), false),
                AccountMeta::new(pool.token_0_vault, false),
                AccountMeta::new(pool.token_1_vault, false),
                // The LP mint's program (the fork's LP is classic SPL), then each side's.
                AccountMeta::new_readonly(spl_token::ID, false),
                AccountMeta::new_readonly(program_0, false),
                AccountMeta::new_readonly(program_1, false),
                AccountMeta::new_readonly(anchor_spl::associated_token::ID, false),
                AccountMeta::new_readonly(system_program::ID, false),
                AccountMeta::new_readonly(RENT_SYSVAR, false),
                AccountMeta::new_readonly(pool.observation, false),
                AccountMeta::new_readonly(payer, false),
            ],
            data,
        };
        let out = self.send("cpmm initialize", &[ix], &[]).await;
        assert_eq!(out.result, Ok(()), "cpmm initialize: {:?}", out.program_output);
        // The fork creates its observation account in a separate, metadata-bound instruction;
        // swaps only need it to exist with the right owner and discriminator.
        let mut observation = OBSERVATION_STATE.to_vec();
        observation.resize(OBSERVATION_SPACE, 0);
        self.ctx.set_account(
            &pool.observation,
            &AccountSharedData::from(Account {
                lamports: 100_000_000,
                data: observation,
                owner: CPMM_ID,
                executable: false,
                rent_epoch: 0,
            }),
        );
        pool
    }
}
