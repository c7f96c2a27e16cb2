//! Account substitution: every named account of the depositor and crank instructions replaced by a
//! plausible impostor (another mint, someone else's token account, the other token program, a
//! different program-owned account). Each is refused — by Anchor's constraint checks or by Ballast's
//! own — and nothing changes. Natively and in the SBF VM, identical results.

use anchor_lang::error::ErrorCode as Anchor;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use ballast::errors::BallastError;
use ballast::instructions::{DepositArgs, WithdrawInKindArgs};
use ballast_tests::fixture::{BTC, SOL, USDC};
use ballast_tests::{error_code, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

fn anchor(code: Anchor) -> u32 {
    u32::from(code)
}

async fn substitutions(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let f = h
        .vault_fixture(&[USDC, SOL, BTC], &[5_000, 3_000, 2_000], &[10_000_000_000, 10_000_000_000, 100_000_000])
        .await;
    assert_eq!(h.deposit(&f, &f.alice, 0, 1_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.bob, 0, 1_000_000_000, 0).await.result, Ok(()));
    let stranger = keypair(95);
    h.create_mint(&stranger, 9).await;
    let keys = h.fixture_keys(&f);
    let alice = f.alice.key.insecure_clone();
    let sol = f.keys.assets[1];

    let deposit = || {
        f.keys.deposit(
            alice.pubkey(),
            0,
            f.alice.tokens[0],
            f.alice.shares,
            DepositArgs { amount: 1_000_000, min_shares_out: 0 },
        )
    };
    let withdraw = || {
        f.keys.withdraw_in_kind(
            alice.pubkey(),
            &f.alice.tokens,
            f.alice.shares,
            WithdrawInKindArgs { shares: 1_000, min_amounts_out: vec![0; 3] },
        )
    };
    let accrue = || f.keys.accrue_fees();
    // (case, instruction, index of the account replaced, impostor, expected error code)
    let table: Vec<(&str, anchor_lang::solana_program::instruction::Instruction, usize, Pubkey, u32)> = vec![
        (
            "deposit: another program account as the vault",
            deposit(),
            1,
            f.keys.share_mint,
            anchor(Anchor::AccountOwnedByWrongProgram),
        ),
        ("deposit: another mint as the share mint", deposit(), 2, stranger.pubkey(), anchor(Anchor::ConstraintHasOne)),
        ("deposit: bob's shares as the fee account", deposit(), 3, f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("deposit: SOL's vault account for USDC", deposit(), 5, sol.vault_token, anchor(Anchor::ConstraintTokenMint)),
        ("deposit: bob's USDC as the source", deposit(), 6, f.bob.tokens[0], anchor(Anchor::ConstraintTokenOwner)),
        (
            "deposit: bob's share account as the destination",
            deposit(),
            7,
            f.bob.shares,
            anchor(Anchor::ConstraintTokenOwner),
        ),
        (
            "deposit: Token-2022 as the asset's token program",
            deposit(),
            8,
            spl_token_2022::ID,
            anchor(Anchor::ConstraintMintTokenProgram),
        ),
        (
            "deposit: SPL Token as the share token program",
            deposit(),
            9,
            spl_token::ID,
            anchor(Anchor::InvalidProgramId),
        ),
        (
            "deposit: a price account for the wrong asset",
            deposit(),
            11,
            f.keys.assets[2].price_account,
            error_code(BallastError::WrongPriceFeed),
        ),
        (
            "deposit: a token account that is not the vault's",
            deposit(),
            10,
            f.bob.tokens[0],
            error_code(BallastError::WrongRemainingAccounts),
        ),
        (
            "withdraw: another mint as the share mint",
            withdraw(),
            2,
            stranger.pubkey(),
            anchor(Anchor::ConstraintHasOne),
        ),
        ("withdraw: bob's shares as the fee account", withdraw(), 3, f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        ("withdraw: burning from bob's shares", withdraw(), 4, f.bob.shares, anchor(Anchor::ConstraintTokenOwner)),
        (
            "withdraw: SPL Token as the shares' Token-2022 program",
            withdraw(),
            6,
            spl_token::ID,
            anchor(Anchor::InvalidProgramId),
        ),
        (
            "withdraw: the wrong mint in a leg",
            withdraw(),
            7,
            sol.mint,
            error_code(BallastError::WrongRemainingAccounts),
        ),
        (
            "withdraw: paying out of another vault account",
            withdraw(),
            8,
            sol.vault_token,
            error_code(BallastError::WrongRemainingAccounts),
        ),
        (
            "accrue_fees: another mint as the share mint",
            accrue(),
            1,
            stranger.pubkey(),
            anchor(Anchor::ConstraintHasOne),
        ),
        ("accrue_fees: bob's shares as the fee account", accrue(), 2, f.bob.shares, anchor(Anchor::ConstraintHasOne)),
        (
            "accrue_fees: a price account for the wrong asset",
            accrue(),
            5,
            f.keys.assets[2].price_account,
            error_code(BallastError::WrongPriceFeed),
        ),
    ];
    for (name, mut ix, index, impostor, expected) in table {
        ix.accounts[index].pubkey = impostor;
        let before = h.accounts(&keys).await;
        let signers: Vec<&solana_keypair::Keypair> = if name.starts_with("accrue") { vec![] } else { vec![&alice] };
        let out = h.send(name, &[ix], &signers).await;
        assert_eq!(out.custom_error(), Some(expected), "{name}: {:?} {:?}", out.result, out.program_output);
        assert_eq!(h.accounts(&keys).await, before, "{name}: a refused instruction changed an account");
    }
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn every_impostor_account_is_refused_and_changes_nothing() {
    run_both(substitutions).await;
}
