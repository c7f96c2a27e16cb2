use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, CloseAccount, Mint, TokenAccount, TokenInterface};
use ballast_math::params::BOUNTY_IN_SHARES;
use ballast_math::price::{check_not_older, check_quote, value_of, Price};

use crate::cpi::{transfer, VaultSigner};
use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::AssetRemoved;
use crate::state::{AssetSlot, Vault};

/// Removes an asset at weight 0 (it cannot loosen anything, so no timelock), closing its token
/// account and returning the rent to the authority. A leftover balance worth at most
/// `max_dust_value` at its oracle price (one donated unit, the rounding of in-kind withdrawals) is
/// swept to the fee recipient first, so dust can never block a removal; anything larger is
/// `AssetNotEmpty`.
#[derive(Accounts)]
pub struct RemoveAsset<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,

    #[account(mut, has_one = authority @ BallastError::NotAuthority, has_one = fee_recipient_shares)]
    pub vault: AccountLoader<'info, Vault>,

    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Checked to be the slot's token account in `validate`.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub vault_token_account: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The vault's fee share account (`has_one`): its owner is the fee recipient, who receives the
    /// dust. Read only when there is dust, so a recipient that closed it cannot block removals.
    /// CHECK: the key is the vault's; its owner field is read in `check_dust`.
    pub fee_recipient_shares: UncheckedAccount<'info>,

    /// Receives the dust: a token account of `mint` owned by the fee recipient (checked when there
    /// is dust to sweep).
    /// CHECK: its mint and owner are read and compared in `dust`.
    #[account(mut)]
    pub dust_destination: UncheckedAccount<'info>,

    /// The slot's Pyth `PriceUpdateV2`, to value the dust (read only when there is dust).
    /// CHECK: `oracle::read_price_update` checks owner, verification and feed.
    pub price_update: UncheckedAccount<'info>,

    pub token_program: Interface<'info, TokenInterface>,
}

impl RemoveAsset<'_> {
    pub fn validate(&self) -> Result<()> {
        let vault = self.vault.load()?;
        let slot = &vault.assets[vault.asset_index(&self.mint.key())?];
        require_keys_eq!(slot.token_account, self.vault_token_account.key(), BallastError::WrongTokenAccount);
        require!(slot.target_weight_bps == 0, BallastError::AssetNotEmpty);
        // Claimed tokens belong to their holders: they are redeemed, never swept.
        require!(slot.claimed == 0, BallastError::AssetHasClaims);
        // Queued weights are in slot order; removing a slot would misalign them.
        require!(!vault.pending.is_pending(), BallastError::ChangePending);
        let index = u32::try_from(vault.asset_index(&self.mint.key())?).map_err(|_| BallastError::MathOverflow)?;
        // Slot 0 is CPPI's safe asset, and the bounty asset is named by its slot: neither may go.
        // Slot 0 is also insurance's safe asset, and a slot in the struck insurance index stays.
        let policy_slot = index == 0 && (vault.params.cppi_multiplier_pct > 0 || vault.params.as_math().insured());
        require!(!policy_slot, BallastError::TargetPolicyInvalid);
        let in_index =
            usize::try_from(index).ok().and_then(|i| vault.insurance_quantities.get(i)).is_some_and(|q| *q != 0);
        require!(!in_index, BallastError::TargetPolicyInvalid);
        require!(index != vault.params.bounty_asset, BallastError::BountyAssetInUse);
        Ok(())
    }

    /// Checks that the balance left is dust (at most `max_dust_value` at the oracle's high side,
    /// rounded up, so the vault never sweeps more than the bound) and that the destination is the
    /// fee recipient's account of this mint. An asset is often removed because its feed was
    /// retired: without a usable price the dust is valued at the last price the vault accepted
    /// for it (the breaker's reference), so a donated unit cannot block the removal either.
    fn check_dust(&self, slot: &AssetSlot, vault: &Vault, amount: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let live = crate::oracle::read_price_update(&self.price_update, &slot.price_feed_id).and_then(|raw| {
            check_not_older(raw.publish_time, slot.last_publish_time).or_refuse()?;
            Ok(check_quote(&raw, now, &vault.params.price_limits()).or_refuse()?.high)
        });
        let price = match live {
            Ok(price) => price,
            Err(_) if slot.reference_price > 0 => Price(u128::from(slot.reference_price)),
            Err(e) => return Err(e),
        };
        let value = value_of(amount, price, slot.decimals, true).or_refuse()?;
        require!(value <= u128::from(vault.params.max_dust_value), BallastError::AssetNotEmpty);
        require_keys_eq!(*self.dust_destination.owner, slot.token_program, BallastError::WrongTokenAccount);
        let recipient = self.fee_recipient_shares.try_borrow_data()?;
        let data = self.dust_destination.try_borrow_data()?;
        let (mint, owner) = (data.get(..32), data.get(32..64));
        require!(
            mint == Some(slot.mint.as_ref()) && owner.is_some() && owner == recipient.get(32..64),
            BallastError::WrongTokenAccount
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let dust = accounts.vault_token_account.amount;
        let (signer, slot) = {
            let vault = accounts.vault.load()?;
            let slot = vault.assets[vault.asset_index(&accounts.mint.key())?];
            if dust > 0 {
                accounts.check_dust(&slot, &vault, dust)?;
            }
            (VaultSigner::of(&vault), slot)
        };
        let vault_info = accounts.vault.to_account_info();
        if dust > 0 {
            let program = accounts.token_program.to_account_info();
            let (from, to) =
                (accounts.vault_token_account.to_account_info(), accounts.dust_destination.to_account_info());
            transfer(
                &program,
                &from,
                &accounts.mint.to_account_info(),
                &to,
                &vault_info,
                Some(&signer),
                dust,
                slot.decimals,
            )?;
        }
        let seeds = signer.seeds();
        token_interface::close_account(CpiContext::new_with_signer(
            accounts.token_program.key(),
            CloseAccount {
                account: accounts.vault_token_account.to_account_info(),
                destination: accounts.authority.to_account_info(),
                authority: vault_info,
            },
            &[&seeds],
        ))?;

        let vault_key = accounts.vault.key();
        let mut vault = accounts.vault.load_mut()?;
        let index = vault.asset_index(&accounts.mint.key())?;
        let last = usize::from(vault.asset_count).checked_sub(1).ok_or(BallastError::MathOverflow)?;
        let next = index.checked_add(1).ok_or(BallastError::MathOverflow)?;
        // Keep slot order (clients pass accounts in it): shift the later slots down.
        vault.assets.copy_within(next..=last, index);
        vault.assets[last] = AssetSlot::zeroed();
        vault.insurance_quantities.copy_within(next..=last, index);
        vault.insurance_quantities[last] = 0;
        vault.asset_count = vault.asset_count.checked_sub(1).ok_or(BallastError::MathOverflow)?;
        // The bounty asset keeps its mint while its slot moves down.
        if vault.params.bounty_asset != BOUNTY_IN_SHARES
            && vault.params.bounty_asset > u32::try_from(index).map_err(|_| BallastError::MathOverflow)?
        {
            vault.params.bounty_asset = vault.params.bounty_asset.checked_sub(1).ok_or(BallastError::MathOverflow)?;
        }
        emit!(AssetRemoved { vault: vault_key, mint: accounts.mint.key(), dust_swept: to_u64(dust)? });
        vault.invariant()
    }
}
