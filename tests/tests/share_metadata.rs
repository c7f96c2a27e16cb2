//! The share token has a name (issue 20): the share mint is a Token-2022 mint whose metadata pointer
//! points at itself and whose token-metadata extension holds the name, symbol and URI that
//! `initialize_vault` was given; governance's `set_share_metadata` changes them (paying the rent of
//! a longer one), and only the share mint PDA can, as the metadata's update authority. Fields out of
//! bounds are refused with `ShareMetadataInvalid` and change nothing. Read back from the mint's
//! bytes with Token-2022's own types, natively and in the SBF VM, identical results.

use anchor_lang::prelude::Pubkey;
use anchor_spl::token_2022::spl_token_2022::extension::metadata_pointer::MetadataPointer;
use anchor_spl::token_2022::spl_token_2022::extension::{BaseStateWithExtensions, StateWithExtensions};
use anchor_spl::token_2022::spl_token_2022::{self, state::Mint};
use anchor_spl::token_interface::spl_token_metadata_interface::state::TokenMetadata;
use ballast::errors::BallastError;
use ballast::events::ShareMetadataSet;
use ballast::share_metadata::ShareMetadata;
use ballast_tests::ballast_ix::{test_metadata, VaultKeys};
use ballast_tests::fixture::PARAMS;
use ballast_tests::{error_code, events_of, keypair, run_both, Harness, Mode, Trace};
use solana_signer::Signer;

/// What a wallet reads: `(name, symbol, uri)` from the token-metadata extension, after checking
/// that the pointer and both authorities name the mint itself.
async fn read_metadata(h: &mut Harness, share_mint: Pubkey) -> (String, String, String) {
    let account = h.account(share_mint).await.expect("share mint");
    assert_eq!(account.owner, spl_token_2022::ID, "the share mint is a Token-2022 mint");
    let rent = anchor_lang::prelude::Rent::default().minimum_balance(account.data.len());
    assert!(account.lamports >= rent, "the mint stays rent-exempt: {} < {rent}", account.lamports);
    let mint = StateWithExtensions::<Mint>::unpack(&account.data).expect("a mint with extensions");
    let pointer = mint.get_extension::<MetadataPointer>().expect("metadata pointer");
    assert_eq!(Option::<Pubkey>::from(pointer.metadata_address), Some(share_mint), "the pointer names the mint");
    assert_eq!(Option::<Pubkey>::from(pointer.authority), Some(share_mint), "only the mint PDA may move it");
    assert_eq!(mint.base.mint_authority, Some(share_mint).into(), "the share mint is its own mint authority");
    let metadata = mint.get_variable_len_extension::<TokenMetadata>().expect("token metadata");
    assert_eq!(Option::<Pubkey>::from(metadata.update_authority), Some(share_mint), "update authority");
    assert_eq!((metadata.mint, metadata.additional_metadata.len()), (share_mint, 0));
    (metadata.name, metadata.symbol, metadata.uri)
}

fn fields(m: &ShareMetadata) -> (String, String, String) {
    (m.name.clone(), m.symbol.clone(), m.uri.clone())
}

async fn named(mode: Mode) -> Trace {
    let mut h = Harness::start(mode).await;
    let payer = h.payer.pubkey();
    let keys = VaultKeys::new(payer, 9, keypair(6).pubkey());

    // Out of bounds at creation: nothing is created.
    let too_long = ShareMetadata { name: "N".repeat(33), ..test_metadata() };
    let out =
        h.send("create with a 33-byte name", &[keys.initialize_vault_named(9, payer, PARAMS, too_long)], &[]).await;
    assert_eq!(out.custom_error(), Some(error_code(BallastError::ShareMetadataInvalid)), "{:?}", out.program_output);
    assert!(h.account(keys.vault).await.is_none() && h.account(keys.share_mint).await.is_none());

    let out = h.send("create", &[keys.initialize_vault(9, payer, PARAMS)], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    let created =
        ("Ballast Test Basket".to_string(), "bTEST".to_string(), "https://ballast.invalid/test.json".to_string());
    assert_eq!(read_metadata(&mut h, keys.share_mint).await, created);
    if h.observes_logs() {
        let e = &events_of::<ShareMetadataSet>(&out)[0];
        assert_eq!((e.vault, e.name.as_str(), e.symbol.as_str()), (keys.vault, "Ballast Test Basket", "bTEST"));
    }
    h.snapshot("share mint, created", keys.share_mint).await;

    // Governance renames it to longer fields: the authority pays the mint's extra rent.
    let longer = ShareMetadata {
        name: "Ballast Blue-Chip Basket Shares".into(),
        symbol: "bBLUECHIP".into(),
        uri: format!("https://ballast.invalid/{}.json", "v".repeat(160)),
    };
    let size_before = h.account(keys.share_mint).await.expect("mint").data.len();
    let out = h.send("rename, longer", &[keys.set_share_metadata(longer.clone())], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(read_metadata(&mut h, keys.share_mint).await, fields(&longer));
    let size_after = h.account(keys.share_mint).await.expect("mint").data.len();
    // The name grew by 12 bytes, the symbol by 4, the URI by 156 (33 to 189).
    assert_eq!(size_after - size_before, 12 + 4 + 156);
    if h.observes_logs() {
        let e = &events_of::<ShareMetadataSet>(&out)[0];
        assert_eq!(
            (e.name.as_str(), e.symbol.as_str(), e.uri.as_str()),
            (&*longer.name, &*longer.symbol, &*longer.uri)
        );
    }

    // Shorter again, one field only.
    let shorter = ShareMetadata { uri: String::new(), ..longer.clone() };
    let out = h.send("clear the URI", &[keys.set_share_metadata(shorter.clone())], &[]).await;
    assert_eq!(out.result, Ok(()), "{:?}", out.program_output);
    assert_eq!(read_metadata(&mut h, keys.share_mint).await, fields(&shorter));

    // Out of bounds: refused, nothing changes.
    let watched = [keys.vault, keys.share_mint];
    for (label, bad) in [
        ("an empty name", ShareMetadata { name: String::new(), ..test_metadata() }),
        ("an 11-byte symbol", ShareMetadata { symbol: "S".repeat(11), ..test_metadata() }),
        ("a 201-byte URI", ShareMetadata { uri: "u".repeat(201), ..test_metadata() }),
        // A look-alike: shown as "Ballast Test Basket" with a right-to-left override hidden in it.
        ("a hidden bidi override", ShareMetadata { name: "Ballast Test\u{202e}Basket".into(), ..test_metadata() }),
        ("a zero-width space", ShareMetadata { symbol: "bTE\u{200b}ST".into(), ..test_metadata() }),
        ("a newline in the URI", ShareMetadata { uri: "https://ballast.invalid/\n".into(), ..test_metadata() }),
    ] {
        let before = h.accounts(&watched).await;
        let out = h.send(label, &[keys.set_share_metadata(bad)], &[]).await;
        h.assert_refused(&out, BallastError::ShareMetadataInvalid, &watched, &before).await;
    }
    // Someone else's signature: refused, nothing changes.
    let stranger = keypair(92);
    let mut foreign = keys.set_share_metadata(test_metadata());
    foreign.accounts[0].pubkey = stranger.pubkey();
    let before = h.accounts(&watched).await;
    let out = h.send("rename by a stranger", &[foreign], &[&stranger]).await;
    h.assert_refused(&out, BallastError::NotAuthority, &watched, &before).await;
    assert_eq!(read_metadata(&mut h, keys.share_mint).await, fields(&shorter));

    h.snapshot("share mint, renamed", keys.share_mint).await;
    h.trace
}

#[tokio::test]
async fn the_share_token_is_named_and_governance_renames_it() {
    run_both(named).await;
}
