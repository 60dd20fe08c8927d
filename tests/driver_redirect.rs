//! Redirects in the driver (RFC 7395 §3.6.1, RFC 6120 §4.9.3.19, ARCHITECTURE.md, "Invariants"): followed at
//! most three times in a row, never from wss:// to ws://, never with SASL PLAIN afterwards,
//! built from a host only, and never remembered: a reconnect or the next page goes to the
//! address the user chose.

mod common;

use common::driver::{alice_login, remembered_login, DriverHarness, URL};
use common::{sasl_features, OPEN};
use palaver::driver::{Action, LoginRequest, Restored, TransportFailure, Update};
use palaver::xmpp::sasl::SaslError;
use palaver::xmpp::{Error, Event};

fn redirect_to(uri: &str) -> String {
    format!(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing" see-other-uri="{uri}"/>"#)
}

fn failure(h: &DriverHarness) -> Option<String> {
    h.updates().iter().find_map(|u| match u {
        Update::TransportFailed(TransportFailure::BadUrl(why)) => Some(why.clone()),
        _ => None,
    })
}

fn logging_in_at(url: &str) -> DriverHarness {
    let mut h = DriverHarness::new();
    h.log_in(
        LoginRequest {
            websocket_url: url.into(),
            ..alice_login()
        },
        Restored::default(),
    );
    h.socket_opens();
    h.server(OPEN);
    h.actions.clear();
    h
}

#[test]
fn a_redirect_is_followed_a_few_times_in_a_row_and_no_more() {
    let mut h = logging_in_at(URL);
    for hop in 1..=3 {
        let next = format!("ws://127.0.0.{hop}:5280/xmpp-websocket");
        h.server(&redirect_to(&next));
        assert_eq!(h.opened(), std::slice::from_ref(&next), "hop {hop}");
        h.actions.clear();
        h.socket_opens();
        h.server(OPEN);
    }
    h.server(&redirect_to("ws://127.0.0.9:5280/xmpp-websocket"));
    assert!(h.opened().is_empty());
    assert!(
        failure(&h).is_some_and(|why| why.contains("more than 3 times")),
        "{:#?}",
        h.actions
    );
}

#[test]
fn a_wss_endpoint_never_redirects_to_ws_even_on_this_machine() {
    let mut h = logging_in_at("wss://chat.example.org/xmpp-websocket");
    h.server(&redirect_to("ws://127.0.0.1:5280/xmpp-websocket"));
    assert!(h.opened().is_empty(), "{:#?}", h.actions);
    assert!(failure(&h).is_some_and(|why| why.contains("never moves to ws://")));
}

#[test]
fn after_a_redirect_plain_is_never_offered_the_password() {
    let mut h = logging_in_at(URL);
    h.server(&redirect_to("wss://other.example.org/xmpp-websocket"));
    h.actions.clear();
    h.socket_opens();
    h.server(OPEN);
    h.server(&sasl_features(&["PLAIN"]));
    assert!(
        !h.sent().iter().any(|e| e.name() == "auth"),
        "no PLAIN after a redirect: {:#?}",
        h.actions
    );
    assert!(h.updates().iter().any(|u| matches!(
        u,
        Update::Event(Event::Disconnected {
            error: Some(Error::Sasl(SaslError::NoAcceptableMechanism { .. }))
        })
    )));
}

#[test]
fn see_other_host_keeps_scheme_and_path_and_takes_only_a_host() {
    let mut h = logging_in_at("wss://chat.example.org/xmpp-websocket");
    h.server(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams">other.example.org:5443</see-other-host></stream:error>"#);
    assert_eq!(h.opened(), ["wss://other.example.org:5443/xmpp-websocket"]);
    let mut h = logging_in_at("wss://chat.example.org/xmpp-websocket");
    h.server(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams">evil.example/steal?x=</see-other-host></stream:error>"#);
    assert!(h.opened().is_empty());
    assert!(failure(&h).is_some());
}

#[test]
fn a_redirect_is_not_remembered() {
    let mut h = DriverHarness::new();
    h.log_in(remembered_login(), Restored::default());
    h.socket_opens();
    h.server(OPEN);
    h.server(&redirect_to("ws://localhost:5281/xmpp-websocket"));
    h.socket_opens();
    h.online(true, true);
    // Online over SCRAM at the redirect target… (the actions of `online` were cleared, so look
    // again by dropping and reconnecting).
    h.socket_closes(1006);
    let delay = h.reconnect_delay();
    h.actions.clear();
    h.advance(delay);
    assert_eq!(
        h.opened(),
        [URL],
        "a reconnect goes to the address the user chose"
    );
}

#[test]
fn the_remembered_account_keeps_the_address_the_user_chose() {
    let mut h = DriverHarness::new();
    h.log_in(remembered_login(), Restored::default());
    h.socket_opens();
    h.server(OPEN);
    h.server(&redirect_to("ws://localhost:5281/xmpp-websocket"));
    h.socket_opens();
    h.server(OPEN);
    h.server(&sasl_features(&["SCRAM-SHA-1"]));
    // Finish the login the long way, keeping every action.
    let auth = h.sent().pop().expect("auth");
    let mut server = common::scram_server::ScramServer::new(
        common::scram_server::Hash::Sha1,
        common::ALICE_PASSWORD,
    );
    let challenge = server.challenge(&auth.text_content());
    h.server(&format!(
        r#"<challenge xmlns="{}">{challenge}</challenge>"#,
        common::SASL
    ));
    let response = h.sent().pop().expect("response");
    let last = server
        .verify(&response.text_content())
        .expect("right password");
    h.server(&format!(
        r#"<success xmlns="{}">{last}</success>"#,
        common::SASL
    ));
    h.server(OPEN);
    h.server(&common::bind_features(false));
    h.bound();
    let remembered = h
        .actions
        .iter()
        .find_map(|a| match a {
            Action::RememberAccount(account) => Some(account.clone()),
            _ => None,
        })
        .expect("remembered");
    assert_eq!(remembered.websocket_url, URL);
}
