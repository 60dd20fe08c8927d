//! Keep-alive (XEP-0199 §4.2): an idle connection is pinged; a ping left unanswered means the
//! connection is dead, which ends the session with `Error::PingTimeout`.

mod common;

use std::time::Duration;

use common::{alice_config, Harness};
use palaver::xmpp::session::{CLOSE_TIMEOUT, PING_AFTER_IDLE, PING_TIMEOUT};
use palaver::xmpp::{Error, Event, Phase};

#[test]
fn an_idle_connection_is_pinged_and_any_frame_counts_as_alive() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    assert_eq!(h.deadline, Some(h.now + PING_AFTER_IDLE));
    h.advance(PING_AFTER_IDLE - Duration::from_secs(1));
    assert!(h.take_sent().is_empty());
    h.advance(Duration::from_secs(1));
    let ping = h.sent_one();
    let id = ping.get_attr("id").expect("id").to_owned();
    assert_eq!(
        ping.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>"#
        )
    );
    assert_eq!(h.deadline, Some(h.now + PING_TIMEOUT));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="localhost"/>"#
    ));
    assert!(h.take_events().is_empty(), "a ping answer is not news");
    assert_eq!(h.deadline, Some(h.now + PING_AFTER_IDLE));
}

#[test]
fn traffic_postpones_the_ping() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.advance(Duration::from_secs(50));
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost/x"/>"#);
    h.advance(Duration::from_secs(50));
    assert!(h.take_sent().is_empty());
    h.advance(Duration::from_secs(10));
    assert_eq!(h.take_sent().len(), 1);
}

#[test]
fn an_unanswered_ping_ends_the_session() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.advance(PING_AFTER_IDLE);
    h.take_sent();
    h.advance(PING_TIMEOUT);
    assert_eq!(
        h.take_events(),
        [Event::Disconnected {
            error: Some(Error::PingTimeout)
        }]
    );
    assert_eq!(h.session.phase(), Phase::Closed);
}

#[test]
fn logging_out_while_a_ping_is_out_still_ends_clean() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.advance(PING_AFTER_IDLE);
    h.take_sent();
    h.advance(PING_TIMEOUT - Duration::from_secs(2));
    h.session.close();
    h.drain();
    assert_eq!(h.take_sent().len(), 2, "unavailable presence and <close/>");
    // The ping's deadline passes while we wait for the server's <close/>: that is no failure.
    h.advance(Duration::from_secs(2));
    assert!(h.take_events().is_empty());
    assert!(h.take_sent().is_empty(), "nothing after our <close/>");
    assert_eq!(h.session.phase(), Phase::Closing);
    h.advance(CLOSE_TIMEOUT);
    assert_eq!(h.take_events(), [Event::Disconnected { error: None }]);
}
