use anchor_lang::prelude::*;
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_spl::token::Token;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{self, Revoke, TokenInterface};
use ballast_math::decision::{RebalanceDecision, MAX_DECISION_ASSETS};
use ballast_math::fees::bounty_value;
use ballast_math::params::BOUNTY_IN_SHARES;
use ballast_math::price::amount_for_value;
use ballast_math::shares::shares_for_deposit;
use ballast_math::trade::{check_outcome, total_drift_bps, weights_bps, SizedTrade};

use crate::cpi::{approve_unchecked, mint_shares_unchecked, transfer, VaultPdaSigner, VaultSigner};
use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::{HedgeView, Rebalanced};
use crate::oracle::{Holdings, Side, PRICED_ACCOUNTS_PER_ASSET};
use crate::rebalance_gate::Path;
use crate::state::{AllowedPool, AssetSlot, Vault, VaultParams};
use crate::swap::{self, Adapter, Leg};
use crate::token_layout::{self, Image};
use crate::watch::Observed;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct RebalanceArgs {
    /// A tighter floor on the output than the program's own (atomic units); 0 keeps the program's.
    /// A looser one has no effect: the program's `min_out` always applies.
    pub min_out: u64,
    /// The pair to trade, `[sell slot, buy slot]`; refused with `PairInvalid` unless the first is
    /// overweight and the second underweight. `None`: the program's choice.
    pub pair: Option<[u8; 2]>,
    /// Instruction data for an AMM allowed with the route adapter (e.g. a Jupiter route); must be
    /// empty for the native adapters, which build their own.
    pub route: Vec<u8>,
}

/// Remaining accounts: `[vault token account, Pyth PriceUpdateV2]` per active asset, then the
/// AMM's swap accounts in its own order (Raydium CPMM `swap_base_input`'s 13 or Orca Whirlpool
/// `swap_v2`'s 15 through the allow-listed pool, with the vault's swap authority as payer / token
/// authority and the vault's accounts of the pair as input and output; or a route's accounts).
#[derive(Accounts)]
pub struct Rebalance<'info> {
    pub cranker: Signer<'info>,

    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// The supply is read at its fixed offset (`token_layout::mint_supply`) rather than unpacked.
    /// CHECK: the vault's own share mint (`has_one`), created by the vault as a Token-2022 mint.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    /// Receives the bounty: any token account of `bounty_mint` (the cranker's own, typically).
    /// CHECK: the token program checks its mint when it mints or transfers into it.
    #[account(mut)]
    pub cranker_bounty: UncheckedAccount<'info>,

    /// The bounty's mint: the share mint, or the bounty asset's mint (`params.bounty_asset`).
    /// CHECK: compared with the vault's choice in `validate`.
    pub bounty_mint: UncheckedAccount<'info>,

    /// CHECK: with the pool in the swap accounts, must be on the vault's allow-list (`validate`).
    pub amm_program: UncheckedAccount<'info>,

    pub share_token_program: Program<'info, Token2022>,

    /// The bounty mint's token program (Token-2022 for shares).
    pub bounty_token_program: Interface<'info, TokenInterface>,

    /// SPL Token, named so that a classic asset's allowance and its revocation never depend on the
    /// swap's own accounts listing it (a route need not).
    pub token_program: Program<'info, Token>,
}

/// What `decide` settled before the swap (kept small: SBF frames are 4 KiB).
struct Decision {
    trade: SizedTrade,
    /// Targets the plan steers toward (the drift after the swap is measured against them).
    targets: [u16; MAX_DECISION_ASSETS],
    /// Under insurance, the hedge the targets came from (for the event).
    hedge: Option<HedgeView>,
    sell: AssetSlot,
    buy: AssetSlot,
    /// Share supply before the swap (atomic units).
    supply: u64,
    /// The vault's signature: token-program CPIs only (the allowance, its revocation, a bounty).
    vault_signer: VaultSigner,
    /// The swap authority's signature: the AMM's swap only.
    swap_signer: VaultPdaSigner,
    /// The share mint's signature: a bounty in shares only.
    mint_signer: VaultPdaSigner,
    swap_authority: Pubkey,
    params: VaultParams,
    holdings: Box<Holdings>,
    /// The observer's vault-wide state, references already moved forward (stored again with the fill).
    observed: Observed,
}

/// The allow-list entry the crank's swap goes through, as `validate` found it.
struct Route {
    adapter: Adapter,
    entry: AllowedPool,
}

impl<'info> Rebalance<'info> {
    /// The accounts' shape (the state's refusals are `rebalance_gate::gate`'s, in `decide`): returns the
    /// allow-list entry the swap goes through (program and pool) and the remaining accounts split
    /// into the priced pairs and the swap's accounts.
    fn validate<'a>(
        &self,
        remaining: &'a [AccountInfo<'info>],
    ) -> Result<(Route, &'a [AccountInfo<'info>], &'a [AccountInfo<'info>])> {
        let vault = self.vault.load()?;
        let (mint, program) = match vault.bounty_slot() {
            None => (vault.share_mint, anchor_spl::token_2022::ID),
            Some(slot) => (slot.mint, slot.token_program),
        };
        require!(
            *self.bounty_mint.key == mint && *self.bounty_token_program.key == program,
            BallastError::WrongBountyAccounts
        );
        let priced_len =
            usize::from(vault.asset_count).checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?;
        require!(remaining.len() >= priced_len, BallastError::WrongRemainingAccounts);
        let (priced, swap_accounts) = remaining.split_at(priced_len);
        // The pool the swap accounts name must be allow-listed for this program (a route: the
        // program allowed as a route). Which pair it serves is checked against the plan.
        let route = vault
            .pools
            .iter()
            .filter(|p| !p.is_free() && p.program == *self.amm_program.key)
            .find_map(|p| {
                let adapter = Adapter::from_code(p.adapter).ok()?;
                (swap::pool_key(adapter, swap_accounts).ok()? == p.pool).then_some(Route { adapter, entry: *p })
            })
            .ok_or(BallastError::PoolNotAllowed)?;
        // A bounty paid in an asset leaves from that asset's vault account: it must be writable.
        if vault.params.bounty_asset != BOUNTY_IN_SHARES {
            let index = usize::try_from(vault.params.bounty_asset)
                .map_err(|_| BallastError::MathOverflow)?
                .checked_mul(PRICED_ACCOUNTS_PER_ASSET)
                .ok_or(BallastError::MathOverflow)?;
            require!(priced.get(index).is_some_and(|info| info.is_writable), BallastError::WrongBountyAccounts);
        }
        Ok((route, priced, swap_accounts))
    }

    /// The sold asset's token program, from the named accounts or the swap's own (the allowance and
    /// its revocation are CPIs to it).
    fn token_program_of<'a>(
        &'a self,
        slot: &AssetSlot,
        swap_accounts: &'a [AccountInfo<'info>],
    ) -> Result<&'a AccountInfo<'info>> {
        let named =
            [self.share_token_program.as_ref(), self.bounty_token_program.as_ref(), self.token_program.as_ref()];
        named
            .into_iter()
            .chain(swap_accounts.iter())
            .find(|a| *a.key == slot.token_program)
            .ok_or_else(|| error!(BallastError::WrongSwapAccounts))
    }

    /// Passes the gate (`rebalance_gate::gate`), plans the trade (or refuses, the drift gate included:
    /// what the pool would deliver below the oracle, bounty and transaction, against the tracking
    /// variance removed over the vault's horizon, `ballast_math::execution`). Fees are not accrued
    /// here (see docs/vault.md, Fees): the swap moves value between assets, not between holders, and
    /// the observer and every deposit and withdrawal accrue them.
    #[inline(never)]
    fn decide(
        &self,
        priced: &[AccountInfo],
        route: &Route,
        swap_accounts: &[AccountInfo],
        pair: Option<[u8; 2]>,
        now: i64,
    ) -> Result<Decision> {
        let adapter = route.adapter;
        let mut vault = self.vault.load_mut()?;
        let (holdings, mut observed) = crate::rebalance_gate::gate(&vault, priced, now, Path::Swap)?;
        holdings.record_publish_times(&mut vault, now);
        // Kept only when the rebalance is (a refusal reverts them with everything else).
        observed.take_references(&mut vault, &holdings, now)?;
        // The drift gate's cost goes through the pool the swap will use, selling whichever asset the plan sells.
        let fee_ppm = vault.params.as_math().amm_fee_ppm();
        let pool =
            |sell: usize, _buy: usize| swap::hop(adapter, swap_accounts, &vault.assets[sell].token_account, fee_ppm);
        let supply = token_layout::mint_supply(&self.share_mint.try_borrow_data()?)?;
        // A route cannot be pinned: its own, tighter slippage bound sets `min_out`.
        let slippage = match adapter {
            Adapter::Route => route.entry.max_slippage_bps.min(vault.params.max_slippage_bps),
            _ => vault.params.max_slippage_bps,
        };
        let RebalanceDecision { trade, targets, hedge, .. } =
            crate::rebalance_gate::decide(&vault, &holdings, &observed, supply, now, pool, pair, slippage)
                .or_refuse()?;
        let (sell, buy) = (vault.assets[trade.sell], vault.assets[trade.buy]);
        require!(route.entry.serves(&sell.mint, &buy.mint), BallastError::PoolPairMismatch);
        let vault_key = self.vault.key();
        Ok(Decision {
            trade,
            targets,
            hedge: hedge.map(|h| HedgeView::of(&h, &vault.insurance)),
            sell,
            buy,
            supply,
            vault_signer: VaultSigner::of(&vault),
            swap_signer: VaultPdaSigner::swap_authority(vault_key, &vault),
            mint_signer: VaultPdaSigner::share_mint(vault_key, &vault),
            swap_authority: vault.swap_authority,
            params: vault.params,
            holdings,
            observed,
        })
    }

    /// Checks every vault token account after the swap; returns the new balances, the drift and the
    /// value at mid prices (USD, 6 decimals).
    #[inline(never)]
    fn verify(
        &self,
        priced: &[AccountInfo],
        before: &[Image],
        decision: &Decision,
        min_out: u64,
    ) -> Result<(Box<Holdings>, u32, u128)> {
        let plan = &decision.trade;
        let mut after = decision.holdings.clone();
        for (i, (pair, was)) in priced.chunks(PRICED_ACCOUNTS_PER_ASSET).zip(before).enumerate() {
            // Lamports, owner program, length and every byte but the amount: as before the swap.
            require!(was.same_but_amount(&pair[0])?, BallastError::VaultAccountAltered);
            // Both net of claims (`Holdings`), which a swap cannot change.
            let amount = token_layout::amount(&pair[0].try_borrow_data()?)?
                .checked_sub(decision.holdings.claimed[i])
                .ok_or(BallastError::UntouchedAccountChanged)?;
            let was_amount = decision.holdings.balances[i];
            if i == plan.sell {
                let spent = was_amount.checked_sub(amount).ok_or(BallastError::UntouchedAccountChanged)?;
                require!(spent <= plan.amount_in, BallastError::InputOverspent);
            } else if i == plan.buy {
                let received = amount.checked_sub(was_amount).ok_or(BallastError::OutputShort)?;
                require!(received >= min_out, BallastError::OutputShort);
            } else {
                require!(amount == was_amount, BallastError::UntouchedAccountChanged);
            }
            after.balances[i] = amount;
        }
        let values = (0..after.count)
            .map(|i| after.asset_value(i, after.balances[i], Side::Mid))
            .collect::<Result<Vec<u128>>>()?;
        let mut weights = vec![0u16; after.count];
        let value = weights_bps(&values, &mut weights).or_refuse()?;
        let drift = total_drift_bps(&weights, &decision.targets[..after.count]);
        Ok((after, drift, value))
    }

    /// The bounty, only after a verified swap: `bounty_bps` of the traded value, at most
    /// `max_bounty_value`, in shares priced like a deposit of that value or in the bounty asset at
    /// its mid price, rounded down. Returns the amount paid (share or token units).
    #[inline(never)]
    fn pay_bounty(
        &self,
        priced: &[AccountInfo<'info>],
        decision: &Decision,
        after: &Holdings,
        value_after: u128,
    ) -> Result<u64> {
        let p = &decision.params;
        let value = bounty_value(decision.trade.value, p.bounty_bps, p.max_bounty_value).or_refuse()?;
        let recipient = self.cranker_bounty.to_account_info();
        let slot = usize::try_from(p.bounty_asset).map_err(|_| BallastError::MathOverflow)?;
        if p.bounty_asset == BOUNTY_IN_SHARES {
            let shares = shares_for_deposit(to_u64(value)?, to_u64(value_after)?, decision.supply).or_refuse()?;
            mint_shares_unchecked(
                &self.share_token_program.to_account_info(),
                &self.share_mint.to_account_info(),
                &recipient,
                &decision.mint_signer,
                shares,
            )?;
            return Ok(shares);
        }
        let asset = self.vault.load()?.assets[slot];
        let vault_info = self.vault.to_account_info();
        let amount = amount_for_value(value, after.prices[slot].mid, asset.decimals, false).or_refuse()?;
        // Never out of what holders' claims are owed.
        require!(amount <= after.balances[slot], BallastError::BountyExceedsHoldings);
        if amount > 0 {
            // `Holdings::load` matched this account to the slot; the token program checks the mint.
            let from = priced
                .get(slot.checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?)
                .ok_or(BallastError::WrongRemainingAccounts)?;
            transfer(
                &self.bounty_token_program.to_account_info(),
                from,
                &self.bounty_mint.to_account_info(),
                &recipient,
                &vault_info,
                Some(&decision.vault_signer),
                amount,
                asset.decimals,
            )?;
        }
        Ok(amount)
    }

    /// Permissionless: the program alone decides whether the vault has drifted, what to trade and
    /// the least it accepts; after the swap it verifies every vault token account and the outcome.
    ///
    /// Least privilege: the vault signs only token-program CPIs. For the swap it approves its swap
    /// authority (a PDA that owns nothing) as delegate of the sold asset's account for exactly
    /// `amount_in`, the AMM is signed for by that authority alone, and any allowance left after is
    /// revoked; the share mint is its own authority. The AMM can therefore move at most
    /// `amount_in` of the sold asset and nothing else, and everything it could have touched is
    /// compared in full afterwards anyway.
    pub fn handler(ctx: Context<'info, Self>, args: RebalanceArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = &ctx.accounts;
        let (route, priced, swap_accounts) = accounts.validate(ctx.remaining_accounts)?;
        let vault_key = accounts.vault.key();
        let mut decision = accounts.decide(priced, &route, swap_accounts, args.pair, now)?;
        let plan = decision.trade;
        let min_out = plan.min_out.max(args.min_out);
        let before =
            priced.chunks(PRICED_ACCOUNTS_PER_ASSET).map(|pair| Image::of(&pair[0])).collect::<Result<Vec<Image>>>()?;
        let share_mint = accounts.share_mint.to_account_info();
        let mint_before = Image::of(&share_mint)?;

        let leg = Leg {
            authority: decision.swap_authority,
            input: decision.sell.token_account,
            output: decision.buy.token_account,
            amount_in: plan.amount_in,
            min_out,
        };
        let ix = swap::instruction(
            route.adapter,
            accounts.amm_program.key(),
            swap::metas(swap_accounts),
            &leg,
            &args.route,
        )?;
        let sell_account = priced
            .get(plan.sell.checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?)
            .ok_or(BallastError::WrongRemainingAccounts)?;
        let sell_program = accounts.token_program_of(&decision.sell, swap_accounts)?;
        let swap_authority =
            swap_accounts.iter().find(|a| *a.key == decision.swap_authority).ok_or(BallastError::WrongSwapAccounts)?;
        // What the token program will trust as a delegate's signature: a plain system account.
        require!(
            *swap_authority.owner == anchor_lang::system_program::ID && swap_authority.data_is_empty(),
            BallastError::SwapAuthorityAltered
        );
        let vault_info = accounts.vault.to_account_info();
        let vault_seeds = decision.vault_signer.seeds();
        approve_unchecked(
            sell_program,
            sell_account,
            swap_authority,
            &vault_info,
            &decision.vault_signer,
            plan.amount_in,
        )?;

        // The swap, signed by the swap authority alone.
        let mut infos = swap_accounts.to_vec();
        infos.push(accounts.amm_program.to_account_info());
        // Unchecked: no borrow of any account's data or lamports is alive here (`decide` released the
        // vault), so the per-account RefCell checks `invoke_signed` repeats would find nothing.
        invoke_signed_unchecked(&ix, &infos, &[&decision.swap_signer.seeds()])?;

        // An allowance the AMM did not use up (the token program clears a spent one) goes now.
        if token_layout::has_delegate(&sell_account.try_borrow_data()?)? {
            token_interface::revoke(CpiContext::new_with_signer(
                sell_program.key(),
                Revoke { source: sell_account.clone(), authority: vault_info },
                &[&vault_seeds],
            ))?;
        }
        // The share mint: exactly as it was (supply, both authorities, every byte).
        let supply_after = token_layout::mint_supply(&share_mint.try_borrow_data()?)?;
        require!(supply_after == decision.supply && mint_before.same(&share_mint)?, BallastError::ShareMintAltered);

        // Verify: only the pair moved, within the plan; no authority changed; value and drift.
        let (after, drift_after, value_after) = accounts.verify(priced, &before, &decision, min_out)?;
        let value_before = decision.holdings.total_value(Side::Mid)?;
        check_outcome(value_before, value_after, decision.params.max_loss_bps, plan.drift_bps, drift_after)
            .or_refuse()?;

        let bounty_amount = accounts.pay_bounty(priced, &decision, &after, value_after)?;

        let mut vault = accounts.vault.load_mut()?;
        vault.record_trade(now, plan.value)?;
        decision.observed.record_fill(vault_key, &decision.buy.mint, value_before, value_after, now);
        decision.observed.store(&mut vault);
        vault.invariant()?;
        let holdings = &decision.holdings;
        emit!(Rebalanced {
            vault: vault_key,
            cranker: accounts.cranker.key(),
            amm_program: accounts.amm_program.key(),
            sell_mint: decision.sell.mint,
            buy_mint: decision.buy.mint,
            amount_in: holdings.balances[plan.sell]
                .checked_sub(after.balances[plan.sell])
                .ok_or(BallastError::MathOverflow)?,
            amount_out: after.balances[plan.buy]
                .checked_sub(holdings.balances[plan.buy])
                .ok_or(BallastError::MathOverflow)?,
            min_out,
            value_before: to_u64(value_before)?,
            value_after: to_u64(value_after)?,
            drift_before_bps: plan.drift_bps,
            drift_after_bps: drift_after,
            trigger: plan.trigger.code(),
            bounty_mint: accounts.bounty_mint.key(),
            bounty_amount,
            hedge: decision.hedge,
        });
        Ok(())
    }
}
