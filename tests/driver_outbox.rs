//! Messages written while the connection is being re-established: shown as pending at once,
//! stored, sent in order once the session is back, each once; a queue a previous page stored
//! for the same account goes first; a logout fails what is still queued.

mod common;

use common::driver::{alice_login, DriverHarness};
use palaver::driver::{Action, Restored, Sent, Update};
use palaver::persist::outbox::{Queued, StoredOutbox};
use palaver::xmpp::BareJid;

fn bob() -> BareJid {
    BareJid::parse("bob@localhost").expect("valid JID")
}

fn reconnecting() -> DriverHarness {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.socket_opens();
    h.online(false, true);
    h.socket_closes(1006);
    h.actions.clear();
    h
}

/// Written while reconnecting, messages wait in order, shown as queued and stored at once (a
/// page closed now still sends them next time); once online, the next goes straight out. (The
/// flush itself, in order, is the next test.)
#[test]
fn messages_written_offline_are_queued_and_stored_in_order() {
    let mut h = reconnecting();
    let mut local_ids = Vec::new();
    for body in ["one", "two", "three"] {
        match h.driver.send_message(&bob(), body) {
            Ok(Sent::Queued(id)) => local_ids.push(id),
            other => panic!("{other:?}"),
        }
    }
    h.pump();
    let queued: Vec<String> = h
        .updates()
        .iter()
        .filter_map(|u| match u {
            Update::Queued { body, .. } => Some(body.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(queued, ["one", "two", "three"]);
    let stored = h.last_saved_outbox().expect("stored");
    let stored: Vec<(&str, &str)> = stored
        .queue
        .iter()
        .map(|q| (q.local_id.as_str(), q.body.as_str()))
        .collect();
    let expected: Vec<(&str, &str)> = local_ids
        .iter()
        .map(String::as_str)
        .zip(["one", "two", "three"])
        .collect();
    assert_eq!(stored, expected);
    h.driver.retry_now(h.now);
    h.socket_opens();
    h.online(false, true);
    assert!(matches!(
        h.driver.send_message(&bob(), "four"),
        Ok(Sent::Now(_))
    ));
}

#[test]
fn the_flush_keeps_the_order_and_reports_each_stanza_id() {
    let mut h = reconnecting();
    for body in ["one", "two", "three"] {
        h.driver.send_message(&bob(), body).expect("queued");
    }
    h.pump();
    h.driver.retry_now(h.now);
    h.pump();
    h.socket_opens();
    h.actions.clear();
    // Walk to online keeping the actions this time.
    h.authenticated_with_plain(common::driver::SM_BIND);
    h.server(r#"<failed xmlns="urn:xmpp:sm:3"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#);
    h.bound();
    assert_eq!(h.bodies_sent(), ["one", "two", "three"]);
    let sent: Vec<String> = h
        .updates()
        .iter()
        .filter_map(|u| match u {
            Update::QueuedSent { local_id, .. } => Some(local_id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 3);
    let last_saved = h.last_saved_outbox().expect("saved after the flush");
    assert!(last_saved.queue.is_empty());
}

#[test]
fn a_queue_left_by_a_previous_page_goes_first_and_is_shown_once_online() {
    let mut h = DriverHarness::new();
    let restored = StoredOutbox {
        account: BareJid::parse("alice@localhost").expect("valid JID"),
        queue: vec![Queued {
            local_id: "pending-old".into(),
            to: bob(),
            body: "from the last page".into(),
        }],
    };
    h.log_in(
        alice_login(),
        Restored {
            outbox: Some(restored),
            ..Restored::default()
        },
    );
    h.socket_opens();
    h.authenticated_with_plain(&common::bind_features(false));
    h.bound();
    assert_eq!(h.bodies_sent(), ["from the last page"]);
    let updates = h.updates();
    let shown = updates
        .iter()
        .position(|u| matches!(u, Update::Queued { local_id, .. } if local_id == "pending-old"));
    let sent = updates.iter().position(
        |u| matches!(u, Update::QueuedSent { local_id, .. } if local_id == "pending-old"),
    );
    assert!(
        shown.is_some() && sent.is_some() && shown < sent,
        "{updates:#?}"
    );
}

#[test]
fn another_accounts_queue_is_never_sent() {
    let mut h = DriverHarness::new();
    let restored = StoredOutbox {
        account: BareJid::parse("mallory@localhost").expect("valid JID"),
        queue: vec![Queued {
            local_id: "pending-x".into(),
            to: bob(),
            body: "not alice's".into(),
        }],
    };
    h.log_in(
        alice_login(),
        Restored {
            outbox: Some(restored),
            ..Restored::default()
        },
    );
    h.socket_opens();
    h.online(false, false);
    assert!(matches!(
        h.driver.send_message(&bob(), "mine"),
        Ok(Sent::Now(_))
    ));
    h.pump();
    assert_eq!(h.bodies_sent(), ["mine"]);
}

#[test]
fn a_logout_fails_what_is_still_queued() {
    let mut h = reconnecting();
    h.driver.send_message(&bob(), "never sent").expect("queued");
    h.pump();
    h.actions.clear();
    h.driver.log_out(h.now);
    h.pump();
    assert!(h
        .updates()
        .iter()
        .any(|u| matches!(u, Update::QueuedFailed { .. })));
    assert!(h.actions.contains(&Action::EraseStored));
    assert!(!h.actions.iter().any(|a| matches!(a, Action::SaveOutbox(_))));
}
