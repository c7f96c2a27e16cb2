use anchor_lang::prelude::*;
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_spl::token::Token;
use anchor_spl::token_interface::TokenInterface;
use ballast_math::fees::bounty_value;
use ballast_math::params::BOUNTY_IN_SHARES;
use ballast_math::price::amount_for_value;
use ballast_math::shares::shares_for_deposit;
use ballast_math::trade::{check_outcome, total_drift_bps, weights_bps, TradePlan};
use ballast_math::planner::{Planned, MAX_PLANNED_ASSETS};
use ballast_math::turnover::Epoch;

use crate::cpi::{mint_shares, transfer, VaultSigner};
use crate::errors::{to_u64, BallastError, IntoProgramResult};
use crate::events::Rebalanced;
use crate::oracle::{Holdings, Side, PRICED_ACCOUNTS_PER_ASSET};
use crate::state::{AssetSlot, Vault, VaultParams};
use crate::swap::{self, Adapter, Leg};
use crate::token_layout;

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
/// AMM's swap accounts in its own order (Raydium CPMM `swap_base_input`'s 13 with the vault as
/// payer, Orca Whirlpool `swap_v2`'s 15 with the vault as token authority, or a route's accounts).
#[derive(Accounts)]
pub struct Rebalance<'info> {
    pub cranker: Signer<'info>,

    #[account(mut, has_one = share_mint)]
    pub vault: AccountLoader<'info, Vault>,

    /// The supply is read at its fixed offset (`token_layout::mint_supply`) rather than unpacked.
    /// CHECK: the vault's own share mint (`has_one`), created by the vault as an SPL Token mint.
    #[account(mut)]
    pub share_mint: UncheckedAccount<'info>,

    /// Receives the bounty: any token account of `bounty_mint` (the cranker's own, typically).
    /// CHECK: the token program checks its mint when it mints or transfers into it.
    #[account(mut)]
    pub cranker_bounty: UncheckedAccount<'info>,

    /// The bounty's mint: the share mint, or the bounty asset's mint (`params.bounty_asset`).
    /// CHECK: compared with the vault's choice in `validate`.
    pub bounty_mint: UncheckedAccount<'info>,

    /// CHECK: must be on the vault's allow-list (checked in `validate`).
    pub amm_program: UncheckedAccount<'info>,

    pub share_token_program: Program<'info, Token>,

    /// The bounty mint's token program (SPL Token for shares).
    pub bounty_token_program: Interface<'info, TokenInterface>,
}

/// A vault token account around the swap: its amount, and the bytes that must not change at all
/// (owner, delegate, state, close authority; see `token_layout`).
#[derive(Clone, PartialEq)]
struct Snapshot {
    amount: u64,
    control: Vec<u8>,
}

/// Reads a vault token account that `Holdings::load` has matched to its slot.
fn snapshot(info: &AccountInfo) -> Result<Snapshot> {
    let data = info.try_borrow_data()?;
    Ok(Snapshot { amount: token_layout::amount(&data)?, control: token_layout::control(&data)? })
}

/// What `decide` settled before the swap (kept small: SBF frames are 4 KiB).
struct Decision {
    plan: TradePlan,
    /// Targets the plan steers toward (the drift after the swap is measured against them).
    targets: [u16; MAX_PLANNED_ASSETS],
    epoch: Epoch,
    sell: AssetSlot,
    buy: AssetSlot,
    /// Share supply before the swap (atomic units).
    supply: u64,
    signer: VaultSigner,
    params: VaultParams,
    holdings: Box<Holdings>,
}

impl<'info> Rebalance<'info> {
    /// Returns the allowed AMM's adapter and the remaining accounts split into the priced pairs and
    /// the swap's accounts.
    pub fn validate<'a>(&self, remaining: &'a [AccountInfo<'info>], now: i64) -> Result<(Adapter, &'a [AccountInfo<'info>], &'a [AccountInfo<'info>])> {
        let vault = self.vault.load()?;
        require!(!vault.rebalance_paused(), BallastError::RebalancePaused);
        let adapter = vault.amm_adapter(self.amm_program.key)?;
        let (mint, program) = match vault.bounty_slot() {
            None => (vault.share_mint, anchor_spl::token::ID),
            Some(slot) => (slot.mint, slot.token_program),
        };
        require!(*self.bounty_mint.key == mint && *self.bounty_token_program.key == program, BallastError::WrongBountyAccounts);
        require!(now >= vault.next_rebalance_at(), BallastError::RebalanceTooSoon);
        let priced_len = usize::from(vault.asset_count).checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?;
        require!(remaining.len() >= priced_len, BallastError::WrongRemainingAccounts);
        let (priced, swap_accounts) = remaining.split_at(priced_len);
        // A bounty paid in an asset leaves from that asset's vault account: it must be writable.
        if vault.params.bounty_asset != BOUNTY_IN_SHARES {
            let index = usize::try_from(vault.params.bounty_asset).map_err(|_| BallastError::MathOverflow)?.checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?;
            require!(priced.get(index).is_some_and(|info| info.is_writable), BallastError::WrongBountyAccounts);
        }
        Ok((adapter, priced, swap_accounts))
    }

    /// Prices the vault, plans the trade (or refuses, the cost-benefit gate included: fees, bounty,
    /// the pool's expected price impact and the transaction's cost against the tracking error
    /// removed). Fees are not accrued here (see docs/vault.md, Fees): the swap moves value between
    /// assets, not between holders, and the observer and every deposit and withdrawal accrue them.
    #[inline(never)]
    fn decide(&self, priced: &[AccountInfo], adapter: Adapter, swap_accounts: &[AccountInfo], pair: Option<[u8; 2]>, now: i64) -> Result<Decision> {
        let mut vault = self.vault.load_mut()?;
        let holdings = Box::new(Holdings::load(&vault, priced, now)?);
        crate::breaker::require_clear(&mut vault, &holdings, now)?;
        // The gate's price impact uses the pool's reserve of whichever asset the plan sells.
        let reserve_in = |sell: usize| swap::input_reserve(adapter, swap_accounts, &vault.assets[sell].token_account);
        let supply = token_layout::mint_supply(&self.share_mint.try_borrow_data()?)?;
        let Planned { plan, targets } = crate::planning::plan(&vault, &holdings, supply, now, reserve_in, pair).or_refuse()?;
        let epoch = vault.turnover_epoch(now);
        let (sell, buy) = (vault.assets[plan.sell], vault.assets[plan.buy]);
        Ok(Decision { plan, targets, epoch, sell, buy, supply, signer: VaultSigner::of(&vault), params: vault.params, holdings })
    }

    /// Checks every vault token account after the swap; returns the new balances, the drift and the
    /// value at mid prices (USD, 6 decimals).
    #[inline(never)]
    fn verify(&self, priced: &[AccountInfo], before: &[Snapshot], decision: &Decision, min_out: u64) -> Result<(Box<Holdings>, u32, u128)> {
        let plan = &decision.plan;
        let mut after = decision.holdings.clone();
        for (i, (pair, was)) in priced.chunks(PRICED_ACCOUNTS_PER_ASSET).zip(before).enumerate() {
            let now_state = snapshot(&pair[0])?;
            require!(now_state.control == was.control, BallastError::TokenAccountAuthorityChanged);
            if i == plan.sell {
                let spent = was.amount.checked_sub(now_state.amount).ok_or(BallastError::UntouchedAccountChanged)?;
                require!(spent <= plan.amount_in, BallastError::InputOverspent);
            } else if i == plan.buy {
                let received = now_state.amount.checked_sub(was.amount).ok_or(BallastError::OutputShort)?;
                require!(received >= min_out, BallastError::OutputShort);
            } else {
                require!(now_state.amount == was.amount, BallastError::UntouchedAccountChanged);
            }
            after.balances[i] = now_state.amount;
        }
        let values = (0..after.count).map(|i| after.asset_value(i, after.balances[i], Side::Mid)).collect::<Result<Vec<u128>>>()?;
        let mut weights = vec![0u16; after.count];
        let value = weights_bps(&values, &mut weights).or_refuse()?;
        let drift = total_drift_bps(&weights, &decision.targets[..after.count]);
        Ok((after, drift, value))
    }

    /// The bounty, only after a verified swap: `bounty_bps` of the traded value, at most
    /// `max_bounty_value`, in shares priced like a deposit of that value or in the bounty asset at
    /// its mid price, rounded down. Returns the amount paid (share or token units).
    #[inline(never)]
    fn pay_bounty(&self, priced: &[AccountInfo<'info>], decision: &Decision, after: &Holdings, value_after: u128) -> Result<u64> {
        let p = &decision.params;
        let value = bounty_value(decision.plan.value, p.bounty_bps, p.max_bounty_value).or_refuse()?;
        let vault_info = self.vault.to_account_info();
        let recipient = self.cranker_bounty.to_account_info();
        let slot = usize::try_from(p.bounty_asset).map_err(|_| BallastError::MathOverflow)?;
        if p.bounty_asset == BOUNTY_IN_SHARES {
            let shares = shares_for_deposit(to_u64(value)?, to_u64(value_after)?, decision.supply).or_refuse()?;
            mint_shares(&self.share_token_program.to_account_info(), &self.share_mint.to_account_info(), &recipient, &vault_info, &decision.signer, shares)?;
            return Ok(shares);
        }
        let asset = self.vault.load()?.assets[slot];
        let amount = amount_for_value(value, after.prices[slot].mid, asset.decimals, false).or_refuse()?;
        if amount > 0 {
            // `Holdings::load` matched this account to the slot; the token program checks the mint.
            let from = priced.get(slot.checked_mul(PRICED_ACCOUNTS_PER_ASSET).ok_or(BallastError::MathOverflow)?).ok_or(BallastError::WrongRemainingAccounts)?;
            transfer(&self.bounty_token_program.to_account_info(), from, &self.bounty_mint.to_account_info(), &recipient, &vault_info, Some(&decision.signer), amount, asset.decimals)?;
        }
        Ok(amount)
    }

    /// Permissionless: the program alone decides whether the vault has drifted, what to trade and
    /// the least it accepts; after the swap it verifies every vault token account and the outcome.
    pub fn handler(ctx: Context<'info, Self>, args: RebalanceArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = &ctx.accounts;
        let (adapter, priced, swap_accounts) = accounts.validate(ctx.remaining_accounts, now)?;
        let vault_key = accounts.vault.key();
        let decision = accounts.decide(priced, adapter, swap_accounts, args.pair, now)?;
        let plan = decision.plan;
        let min_out = plan.min_out.max(args.min_out);
        let before = priced.chunks(PRICED_ACCOUNTS_PER_ASSET).map(|pair| snapshot(&pair[0])).collect::<Result<Vec<Snapshot>>>()?;

        // The swap, signed by the vault.
        let leg = Leg { vault: vault_key, input: decision.sell.token_account, output: decision.buy.token_account, amount_in: plan.amount_in, min_out };
        let ix = swap::instruction(adapter, accounts.amm_program.key(), swap::metas(swap_accounts), &leg, &args.route)?;
        let mut infos = swap_accounts.to_vec();
        infos.push(accounts.amm_program.to_account_info());
        // Unchecked: no borrow of any account's data or lamports is alive here (`decide` released the
        // vault), so the per-account RefCell checks `invoke_signed` repeats would find nothing.
        invoke_signed_unchecked(&ix, &infos, &[&decision.signer.seeds()])?;
        // Only the vault can mint shares, and only it signs the swap: a route must not have used that.
        let supply_after = token_layout::mint_supply(&accounts.share_mint.try_borrow_data()?)?;
        require!(supply_after == decision.supply, BallastError::ShareSupplyChanged);

        // Verify: only the pair moved, within the plan; no authority changed; value and drift.
        let (after, drift_after, value_after) = accounts.verify(priced, &before, &decision, min_out)?;
        let value_before = decision.holdings.total_value(Side::Mid)?;
        check_outcome(value_before, value_after, decision.params.max_loss_bps, plan.drift_bps, drift_after).or_refuse()?;

        let bounty_amount = accounts.pay_bounty(priced, &decision, &after, value_after)?;

        let mut vault = accounts.vault.load_mut()?;
        vault.last_rebalance_at = now;
        vault.rebalance_count = vault.rebalance_count.checked_add(1).ok_or(BallastError::MathOverflow)?;
        vault.epoch_started_at = decision.epoch.started_at;
        vault.epoch_traded_value = to_u64(decision.epoch.traded_value.checked_add(plan.value).ok_or(BallastError::MathOverflow)?)?;
        crate::breaker::record_fill(&mut vault, vault_key, &decision.buy.mint, value_before, value_after, now)?;
        vault.invariant()?;
        let holdings = &decision.holdings;
        emit!(Rebalanced {
            vault: vault_key,
            cranker: accounts.cranker.key(),
            amm_program: accounts.amm_program.key(),
            sell_mint: decision.sell.mint,
            buy_mint: decision.buy.mint,
            amount_in: holdings.balances[plan.sell].checked_sub(after.balances[plan.sell]).ok_or(BallastError::MathOverflow)?,
            amount_out: after.balances[plan.buy].checked_sub(holdings.balances[plan.buy]).ok_or(BallastError::MathOverflow)?,
            min_out,
            value_before: to_u64(value_before)?,
            value_after: to_u64(value_after)?,
            drift_before_bps: plan.drift_bps,
            drift_after_bps: drift_after,
            trigger: plan.trigger.code(),
            bounty_mint: accounts.bounty_mint.key(),
            bounty_amount,
        });
        Ok(())
    }
}
