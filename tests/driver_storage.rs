//! What the driver asks to store, and when: the stream's state after every stanza (so a
//! resumed stream's count is exact), the remembered account's keys (never the password, never
//! after PLAIN), nothing at all after a logout, and the password itself only as long as needed.

mod common;

use common::driver::{alice_login, remembered_login, DriverHarness};
use palaver::driver::{Action, Restored, Update};
use palaver::xmpp::{BareJid, Event, Show};

fn saved_streams(h: &DriverHarness) -> usize {
    h.actions
        .iter()
        .filter(|a| matches!(a, Action::SaveStream(_)))
        .count()
}

#[test]
fn the_stream_state_is_saved_after_every_stanza_sent() {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.socket_opens();
    h.online(false, true);
    h.driver.set_presence(Some(Show::Away), "").expect("online");
    h.pump();
    assert_eq!(saved_streams(&h), 1, "{:#?}", h.actions);
    let saved = h
        .actions
        .iter()
        .find_map(|a| match a {
            Action::SaveStream(state) => Some(state.clone()),
            _ => None,
        })
        .expect("saved");
    assert_eq!(
        saved.unacked_message_ids().count(),
        0,
        "a presence is counted, not resent"
    );
    assert_eq!(h.driver.stream_state(), Some(saved));
}

/// The logout race: the page goes away (`pagehide`) while we wait for the server's `<close/>`;
/// nothing of the erased state may be written back.
#[test]
fn after_a_logout_nothing_is_written_again() {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.socket_opens();
    h.online(false, true);
    h.driver
        .send_message(&BareJid::parse("bob@localhost").unwrap(), "hi")
        .expect("online");
    h.pump();
    h.actions.clear();
    h.driver.log_out(h.now);
    h.pump();
    assert!(h.actions.contains(&Action::EraseStored));
    let erased_at = h.actions.len();
    // The server acknowledges late, sends a last message, then closes.
    h.server(r#"<a xmlns="urn:xmpp:sm:3" h="3"/>"#);
    h.server(r#"<message xmlns="jabber:client" from="bob@localhost/x" type="chat" id="late"><body>bye</body></message>"#);
    assert_eq!(h.driver.stream_state(), None, "pagehide writes nothing");
    assert!(!h.driver.keeps_local_copies());
    h.server(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#);
    let after: Vec<&Action> = h.actions[erased_at..].iter().collect();
    assert!(
        !after.iter().any(|a| matches!(
            a,
            Action::SaveStream(_) | Action::SaveOutbox(_) | Action::RememberAccount(_)
        )),
        "{after:#?}"
    );
    assert!(h
        .updates()
        .contains(&Update::Event(Event::Disconnected { error: None })));
}

#[test]
fn after_a_scram_login_only_the_keys_are_kept_to_reconnect() {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    assert!(h.driver.holds_password());
    h.socket_opens();
    h.online(true, true);
    assert!(
        !h.driver.holds_password(),
        "the password is wiped once SCRAM derived its keys"
    );
    // A reconnect logs in with the keys.
    h.socket_closes(1006);
    h.driver.retry_now(h.now);
    h.socket_opens();
    h.online(true, true);
}

#[test]
fn after_plain_the_password_stays_for_reconnecting_and_nothing_is_remembered() {
    let mut h = DriverHarness::new();
    h.log_in(remembered_login(), Restored::default());
    h.socket_opens();
    h.authenticated_with_plain(&common::bind_features(false));
    h.bound();
    assert!(h.driver.holds_password());
    assert!(h.actions.contains(&Action::ForgetAccount));
    assert!(!h
        .actions
        .iter()
        .any(|a| matches!(a, Action::RememberAccount(_))));
}

#[test]
fn a_refused_remembered_login_forgets_the_account() {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.socket_opens();
    h.server(common::OPEN);
    h.server(&common::sasl_features(&["PLAIN"]));
    h.server(&format!(
        r#"<failure xmlns="{}"><not-authorized/></failure>"#,
        common::SASL
    ));
    assert!(h.actions.contains(&Action::ForgetAccount));
    assert!(!h.driver.is_waiting());
}
