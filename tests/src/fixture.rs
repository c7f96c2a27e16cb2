//! Test vaults: classic-SPL assets with Pyth price accounts, two funded depositors, the same
//! keys in every mode so that native and SBF traces compare byte for byte.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::clock::Clock;
use anchor_spl::token::spl_token;
use ballast::instructions::{AddAssetArgs, DepositArgs, DepositInKindArgs, WithdrawInKindArgs};
use ballast::state::{Vault, VaultParams};
use ballast_math::params::Params;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::ballast_ix::{vault_token_address, AssetKeys, VaultKeys};
use crate::pyth::Quote;
use crate::{keypair, Harness, Outcome};

/// Parameters of the test vaults: `Params::EXAMPLE` (1%/yr + 10% fees, 60 s prices, 2% confidence,
/// 5% EMA gap, one-day timelock; rebalance at 5% (or 25% relative) drift, 1% slippage, 1.5% loss,
/// 5 bps bounty, once an hour; no forced schedule, 3 poor fills in a row trip the breaker; fixed
/// weights; the bounty in shares, at most 100 USD) with a 1B USD cap, 100M per deposit, at most
/// 20% of the vault per trade and 5× the vault's value per day of turnover.
pub const PARAMS: VaultParams = VaultParams::from_math(&Params {
    deposit_cap: 1_000_000_000_000_000,
    max_deposit_per_tx: 100_000_000_000_000,
    max_trade_bps: 2_000,
    // The volatility widening is off unless a test turns it on (tests/tests/volatility.rs).
    vol_band_k_pct: 0,
    turnover_cap_bps: 50_000,
    // Deposits here are valued at prices up to a minute old (many scenarios warp between a
    // price and a deposit); the default (`Params::EXAMPLE`) is 5 s, and tests/tests/price_picking.rs
    // exercises a tight bound.
    fresh_price_age_secs: 60,
    ..Params::EXAMPLE
});

/// One asset of a test vault: decimals, price (USD, 8 decimals) and confidence (bps of price).
#[derive(Debug, Clone, Copy)]
pub struct AssetSpec {
    pub decimals: u8,
    pub price: i64,
    pub conf_bps: u64,
    /// The mint has a freeze authority (the payer), admitted with `allow_freeze_authority`.
    pub freezable: bool,
}

pub const USDC: AssetSpec = AssetSpec { decimals: 6, price: 100_000_000, conf_bps: 0, freezable: false };
pub const SOL: AssetSpec = AssetSpec { decimals: 9, price: 15_000_000_000, conf_bps: 10, freezable: false };
/// USDC as issued: its issuer can freeze any account of it, the vault's included.
pub const FREEZABLE_USDC: AssetSpec = AssetSpec { freezable: true, ..USDC };
pub const BTC: AssetSpec = AssetSpec { decimals: 8, price: 6_000_000_000_000, conf_bps: 5, freezable: false };

/// A depositor: a signer with a token account per asset and a share account.
pub struct User {
    pub key: Keypair,
    pub tokens: Vec<Pubkey>,
    pub shares: Pubkey,
}

pub struct VaultFixture {
    pub keys: VaultKeys,
    pub specs: Vec<AssetSpec>,
    pub guardian: Keypair,
    pub alice: User,
    pub bob: User,
}

pub fn feed_id(i: usize) -> [u8; 32] {
    [100 + u8::try_from(i).expect("few assets"); 32]
}

fn price_account(i: usize) -> Pubkey {
    Pubkey::new_from_array([200 + u8::try_from(i).expect("few assets"); 32])
}

pub fn add_asset_args(i: usize) -> AddAssetArgs {
    AddAssetArgs { price_feed_id: feed_id(i), min_weight_bps: 0, max_weight_bps: 10_000, allow_freeze_authority: false }
}

impl Harness {
    pub async fn now(&mut self) -> i64 {
        self.ctx.banks_client.get_sysvar::<Clock>().await.expect("clock").unix_timestamp
    }

    /// Moves the chain's clock forward by `secs`.
    pub async fn warp(&mut self, secs: i64) {
        let clock = self.ctx.banks_client.get_sysvar::<Clock>().await.expect("clock");
        self.ctx.set_sysvar(&Clock { unix_timestamp: clock.unix_timestamp + secs, ..clock });
    }

    /// Creates `specs.len()` mints, vault 1 with those assets at `weights`, and alice and bob
    /// holding `funding[i]` of each asset. Prices are published now.
    pub async fn vault_fixture(&mut self, specs: &[AssetSpec], weights: &[u16], funding: &[u64]) -> VaultFixture {
        self.vault_fixture_with(PARAMS, specs, weights, funding).await
    }

    /// `vault_fixture` with other parameters.
    pub async fn vault_fixture_with(
        &mut self,
        params: VaultParams,
        specs: &[AssetSpec],
        weights: &[u16],
        funding: &[u64],
    ) -> VaultFixture {
        let mut keys = VaultKeys::new(self.payer.pubkey(), 1, keypair(6).pubkey());
        let guardian = keypair(5);
        let out = self.send("initialize_vault", &[keys.initialize_vault(1, guardian.pubkey(), params)], &[]).await;
        assert_eq!(out.result, Ok(()), "initialize_vault: {:?}", out.program_output);
        for (i, spec) in specs.iter().enumerate() {
            let mint = keypair(20 + u8::try_from(i).expect("few assets"));
            if spec.freezable {
                self.create_freezable_mint(&mint, spec.decimals).await;
            } else {
                self.create_mint(&mint, spec.decimals).await;
            }
            let asset = AssetKeys {
                mint: mint.pubkey(),
                token_program: spl_token::ID,
                vault_token: vault_token_address(&keys.vault, &mint.pubkey()),
                feed_id: feed_id(i),
                price_account: price_account(i),
                decimals: spec.decimals,
            };
            let args = AddAssetArgs { allow_freeze_authority: spec.freezable, ..add_asset_args(i) };
            let out = self.send("add_asset", &[keys.add_asset(&asset, args)], &[]).await;
            assert_eq!(out.result, Ok(()), "add_asset: {:?}", out.program_output);
            keys.assets.push(asset);
        }
        if specs.len() > 1 {
            let out = self.send("set_target_weights", &[keys.set_target_weights(weights.to_vec())], &[]).await;
            assert_eq!(out.result, Ok(()), "set_target_weights: {:?}", out.program_output);
        }
        let mut f = VaultFixture {
            alice: self.user(&keys, 3, funding).await,
            bob: self.user(&keys, 4, funding).await,
            keys,
            specs: specs.to_vec(),
            guardian,
        };
        self.publish_prices(&mut f).await;
        f
    }

    async fn user(&mut self, keys: &VaultKeys, n: u8, funding: &[u64]) -> User {
        let key = keypair(n);
        let base = 40 + 20 * (n - 3);
        let mut tokens = Vec::new();
        for (i, asset) in keys.assets.iter().enumerate() {
            let account = keypair(base + u8::try_from(i).expect("few assets"));
            self.create_token_account(&account, &asset.mint, &key.pubkey()).await;
            if funding[i] > 0 {
                self.mint_tokens(&asset.mint, &account.pubkey(), funding[i]).await;
            }
            tokens.push(account.pubkey());
        }
        let shares = keypair(base + 19);
        self.create_share_account(&shares, &keys.share_mint, &key.pubkey()).await;
        User { key, tokens, shares: shares.pubkey() }
    }

    /// Publishes every asset's price from `f.specs` at the current time.
    pub async fn publish_prices(&mut self, f: &mut VaultFixture) {
        let now = self.now().await;
        for (asset, spec) in f.keys.assets.iter().zip(&f.specs) {
            self.set_price(asset.price_account, asset.feed_id, Quote::usd(spec.price, spec.conf_bps, now));
        }
    }

    pub async fn deposit(
        &mut self,
        f: &VaultFixture,
        who: &User,
        asset: usize,
        amount: u64,
        min_shares_out: u64,
    ) -> Outcome {
        let ix = f.keys.deposit(
            who.key.pubkey(),
            asset,
            who.tokens[asset],
            who.shares,
            DepositArgs { amount, min_shares_out },
        );
        let signer = who.key.insecure_clone();
        self.send("deposit", &[ix], &[&signer]).await
    }

    pub async fn deposit_in_kind(
        &mut self,
        f: &VaultFixture,
        who: &User,
        max_amounts: Vec<u64>,
        min_shares_out: u64,
    ) -> Outcome {
        let ix = f.keys.deposit_in_kind(
            who.key.pubkey(),
            &who.tokens,
            who.shares,
            DepositInKindArgs { max_amounts, min_shares_out },
        );
        let signer = who.key.insecure_clone();
        self.send("deposit_in_kind", &[ix], &[&signer]).await
    }

    pub async fn withdraw_in_kind(
        &mut self,
        f: &VaultFixture,
        who: &User,
        shares: u64,
        min_amounts_out: Vec<u64>,
    ) -> Outcome {
        let ix = f.keys.withdraw_in_kind(
            who.key.pubkey(),
            &who.tokens,
            who.shares,
            WithdrawInKindArgs { shares, min_amounts_out },
        );
        let signer = who.key.insecure_clone();
        self.send("withdraw_in_kind", &[ix], &[&signer]).await
    }

    /// Runs `preview_rebalance` and decodes its return data. Like events, return data is only
    /// observable from the SBF build (host builds of solana-cpi make `set_return_data` a no-op).
    pub async fn preview_rebalance(&mut self, f: &VaultFixture) -> Option<ballast::instructions::RebalancePreview> {
        use anchor_lang::AnchorDeserialize;
        let out = self.send("preview_rebalance", &[f.keys.preview_rebalance()], &[]).await;
        assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
        if !self.observes_logs() {
            return None;
        }
        let data = out.return_data().expect("return data");
        Some(ballast::instructions::RebalancePreview::try_from_slice(&data).expect("preview decodes"))
    }

    /// The vault account, decoded.
    pub async fn vault(&mut self, f: &VaultFixture) -> Vault {
        let data = self.account(f.keys.vault).await.expect("vault").data;
        *bytemuck::from_bytes::<Vault>(&data[8..])
    }

    /// Shares outstanding (the share mint's supply, atomic units).
    pub async fn share_supply(&mut self, f: &VaultFixture) -> u64 {
        self.mint_supply(f.keys.share_mint).await
    }

    /// Balances of the vault's token accounts, slot order.
    pub async fn vault_balances(&mut self, f: &VaultFixture) -> Vec<u64> {
        let mut out = Vec::new();
        for asset in f.keys.assets.clone() {
            out.push(self.token_balance(asset.vault_token).await);
        }
        out
    }

    /// Snapshots every account of the fixture into the trace (compared between modes).
    pub async fn snapshot_fixture(&mut self, f: &VaultFixture) {
        let mut keys =
            vec![("vault", f.keys.vault), ("share_mint", f.keys.share_mint), ("fee_shares", f.keys.fee_shares)];
        for a in &f.keys.assets {
            keys.push(("vault_token", a.vault_token));
        }
        for u in [&f.alice, &f.bob] {
            keys.push(("user_shares", u.shares));
            for t in &u.tokens {
                keys.push(("user_token", *t));
            }
        }
        for (name, key) in keys {
            self.snapshot(name, key).await;
        }
    }

    /// Every account of the fixture, to assert that a refusal changed nothing.
    pub fn fixture_keys(&self, f: &VaultFixture) -> Vec<Pubkey> {
        let mut keys = vec![f.keys.vault, f.keys.share_mint, f.keys.fee_shares];
        keys.extend(f.keys.assets.iter().map(|a| a.vault_token));
        for u in [&f.alice, &f.bob] {
            keys.push(u.shares);
            keys.extend(u.tokens.iter().copied());
        }
        keys
    }
}
