//! "Keep me logged in": a SCRAM login leaves keys to remember instead of the password
//! (RFC 5802 §3: SaltedPassword, ClientKey and ServerKey), those keys log in again with only the
//! mechanism they were made for, and keys made stale by a password change or a server that no
//! longer offers their mechanism stop the login and ask for the password (ARCHITECTURE.md,
//! "Invariants": no password at rest).

mod common;

use common::scram_server::{Hash, ScramServer};
use common::{alice_config, sasl_features, Harness, ALICE_PASSWORD, OPEN, SASL};
use palaver::xmpp::sasl::SaslError;
use palaver::xmpp::{Error, Phase, Secret};

/// Logs in with the password over `hash` and returns the keys the session would remember.
fn credentials_after_password_login(hash: Hash) -> palaver::xmpp::ScramCredentials {
    let mut h = Harness::new(alice_config(true));
    h.login_scram(hash);
    let credentials = h
        .session
        .credentials()
        .expect("a SCRAM login leaves keys to remember")
        .clone();
    assert_eq!(credentials.iterations, 4096);
    assert_eq!(credentials.salt, b"palaver-test-salt");
    credentials
}

fn remembered_config(credentials: palaver::xmpp::ScramCredentials) -> palaver::xmpp::Config {
    let mut config = alice_config(true);
    config.secret = Secret::Remembered(credentials);
    config
}

#[test]
fn remembered_scram_keys_log_in_without_the_password() {
    for hash in [Hash::Sha1, Hash::Sha256] {
        let credentials = credentials_after_password_login(hash);
        let mut h = Harness::new(remembered_config(credentials.clone()));
        // Only the mechanism the keys were made for: not the stronger one, and never PLAIN.
        let auth = h.auth_for(&["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"]);
        assert_eq!(auth.get_attr("mechanism"), Some(hash.mechanism()));
        let mut server = ScramServer::new(hash, ALICE_PASSWORD);
        assert_eq!(
            h.scram_exchange(&auth, &mut server),
            Ok(()),
            "{}",
            hash.mechanism()
        );
        h.finish_binding();
        assert_eq!(h.session.phase(), Phase::Online);
        assert_eq!(h.session.credentials(), Some(&credentials));
    }
}

#[test]
fn remembered_keys_for_another_salt_stop_the_login_and_ask_for_the_password() {
    let mut credentials = credentials_after_password_login(Hash::Sha256);
    credentials.salt = b"the-password-was-changed".to_vec();
    let mut h = Harness::new(remembered_config(credentials));
    let auth = h.auth_for(&["SCRAM-SHA-256"]);
    let mut server = ScramServer::new(Hash::Sha256, ALICE_PASSWORD);
    let challenge = server.challenge(&auth.text_content());
    let result = h.recv(&format!(
        r#"<challenge xmlns="{SASL}">{challenge}</challenge>"#
    ));
    let expected = Error::Sasl(SaslError::RememberedKeysOutdated);
    assert_eq!(result, Err(expected.clone()));
    assert!(
        expected.is_auth_failure(),
        "no reconnect loop on outdated keys"
    );
    assert!(expected.to_string().contains("password"), "{expected}");
}

#[test]
fn remembered_keys_are_useless_when_their_mechanism_is_gone() {
    let credentials = credentials_after_password_login(Hash::Sha1);
    let mut h = Harness::new(remembered_config(credentials));
    h.take_sent();
    h.recv_ok(OPEN);
    let result = h.recv(&sasl_features(&["SCRAM-SHA-256", "PLAIN"]));
    assert_eq!(result, Err(Error::Sasl(SaslError::RememberedKeysOutdated)));
}

#[test]
fn a_plain_login_leaves_nothing_to_remember_and_debug_output_hides_secrets() {
    let mut h = Harness::new(alice_config(true));
    h.login_plain();
    assert_eq!(h.session.credentials(), None);
    let credentials = credentials_after_password_login(Hash::Sha256);
    let shown = format!(
        "{:?} {:?}",
        alice_config(true),
        Secret::Remembered(credentials)
    );
    assert!(!shown.contains(ALICE_PASSWORD), "{shown}");
    assert!(!shown.contains("palaver-test-salt"), "{shown}");
}
