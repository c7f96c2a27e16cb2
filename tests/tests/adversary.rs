//! Security: an ADVERSARIAL AMM (tests/programs/adversary, hand-written for this purpose only) is
//! allow-listed (its "pool" pinned for the pair) and called by `rebalance` exactly like the real
//! CPMM. It abuses the signature it is handed — the swap authority's, a delegate of the sold account
//! for `amount_in` and nothing else — in every way the security review listed: keeps the input,
//! under-delivers, pays a foreign account, takes ownership or a delegation of a vault account,
//! drains another vault account, overspends, mints shares, takes the share mint's authority,
//! closes or freezes a vault account, burns the input, re-enters Ballast. Each attempt is refused
//! with its exact error — the token program's where the signature has no power (the attack is
//! impossible, not merely detected), Ballast's post-trade check otherwise — and no value moves.
//! Its honest mode proves the harness. Natively and in the SBF VM, identical.

use adversary_amm::mode;
use anchor_lang::prelude::{AccountMeta, Pubkey};
use ballast::errors::BallastError;
use ballast_tests::fixture::{VaultFixture, BTC, SOL, USDC};
use ballast_tests::{error_code, keypair, run_both, Harness, InstructionError, Mode, Trace, TransactionError};

/// How an attack must be refused: by Ballast (its error) or by the token program (SPL Token's
/// `TokenError` code), because the swap authority's signature does not reach that far.
#[derive(Debug, Clone, Copy)]
enum Refused {
    Ballast(BallastError),
    Token(u32),
}

/// SPL Token's `TokenError` codes.
const INSUFFICIENT_FUNDS: u32 = 1;
const OWNER_MISMATCH: u32 = 4;
const MINT_CANNOT_FREEZE: u32 = 16;
use solana_account::{Account, AccountSharedData};
use solana_signer::Signer;

fn adversary_so() -> &'static str {
    ballast_tests::program_path("adversary_amm")
}
const MODE_ACCOUNT: Pubkey = Pubkey::new_from_array([66; 32]);

struct Adversary {
    authority: Pubkey,
    usdc_sink: Pubkey,
    sol_reserve: Pubkey,
    btc_sink: Pubkey,
}

async fn set_up(h: &mut Harness) -> (VaultFixture, Adversary) {
    // Targets 40/40/20; alice brings 10,000 USDC and 0.05 BTC: USDC is overweight, SOL missing.
    let f = h.vault_fixture(&[USDC, SOL, BTC], &[4_000, 4_000, 2_000], &[10_000_000_000, 0, 5_000_000]).await;
    // Governance pinned the adversary's "pool" (the key in CPMM's pool-state slot) for USDC/SOL.
    let pinned = f.keys.add_pool(adversary_amm::ID, keypair(142).pubkey(), (f.keys.assets[0].mint, f.keys.assets[1].mint));
    assert_eq!(h.send("allow the adversary", &[pinned], &[]).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 0, 10_000_000_000, 0).await.result, Ok(()));
    assert_eq!(h.deposit(&f, &f.alice, 2, 5_000_000, 0).await.result, Ok(()));
    let authority = Pubkey::find_program_address(&[adversary_amm::RESERVE_AUTHORITY], &adversary_amm::ID).0;
    let (sink, reserve, btc_sink) = (keypair(140), keypair(141), keypair(142));
    h.create_token_account(&sink, &f.keys.assets[0].mint, &authority).await;
    h.create_token_account(&btc_sink, &f.keys.assets[2].mint, &authority).await;
    // Depth on the "pool" side the cost-benefit gate reads (CPMM's input-vault position), so the
    // gate lets the trade through and each trick reaches the swap.
    h.mint_tokens(&f.keys.assets[0].mint, &sink.pubkey(), 100_000_000_000_000).await;
    h.create_token_account(&reserve, &f.keys.assets[1].mint, &authority).await;
    h.mint_tokens(&f.keys.assets[1].mint, &reserve.pubkey(), 1_000_000_000_000).await;
    (f, Adversary { authority, usdc_sink: sink.pubkey(), sol_reserve: reserve.pubkey(), btc_sink: btc_sink.pubkey() })
}

/// `rebalance` with the adversary in the AMM slot and its 13 accounts in CPMM's positions.
fn rebalance(f: &VaultFixture, adv: &Adversary, observation: Pubkey, reenter: bool) -> anchor_lang::solana_program::instruction::Instruction {
    let (usdc, sol) = (f.keys.assets[0], f.keys.assets[1]);
    let mut ix = f.keys.rebalance(
        f.bob.key.pubkey(),
        f.bob.shares,
        &ballast_tests::cpmm::Pool {
            program: adversary_amm::ID,
            config: MODE_ACCOUNT,
            authority: adv.authority,
            state: adv.btc_sink,
            token_0_mint: usdc.mint,
            token_1_mint: sol.mint,
            token_0_vault: adv.usdc_sink,
            token_1_vault: adv.sol_reserve,
            observation,
        },
        0,
        1,
        0,
    );
    ix.accounts[ballast_tests::ballast_ix::REBALANCE_AMM_PROGRAM].pubkey = adversary_amm::ID;
    let swap = ix.accounts.len() - 13;
    // CPMM's output-mint slot: Ballast's id when the adversary is to call back into it.
    if reenter {
        ix.accounts[swap + 11] = AccountMeta::new_readonly(ballast::ID, false);
    }
    ix
}

fn set_mode(h: &mut Harness, m: u8) {
    h.ctx.set_account(&MODE_ACCOUNT, &AccountSharedData::from(Account { lamports: 1_000_000, data: vec![m], owner: adversary_amm::ID, executable: false, rent_epoch: 0 }));
}

async fn attacks(mode_kind: Mode) -> Trace {
    let mut h = Harness::start_with(mode_kind, &[(adversary_amm::ID, adversary_so())]).await;
    let (mut f, adv) = set_up(&mut h).await;
    h.publish_prices(&mut f).await;
    let bob = f.bob.key.insecure_clone();
    let keys = h.fixture_keys(&f);
    let (foreign, btc_vault, sol_vault) = (f.bob.tokens[1], f.keys.assets[2].vault_token, f.keys.assets[1].vault_token);
    let (usdc_mint, share_mint) = (f.keys.assets[0].mint, f.keys.share_mint);
    // (name, mode, observation slot, writable mint in CPMM's input-mint slot, expected refusal)
    let cases: [(&str, u8, Pubkey, Option<Pubkey>, Refused); 12] = [
        ("keeps the input", mode::KEEP_INPUT, foreign, None, Refused::Ballast(BallastError::OutputShort)),
        ("under-delivers", mode::UNDER_DELIVER, foreign, None, Refused::Ballast(BallastError::OutputShort)),
        ("pays a foreign account", mode::PAY_FOREIGN, foreign, None, Refused::Ballast(BallastError::OutputShort)),
        ("takes ownership of a vault account", mode::STEAL_OWNER, foreign, None, Refused::Token(OWNER_MISMATCH)),
        ("becomes a delegate of a vault account", mode::SET_DELEGATE, foreign, None, Refused::Token(OWNER_MISMATCH)),
        ("drains another vault account", mode::DRAIN_OTHER, btc_vault, None, Refused::Token(OWNER_MISMATCH)),
        ("takes more than planned", mode::OVERSPEND, foreign, None, Refused::Token(INSUFFICIENT_FUNDS)),
        ("mints shares", mode::MINT_SHARES, f.bob.shares, Some(share_mint), Refused::Token(OWNER_MISMATCH)),
        ("takes the share mint's authority", mode::TAKE_MINT_AUTHORITY, foreign, Some(share_mint), Refused::Token(OWNER_MISMATCH)),
        ("closes an empty vault account", mode::CLOSE_VAULT_ACCOUNT, sol_vault, None, Refused::Token(OWNER_MISMATCH)),
        ("freezes the sold account", mode::FREEZE, foreign, Some(usdc_mint), Refused::Token(MINT_CANNOT_FREEZE)),
        ("burns the input", mode::BURN, foreign, Some(usdc_mint), Refused::Ballast(BallastError::OutputShort)),
    ];
    for (name, m, observation, writable_mint, expected) in cases {
        set_mode(&mut h, m);
        let mut ix = rebalance(&f, &adv, observation, false);
        if let Some(mint) = writable_mint {
            let swap = ix.accounts.len() - 13;
            ix.accounts[swap + 10] = AccountMeta::new(mint, false);
        }
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[ix], &[&bob]).await;
        let code = match expected {
            Refused::Ballast(e) => error_code(e),
            Refused::Token(code) => code,
        };
        assert_eq!(out.custom_error(), Some(code), "{name}: expected {expected:?}, got {:?} {:?}", out.result, out.program_output);
        assert_eq!(h.accounts(&keys).await, before, "{name}: value moved");
    }

    // The same adversary behaving honestly: the rebalance goes through (the harness is sound).
    set_mode(&mut h, mode::HONEST);
    let usdc_before = h.token_balance(f.keys.assets[0].vault_token).await;
    let out = h.send("an honest swap", &[rebalance(&f, &adv, foreign, false)], &[&bob]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert!(h.token_balance(f.keys.assets[0].vault_token).await < usdc_before);
    assert!(h.token_balance(f.keys.assets[1].vault_token).await > 0);
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn every_adversarial_amm_trick_is_caught_and_costs_nothing() {
    run_both(attacks).await;
}

/// Re-entry, in the SBF VM only: program-test's native CPI stub turns the runtime's refusal into a
/// panic (ProgramFailedToComplete) instead of `ReentrancyNotAllowed`, so the two modes cannot agree
/// on the error; the VM is what a cluster runs.
#[tokio::test]
async fn an_amm_calling_back_into_ballast_is_refused_by_the_runtime() {
    let mut h = Harness::start_with(Mode::Sbf, &[(adversary_amm::ID, adversary_so())]).await;
    let (mut f, adv) = set_up(&mut h).await;
    h.publish_prices(&mut f).await;
    set_mode(&mut h, mode::REENTER);
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let bob = f.bob.key.insecure_clone();
    let out = h.send("re-enters Ballast", &[rebalance(&f, &adv, f.bob.tokens[1], true)], &[&bob]).await;
    assert_eq!(out.result, Err(TransactionError::InstructionError(0, InstructionError::ReentrancyNotAllowed)), "{:?}", out.program_output);
    assert_eq!(h.accounts(&keys).await, before, "value moved");
}
