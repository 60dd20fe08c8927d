//! XEP-0077 in-band registration: "Create account" registers the JID's local part with the
//! password, then logs in with them; a taken name or a server without registration says so.

mod common;

use common::{alice_config, sasl_features, Harness, OPEN, SASL};
use palaver::xmpp::{Error, Event, Phase};

/// Pre-authentication features offering PLAIN and in-band registration.
fn features_with_registration() -> String {
    sasl_features(&["PLAIN"]).replace(
        "</stream:features>",
        r#"<register xmlns="http://jabber.org/features/iq-register"/></stream:features>"#,
    )
}

fn registering() -> (Harness, String) {
    let mut config = alice_config(true);
    config.register = true;
    let mut h = Harness::new(config);
    h.take_sent();
    h.recv_ok(OPEN);
    h.recv_ok(&features_with_registration());
    let iq = h.sent_one();
    let id = iq.get_attr("id").expect("id").to_owned();
    assert_eq!(
        iq.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set"><query xmlns="jabber:iq:register"><username>alice</username><password>alice-password</password></query></iq>"#
        )
    );
    assert_eq!(h.session.phase(), Phase::Authenticating);
    (h, id)
}

#[test]
fn a_new_account_is_registered_then_used_to_log_in() {
    let (mut h, id) = registering();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Registered { jid }] if jid.to_string() == "alice@localhost"),
        "{events:?}"
    );
    let auth = h.sent_one();
    assert!(auth.is("auth", SASL), "then the login: {auth}");
    assert_eq!(auth.get_attr("mechanism"), Some("PLAIN"));
}

#[test]
fn a_taken_name_is_refused_with_a_clear_message() {
    let (mut h, id) = registering();
    let result = h.recv(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let Err(error @ Error::RegistrationFailed(_)) = result else {
        panic!("{result:?}");
    };
    assert_eq!(
        error.to_string(),
        "That name is already taken on this server."
    );
    assert!(error.is_auth_failure(), "retrying cannot help");
    assert_eq!(h.session.phase(), Phase::Closed);
    // RFC 7395 §3.6: we close the stream ourselves.
    assert_eq!(
        h.take_sent(),
        [r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#]
    );
}

#[test]
fn a_server_without_registration_says_so_before_sending_the_password() {
    let mut config = alice_config(true);
    config.register = true;
    let mut h = Harness::new(config);
    h.take_sent();
    h.recv_ok(OPEN);
    let result = h.recv(&sasl_features(&["PLAIN"]));
    assert_eq!(result, Err(Error::RegistrationUnavailable));
    let sent = h.take_sent();
    assert!(
        sent.iter().all(|f| !f.contains("alice-password")),
        "{sent:?}"
    );
}

#[test]
fn an_unrelated_answer_during_registration_is_ignored() {
    let (mut h, _) = registering();
    h.recv_ok(r#"<iq xmlns="jabber:client" type="result" id="not-ours"/>"#);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    assert_eq!(h.session.phase(), Phase::Authenticating);
}
