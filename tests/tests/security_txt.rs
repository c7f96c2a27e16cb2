//! The deployed program names its security contact (security.txt, read by explorers): the SBF build
//! carries it, and it is the contact and policy SECURITY.md gives.

use ballast_tests::programs::workspace_root;
use ballast_tests::sbf_elf;
use solana_security_txt::{find_and_parse, Contact};

#[test]
fn the_program_carries_the_security_contact_security_md_gives() {
    let txt = find_and_parse(&sbf_elf()).expect("the .so carries a security.txt");
    assert_eq!((txt.name.as_str(), txt.preferred_languages.as_slice()), ("Ballast", &["en".to_string()][..]));
    let [Contact::Email(email)] = &txt.contacts[..] else { panic!("one email contact, got {}", txt.contacts.len()) };
    assert!(txt.policy.ends_with("/SECURITY.md"), "{}", txt.policy);
    assert_eq!(txt.source_release.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    let security_md = std::fs::read_to_string(workspace_root().join("SECURITY.md")).expect("SECURITY.md");
    assert!(security_md.contains(email.as_str()), "SECURITY.md does not give {email}");
}
