//! The driver's reconnect policy, on fake time: a login that has been online is retried after
//! a capped, jittered backoff (1 s, 2 s, 4 s … at most 30 s, each ±20 %); "Retry now" and the
//! browser coming back online skip the wait; a login that never got online, a refused
//! password or a replaced session is final; a socket that never opens counts as failed.

mod common;

use std::time::Duration;

use common::driver::{alice_login, DriverHarness};
use palaver::driver::backoff::CAP;
use palaver::driver::{Action, Restored, TransportFailure, Update, CONNECT_TIMEOUT};
use palaver::xmpp::{Error, Event, StreamCondition};

fn online() -> DriverHarness {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.socket_opens();
    h.online(false, true);
    h
}

#[test]
fn a_dropped_connection_is_retried_after_a_growing_capped_jittered_delay() {
    let mut h = online();
    let mut previous = Duration::ZERO;
    for attempt in 0..8u32 {
        h.socket_closes(1006);
        let delay = h.reconnect_delay();
        let nominal = Duration::from_secs(1 << attempt).min(CAP);
        assert!(
            delay >= nominal.mul_f64(0.8) && delay <= nominal.mul_f64(1.2),
            "attempt {attempt}: {delay:?} for {nominal:?}"
        );
        assert!(
            delay >= previous.mul_f64(0.6),
            "grows: {delay:?} after {previous:?}"
        );
        previous = delay;
        assert!(
            h.actions.contains(&Action::WakeAt(h.now + delay)),
            "{:#?}",
            h.actions
        );
        h.actions.clear();
        h.advance(delay - Duration::from_millis(1));
        assert!(h.opened().is_empty(), "not before its time");
        h.advance(Duration::from_millis(1));
        assert_eq!(h.opened(), [common::driver::URL]);
        h.actions.clear();
    }
    assert!(previous <= CAP.mul_f64(1.2));
}

#[test]
fn a_connection_back_online_starts_from_the_shortest_delay_again() {
    let mut h = online();
    for _ in 0..3 {
        h.socket_closes(1006);
        let delay = h.reconnect_delay();
        h.actions.clear();
        h.advance(delay);
    }
    // The third attempt succeeds.
    h.socket_opens();
    h.online(false, true);
    h.socket_closes(1006);
    assert!(h.reconnect_delay() <= Duration::from_millis(1200));
}

#[test]
fn retry_now_skips_the_wait() {
    let mut h = online();
    h.socket_closes(1006);
    assert!(h.driver.is_waiting());
    h.actions.clear();
    h.driver.retry_now(h.now);
    h.pump();
    assert_eq!(h.opened(), [common::driver::URL]);
    assert!(!h.driver.is_waiting());
}

#[test]
fn a_login_that_never_got_online_is_not_retried() {
    let mut h = DriverHarness::new();
    h.log_in(alice_login(), Restored::default());
    h.actions.clear();
    h.socket_closes(1006);
    assert!(h
        .updates()
        .contains(&Update::TransportFailed(TransportFailure::Unreachable {
            url: common::driver::URL.into()
        })));
    assert!(!h.driver.is_waiting());
}

#[test]
fn refused_and_replaced_sessions_are_final() {
    for frame in [
        r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#,
        r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><host-unknown xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#,
    ] {
        let mut h = online();
        h.server(frame);
        assert!(!h.driver.is_waiting(), "{frame}");
        assert!(
            h.updates().iter().any(|u| matches!(u, Update::Event(Event::Disconnected { error: Some(Error::StreamError { condition, .. }) })
                if matches!(condition, StreamCondition::Conflict | StreamCondition::HostUnknown))),
            "{:#?}",
            h.actions
        );
        assert!(h.actions.contains(&Action::Close));
    }
}

#[test]
fn a_socket_that_never_opens_fails_after_the_connect_timeout() {
    let mut h = online();
    h.socket_closes(1006);
    let delay = h.reconnect_delay();
    h.advance(delay);
    h.actions.clear();
    h.advance(CONNECT_TIMEOUT);
    assert!(h.actions.contains(&Action::Close), "{:#?}", h.actions);
    assert!(h.driver.is_waiting(), "and tries again later");
}

#[test]
fn the_browser_coming_back_online_retries_at_once() {
    let mut h = online();
    h.socket_closes(1006);
    h.actions.clear();
    h.driver.retry_now(h.now);
    h.pump();
    assert_eq!(h.opened().len(), 1);
    // Nothing to retry while connected.
    h.socket_opens();
    h.online(false, true);
    h.driver.retry_now(h.now);
    h.pump();
    assert!(h.opened().is_empty());
}

/// A server that drops the connection instead of answering `<resume/>` (Prosody does, for a
/// stream it no longer wants to resume): the next attempt starts a fresh session at once,
/// sending the unacknowledged messages again, even for a login that was never online on this
/// page (a reload resuming the previous page's stream).
#[test]
fn a_resumption_that_ends_the_connection_is_retried_at_once_as_a_fresh_session() {
    use palaver::driver::Restored;
    let mut first = online();
    first
        .driver
        .send_message(
            &palaver::xmpp::BareJid::parse("bob@localhost").unwrap(),
            "kept",
        )
        .expect("online");
    first.pump();
    let stream = first.driver.stream_state().expect("a stream to resume");
    assert!(stream.can_resume());
    // The next page of this tab.
    let mut h = DriverHarness::new();
    h.log_in(
        alice_login(),
        Restored {
            stream: Some(stream),
            ..Restored::default()
        },
    );
    h.socket_opens();
    h.authenticated_with_plain(common::driver::SM_BIND);
    assert!(h.sent().iter().any(|e| e.name() == "resume"));
    h.actions.clear();
    h.socket_closes(1006);
    assert_eq!(h.opened(), [common::driver::URL], "at once, no backoff");
    h.actions.clear();
    h.socket_opens();
    h.authenticated_with_plain(common::driver::SM_BIND);
    assert!(
        !h.sent().iter().any(|e| e.name() == "resume"),
        "fresh this time"
    );
    h.bound();
    let resent = h.bodies_sent();
    assert_eq!(
        resent,
        ["kept"],
        "the unacknowledged message goes again, once"
    );
}
