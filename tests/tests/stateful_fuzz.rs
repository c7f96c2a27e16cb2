//! Stateful fuzzing (proptest-state-machine): random sequences of two depositors, two cranks,
//! governance and the guardian, an arbitrageur on the pinned CPMM pool, oracle moves, clock warps
//! and donations, run step by step natively AND in the SBF VM side by side. After every step:
//!
//! - the two modes agree: the same result (error code included) and, for every account the
//!   transaction named, the same lamports, owner and data;
//! - `Vault::invariant()` holds;
//! - conservation, unit for unit: each vault balance equals the ledger the model keeps (deposits
//!   in, in-kind withdrawals out as `ballast-math` predicts them, donations in, and a rebalance's
//!   legs equal and opposite to the pool's), every token mint's supply is still where the test put
//!   it, and every share is held by a depositor, a crank or the fee recipient;
//! - no holder's claim falls: a deposit, withdrawal or donation never lowers the value of a share
//!   (at the oracle's mid prices, exact fractions), fee shares minted in the step excepted; a
//!   rebalance loses at most `max_loss_bps` of the vault's value;
//! - the reference model's predictions hold: a paused action is refused as paused, a loosening fee
//!   change waits for the timelock (refused before it, applied after), a tightening one applies at
//!   once, and a second queued change is refused.
//!
//! A refused step changes nothing (the modes' account comparison and the ledger check see to it).
//! `make test` runs `BALLAST_FUZZ_CASES` (default 40) sequences of up to 120 steps; `make fuzz` runs
//! more (docs/verification.md has the figures).

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use ballast::errors::BallastError;
use ballast::instructions::{DepositArgs, DepositInKindArgs, WithdrawInKindArgs};
use ballast::state::{VaultParams, PAUSE_DEPOSITS, PAUSE_REBALANCE};
use ballast_math::in_kind::in_kind_withdrawal;
use ballast_math::params::Params;
use ballast_math::shares::VIRTUAL_SHARES;
use ballast_tests::cpmm::{cpmm_so, Pool, CPMM_ID};
use ballast_tests::fixture::VaultFixture;
use ballast_tests::{error_code, keypair, Harness, Mode, Outcome};
use num_bigint::BigUint;
use proptest::prelude::*;
use proptest::test_runner::Config;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The fuzzed vault: the test fixture's parameters, rebalancing allowed every minute with the
/// cost-benefit gate off (so that sequences reach the swap often).
const PARAMS: VaultParams = VaultParams::from_math(&Params {
    min_rebalance_interval_secs: 60,
    drift_gate_horizon_hours: 0,
    ..ballast_tests::fixture::PARAMS.to_math()
});

/// One step of a sequence.
#[derive(Debug, Clone)]
enum Step {
    Deposit {
        user: usize,
        asset: usize,
        amount: u64,
    },
    DepositInKind {
        user: usize,
        max: [u64; 2],
    },
    /// Withdraws `permille` of the user's shares (at most 900: someone always stays invested, so
    /// governance's timelock stays in force).
    Withdraw {
        user: usize,
        permille: u64,
    },
    Donate {
        asset: usize,
        amount: u64,
    },
    /// The oracle moves one asset by `bps` and republishes both prices now.
    Price {
        asset: usize,
        bps: i64,
    },
    Warp {
        secs: i64,
    },
    Observe,
    Rebalance {
        cranker: usize,
    },
    /// Trades the pool back to the oracle price, overshooting by `overshoot_bps`.
    Arbitrage {
        overshoot_bps: i64,
    },
    Pause {
        bits: u8,
    },
    SetFee {
        bps: u16,
    },
    Execute,
}

/// The reference model: what governance and the guardian have done, and the clock.
#[derive(Debug, Clone, Default)]
struct Model {
    now: i64,
    paused: u8,
    fee_bps: u16,
    /// A queued fee change and the time it may execute.
    pending: Option<(u16, i64)>,
}

/// Which refusal (or success) the model predicts for a governance step.
fn governance_prediction(model: &Model, step: &Step) -> Option<Result<(), BallastError>> {
    match *step {
        Step::Pause { .. } => Some(Ok(())),
        Step::SetFee { bps } if bps < model.fee_bps => Some(Ok(())),
        Step::SetFee { .. } if model.pending.is_some() => Some(Err(BallastError::ChangePending)),
        Step::SetFee { .. } => Some(Ok(())),
        Step::Execute => Some(match model.pending {
            None => Err(BallastError::NoChangePending),
            Some((_, at)) if model.now < at => Err(BallastError::TimelockNotElapsed),
            Some(_) => Ok(()),
        }),
        _ => None,
    }
}

impl ReferenceStateMachine for Model {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model { fee_bps: PARAMS.management_fee_bps, ..Model::default() }).boxed()
    }

    fn transitions(model: &Model) -> BoxedStrategy<Step> {
        let fee = model.fee_bps;
        let amount = |asset: usize| if asset == 0 { 1..2_000_000_000u64 } else { 1..20_000_000_000u64 };
        prop_oneof![
            6 => (0..2usize, 0..2usize).prop_flat_map(move |(user, asset)| amount(asset).prop_map(move |amount| Step::Deposit { user, asset, amount })),
            3 => (0..2usize, 1..2_000_000_000u64, 1..20_000_000_000u64).prop_map(|(user, a, b)| Step::DepositInKind { user, max: [a, b] }),
            5 => (0..2usize, 1..=900u64).prop_map(|(user, permille)| Step::Withdraw { user, permille }),
            1 => (0..2usize).prop_flat_map(move |asset| amount(asset).prop_map(move |amount| Step::Donate { asset, amount })),
            5 => (0..2usize, -800..=800i64).prop_map(|(asset, bps)| Step::Price { asset, bps }),
            3 => prop_oneof![4 => 1..120i64, 1 => 3_600..90_000i64].prop_map(|secs| Step::Warp { secs }),
            2 => Just(Step::Observe),
            5 => (0..2usize).prop_map(|cranker| Step::Rebalance { cranker }),
            3 => (-50..=50i64).prop_map(|overshoot_bps| Step::Arbitrage { overshoot_bps }),
            1 => prop_oneof![4 => Just(0u8), 1 => Just(PAUSE_DEPOSITS), 1 => Just(PAUSE_REBALANCE)].prop_map(|bits| Step::Pause { bits }),
            1 => (0..=500u16).prop_filter("a change", move |bps| *bps != fee).prop_map(|bps| Step::SetFee { bps }),
            1 => Just(Step::Execute),
        ]
        .boxed()
    }

    fn apply(mut model: Model, step: &Step) -> Model {
        let predicted = governance_prediction(&model, step);
        match *step {
            Step::Warp { secs } => model.now += secs,
            Step::Pause { bits } => model.paused = bits,
            Step::SetFee { bps } if bps < model.fee_bps => model.fee_bps = bps,
            Step::SetFee { bps } if matches!(predicted, Some(Ok(()))) => {
                model.pending = Some((bps, model.now + i64::from(PARAMS.timelock_secs)))
            }
            Step::Execute if matches!(predicted, Some(Ok(()))) => {
                model.fee_bps = model.pending.take().expect("pending").0;
            }
            _ => {}
        }
        model
    }
}

/// One mode's chain: the harness and its vault.
struct Chain {
    h: Harness,
    f: VaultFixture,
    pool: Pool,
    /// The payer's USDC and SOL accounts (they seeded the pool; the arbitrageur's and the donor's).
    trader: [Pubkey; 2],
}

/// Balances the checks read, the same in both modes after every step.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    /// Per asset: alice, bob, the vault, the pool, the trader.
    tokens: [[u64; 5]; 2],
    /// Shares of alice, bob and the fee recipient.
    shares: [u64; 3],
    supply: u64,
}

impl Snapshot {
    fn vault(&self, asset: usize) -> u64 {
        self.tokens[asset][2]
    }

    fn pool(&self, asset: usize) -> u64 {
        self.tokens[asset][3]
    }
}

const FUNDING: [u64; 2] = [1_000_000_000_000, 10_000_000_000_000];
const POOL: [u64; 2] = [1_500_000_000_000, 10_000_000_000_000];

impl Chain {
    async fn start(mode: Mode) -> Chain {
        let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
        h.fast = true;
        let (f, pool) = h.cpmm_vault(PARAMS, &[(0, 10_000_000_000), (1, 30_000_000_000)], POOL[0], POOL[1]).await;
        let trader = [keypair(130).pubkey(), keypair(131).pubkey()];
        for (asset, amount) in FUNDING.iter().enumerate() {
            let mint = f.keys.assets[asset].mint;
            for account in [f.alice.tokens[asset], f.bob.tokens[asset], trader[asset]] {
                h.mint_tokens(&mint, &account, *amount).await;
            }
        }
        Chain { h, f, pool, trader }
    }

    fn user(&self, i: usize) -> &ballast_tests::fixture::User {
        if i == 0 {
            &self.f.alice
        } else {
            &self.f.bob
        }
    }

    /// Every token account of `asset`'s mint the test knows, in `Snapshot::tokens` order.
    fn accounts_of(&self, asset: usize) -> [Pubkey; 5] {
        let pool = if self.pool.token_0_mint == self.f.keys.assets[asset].mint {
            self.pool.token_0_vault
        } else {
            self.pool.token_1_vault
        };
        [
            self.f.alice.tokens[asset],
            self.f.bob.tokens[asset],
            self.f.keys.assets[asset].vault_token,
            pool,
            self.trader[asset],
        ]
    }

    async fn snapshot(&mut self) -> Snapshot {
        let mut tokens = [[0u64; 5]; 2];
        for (asset, row) in tokens.iter_mut().enumerate() {
            for (slot, key) in row.iter_mut().zip(self.accounts_of(asset)) {
                *slot = self.h.token_balance(key).await;
            }
        }
        let mut shares = [0u64; 3];
        for (slot, key) in shares.iter_mut().zip([self.f.alice.shares, self.f.bob.shares, self.f.keys.fee_shares]) {
            *slot = if self.h.account(key).await.is_some() { self.h.token_balance(key).await } else { 0 };
        }
        let supply = self.h.share_supply(&self.f).await;
        Snapshot { tokens, shares, supply }
    }

    /// Runs `step` (prices already moved by the caller) and returns its outcome, if it sent one.
    async fn run(&mut self, step: &Step, prices: [i64; 2], before: &Snapshot) -> Option<Outcome> {
        let keys = self.f.keys.clone();
        let (ix, signers): (Instruction, Vec<Keypair>) = match *step {
            Step::Price { .. } => {
                for (spec, price) in self.f.specs.iter_mut().zip(prices) {
                    spec.price = price;
                }
                self.h.publish_prices(&mut self.f).await;
                return None;
            }
            Step::Warp { secs } => {
                self.h.warp(secs).await;
                return None;
            }
            Step::Deposit { user, asset, amount } => {
                let u = self.user(user);
                (
                    keys.deposit(
                        u.key.pubkey(),
                        asset,
                        u.tokens[asset],
                        u.shares,
                        DepositArgs { amount, min_shares_out: 0 },
                    ),
                    vec![u.key.insecure_clone()],
                )
            }
            Step::DepositInKind { user, max } => {
                let u = self.user(user);
                (
                    keys.deposit_in_kind(
                        u.key.pubkey(),
                        &u.tokens,
                        u.shares,
                        DepositInKindArgs { max_amounts: max.to_vec(), min_shares_out: 0 },
                    ),
                    vec![u.key.insecure_clone()],
                )
            }
            Step::Withdraw { user, permille } => {
                let shares = before.shares[user] * permille / 1_000;
                if shares == 0 {
                    return None;
                }
                let u = self.user(user);
                (
                    keys.withdraw_in_kind(
                        u.key.pubkey(),
                        &u.tokens,
                        u.shares,
                        WithdrawInKindArgs { shares, min_amounts_out: vec![0, 0] },
                    ),
                    vec![u.key.insecure_clone()],
                )
            }
            Step::Donate { asset, amount } => {
                let token = anchor_spl::token::spl_token::ID;
                (
                    anchor_spl::token::spl_token::instruction::transfer(
                        &token,
                        &self.trader[asset],
                        &keys.assets[asset].vault_token,
                        &self.h.payer.pubkey(),
                        &[],
                        amount,
                    )
                    .expect("ix"),
                    vec![],
                )
            }
            Step::Observe => (keys.accrue_fees(), vec![]),
            Step::Pause { bits } => {
                (keys.set_pause(self.f.guardian.pubkey(), bits), vec![self.f.guardian.insecure_clone()])
            }
            Step::SetFee { bps } => (keys.set_params(VaultParams { management_fee_bps: bps, ..PARAMS }), vec![]),
            Step::Execute => (keys.execute_change(), vec![]),
            Step::Rebalance { cranker } => {
                // Sell whichever asset is worth more than half at the oracle: the program sizes the
                // trade (and refuses an unneeded one, or the other pair).
                let usdc = u128::from(before.vault(0)) * u128::try_from(prices[0]).expect("positive") * 1_000;
                let sol = u128::from(before.vault(1)) * u128::try_from(prices[1]).expect("positive");
                let (sell, buy) = if usdc >= sol { (0, 1) } else { (1, 0) };
                let u = self.user(cranker);
                (keys.rebalance(u.key.pubkey(), u.shares, &self.pool, sell, buy, 0), vec![u.key.insecure_clone()])
            }
            Step::Arbitrage { overshoot_bps } => {
                // The pool's USDC per SOL back to the oracle's (times 1 + overshoot): with k = x·y,
                // x' = √(k · p); the trade is x' − x of USDC in (or the SOL that takes x down to x').
                let (x, y) = (before.pool(0) as f64, before.pool(1) as f64);
                let p = prices[1] as f64 / prices[0] as f64 / 1_000.0 * (1.0 + overshoot_bps as f64 / 10_000.0);
                let target_x = (x * y * p).sqrt();
                let (asset, amount) =
                    if target_x > x { (0, (target_x - x) as u64) } else { (1, ((x * y / target_x) - y) as u64) };
                if amount == 0 {
                    return None;
                }
                let (other, mint) = (self.trader[1 - asset], keys.assets[asset].mint);
                (self.pool.swap_base_input(self.h.payer.pubkey(), mint, self.trader[asset], other, amount, 0), vec![])
            }
        };
        let signers: Vec<&Keypair> = signers.iter().collect();
        Some(self.h.send(&format!("{step:?}"), &[ix], &signers).await)
    }
}

/// The system under test: both modes, the model as of the last step, and the vault's ledger.
struct System {
    rt: tokio::runtime::Runtime,
    native: Chain,
    sbf: Chain,
    model: Model,
    prices: [i64; 2],
    ledger: [u64; 2],
    supplies: [u64; 2],
    snapshot: Snapshot,
    /// Per kind of step: (succeeded, refused, not sent).
    tally: std::collections::BTreeMap<String, (u32, u32, u32)>,
    /// Refusals by error code.
    refusals: std::collections::BTreeMap<u32, u32>,
}

/// Exact value of the vault's holdings at the oracle's prices, in 1e-17 USD (USDC: 6 decimals,
/// SOL: 9; prices with 8).
fn nav(s: &Snapshot, prices: [i64; 2]) -> BigUint {
    let price = |i: usize| BigUint::from(u64::try_from(prices[i]).expect("positive"));
    BigUint::from(s.vault(0)) * price(0) * BigUint::from(1_000u32) + BigUint::from(s.vault(1)) * price(1)
}

fn refused_with(outcome: &Outcome, e: BallastError) -> bool {
    outcome.custom_error() == Some(error_code(e))
}

impl System {
    fn step(&mut self, step: &Step, model_after: &Model) {
        let model = self.model.clone();
        if let Step::Price { asset, bps } = *step {
            self.prices[asset] = (self.prices[asset] * (10_000 + bps) / 10_000).max(1);
        }
        let (before, prices) = (self.snapshot.clone(), self.prices);
        let System { rt, native, sbf, .. } = self;
        let (n, s) =
            rt.block_on(async { (native.run(step, prices, &before).await, sbf.run(step, prices, &before).await) });
        let (n_after, after) = rt.block_on(async { (native.snapshot().await, sbf.snapshot().await) });
        let vault = rt.block_on(sbf.h.vault(&sbf.f));

        // Native = VM: the result and every account the transaction named.
        match (&n, &s) {
            (Some(n), Some(s)) => {
                assert_eq!(n.result, s.result, "{step:?}: native and SBF results differ: {:?}", s.program_output);
                assert_eq!(n.touched, s.touched, "{step:?}: native and SBF left different accounts");
            }
            (None, None) => {}
            _ => panic!("{step:?}: one mode sent a transaction, the other did not"),
        }
        assert_eq!(n_after, after, "{step:?}: native and SBF balances differ");
        assert_eq!(vault.invariant().map_err(|e| e.to_string()), Ok(()), "{step:?}: the vault's invariant");
        let ok = s.as_ref().is_none_or(|o| o.result.is_ok());
        let kind = format!("{step:?}").split([' ', '{']).next().unwrap_or_default().to_string();
        let entry = self.tally.entry(kind).or_default();
        match &s {
            Some(o) if o.result.is_ok() => entry.0 += 1,
            Some(o) => {
                entry.1 += 1;
                *self.refusals.entry(o.custom_error().unwrap_or(0)).or_default() += 1;
            }
            None => entry.2 += 1,
        }

        // The reference model's predictions.
        if let (Some(predicted), Some(out)) = (governance_prediction(&model, step), &s) {
            match predicted {
                Ok(()) => {
                    assert_eq!(out.result, Ok(()), "{step:?}: the model expected success: {:?}", out.program_output)
                }
                Err(e) => assert!(refused_with(out, e), "{step:?}: the model expected {e:?}, got {:?}", out.result),
            }
        }
        assert_eq!(
            (vault.params.management_fee_bps, vault.paused),
            (model_after.fee_bps, model_after.paused),
            "{step:?}: governance state"
        );
        if let Some(out) = &s {
            match step {
                Step::Deposit { .. } | Step::DepositInKind { .. } if model.paused & PAUSE_DEPOSITS != 0 => {
                    assert!(refused_with(out, BallastError::DepositsPaused), "{step:?} while paused: {:?}", out.result)
                }
                Step::Rebalance { .. } if model.paused & PAUSE_REBALANCE != 0 => {
                    assert!(refused_with(out, BallastError::RebalancePaused), "{step:?} while paused: {:?}", out.result)
                }
                _ => {}
            }
        }

        // Conservation: the ledger, unit for unit.
        let fee_minted = after.shares[2] - before.shares[2];
        let supply_mid = before.supply + fee_minted;
        if ok {
            match *step {
                Step::Deposit { user, asset, amount } => {
                    self.ledger[asset] += amount;
                    assert_eq!(
                        before.tokens[asset][user] - after.tokens[asset][user],
                        amount,
                        "{step:?}: the depositor paid exactly the amount"
                    );
                }
                Step::DepositInKind { user, max } if s.is_some() => {
                    let mut amounts = [0u64; 2];
                    ballast_math::in_kind::in_kind_deposit(
                        &max,
                        &[before.vault(0), before.vault(1)],
                        supply_mid,
                        &mut amounts,
                    )
                    .expect("a deposit that succeeded is one the math allows");
                    for (asset, &amount) in amounts.iter().enumerate() {
                        self.ledger[asset] += amount;
                        assert_eq!(
                            before.tokens[asset][user] - after.tokens[asset][user],
                            amount,
                            "{step:?}: asset {asset} paid"
                        );
                    }
                }
                Step::Withdraw { user, permille } if s.is_some() => {
                    let shares = before.shares[user] * permille / 1_000;
                    for asset in 0..2 {
                        let paid = in_kind_withdrawal(shares, before.vault(asset), supply_mid).expect("claim");
                        self.ledger[asset] -= paid;
                        assert_eq!(
                            after.tokens[asset][user] - before.tokens[asset][user],
                            paid,
                            "{step:?}: asset {asset} received"
                        );
                    }
                }
                Step::Donate { asset, amount } => self.ledger[asset] += amount,
                Step::Rebalance { .. } if s.is_some() => {
                    for asset in 0..2 {
                        let (vault_in, pool_in) = (
                            i128::from(after.vault(asset)) - i128::from(before.vault(asset)),
                            i128::from(after.pool(asset)) - i128::from(before.pool(asset)),
                        );
                        assert_eq!(vault_in, -pool_in, "{step:?}: asset {asset}: the vault's leg equals the pool's");
                        self.ledger[asset] = u64::try_from(i128::from(self.ledger[asset]) + vault_in).expect("fits");
                    }
                    // At most max_loss_bps of the vault's value at the oracle.
                    let limit = nav(&before, prices) * BigUint::from(10_000 - u32::from(PARAMS.max_loss_bps));
                    assert!(
                        nav(&after, prices) * BigUint::from(10_000u32) >= limit,
                        "{step:?}: the trade lost more than the loss limit"
                    );
                }
                _ => {}
            }
        }
        assert_eq!(
            [after.vault(0), after.vault(1)],
            self.ledger,
            "{step:?}: the vault holds what the ledger says (ok: {ok})"
        );
        for asset in 0..2 {
            assert_eq!(
                after.tokens[asset].iter().sum::<u64>(),
                self.supplies[asset],
                "{step:?}: asset {asset}'s tokens are all where they were put"
            );
        }
        assert_eq!(
            after.shares.iter().sum::<u64>(),
            after.supply,
            "{step:?}: every share is held by a depositor, a crank or the fee recipient"
        );

        // No holder's claim falls: a share is worth at least what it was worth once this step's fee
        // shares (if any) were minted, i.e. nav_after / (S_after + VS) ≥ nav_before / (S_before +
        // fees + VS), compared as exact cross-products.
        if ok
            && matches!(
                step,
                Step::Deposit { .. } | Step::DepositInKind { .. } | Step::Withdraw { .. } | Step::Donate { .. }
            )
        {
            let vs = VIRTUAL_SHARES;
            let after_side = nav(&after, prices) * BigUint::from(supply_mid + vs);
            let before_side = nav(&before, prices) * BigUint::from(after.supply + vs);
            assert!(
                after_side >= before_side,
                "{step:?}: a share's value fell: {before:?} -> {after:?}, fee shares {fee_minted}"
            );
        }
        self.snapshot = after;
        self.model = model_after.clone();
    }
}

struct Fuzz;

impl StateMachineTest for Fuzz {
    type SystemUnderTest = System;
    type Reference = Model;

    fn init_test(model: &Model) -> System {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let (native, mut sbf) =
            rt.block_on(async { (Chain::start(Mode::Native).await, Chain::start(Mode::Sbf).await) });
        let snapshot = rt.block_on(sbf.snapshot());
        let supplies = [0, 1].map(|asset| snapshot.tokens[asset].iter().sum());
        let prices = [sbf.f.specs[0].price, sbf.f.specs[1].price];
        let ledger = [snapshot.vault(0), snapshot.vault(1)];
        System {
            rt,
            native,
            sbf,
            model: model.clone(),
            prices,
            ledger,
            supplies,
            snapshot,
            tally: Default::default(),
            refusals: Default::default(),
        }
    }

    fn apply(mut system: System, model: &Model, step: Step) -> System {
        system.step(&step, model);
        system
    }

    /// One line per sequence: what ran and how it ended (the figures in docs/verification.md).
    fn teardown(system: System, _: Model) {
        let steps: u32 = system.tally.values().map(|(a, b, c)| a + b + c).sum();
        let detail: Vec<String> =
            system.tally.iter().map(|(k, (ok, refused, skipped))| format!("{k} {ok}/{refused}/{skipped}")).collect();
        println!(
            "fuzz sequence: {steps} steps (ok/refused/not sent): {}; refusals by code: {:?}",
            detail.join(", "),
            system.refusals
        );
    }
}

fn cases() -> u32 {
    std::env::var("BALLAST_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
}

prop_state_machine! {
    #![proptest_config(Config { cases: cases(), max_shrink_iters: 200, failure_persistence: None, ..Config::default() })]
    #[test]
    fn random_sequences_keep_every_promise(sequential 1..120 => Fuzz);
}
