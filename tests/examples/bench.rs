//! `make bench`: runs every instruction in the SBF VM with fixed keys and prints a Markdown table
//! of compute units, accounts and transaction size. Figures are measured, never asserted.

use ballast_tests::fixture::VaultFixture;
use ballast_tests::{Harness, Mode};
use solana_signer::Signer;

struct Row {
    instruction: &'static str,
    case: &'static str,
    accounts: usize,
    compute_units: u64,
    bytes: usize,
}

#[tokio::main]
async fn main() {
    let mut h = Harness::start(Mode::Sbf).await;
    let mut rows = Vec::new();
    let f: VaultFixture = h.vault_fixture(1, u64::MAX, u64::MAX, 10_000_000_000).await;
    // initialize_vault measured alone, on a second vault over the fixture's mint.
    let keys2 = ballast_tests::ballast_ix::VaultKeys::new(h.payer.pubkey(), 2, f.keys.asset_mint);
    let ix = keys2.initialize_vault(ballast::instructions::InitializeVaultArgs { vault_id: 2, authority: h.payer.pubkey(), deposit_cap: 1_000, max_deposit_per_tx: 1_000 });
    let accounts = ix.accounts.len();
    let out = h.send("initialize_vault", &[ix], &[]).await;
    assert_eq!(out.result, Ok(()));
    rows.push(Row { instruction: "initialize_vault", case: "new vault, share mint and token account (3 PDAs created)", accounts, compute_units: h.last_compute_units, bytes: h.last_transaction_bytes });

    for (case, amount) in [("first deposit into an empty vault", 1_000_000), ("deposit into a funded vault", 777_777)] {
        let ix = f.keys.deposit(f.alice.key.pubkey(), f.alice.asset_account, f.alice.share_account, amount, 0);
        let accounts = ix.accounts.len();
        let out = h.send("deposit", &[ix], &[&f.alice.key]).await;
        assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
        rows.push(Row { instruction: "deposit", case, accounts, compute_units: h.last_compute_units, bytes: h.last_transaction_bytes });
    }

    println!("| instruction | case | accounts | compute units | transaction bytes |");
    println!("|---|---|---:|---:|---:|");
    for r in rows {
        println!("| `{}` | {} | {} | {} | {} |", r.instruction, r.case, r.accounts, r.compute_units, r.bytes);
    }
}
