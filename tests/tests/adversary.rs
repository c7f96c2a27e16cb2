//! Security: an ADVERSARIAL AMM (tests/programs/adversary, hand-written for this purpose only) is
//! allow-listed (its "pool" pinned for the pair) and called by `rebalance` exactly like the real
//! CPMM. It abuses the signature it is handed — the swap authority's, a delegate of the sold account
//! for `amount_in` and nothing else — in every way the security review listed: keeps the input,
//! under-delivers, pays a foreign account, takes ownership or a delegation of a vault account,
//! drains another vault account, overspends, mints shares, takes the share mint's authority,
//! closes or freezes a vault account, burns the input, reallocates a Token-2022 vault account,
//! re-enters Ballast. Each attempt is refused
//! with its exact error — the token program's where the signature has no power (the attack is
//! impossible, not merely detected), Ballast's post-trade check otherwise — and no value moves.
//! Its honest mode proves the harness. Natively and in the SBF VM, identical.

use adversary_amm::mode;
use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_spl::token_2022::spl_token_2022;
use ballast::errors::BallastError;
use ballast_tests::fixture::{VaultFixture, BTC, SOL, USDC};
use ballast_tests::{
    error_code, keypair, run_both, skipped_without_vm, Harness, InstructionError, Mode, Trace, TransactionError,
};

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
    let pinned =
        f.keys.add_pool(adversary_amm::ID, keypair(142).pubkey(), (f.keys.assets[0].mint, f.keys.assets[1].mint));
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
fn rebalance(
    f: &VaultFixture,
    adv: &Adversary,
    observation: Pubkey,
    reenter: bool,
) -> anchor_lang::solana_program::instruction::Instruction {
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
            token_0_program: anchor_spl::token::spl_token::ID,
            token_1_program: anchor_spl::token::spl_token::ID,
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
    h.ctx.set_account(
        &MODE_ACCOUNT,
        &AccountSharedData::from(Account {
            lamports: 1_000_000,
            data: vec![m],
            owner: adversary_amm::ID,
            executable: false,
            rent_epoch: 0,
        }),
    );
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
        (
            "takes the share mint's authority",
            mode::TAKE_MINT_AUTHORITY,
            foreign,
            Some(share_mint),
            Refused::Token(OWNER_MISMATCH),
        ),
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
            if mint == share_mint {
                // The share mint is a Token-2022 mint: the adversary calls Token-2022, which it is
                // handed in CPMM's output-token-program slot.
                ix.accounts[swap + 9] = AccountMeta::new_readonly(spl_token_2022::ID, false);
            }
        }
        let before = h.accounts(&keys).await;
        let out = h.send(name, &[ix], &[&bob]).await;
        let code = match expected {
            Refused::Ballast(e) => error_code(e),
            Refused::Token(code) => code,
        };
        assert_eq!(
            out.custom_error(),
            Some(code),
            "{name}: expected {expected:?}, got {:?} {:?}",
            out.result,
            out.program_output
        );
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
    if skipped_without_vm("an_amm_calling_back_into_ballast_is_refused_by_the_runtime") {
        return;
    }
    let mut h = Harness::start_with(Mode::Sbf, &[(adversary_amm::ID, adversary_so())]).await;
    let (mut f, adv) = set_up(&mut h).await;
    h.publish_prices(&mut f).await;
    set_mode(&mut h, mode::REENTER);
    let keys = h.fixture_keys(&f);
    let before = h.accounts(&keys).await;
    let bob = f.bob.key.insecure_clone();
    let out = h.send("re-enters Ballast", &[rebalance(&f, &adv, f.bob.tokens[1], true)], &[&bob]).await;
    assert_eq!(
        out.result,
        Err(TransactionError::InstructionError(0, InstructionError::ReentrancyNotAllowed)),
        "{:?}",
        out.program_output
    );
    assert_eq!(h.accounts(&keys).await, before, "value moved");
}

/// The review's second finding: "with the vault's signature an AMM reallocates a Token-2022 vault
/// account and enables required memo transfers". The sold asset here is a Token-2022 mint; the
/// adversary tries to reallocate the vault's account of it (adding the memo extension) with the
/// signature it is handed. The swap authority is only a delegate, not the owner: Token-2022 refuses
/// (`OwnerMismatch`) before anything changes. Natively and in the SBF VM, identical.
async fn token_2022_realloc(mode_kind: Mode) -> Trace {
    use anchor_lang::solana_program::{system_instruction, system_program};
    use anchor_spl::token_2022::spl_token_2022;
    use ballast_tests::ballast_ix::{vault_token_address, AssetKeys};
    let t22 = spl_token_2022::ID;
    let mut h = Harness::start_with(mode_kind, &[(adversary_amm::ID, adversary_so())]).await;
    let mut f = h.vault_fixture(&[USDC, SOL], &[5_000, 5_000], &[10_000_000_000, 100_000_000_000]).await;
    let payer = h.payer.insecure_clone();
    // A plain Token-2022 mint ("EUR", priced like USDC) joins at weight 0.
    let eur = keypair(180);
    h.create_mint_2022(&eur, 6, &[], vec![]).await;
    let asset = AssetKeys {
        mint: eur.pubkey(),
        token_program: t22,
        vault_token: vault_token_address(&f.keys.vault, &eur.pubkey()),
        feed_id: ballast_tests::fixture::feed_id(2),
        price_account: Pubkey::new_from_array([253; 32]),
        decimals: 6,
    };
    assert_eq!(
        h.send("add EUR", &[f.keys.add_asset(&asset, ballast_tests::fixture::add_asset_args(2))], &[]).await.result,
        Ok(())
    );
    f.keys.assets.push(asset);
    f.specs.push(USDC);
    // Token-2022 accounts: alice's EUR, the adversary's EUR sink.
    let authority = Pubkey::find_program_address(&[adversary_amm::RESERVE_AUTHORITY], &adversary_amm::ID).0;
    let (alice_eur, sink) = (keypair(181), keypair(182));
    for (account, owner) in [(&alice_eur, f.alice.key.pubkey()), (&sink, authority)] {
        let ixs = [
            system_instruction::create_account(&payer.pubkey(), &account.pubkey(), 10_000_000, 165, &t22),
            spl_token_2022::instruction::initialize_account3(&t22, &account.pubkey(), &eur.pubkey(), &owner)
                .expect("ix"),
        ];
        assert_eq!(h.send("EUR account", &ixs, &[account]).await.result, Ok(()));
    }
    // EUR for alice, and depth on the "pool" side the cost-benefit gate reads, so the trick is reached.
    for (to, amount) in [(alice_eur.pubkey(), 2_000_000_000), (sink.pubkey(), 100_000_000_000_000)] {
        let mint =
            spl_token_2022::instruction::mint_to(&t22, &eur.pubkey(), &to, &payer.pubkey(), &[], amount).expect("ix");
        assert_eq!(h.send("mint EUR", &[mint], &[]).await.result, Ok(()));
    }
    f.alice.tokens.push(alice_eur.pubkey());
    // Governance pins the adversary's "pool" for EUR/USDC while there are no holders.
    let pool_key = keypair(183).pubkey();
    assert_eq!(
        h.send(
            "allow the adversary",
            &[f.keys.add_pool(adversary_amm::ID, pool_key, (eur.pubkey(), f.keys.assets[0].mint))],
            &[]
        )
        .await
        .result,
        Ok(())
    );
    h.publish_prices(&mut f).await;
    // 50/50 USDC/SOL plus 2,000 EUR at a 0% target: EUR is overweight, USDC underweight.
    for (i, amount) in [(0, 5_000_000_000u64), (1, 33_333_333_333), (2, 2_000_000_000)] {
        assert_eq!(h.deposit(&f, &f.alice, i, amount, 0).await.result, Ok(()), "deposit {i}");
    }
    let usdc_reserve = keypair(184);
    h.create_token_account(&usdc_reserve, &f.keys.assets[0].mint, &authority).await;
    set_mode(&mut h, mode::REALLOC_MEMO);
    let fund = system_instruction::transfer(&payer.pubkey(), &authority, 1_000_000_000);
    assert_eq!(h.send("fund the adversary's PDA", &[fund], &[]).await.result, Ok(()));
    let (eur_slot, usdc_slot) = (f.keys.assets[2], f.keys.assets[0]);
    // CPMM's 13 positions: the swap authority pays; EUR's vault account in, USDC's out; Token-2022
    // as the input's program; the system program where the reallocation needs it.
    let swap = vec![
        AccountMeta::new_readonly(f.keys.swap_authority, false),
        // The adversary's PDA, writable and funded: it pays the reallocation's rent.
        AccountMeta::new(authority, false),
        AccountMeta::new_readonly(MODE_ACCOUNT, false),
        AccountMeta::new(pool_key, false),
        AccountMeta::new(eur_slot.vault_token, false),
        AccountMeta::new(usdc_slot.vault_token, false),
        AccountMeta::new(sink.pubkey(), false),
        AccountMeta::new(usdc_reserve.pubkey(), false),
        AccountMeta::new_readonly(t22, false),
        AccountMeta::new_readonly(system_program::ID, false),
        AccountMeta::new_readonly(eur.pubkey(), false),
        AccountMeta::new_readonly(usdc_slot.mint, false),
        AccountMeta::new(f.bob.tokens[1], false),
    ];
    let args = ballast::instructions::RebalanceArgs { min_out: 0, pair: Some([2, 0]), route: vec![] };
    let bob = f.bob.key.insecure_clone();
    let ix = f.keys.rebalance_with(bob.pubkey(), f.bob.shares, adversary_amm::ID, swap, args);
    let mut keys = h.fixture_keys(&f);
    keys.push(eur_slot.vault_token);
    let before = h.accounts(&keys).await;
    let out = h.send("reallocates the vault's Token-2022 account", &[ix], &[&bob]).await;
    assert_eq!(out.custom_error(), Some(OWNER_MISMATCH), "{:?} {:?}", out.result, out.program_output);
    assert!(
        out.program_output.iter().any(|l| l == "Program log: Instruction: Reallocate"),
        "the adversary reached Token-2022's Reallocate: {:?}",
        out.program_output
    );
    assert_eq!(
        h.accounts(&keys).await,
        before,
        "an account changed (the EUR vault account's length and bytes included)"
    );
    h.snapshot_fixture(&f).await;
    h.trace
}

#[tokio::test]
async fn a_token_2022_vault_account_cannot_be_reallocated_by_an_amm() {
    run_both(token_2022_realloc).await;
}

/// A crank passes the swap authority a second time, writable (the output-mint slot), hoping the
/// runtime's merge of duplicate metas hands the AMM write access, and the AMM assigns it to itself.
/// Ballast passes every copy of the swap authority read-only, so the runtime refuses the
/// escalation. SBF VM only, like re-entry: program-test's native CPI stub panics instead of
/// returning the runtime's error, so the two modes cannot agree on it.
#[tokio::test]
async fn a_writable_copy_of_the_swap_authority_gives_the_amm_no_write_access() {
    use anchor_lang::solana_program::system_program;
    if skipped_without_vm("a_writable_copy_of_the_swap_authority_gives_the_amm_no_write_access") {
        return;
    }
    let mut h = Harness::start_with(Mode::Sbf, &[(adversary_amm::ID, adversary_so())]).await;
    let (mut f, adv) = set_up(&mut h).await;
    h.publish_prices(&mut f).await;
    set_mode(&mut h, mode::ASSIGN_AUTHORITY);
    let mut ix = rebalance(&f, &adv, f.bob.tokens[1], false);
    let swap = ix.accounts.len() - 13;
    ix.accounts[swap + 9] = AccountMeta::new_readonly(system_program::ID, false);
    // CPMM's output-mint slot, which the adversary does not require mutable.
    ix.accounts[swap + 11] = AccountMeta::new(f.keys.swap_authority, false);
    let mut keys = h.fixture_keys(&f);
    keys.push(f.keys.swap_authority);
    let before = h.accounts(&keys).await;
    let bob = f.bob.key.insecure_clone();
    let out = h.send("assigns the swap authority", &[ix], &[&bob]).await;
    assert_eq!(
        out.result,
        Err(TransactionError::InstructionError(0, InstructionError::PrivilegeEscalation)),
        "{:?}",
        out.program_output
    );
    assert_eq!(h.accounts(&keys).await, before, "value moved or the authority changed");
}
