//! Version-0 transactions through an address lookup table: how instructions on vaults of 8 and 16
//! assets fit one 1,232-byte packet. The table is written as the lookup-table program leaves it
//! after `create` and `extend` (active, extended in an earlier slot); the runtime resolves it
//! exactly as on a cluster.
use std::borrow::Cow;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_account::{Account, AccountSharedData};
use solana_address_lookup_table_interface::state::{AddressLookupTable, LookupTableMeta};
use solana_keypair::Keypair;
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;

use crate::{Harness, Outcome};

impl Harness {
    /// Writes an active lookup table at `table` holding `addresses` (at most 256).
    pub async fn create_lookup_table(&mut self, table: Pubkey, addresses: &[Pubkey]) {
        let meta = LookupTableMeta { last_extended_slot: 0, ..LookupTableMeta::new(self.payer.pubkey()) };
        let data =
            AddressLookupTable { meta, addresses: Cow::Borrowed(addresses) }.serialize_for_tests().expect("table");
        let account = Account {
            lamports: 1_000_000_000,
            data,
            owner: solana_address_lookup_table_interface::program::ID,
            executable: false,
            rent_epoch: 0,
        };
        self.ctx.set_account(&table, &AccountSharedData::from(account));
        // Addresses are usable from the slot after their extension.
        let slot = self.ctx.banks_client.get_root_slot().await.expect("slot");
        self.ctx.warp_to_slot(slot + 2).expect("warp");
    }

    /// The v0 transaction of `instructions` signed by the payer and `signers`, with every account
    /// that `table` holds (`addresses`) looked up instead of written out.
    pub async fn v0_transaction(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
        table: Pubkey,
        addresses: &[Pubkey],
    ) -> VersionedTransaction {
        let blockhash = self.ctx.get_new_latest_blockhash().await.expect("blockhash");
        let lookup = AddressLookupTableAccount { key: table, addresses: addresses.to_vec() };
        let message =
            v0::Message::try_compile(&self.payer.pubkey(), instructions, &[lookup], blockhash).expect("compiles");
        let mut all: Vec<&Keypair> = vec![&self.payer];
        all.extend_from_slice(signers);
        VersionedTransaction::try_new(VersionedMessage::V0(message), &all).expect("signs")
    }

    /// Sends `instructions` as a v0 transaction through the lookup table; records the outcome,
    /// its compute units and its wire size like `send`.
    pub async fn send_v0(
        &mut self,
        label: &str,
        instructions: &[Instruction],
        signers: &[&Keypair],
        table: Pubkey,
        addresses: &[Pubkey],
    ) -> Outcome {
        let tx = self.v0_transaction(instructions, signers, table, addresses).await;
        self.last_transaction_bytes = wire_size(&tx);
        self.process(label, tx).await
    }
}

/// Bytes of a transaction on the wire: the compact-u16 signature count (1 byte below 128), the
/// signatures and the serialized message.
pub fn wire_size(tx: &VersionedTransaction) -> usize {
    1 + 64 * tx.signatures.len() + tx.message.serialize().len()
}

/// The accounts an instruction's lookup table holds: all but its signers (which must be written
/// out) — program ids are written out by the compiler anyway.
pub fn lookup_addresses(instructions: &[Instruction]) -> Vec<Pubkey> {
    let mut out: Vec<Pubkey> = Vec::new();
    for ix in instructions {
        for meta in ix.accounts.iter().filter(|m| !m.is_signer) {
            if !out.contains(&meta.pubkey) {
                out.push(meta.pubkey);
            }
        }
    }
    out
}
