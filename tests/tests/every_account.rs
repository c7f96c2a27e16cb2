//! Substitution of every named account of every instruction, driven from `idl/ballast.json`: each
//! account the IDL lists is replaced, one at a time, by a plausible impostor (another vault whose
//! authority is someone else, another mint, someone else's token account, the other token program,
//! a Ballast account of another type, a stranger who signs). Each impostor is refused with its exact
//! error and changes nothing; then the genuine instruction is sent and succeeds, so each refusal is
//! the impostor's doing, not the state's. An account anyone may fill (a rent payer, a crank, the
//! sender of a claim redemption) is named `Open` with its reason, in this one table.
//!
//! The table must cover exactly the IDL's accounts: an account added to an instruction fails this
//! test until it has a row. Natively and in the SBF VM, identical results.

use std::collections::BTreeSet;

use anchor_lang::error::ErrorCode as Anchor;
use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use ballast::errors::BallastError;
use ballast::instructions::{DepositArgs, DepositInKindArgs, WithdrawInKindArgs};
use ballast::share_metadata::ShareMetadata;
use ballast::state::VaultParams;
use ballast_tests::ballast_ix::{
    share_mint_address, test_metadata, vault_address, vault_token_address, AssetKeys, VaultKeys,
};
use ballast_tests::cpmm::{cpmm_so, CPMM_ID};
use ballast_tests::fixture::{add_asset_args, AssetSpec, PARAMS, USDC};
use ballast_tests::programs::workspace_root;
use ballast_tests::{error_code, keypair, run_both, Harness, InstructionError, Mode, Trace, TransactionError};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// What a substituted account must lead to.
#[derive(Debug, Clone)]
enum Expect {
    /// Refused with this custom error code (Anchor's or Ballast's), nothing changed.
    Refused(u32),
    /// In a transaction of several instructions (an auction fill): refused by the instruction at
    /// this index with this custom error code, nothing changed.
    RefusedAt(u8, u32),
    /// Refused by the runtime or a token program with this instruction error, nothing changed.
    Runtime(InstructionError),
    /// Anyone may be this account: not substituted, for the reason given.
    Open(&'static str),
}

fn anchor(code: Anchor) -> Expect {
    Expect::Refused(u32::from(code))
}

fn ballast(code: BallastError) -> Expect {
    Expect::Refused(error_code(code))
}

/// Every `(instruction, account)` pair of the IDL, in order, with the account's position.
fn idl_accounts() -> Vec<(String, Vec<String>)> {
    let path = workspace_root().join("idl/ballast.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("idl/ballast.json")).expect("the IDL is JSON");
    idl["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .map(|ix| {
            let accounts = ix["accounts"]
                .as_array()
                .expect("accounts")
                .iter()
                .map(|a| a["name"].as_str().expect("name").to_string())
                .collect();
            (ix["name"].as_str().expect("name").to_string(), accounts)
        })
        .collect()
}

/// The substitution run: the IDL's account lists, the keys that may sign, the accounts that must
/// not change, the pairs covered so far and every mismatch (reported together at the end).
struct Run {
    idl: Vec<(String, Vec<String>)>,
    signers: Vec<Keypair>,
    watched: Vec<Pubkey>,
    covered: BTreeSet<(String, String)>,
    mismatches: Vec<String>,
}

impl Run {
    fn accounts_of(&self, ix: &str) -> &[String] {
        &self.idl.iter().find(|(name, _)| name == ix).unwrap_or_else(|| panic!("{ix} is not in the IDL")).1
    }

    /// The keypairs that must sign `tx` (the harness's payer signs every transaction anyway).
    fn signers_for_all(&self, tx: &[Instruction], payer: &Pubkey) -> Vec<Keypair> {
        let needed: BTreeSet<Pubkey> = tx
            .iter()
            .flat_map(|ix| &ix.accounts)
            .filter(|m| m.is_signer && m.pubkey != *payer)
            .map(|m| m.pubkey)
            .collect();
        needed
            .iter()
            .map(|key| {
                self.signers
                    .iter()
                    .find(|k| k.pubkey() == *key)
                    .unwrap_or_else(|| panic!("no keypair for signer {key}"))
                    .insecure_clone()
            })
            .collect()
    }

    /// Replaces each of `name`'s accounts in `genuine` by its row's impostor, expects the row's
    /// outcome, then sends `genuine` and expects success.
    async fn substitute(&mut self, h: &mut Harness, name: &str, genuine: Instruction, rows: &[(&str, Pubkey, Expect)]) {
        self.substitute_in(h, name, vec![genuine], 0, rows).await;
    }

    /// `substitute` for instruction `at` of a transaction of several (an auction fill's).
    async fn substitute_in(
        &mut self,
        h: &mut Harness,
        name: &str,
        genuine: Vec<Instruction>,
        at: usize,
        rows: &[(&str, Pubkey, Expect)],
    ) {
        let accounts = self.accounts_of(name).to_vec();
        for (account, impostor, expect) in rows.iter() {
            let index = accounts
                .iter()
                .position(|a| a == account)
                .unwrap_or_else(|| panic!("{name} has no account {account} in the IDL"));
            assert!(self.covered.insert((name.to_string(), account.to_string())), "{name}.{account} has two rows");
            let expected = match *expect {
                Expect::Refused(code) => Err(TransactionError::InstructionError(0, InstructionError::Custom(code))),
                Expect::RefusedAt(i, code) => {
                    Err(TransactionError::InstructionError(i, InstructionError::Custom(code)))
                }
                Expect::Runtime(ref e) => Err(TransactionError::InstructionError(0, e.clone())),
                Expect::Open(reason) => {
                    println!("{name}.{account}: open ({reason})");
                    continue;
                }
            };
            let mut tx = genuine.clone();
            let ix = &mut tx[at];
            assert_ne!(ix.accounts[index].pubkey, *impostor, "{name}.{account}: the impostor is the genuine account");
            ix.accounts[index] = AccountMeta { pubkey: *impostor, ..ix.accounts[index].clone() };
            let signers = self.signers_for_all(&tx, &h.payer.pubkey());
            let before = h.accounts(&self.watched).await;
            let label = format!("{name}: {impostor} as {account}");
            let out = h.send(&label, &tx, &signers.iter().collect::<Vec<_>>()).await;
            if out.result.clone().map_err(ballast_tests::as_sbf_reports) != expected {
                self.mismatches.push(format!("{name}.{account}: expected {expected:?}, got {:?}", out.result));
                if out.result.is_ok() {
                    continue;
                }
            }
            assert_eq!(h.accounts(&self.watched).await, before, "{label}: a refused instruction changed an account");
        }
        let signers = self.signers_for_all(&genuine, &h.payer.pubkey());
        let out = h.send(&format!("{name}: genuine"), &genuine, &signers.iter().collect::<Vec<_>>()).await;
        assert_eq!(
            out.result,
            Ok(()),
            "{name}: the genuine instruction must succeed after its impostors: {:?}; mismatches so far: {:?}",
            out.program_output,
            self.mismatches
        );
    }

    /// Every IDL pair has a row.
    fn assert_complete(&self) {
        let all: BTreeSet<(String, String)> =
            self.idl.iter().flat_map(|(ix, accounts)| accounts.iter().map(move |a| (ix.clone(), a.clone()))).collect();
        let missing: Vec<_> = all.difference(&self.covered).collect();
        assert!(missing.is_empty(), "accounts in the IDL with no substitution row: {missing:?}");
        assert!(
            self.mismatches.is_empty(),
            "substitutions that did not fail as expected:\n{}",
            self.mismatches.join("\n")
        );
    }
}

async fn every_account(mode: Mode) -> Trace {
    let mut h = Harness::start_with(mode, &[(CPMM_ID, cpmm_so())]).await;
    // USDC/SOL at 50/50, all USDC (alice's 10,000), a pinned CPMM pool at the oracle price.
    let (mut f, pool) = h.cpmm_vault(PARAMS, &[(0, 10_000_000_000)], 1_500_000_000_000, 10_000_000_000_000).await;
    let (alice, bob, payer) = (f.alice.key.insecure_clone(), f.bob.key.insecure_clone(), h.payer.pubkey());
    let (usdc, sol) = (f.keys.assets[0], f.keys.assets[1]);
    let (t22, token) = (spl_token_2022::ID, spl_token::ID);
    assert_eq!(h.deposit(&f, &f.bob, 0, 1_000_000_000, 0).await.result, Ok(()));

    // The impostors: a stranger who signs, with a vault of their own; a mint no vault holds.
    let stranger = keypair(90);
    let fund = anchor_lang::solana_program::system_instruction::transfer(&payer, &stranger.pubkey(), 10_000_000_000);
    assert_eq!(h.send("fund the stranger", &[fund], &[]).await.result, Ok(()));
    let other = VaultKeys::new(stranger.pubkey(), 1, keypair(91).pubkey());
    assert_eq!(
        h.send("the stranger's vault", &[other.initialize_vault(1, stranger.pubkey(), PARAMS)], &[&stranger])
            .await
            .result,
        Ok(())
    );
    let stranger_mint = keypair(92);
    h.create_mint(&stranger_mint, 6).await;
    let stranger_mint = stranger_mint.pubkey();
    // Ballast accounts of another type than the one asked for: bob's claims on SOL and USDC.
    let sol_claim = f.keys.claim_address(&bob.pubkey(), &sol.mint);
    assert_eq!(h.send("bob's SOL claim", &[f.keys.open_claim(bob.pubkey(), sol.mint)], &[&bob]).await.result, Ok(()));
    let (guardian, new_authority) = (keypair(94), keypair(93));
    let mut watched = h.fixture_keys(&f);
    watched.extend([other.vault, other.share_mint, sol_claim, pool.state]);
    let signers = [&alice, &bob, &stranger, &f.guardian, &guardian, &new_authority]
        .map(|k| k.insecure_clone())
        .into_iter()
        .collect();
    let mut run = Run { idl: idl_accounts(), signers, watched, covered: BTreeSet::new(), mismatches: Vec::new() };
    let open_payer = Expect::Open("anyone may pay the rent");

    // Depositors.
    let deposit = f.keys.deposit(
        bob.pubkey(),
        0,
        f.bob.tokens[0],
        f.bob.shares,
        DepositArgs { amount: 1_000_000, min_shares_out: 0 },
    );
    #[rustfmt::skip]
    run.substitute(&mut h, "deposit", deposit, &[
        ("depositor", stranger.pubkey(), anchor(Anchor::ConstraintTokenOwner)),
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("fee_recipient_shares", f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("asset_mint", sol.mint, anchor(Anchor::ConstraintTokenMint)),
        ("vault_token_account", sol.vault_token, anchor(Anchor::ConstraintTokenMint)),
        ("depositor_asset_account", f.alice.tokens[0], anchor(Anchor::ConstraintTokenOwner)),
        ("depositor_share_account", f.alice.shares, anchor(Anchor::ConstraintTokenOwner)),
        ("asset_token_program", t22, anchor(Anchor::ConstraintMintTokenProgram)),
        ("share_token_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    let deposit_in_kind = f.keys.deposit_in_kind(
        bob.pubkey(),
        &f.bob.tokens,
        f.bob.shares,
        DepositInKindArgs { max_amounts: vec![1_000_000, 1], min_shares_out: 0 },
    );
    #[rustfmt::skip]
    run.substitute(&mut h, "deposit_in_kind", deposit_in_kind, &[
        ("depositor", stranger.pubkey(), anchor(Anchor::ConstraintTokenOwner)),
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("fee_recipient_shares", f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("depositor_share_account", f.alice.shares, anchor(Anchor::ConstraintTokenOwner)),
        ("token_program", t22, anchor(Anchor::InvalidProgramId)),
        ("token_2022_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    let withdraw = f.keys.withdraw_in_kind(
        bob.pubkey(),
        &f.bob.tokens,
        f.bob.shares,
        WithdrawInKindArgs { shares: 1_000_000, min_amounts_out: vec![0, 0] },
    );
    #[rustfmt::skip]
    run.substitute(&mut h, "withdraw_in_kind", withdraw, &[
        ("owner", stranger.pubkey(), anchor(Anchor::ConstraintTokenOwner)),
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("fee_recipient_shares", f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("owner_share_account", f.alice.shares, anchor(Anchor::ConstraintTokenOwner)),
        ("token_program", t22, anchor(Anchor::InvalidProgramId)),
        ("token_2022_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "open_claim", f.keys.open_claim(bob.pubkey(), usdc.mint), &[
        ("owner", stranger.pubkey(), anchor(Anchor::ConstraintSeeds)),
        ("payer", payer, open_payer.clone()),
        ("vault", other.vault, anchor(Anchor::ConstraintSeeds)),
        ("mint", stranger_mint, anchor(Anchor::ConstraintSeeds)),
        ("claim", f.keys.claim_address(&alice.pubkey(), &usdc.mint), anchor(Anchor::ConstraintSeeds)),
        ("system_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    // bob's USDC claim is empty: redeeming it only closes it (anyone may send that).
    #[rustfmt::skip]
    run.substitute(&mut h, "redeem_claim", f.keys.redeem_claim(alice.pubkey(), bob.pubkey(), &usdc, f.bob.tokens[0]), &[
        ("caller", alice.pubkey(), Expect::Open("anyone may flush a claim: the tokens go to its owner's account only")),
        ("owner", alice.pubkey(), anchor(Anchor::ConstraintSeeds)),
        ("vault", other.vault, anchor(Anchor::ConstraintSeeds)),
        ("claim", sol_claim, anchor(Anchor::ConstraintSeeds)),
        ("mint", sol.mint, anchor(Anchor::ConstraintSeeds)),
        ("vault_token_account", sol.vault_token, ballast(BallastError::WrongTokenAccount)),
        ("owner_token_account", f.alice.tokens[0], anchor(Anchor::ConstraintTokenOwner)),
        ("token_program", t22, anchor(Anchor::ConstraintMintTokenProgram)),
    ]).await;

    // Cranks.
    #[rustfmt::skip]
    run.substitute(&mut h, "accrue_fees", f.keys.accrue_fees(), &[
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("fee_recipient_shares", f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("share_token_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "preview_rebalance", f.keys.preview_rebalance(), &[
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "rebalance", f.keys.rebalance(bob.pubkey(), f.bob.shares, &pool, 0, 1, 0), &[
        ("cranker", alice.pubkey(), Expect::Open("anyone may crank: the bounty goes to the cranker's own account (cranker_bounty)")),
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("cranker_bounty", f.alice.shares, Expect::Open("the crank's bounty goes wherever the crank sends it")),
        ("bounty_mint", usdc.mint, ballast(BallastError::WrongBountyAccounts)),
        ("amm_program", token, ballast(BallastError::PoolNotAllowed)),
        ("share_token_program", token, anchor(Anchor::InvalidProgramId)),
        ("bounty_token_program", token, ballast(BallastError::WrongBountyAccounts)),
        ("token_program", t22, anchor(Anchor::InvalidProgramId)),
    ]).await;

    // Governance (the vault's authority is the harness's payer, who signs every transaction).
    #[rustfmt::skip]
    run.substitute(&mut h, "set_guardian", f.keys.set_guardian(guardian.pubkey()), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
    ]).await;
    let renamed = ShareMetadata { name: "Renamed Basket".into(), ..test_metadata() };
    #[rustfmt::skip]
    run.substitute(&mut h, "set_share_metadata", f.keys.set_share_metadata(renamed), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("token_2022_program", token, anchor(Anchor::InvalidProgramId)),
        ("system_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "set_pause", f.keys.set_pause(guardian.pubkey(), 0), &[
        ("signer", stranger.pubkey(), ballast(BallastError::NotGuardian)),
        ("vault", other.vault, ballast(BallastError::NotGuardian)),
    ]).await;
    // SOL +20% a minute later trips the breaker on the observer's reading.
    h.warp(60).await;
    f.specs[1].price = f.specs[1].price * 12 / 10;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send("the jump trips the breaker", &[f.keys.accrue_fees()], &[]).await.result, Ok(()));
    assert!(h.vault(&f).await.breaker_tripped());
    #[rustfmt::skip]
    run.substitute(&mut h, "reset_breaker", f.keys.reset_breaker(), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
    ]).await;
    // Allowing a pool once the vault has holders is queued behind the timelock; cancelled below.
    #[rustfmt::skip]
    run.substitute(&mut h, "add_amm", f.keys.add_pool(CPMM_ID, Pubkey::new_from_array([77; 32]), (usdc.mint, sol.mint)), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("amm_program", f.bob.shares, ballast(BallastError::NotAProgram)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "cancel_change", f.keys.cancel_change(), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "remove_amm", f.keys.remove_amm(CPMM_ID, pool.state), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
    ]).await;
    // A higher bounty loosens: queued, then executed after the timelock.
    let looser = VaultParams { bounty_bps: PARAMS.bounty_bps + 1, ..PARAMS };
    #[rustfmt::skip]
    run.substitute(&mut h, "set_params", f.keys.set_params(looser), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
    ]).await;
    h.warp(i64::from(PARAMS.timelock_secs) + 1).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "execute_change", f.keys.execute_change(), &[
        ("vault", sol_claim, anchor(Anchor::AccountDiscriminatorMismatch)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "set_target_weights", f.keys.set_target_weights(vec![6_000, 4_000]), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
    ]).await;
    if h.vault(&f).await.pending.is_pending() {
        assert_eq!(h.send("drop the queued weights", &[f.keys.cancel_change()], &[]).await.result, Ok(()));
    }
    // A third asset, admitted behind the timelock and then removed (it holds nothing).
    let third = keypair(96);
    h.create_mint(&third, 6).await;
    let third = AssetKeys {
        mint: third.pubkey(),
        token_program: token,
        vault_token: vault_token_address(&f.keys.vault, &third.pubkey()),
        feed_id: ballast_tests::fixture::feed_id(2),
        price_account: Pubkey::new_from_array([202; 32]),
        decimals: 6,
    };
    #[rustfmt::skip]
    run.substitute(&mut h, "add_asset", f.keys.add_asset(&third, add_asset_args(2)), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("payer", payer, open_payer.clone()),
        ("vault", other.vault, anchor(Anchor::ConstraintSeeds)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("mint", stranger_mint, anchor(Anchor::ConstraintSeeds)),
        ("vault_token_account", vault_token_address(&f.keys.vault, &stranger_mint), anchor(Anchor::ConstraintSeeds)),
        // Token-2022 refuses to create an account for a classic mint.
        ("token_program", t22, Expect::Runtime(InstructionError::IncorrectProgramId)),
        ("system_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    if h.vault(&f).await.pending.is_pending() {
        h.warp(i64::from(PARAMS.timelock_secs) + 1).await;
        assert_eq!(h.send("admit the third asset", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    }
    // One donated unit of dust: the removal then sweeps it to the fee recipient's account of the
    // mint, so the dust destination, the fee account and the price are all read and checked.
    let third_dust = keypair(97);
    h.create_token_account(&third_dust, &third.mint, &f.keys.fee_recipient).await;
    h.mint_tokens(&third.mint, &third.vault_token, 1).await;
    // The fee recipient's account of another mint: right owner, wrong mint.
    let recipient_usdc = keypair(98);
    h.create_token_account(&recipient_usdc, &usdc.mint, &f.keys.fee_recipient).await;
    f.keys.assets.push(third);
    f.specs.push(AssetSpec { ..USDC });
    h.publish_prices(&mut f).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "remove_asset", f.keys.remove_asset_to(&third, third_dust.pubkey()), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("mint", stranger_mint, anchor(Anchor::ConstraintTokenMint)),
        ("vault_token_account", usdc.vault_token, anchor(Anchor::ConstraintTokenMint)),
        ("fee_recipient_shares", f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("dust_destination", recipient_usdc.pubkey(), ballast(BallastError::WrongTokenAccount)),
        ("price_update", usdc.price_account, ballast(BallastError::WrongPriceFeed)),
        ("token_program", t22, anchor(Anchor::ConstraintTokenTokenProgram)),
    ]).await;
    f.keys.assets.pop();
    f.specs.pop();
    #[rustfmt::skip]
    run.substitute(&mut h, "propose_authority", f.keys.propose_authority(new_authority.pubkey()), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "accept_authority", f.keys.accept_authority(new_authority.pubkey()), &[
        ("new_authority", stranger.pubkey(), ballast(BallastError::NotPendingAuthority)),
        ("vault", other.vault, ballast(BallastError::NotPendingAuthority)),
    ]).await;
    // Auctions: the vault has drifted again (SOL +20% since the rebalance); a day has passed.
    h.publish_prices(&mut f).await;
    let other_auction = other.auction();
    #[rustfmt::skip]
    run.substitute(&mut h, "open_auction", f.keys.open_auction(payer, None), &[
        ("opener", payer, Expect::Open("anyone may open an auction the plan calls for: the opener pays the rent")),
        // The auction's address is derived from the vault's: that check comes first.
        ("vault", other.vault, anchor(Anchor::ConstraintSeeds)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("auction", other_auction, anchor(Anchor::ConstraintSeeds)),
        ("system_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    // 200 s in the ask is at par; bob takes the smallest fill (a tenth of the auction) and pays 6 SOL
    // units per USDC unit (1 USDC for 6 / 1,000 SOL: more than par at any SOL price above 167).
    h.warp(200).await;
    h.publish_prices(&mut f).await;
    let opened = h.account(f.keys.auction()).await.expect("the auction").data;
    let opened = ballast::state::Auction::try_deserialize(&mut &opened[..]).expect("an auction");
    let take = ballast_math::auction::min_fill(opened.amount, opened.remaining).expect("a fill size");
    h.mint_tokens(&sol.mint, &f.bob.tokens[1], take * 6 * 10).await;
    let pay =
        spl_token::instruction::transfer(&token, &f.bob.tokens[1], &sol.vault_token, &bob.pubkey(), &[], take * 6)
            .expect("transfer");
    let fill = vec![f.keys.fill_begin(bob.pubkey(), 0, f.bob.tokens[0], take), pay, f.keys.fill_end(bob.pubkey())];
    // Not the instructions sysvar (the clock would do, but its bytes differ between the two runs).
    let not_sysvar = sol.mint;
    #[rustfmt::skip]
    run.substitute_in(&mut h, "fill_begin", fill.clone(), 0, &[
        // Another signer begins; the fill_end (bob's) then refuses: it did not begin the fill.
        ("solver", alice.pubkey(), Expect::RefusedAt(2, error_code(BallastError::FillSolverMismatch))),
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
        ("auction", sol_claim, anchor(Anchor::AccountDiscriminatorMismatch)),
        ("instructions", not_sysvar, anchor(Anchor::ConstraintAddress)),
        ("sell_mint", sol.mint, anchor(Anchor::ConstraintAddress)),
        ("solver_sell_account", f.alice.tokens[0], Expect::Open("the solver takes the tokens wherever it likes; fill_end requires the payment")),
        ("sell_token_program", t22, ballast(BallastError::WrongTokenProgram)),
    ]).await;
    #[rustfmt::skip]
    run.substitute_in(&mut h, "fill_end", fill, 2, &[
        ("solver", alice.pubkey(), Expect::RefusedAt(2, error_code(BallastError::FillSolverMismatch))),
        // fill_begin looks ahead: its fill_end must name the same vault and auction.
        ("vault", other.vault, ballast(BallastError::FillEndMissing)),
        ("share_mint", other.share_mint, Expect::RefusedAt(2, u32::from(Anchor::ConstraintHasOne))),
        ("auction", sol_claim, ballast(BallastError::FillEndMissing)),
        ("instructions", not_sysvar, Expect::RefusedAt(2, u32::from(Anchor::ConstraintAddress))),
    ]).await;
    h.warp(301).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "close_auction", f.keys.close_auction(payer), &[
        ("vault", other.vault, anchor(Anchor::ConstraintSeeds)),
        ("auction", sol_claim, anchor(Anchor::AccountDiscriminatorMismatch)),
        ("opener", bob.pubkey(), anchor(Anchor::ConstraintHasOne)),
    ]).await;

    // A second vault of the payer's: every address of the first is an impostor here.
    let second = VaultKeys::new(payer, 2, keypair(6).pubkey());
    let third_vault = vault_address(&payer, 3);
    #[rustfmt::skip]
    run.substitute(&mut h, "initialize_vault", second.initialize_vault(2, guardian.pubkey(), PARAMS), &[
        ("creator", stranger.pubkey(), anchor(Anchor::ConstraintSeeds)),
        ("vault", third_vault, anchor(Anchor::ConstraintSeeds)),
        ("share_mint", share_mint_address(&third_vault), anchor(Anchor::ConstraintSeeds)),
        // The associated token program is asked for an account that is not the one passed: the
        // runtime refuses the call (see `as_sbf_reports` for how the native run reports it).
        ("fee_recipient", bob.pubkey(), Expect::Runtime(InstructionError::MissingAccount)),
        ("fee_recipient_shares", f.bob.shares, Expect::Runtime(InstructionError::MissingAccount)),
        ("share_token_program", token, anchor(Anchor::InvalidProgramId)),
        ("associated_token_program", token, anchor(Anchor::InvalidProgramId)),
        ("system_program", token, anchor(Anchor::InvalidProgramId)),
    ]).await;
    // Insurance: governance (the new authority since accept_authority) turns it on behind the
    // timelock (a 0.50 floor, 90 days), then strikes it.
    f.keys.authority = new_authority.pubkey();
    let insured = VaultParams {
        insurance_floor_share_price: 500_000_000_000,
        insurance_expires_at: u64::try_from(h.now().await + 90 * 86_400).expect("positive"),
        insurance_vol_min_bps: 6_000,
        insurance_vol_max_bps: 6_000,
        ..looser
    };
    assert_eq!(h.send("insure the vault", &[f.keys.set_params(insured)], &[&new_authority]).await.result, Ok(()));
    h.warp(i64::from(PARAMS.timelock_secs) + 1).await;
    h.publish_prices(&mut f).await;
    assert_eq!(h.send("the insurance applies", &[f.keys.execute_change()], &[]).await.result, Ok(()));
    #[rustfmt::skip]
    run.substitute(&mut h, "roll_insurance", f.keys.roll_insurance(), &[
        ("authority", stranger.pubkey(), ballast(BallastError::NotAuthority)),
        ("vault", other.vault, ballast(BallastError::NotAuthority)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
    ]).await;
    #[rustfmt::skip]
    run.substitute(&mut h, "view_insurance", f.keys.view_insurance(), &[
        ("vault", other.vault, anchor(Anchor::ConstraintHasOne)),
        ("share_mint", other.share_mint, anchor(Anchor::ConstraintHasOne)),
    ]).await;
    run.assert_complete();
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn every_account_of_every_instruction_in_the_idl_is_checked() {
    run_both(every_account).await;
}
