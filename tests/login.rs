//! Logging in: RFC 7395 framing, RFC 6120 §6 SASL (SCRAM-SHA-256 > SCRAM-SHA-1 > PLAIN only when
//! secure), the stream restart, §7 resource binding, the legacy RFC 3921 session, and failures.

mod common;

use std::time::Duration;

use common::scram_server::{Hash, ScramServer};
use common::{alice_config, bind_features, sasl_features, Harness, ALICE_PASSWORD, OPEN, SASL};
use palaver::xmpp::sasl::SaslError;
use palaver::xmpp::{ApiMisuse, Error, Event, Jid, Phase, SaslCondition, Secret};

/// What we send to open (and, after SASL, restart) the stream.
const OUR_OPEN: &str =
    r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>"#;
/// What we send to end the stream.
const OUR_CLOSE: &str = r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#;

#[test]
fn the_first_frame_is_the_framing_open_for_the_accounts_domain() {
    let mut h = Harness::new(alice_config(false));
    assert_eq!(h.take_sent(), [OUR_OPEN]);
    assert_eq!(h.session.phase(), Phase::Connecting);
}

fn scram_login(hash: Hash, offered: &[&str], expected_mechanism: &str) {
    // An insecure transport: SCRAM never reveals the password, so it is allowed anyway.
    let mut h = Harness::new(alice_config(false));
    let auth = h.auth_for(offered);
    assert_eq!(h.session.stream_id(), Some("s1"));
    assert_eq!(auth.get_attr("mechanism"), Some(expected_mechanism));
    assert_eq!(h.session.phase(), Phase::Authenticating);

    let mut server = ScramServer::new(hash, ALICE_PASSWORD);
    h.scram_exchange(&auth, &mut server)
        .expect("the server's signature is accepted");
    // RFC 7395 §3.5: a fresh <open/> restarts the stream after SASL.
    assert_eq!(h.take_sent(), [OUR_OPEN]);
    assert_eq!(h.session.phase(), Phase::Binding);
    h.finish_binding();
    assert_eq!(h.session.phase(), Phase::Online);
    assert_eq!(
        h.session.bound_jid().map(ToString::to_string).as_deref(),
        Some("alice@localhost/web")
    );
}

#[test]
fn scram_sha_256_is_preferred_when_offered() {
    scram_login(
        Hash::Sha256,
        &["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"],
        "SCRAM-SHA-256",
    );
}

#[test]
fn scram_sha_1_is_used_when_sha_256_is_not_offered() {
    scram_login(Hash::Sha1, &["SCRAM-SHA-1", "PLAIN"], "SCRAM-SHA-1");
}

/// RFC 4013: the password is SASLprep'd before SCRAM hashes it, as the server prepared it when
/// it was set, so a password typed with a soft hyphen (mapped to nothing), a no-break space
/// (mapped to a space) and the "ﬁ" ligature (NFKC: "fi") logs in to the account whose password
/// the server holds as "IX file".
#[test]
fn a_scram_password_is_prepared_with_saslprep_before_hashing() {
    for hash in [Hash::Sha1, Hash::Sha256] {
        let mut config = alice_config(false);
        config.secret = Secret::Password("I\u{00AD}X\u{00A0}\u{FB01}le".into());
        let mut h = Harness::new(config);
        let auth = h.auth_for(&[hash.mechanism()]);
        let mut server = ScramServer::new(hash, "IX file");
        assert_eq!(
            h.scram_exchange(&auth, &mut server),
            Ok(()),
            "{}",
            hash.mechanism()
        );
    }
}

#[test]
fn plain_is_used_only_over_a_secure_or_loopback_transport() {
    let mut secure = Harness::new(alice_config(true));
    secure.take_sent();
    secure.recv_ok(OPEN);
    secure.recv_ok(&sasl_features(&["PLAIN"]));
    let auth = secure.sent_one();
    assert_eq!(auth.get_attr("mechanism"), Some("PLAIN"));
    // RFC 4616: "\0alice\0alice-password".
    assert_eq!(auth.text_content(), "AGFsaWNlAGFsaWNlLXBhc3N3b3Jk");

    let mut insecure = Harness::new(alice_config(false));
    insecure.take_sent();
    insecure.recv_ok(OPEN);
    let error = insecure.recv(&sasl_features(&["PLAIN"])).unwrap_err();
    assert_eq!(
        error,
        Error::Sasl(SaslError::NoAcceptableMechanism {
            offered: vec!["PLAIN".into()]
        })
    );
    assert_eq!(
        insecure.take_sent(),
        [OUR_CLOSE],
        "the password never leaves"
    );
    assert!(error.is_auth_failure());
}

#[test]
fn a_wrong_password_is_a_clear_auth_failure() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    h.recv_ok(OPEN);
    h.recv_ok(&sasl_features(&["PLAIN"]));
    h.take_sent();
    h.take_events();
    let error = h
        .recv(r#"<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-authorized/><text xml:lang="en">Invalid username or password</text></failure>"#)
        .unwrap_err();
    assert_eq!(
        error,
        Error::AuthFailed {
            condition: SaslCondition::NotAuthorized,
            text: Some("Invalid username or password".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "Login failed: wrong user name or password."
    );
    assert_eq!(
        h.take_events(),
        [Event::Disconnected {
            error: Some(error.clone())
        }]
    );
    assert_eq!(h.session.phase(), Phase::Closed);
    assert_eq!(h.take_sent(), [OUR_CLOSE]);
    // Sticky: later input returns the same error and does nothing.
    assert_eq!(h.recv(OPEN), Err(error));
    assert!(h.take_sent().is_empty());
}

#[test]
fn other_sasl_conditions_keep_the_servers_words() {
    let mut h = Harness::new(alice_config(true));
    h.recv_ok(OPEN);
    h.recv_ok(&sasl_features(&["PLAIN"]));
    let error = h
        .recv(r#"<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><account-disabled/><text>Banned until Monday</text></failure>"#)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Login failed: this account is disabled (Banned until Monday)."
    );
}

#[test]
fn a_wrong_scram_password_is_a_clear_auth_failure() {
    let mut config = alice_config(false);
    config.secret = Secret::Password("not-alices-password".into());
    let mut h = Harness::new(config);
    let auth = h.auth_for(&["SCRAM-SHA-256"]);
    let mut server = ScramServer::new(Hash::Sha256, ALICE_PASSWORD);
    let error = h.scram_exchange(&auth, &mut server).unwrap_err();
    assert_eq!(
        error,
        Error::AuthFailed {
            condition: SaslCondition::NotAuthorized,
            text: None
        }
    );
    assert_eq!(
        error.to_string(),
        "Login failed: wrong user name or password."
    );
    assert!(error.is_auth_failure());
    assert_eq!(
        h.take_events(),
        [Event::Disconnected { error: Some(error) }]
    );
}

#[test]
fn a_server_that_cannot_prove_it_knows_the_password_is_refused() {
    let mut h = Harness::new(alice_config(false));
    let auth = h.auth_for(&["SCRAM-SHA-1"]);
    // RFC 5802 §9: mutual authentication. An impostor signs with a key from another password.
    let mut impostor = ScramServer::new(Hash::Sha1, "not-alices-password");
    let challenge = impostor.challenge(&auth.text_content());
    h.recv_ok(&format!(
        r#"<challenge xmlns="{SASL}">{challenge}</challenge>"#
    ));
    let response = h.sent_one();
    let forged = impostor.sign(&response.text_content());
    let error = h
        .recv(&format!(r#"<success xmlns="{SASL}">{forged}</success>"#))
        .unwrap_err();
    assert_eq!(error, Error::Sasl(SaslError::ServerSignatureMismatch));
    assert_eq!(h.session.phase(), Phase::Closed);
    assert_eq!(h.take_sent(), [OUR_CLOSE], "no stream restart");
    assert_eq!(
        h.take_events(),
        [Event::Disconnected { error: Some(error) }]
    );
}

#[test]
fn binding_asks_for_the_configured_resource() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    h.recv_ok(&bind_features(false));
    let bind = h.sent_one();
    let id = bind.get_attr("id").expect("id");
    assert_eq!(
        bind.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>web</resource></bind></iq>"#
        )
    );
}

#[test]
fn an_optional_legacy_session_is_skipped() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let bind_id = h.bind_request_id(&bind_features(false));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{bind_id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    ));
    assert_eq!(h.session.phase(), Phase::Online);
    let next = h.sent_one();
    assert!(
        next.get_child("query", "jabber:iq:roster").is_some(),
        "straight to the roster, no <session/>: {next}"
    );
}

#[test]
fn a_required_legacy_session_is_established_before_going_online() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let bind_id = h.bind_request_id(&bind_features(true));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{bind_id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    ));
    let session = h.sent_one();
    assert!(session
        .get_child("session", "urn:ietf:params:xml:ns:xmpp-session")
        .is_some());
    assert_eq!(h.session.phase(), Phase::Binding);
    let session_id = session.get_attr("id").expect("id").to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{session_id}"/>"#
    ));
    assert_eq!(h.session.phase(), Phase::Online);
    assert!(h
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::Online { .. })));
}

#[test]
fn a_bound_jid_for_another_account_is_refused() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let id = h.bind_request_id(&bind_features(false));
    let result = h.recv(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>mallory@localhost/web</jid></bind></iq>"#
    ));
    assert!(matches!(result, Err(Error::Unexpected { .. })));
}

#[test]
fn a_refused_bind_ends_the_session_with_the_reason() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let id = h.bind_request_id(&bind_features(false));
    let error = h
        .recv(&format!(
            r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="cancel"><not-allowed xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
        ))
        .unwrap_err();
    assert!(matches!(&error, Error::BindFailed(e) if e.condition == "not-allowed"));
}

#[test]
fn the_negotiation_times_out_after_thirty_seconds_and_early_calls_do_nothing() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    let deadline = h.deadline.expect("a deadline");
    assert_eq!(deadline - h.now, Duration::from_secs(30));
    h.advance(Duration::from_secs(29));
    h.advance(Duration::ZERO);
    assert!(h.take_events().is_empty());
    assert!(h.take_sent().is_empty());
    assert_eq!(h.session.phase(), Phase::Connecting);
    h.advance(Duration::from_secs(1));
    assert_eq!(
        h.take_events(),
        [Event::Disconnected {
            error: Some(Error::NegotiationTimeout)
        }]
    );
    assert_eq!(h.take_sent(), [OUR_CLOSE]);
    h.advance(Duration::from_secs(60));
    assert!(
        h.take_events().is_empty(),
        "a finished session reports once"
    );
}

#[test]
fn online_sessions_have_no_negotiation_deadline() {
    let mut h = Harness::new(alice_config(true));
    h.login_plain();
    h.advance(Duration::from_secs(120));
    assert_eq!(h.session.phase(), Phase::Online);
}

#[test]
fn a_fatal_error_is_sticky() {
    let mut h = Harness::new(alice_config(false));
    h.login_scram(Hash::Sha1);
    h.take_events();
    let error = h
        .recv(r#"<message xmlns="jabber:client"><body>cut off"#)
        .unwrap_err();
    assert!(matches!(error, Error::Xml(_)), "{error:?}");
    assert_eq!(
        h.take_sent(),
        [
            r#"<error xmlns="http://etherx.jabber.org/streams"><not-well-formed xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></error>"#,
            OUR_CLOSE
        ]
    );
    assert_eq!(
        h.take_events(),
        [Event::Disconnected {
            error: Some(error.clone())
        }]
    );
    // Every later input returns the same error, or does nothing: no frame, no second event.
    let valid = r#"<message xmlns="jabber:client" from="bob@localhost/x" type="chat"><body>hi</body></message>"#;
    assert_eq!(h.recv(valid), Err(error.clone()));
    assert_eq!(h.recv(OPEN), Err(error));
    h.advance(Duration::from_secs(3600));
    h.session.handle_transport_closed(h.now, 1006);
    h.session.close();
    h.drain();
    assert!(h.take_sent().is_empty());
    assert!(h.take_events().is_empty());
    assert_eq!(h.session.phase(), Phase::Closed);
    let bob = Jid::parse("bob@localhost").expect("valid JID");
    assert_eq!(
        h.session.send_message(&bob, "still there?"),
        Err(ApiMisuse::NotOnline)
    );
}

#[test]
fn unknown_stream_features_are_ignored() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    h.recv_ok(OPEN);
    // A feature we do not know before and after the mechanisms: still PLAIN as usual.
    let features = sasl_features(&["PLAIN"])
        .replace(
            "<mechanisms",
            r#"<shiny xmlns="urn:example:future"><required/></shiny><mechanisms"#,
        )
        .replace(
            "</stream:features>",
            r#"<csi xmlns="urn:xmpp:csi:0"/></stream:features>"#,
        );
    h.recv_ok(&features);
    let auth = h.sent_one();
    assert!(auth.is("auth", SASL));
    h.recv_ok(r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#);
    h.take_sent();
    h.recv_ok(OPEN);
    let bind_id = h.bind_request_id(&bind_features(false).replace(
        "</stream:features>",
        r#"<unknown xmlns="urn:example:other"/></stream:features>"#,
    ));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{bind_id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    ));
    assert_eq!(h.session.phase(), Phase::Online);
}

#[test]
fn a_taken_resource_is_given_up_for_one_the_server_assigns() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let id = h.bind_request_id(&bind_features(false));
    // RFC 6120 §7.7.2.2: the configured resource "web" is in use.
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let retry = h.sent_one();
    let retry_id = retry.get_attr("id").expect("id").to_owned();
    assert_eq!(
        retry.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{retry_id}" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>"#
        ),
        "the second bind names no resource"
    );
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{retry_id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/4f1c</jid></bind></iq>"#
    ));
    assert_eq!(h.session.phase(), Phase::Online);
    assert_eq!(
        h.session.bound_jid().map(ToString::to_string).as_deref(),
        Some("alice@localhost/4f1c")
    );
}

#[test]
fn a_second_resource_conflict_ends_the_login() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let conflict = |id: &str| {
        format!(
            r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
        )
    };
    let id = h.bind_request_id(&bind_features(false));
    h.recv_ok(&conflict(&id));
    let retry_id = h.sent_one().get_attr("id").expect("id").to_owned();
    let error = h.recv(&conflict(&retry_id)).unwrap_err();
    assert!(matches!(&error, Error::BindFailed(e) if e.condition == "conflict"));
}

#[test]
fn a_server_that_requires_starttls_is_refused_with_a_clear_reason() {
    let mut h = Harness::new(alice_config(false));
    h.recv_ok(OPEN);
    let error = h
        .recv(r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"><required/></starttls><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>"#)
        .unwrap_err();
    assert_eq!(error, Error::TlsRequired);
    assert!(error.to_string().contains("wss://"), "{error}");
    assert!(!error.is_worth_retrying());
    assert!(
        h.take_sent().iter().all(|f| !f.contains("<auth")),
        "no credentials go to a server that wants TLS first"
    );
}

#[test]
fn an_optional_starttls_offer_is_ignored() {
    let mut h = Harness::new(alice_config(true));
    h.recv_ok(OPEN);
    h.recv_ok(r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"/><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>"#);
    assert_eq!(h.session.phase(), Phase::Authenticating);
}

/// RFC 6120 §6.5, written out: each SASL failure condition, its type, what the user reads
/// (from this table, not from the code), and whether a retry may help.
const SASL_CONDITIONS: [(&str, SaslCondition, &str, bool); 11] = [
    (
        "aborted",
        SaslCondition::Aborted,
        "the login was aborted",
        false,
    ),
    (
        "account-disabled",
        SaslCondition::AccountDisabled,
        "this account is disabled",
        false,
    ),
    (
        "credentials-expired",
        SaslCondition::CredentialsExpired,
        "the password has expired",
        false,
    ),
    (
        "encryption-required",
        SaslCondition::EncryptionRequired,
        "the server requires an encrypted connection",
        false,
    ),
    (
        "incorrect-encoding",
        SaslCondition::IncorrectEncoding,
        "the server could not read the login request",
        false,
    ),
    (
        "invalid-authzid",
        SaslCondition::InvalidAuthzid,
        "the server refused the account name",
        false,
    ),
    (
        "invalid-mechanism",
        SaslCondition::InvalidMechanism,
        "the server refused the login method",
        false,
    ),
    (
        "malformed-request",
        SaslCondition::MalformedRequest,
        "the server found the login request malformed",
        false,
    ),
    (
        "mechanism-too-weak",
        SaslCondition::MechanismTooWeak,
        "the server refused the login method as too weak",
        false,
    ),
    (
        "not-authorized",
        SaslCondition::NotAuthorized,
        "wrong user name or password",
        false,
    ),
    (
        "temporary-auth-failure",
        SaslCondition::TemporaryAuthFailure,
        "the server could not check the password right now",
        true,
    ),
];

#[test]
fn every_sasl_failure_condition_is_typed_and_explained() {
    for (name, condition, words, retry) in SASL_CONDITIONS {
        let mut h = Harness::new(alice_config(true));
        h.recv_ok(OPEN);
        h.recv_ok(&sasl_features(&["PLAIN"]));
        let error = h
            .recv(&format!(
                r#"<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><{name}/></failure>"#
            ))
            .unwrap_err();
        assert_eq!(
            error,
            Error::AuthFailed {
                condition,
                text: None
            }
        );
        assert_eq!(error.to_string(), format!("Login failed: {words}."));
        // Only a temporary failure is worth another try with the same password.
        assert_eq!(error.is_worth_retrying(), retry, "{name}");
    }
    assert_eq!(SASL_CONDITIONS.len(), SaslCondition::ALL.len());
}
