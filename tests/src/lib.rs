//! Shared fixture for Ballast's integration tests.
//!
//! Every scenario runs twice: through the **native** processor (the program compiled for the host)
//! and through the **SBF** `.so` from `target/deploy/` in the real SBF VM of `solana-program-test`.
//! A scenario returns a [`Trace`] of what both modes can observe (each transaction's result,
//! including the exact error code; after each transaction, the lamports, owner and data of every
//! account it named; and every account the scenario snapshots); the two traces must be equal, which
//! proves the compiled program computes what the source says. All keys and
//! the clock are fixed so that the traces are comparable byte for byte.
//!
//! Logs and events are observable in SBF mode only: Anchor 1.2.1 compiled for the host turns
//! `sol_log_data` (events) into a no-op and `msg!` into `println!`, so program-test's log collector
//! never sees them. Scenarios therefore assert events (SBF) against the same hand-computed values
//! that both modes' account data must match; see [`Harness::observes_logs`].

pub mod ballast_ix;
pub mod cpmm;
pub mod fixture;
pub mod lookup;
pub mod programs;
pub mod pyth;
pub mod solver;
pub mod spl;

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::{bpf_loader_upgradeable, clock::Clock, instruction::Instruction};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::{processor, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::Transaction;

pub use solana_instruction_error::InstructionError;
pub use solana_transaction::TransactionError;

/// The SBF builds are found and checked at run time, in the checkout under test (`make build`).
pub use programs::{load_program, program_path};
/// Fixed wall-clock time of every test chain, so that timestamps in accounts are comparable.
pub const GENESIS_UNIX_TIMESTAMP: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The program compiled for the host, called through program-test's native processor.
    Native,
    /// `target/deploy/ballast.so` executed by the SBF VM, deployed like a mainnet program.
    Sbf,
}

/// `BALLAST_TEST_MODES=native`: Ballast runs natively only, for mutation testing of the program's
/// handlers (`make mutants-program`), where each mutant is compiled for the host and no `.so` of it
/// exists. `run_both` then runs the native scenario alone, a scenario asking for the SBF VM gets the
/// native build, and what only the VM reports (events, logs, return data) is not asserted
/// (`observes_logs` is false). `make test` never sets it.
pub fn native_only() -> bool {
    std::env::var("BALLAST_TEST_MODES").is_ok_and(|m| m == "native")
}

/// For a test of what only the runtime refuses (re-entry, a privilege the VM withholds): under
/// `BALLAST_TEST_MODES=native` there is no VM to refuse it, so the test says it is skipped and
/// returns. `make test` never sets it, so there these tests always run.
pub fn skipped_without_vm(test: &str) -> bool {
    if native_only() {
        eprintln!("[ballast-tests] {test}: skipped (needs the SBF VM; BALLAST_TEST_MODES=native)");
    }
    native_only()
}

/// A deterministic keypair: the same `n` gives the same key in both modes.
pub fn keypair(n: u8) -> Keypair {
    Keypair::new_from_array([n; 32])
}

/// What one transaction did, as far as a client can observe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub label: String,
    pub result: Result<(), TransactionError>,
    /// `Program log:` / `Program data:` (events) / `Program return:` lines, in order.
    pub program_output: Vec<String>,
    /// Every non-executable account the transaction named (its static keys), right after it ran:
    /// `(key, (lamports, owner, sha256 of data))`, `None` when the account does not exist.
    pub touched: Vec<(Pubkey, Option<AccountDigest>)>,
}

/// An account as the runs compare it after each transaction: lamports, owner, sha256 of its data.
pub type AccountDigest = (u64, Pubkey, [u8; 32]);
/// An account as a snapshot keeps it: lamports, owner, data.
pub type AccountBytes = (u64, Pubkey, Vec<u8>);

impl Outcome {
    /// The Anchor error code of a failed instruction (`6000 +` index of `BallastError`).
    pub fn custom_error(&self) -> Option<u32> {
        match &self.result {
            Err(TransactionError::InstructionError(_, InstructionError::Custom(code))) => Some(*code),
            _ => None,
        }
    }

    /// The return data of the transaction's last instruction that set one (`Program return:`).
    pub fn return_data(&self) -> Option<Vec<u8>> {
        use anchor_lang::__private::base64::{engine::general_purpose::STANDARD, Engine};
        let line = self.program_output.iter().rev().find_map(|l| l.strip_prefix("Program return: "))?;
        STANDARD.decode(line.split_whitespace().nth(1)?).ok()
    }

    /// Payloads of the `Program data:` lines (Anchor events), base64-decoded.
    pub fn events(&self) -> Vec<Vec<u8>> {
        use anchor_lang::__private::base64::{engine::general_purpose::STANDARD, Engine};
        self.program_output
            .iter()
            .filter_map(|l| l.strip_prefix("Program data: "))
            .filter_map(|b64| STANDARD.decode(b64).ok())
            .collect()
    }
}

/// Everything a scenario observed, compared between the native and the SBF run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trace {
    pub outcomes: Vec<Outcome>,
    /// Snapshots `(name, (lamports, owner, data))`, `None` when the account does not exist.
    pub accounts: Vec<(String, Option<AccountBytes>)>,
}

pub struct Harness {
    pub mode: Mode,
    pub ctx: ProgramTestContext,
    pub payer: Keypair,
    pub trace: Trace,
    /// Compute units of the last transaction (SBF mode only; native code does not meter).
    pub last_compute_units: u64,
    /// Wire size of the last transaction in bytes.
    pub last_transaction_bytes: usize,
    /// Reuse the latest blockhash and make each transaction unique with a payer self-transfer of a
    /// counter's lamports instead of waiting for a new blockhash (long randomized runs only: it
    /// adds an instruction, so compute units and sizes are not comparable).
    pub fast: bool,
    sent: u64,
}

fn native_entry(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> anchor_lang::solana_program::entrypoint::ProgramResult {
    // Anchor's `entry<'info>` ties the program id, the accounts slice and the data to one lifetime;
    // program-test hands them over with distinct ones. The call does not outlive any of them.
    let accounts = unsafe { std::mem::transmute::<&[AccountInfo<'_>], &[AccountInfo<'_>]>(accounts) };
    ballast::entry(program_id, accounts, data)
}

/// Adds `elf` at `program_id` the way `solana program deploy` leaves it: a BPFLoaderUpgradeable
/// program account pointing at its program-data account.
fn add_upgradeable_program(pt: &mut ProgramTest, program_id: Pubkey, elf: Vec<u8>, upgrade_authority: Pubkey) {
    let (programdata, _) = Pubkey::find_program_address(&[program_id.as_ref()], &bpf_loader_upgradeable::ID);
    // UpgradeableLoaderState::Program { programdata_address }
    let mut program = 2u32.to_le_bytes().to_vec();
    program.extend_from_slice(programdata.as_ref());
    // UpgradeableLoaderState::ProgramData { slot: 0, upgrade_authority_address: Some(..) }, then the ELF
    let mut data = 3u32.to_le_bytes().to_vec();
    data.extend_from_slice(&0u64.to_le_bytes());
    data.push(1);
    data.extend_from_slice(upgrade_authority.as_ref());
    data.extend_from_slice(&elf);
    let lamports = 10_000_000_000;
    pt.add_genesis_account(
        programdata,
        Account { lamports, data, owner: bpf_loader_upgradeable::ID, executable: false, rent_epoch: 0 },
    );
    pt.add_genesis_account(
        program_id,
        Account { lamports, data: program, owner: bpf_loader_upgradeable::ID, executable: true, rent_epoch: 0 },
    );
}

/// Reads the SBF build, with a clear message when it is missing or not this checkout's.
pub fn sbf_elf() -> Vec<u8> {
    load_program(program_path("ballast"))
}

impl Harness {
    pub async fn start(mode: Mode) -> Self {
        Self::start_with(mode, &[]).await
    }

    /// Starts a chain with third-party programs (id, `.so` path) loaded at genesis in both modes:
    /// they always run in the SBF VM, only Ballast itself switches between native and SBF.
    pub async fn start_with(mode: Mode, programs: &[(Pubkey, &str)]) -> Self {
        let mode = if native_only() { Mode::Native } else { mode };
        let payer = keypair(1);
        let mut pt = ProgramTest::default();
        for (id, path) in programs {
            let elf = load_program(path);
            add_upgradeable_program(&mut pt, *id, elf, payer.pubkey());
        }
        match mode {
            Mode::Native => {
                pt.prefer_bpf(false);
                pt.add_program("ballast", ballast::ID, processor!(native_entry));
            }
            Mode::Sbf => add_upgradeable_program(&mut pt, ballast::ID, sbf_elf(), payer.pubkey()),
        }
        pt.add_account(payer.pubkey(), Account { lamports: 1_000_000_000_000, ..Account::default() });
        let ctx = pt.start_with_context().await;
        let clock = Clock {
            unix_timestamp: GENESIS_UNIX_TIMESTAMP,
            ..ctx.banks_client.get_sysvar::<Clock>().await.expect("clock")
        };
        ctx.set_sysvar(&clock);
        Harness {
            mode,
            ctx,
            payer,
            trace: Trace::default(),
            last_compute_units: 0,
            last_transaction_bytes: 0,
            fast: false,
            sent: 0,
        }
    }

    /// Wire size in bytes of the transaction `send` would submit (validators drop packets over 1232).
    pub async fn transaction_size(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> usize {
        let blockhash = self.ctx.get_new_latest_blockhash().await.expect("blockhash");
        let mut all: Vec<&Keypair> = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(instructions, Some(&self.payer.pubkey()), &all, blockhash);
        1 + 64 * tx.signatures.len() + tx.message_data().len()
    }

    /// Sends one transaction signed by the payer and `signers`, records its outcome in the trace.
    pub async fn send(&mut self, label: &str, instructions: &[Instruction], signers: &[&Keypair]) -> Outcome {
        self.sent += 1;
        let mut instructions = instructions.to_vec();
        let blockhash = if self.fast && !self.sent.is_multiple_of(100) {
            let payer = self.payer.pubkey();
            instructions
                .insert(0, anchor_lang::solana_program::system_instruction::transfer(&payer, &payer, self.sent));
            self.ctx.banks_client.get_latest_blockhash().await.expect("blockhash")
        } else {
            self.ctx.get_new_latest_blockhash().await.expect("blockhash")
        };
        let mut all: Vec<&Keypair> = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&instructions, Some(&self.payer.pubkey()), &all, blockhash);
        // compact-u16 signature count (1 byte below 128) + signatures + message
        self.last_transaction_bytes = 1 + 64 * tx.signatures.len() + tx.message_data().len();
        self.process(label, tx).await
    }

    /// Processes a signed (legacy or v0) transaction and records its outcome in the trace.
    pub async fn process(
        &mut self,
        label: &str,
        tx: impl Into<solana_transaction::versioned::VersionedTransaction>,
    ) -> Outcome {
        let tx: solana_transaction::versioned::VersionedTransaction = tx.into();
        let named = tx.message.static_account_keys().to_vec();
        let res = self.ctx.banks_client.process_transaction_with_metadata(tx).await.expect("banks client");
        let (logs, compute_units) =
            res.metadata.map(|m| (m.log_messages, m.compute_units_consumed)).unwrap_or_default();
        self.last_compute_units = compute_units;
        let program_output = logs
            .into_iter()
            .filter(|l| ["Program log: ", "Program data: ", "Program return: "].iter().any(|p| l.starts_with(p)))
            .collect();
        let mut touched = Vec::with_capacity(named.len());
        for key in named {
            let state = self.account(key).await;
            // Programs are builtins natively and loader-owned in SBF mode: not comparable.
            if state.as_ref().is_some_and(|a| a.executable) {
                continue;
            }
            touched.push((key, state.map(|a| (a.lamports, a.owner, sha256(&a.data)))));
        }
        let outcome = Outcome { label: label.to_string(), result: res.result, program_output, touched };
        self.trace.outcomes.push(outcome.clone());
        outcome
    }

    pub async fn account(&mut self, key: Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(key).await.expect("banks client")
    }

    /// Whether this mode records program logs and events (SBF only; see the crate docs).
    pub fn observes_logs(&self) -> bool {
        self.mode == Mode::Sbf
    }

    /// Records the bytes of `key` (or its absence) in the trace under `name`.
    pub async fn snapshot(&mut self, name: &str, key: Pubkey) {
        let state = self.account(key).await.map(|a| (a.lamports, a.owner, a.data));
        self.trace.accounts.push((name.to_string(), state));
    }

    /// Current state of `keys`, to check that a refused instruction changed nothing.
    pub async fn accounts(&mut self, keys: &[Pubkey]) -> Vec<Option<Account>> {
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            out.push(self.account(*key).await);
        }
        out
    }
}

/// The sha256 of `data`.
fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).into()
}

/// Runs a scenario natively and in the SBF VM and asserts that both observed the same thing.
pub async fn run_both<F, Fut>(scenario: F) -> Trace
where
    F: Fn(Mode) -> Fut,
    Fut: std::future::Future<Output = Trace>,
{
    let native = scenario(Mode::Native).await;
    if native_only() {
        return native;
    }
    let sbf = scenario(Mode::Sbf).await;
    let results = |t: &Trace| {
        t.outcomes.iter().map(|o| (o.label.clone(), o.result.clone().map_err(as_sbf_reports))).collect::<Vec<_>>()
    };
    assert_eq!(results(&native), results(&sbf), "native and SBF runs differ in results or error codes");
    // After every transaction, every account it named: lamports, owner and data.
    for (n, s) in native.outcomes.iter().zip(&sbf.outcomes) {
        for ((key, native_state), (_, sbf_state)) in n.touched.iter().zip(&s.touched) {
            assert_eq!(
                native_state, sbf_state,
                "{}: account {key} differs between the native and the SBF run (lamports, owner, data sha256)",
                n.label
            );
        }
        assert_eq!(n.touched.len(), s.touched.len(), "{}: the runs named different accounts", n.label);
    }
    assert_eq!(native.accounts, sbf.accounts, "native and SBF runs left different account bytes");
    sbf
}

/// The one place the two modes legitimately report a refusal differently. A cross-program call
/// that names an account the transaction does not carry is refused by the runtime with
/// `MissingAccount` in the SBF VM; program-test's native call stub panics instead, which the
/// native processor reports as `ProgramFailedToComplete`. Either way nothing changes (the account
/// comparison after the transaction still applies); only this one pair is mapped.
pub fn as_sbf_reports(e: TransactionError) -> TransactionError {
    match e {
        TransactionError::InstructionError(i, InstructionError::ProgramFailedToComplete) => {
            TransactionError::InstructionError(i, InstructionError::MissingAccount)
        }
        other => other,
    }
}

/// The on-chain code of a `BallastError` (Anchor's 6000 offset + its index).
pub fn error_code(e: ballast::errors::BallastError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

/// Asserts that `out` failed at instruction `index` with exactly `e`.
pub fn assert_refused_at(out: &Outcome, index: u8, e: ballast::errors::BallastError) {
    assert_eq!(
        out.result,
        Err(TransactionError::InstructionError(index, InstructionError::Custom(error_code(e)))),
        "{}: {:?}",
        out.label,
        out.program_output
    );
}

/// Decodes every event of type `E` in an outcome's program output.
pub fn events_of<E: anchor_lang::Event + anchor_lang::AnchorDeserialize>(outcome: &Outcome) -> Vec<E> {
    outcome
        .events()
        .into_iter()
        .filter_map(|data| {
            data.strip_prefix(E::DISCRIMINATOR).map(|rest| E::try_from_slice(rest).expect("event decodes"))
        })
        .collect()
}

impl Harness {
    /// Asserts that `outcome` failed with `expected` and that none of `before`'s accounts changed.
    pub async fn assert_refused(
        &mut self,
        outcome: &Outcome,
        expected: ballast::errors::BallastError,
        keys: &[Pubkey],
        before: &[Option<Account>],
    ) {
        assert_eq!(
            outcome.custom_error(),
            Some(error_code(expected)),
            "{}: expected {expected:?}, got {:?} {:?}",
            outcome.label,
            outcome.result,
            outcome.program_output
        );
        assert_eq!(self.accounts(keys).await, before, "{}: a refused instruction changed an account", outcome.label);
    }
}

/// `SetComputeUnitLimit`: for instructions that need more than the default 200k (a 16-asset
/// rebalance, striking an insurance period).
pub fn compute_limit(units: u32) -> Instruction {
    const COMPUTE_BUDGET: Pubkey = Pubkey::from_str_const("ComputeBudget111111111111111111111111111111");
    let mut data = vec![2];
    data.extend_from_slice(&units.to_le_bytes());
    Instruction { program_id: COMPUTE_BUDGET, accounts: vec![], data }
}
