//! A vault with one classic-SPL asset and two funded depositors, the same in every mode.

use anchor_lang::prelude::Pubkey;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::ballast_ix::VaultKeys;
use crate::{keypair, Harness};

pub const ASSET_DECIMALS: u8 = 6;

/// One depositor: a signer with an asset account and a share account.
pub struct Depositor {
    pub key: Keypair,
    pub asset_account: Pubkey,
    pub share_account: Pubkey,
}

pub struct VaultFixture {
    pub keys: VaultKeys,
    pub alice: Depositor,
    pub bob: Depositor,
}

impl Harness {
    /// Creates the asset mint, funds alice and bob with `funding` tokens each, creates vault
    /// `vault_id` with the given limits, and share accounts for both depositors.
    pub async fn vault_fixture(&mut self, vault_id: u64, deposit_cap: u64, max_deposit_per_tx: u64, funding: u64) -> VaultFixture {
        let mint = keypair(2);
        self.create_mint(&mint, ASSET_DECIMALS).await;
        let keys = VaultKeys::new(self.payer.pubkey(), vault_id, mint.pubkey());
        let args = ballast::instructions::InitializeVaultArgs { vault_id, authority: self.payer.pubkey(), deposit_cap, max_deposit_per_tx };
        let out = self.send("initialize_vault", &[keys.initialize_vault(args)], &[]).await;
        assert_eq!(out.result, Ok(()), "initialize_vault: {:?}", out.program_output);
        let alice = self.depositor(&keys, 3, funding).await;
        let bob = self.depositor(&keys, 4, funding).await;
        VaultFixture { keys, alice, bob }
    }

    async fn depositor(&mut self, keys: &VaultKeys, n: u8, funding: u64) -> Depositor {
        let key = keypair(n);
        let (asset, share) = (keypair(n.wrapping_mul(10)), keypair(n.wrapping_mul(10).wrapping_add(1)));
        self.create_token_account(&asset, &keys.asset_mint, &key.pubkey()).await;
        self.create_token_account(&share, &keys.share_mint, &key.pubkey()).await;
        if funding > 0 {
            self.mint_tokens(&keys.asset_mint, &asset.pubkey(), funding).await;
        }
        Depositor { key, asset_account: asset.pubkey(), share_account: share.pubkey() }
    }

    /// Sends `deposit` for `who`.
    pub async fn deposit(&mut self, keys: &VaultKeys, who: &Depositor, amount: u64, min_shares_out: u64) -> crate::Outcome {
        let ix = keys.deposit(who.key.pubkey(), who.asset_account, who.share_account, amount, min_shares_out);
        let signer = who.key.insecure_clone();
        self.send("deposit", &[ix], &[&signer]).await
    }
}
