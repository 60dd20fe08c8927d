//! Redirects (RFC 7395 §3.6.1 `see-other-uri`, RFC 6120 §4.9.3.19 `see-other-host`): the session
//! ends with `Error::SeeOther` naming the target; following it (a few hops, within the transport
//! policy) is the driver's job.

mod common;

use common::{alice_config, Harness, OPEN};
use palaver::xmpp::{Error, Event, Phase, Redirect, StreamCondition};

fn disconnect_reason(h: &mut Harness) -> Option<Error> {
    h.take_events().into_iter().find_map(|e| match e {
        Event::Disconnected { error } => error,
        _ => None,
    })
}

#[test]
fn a_close_with_see_other_uri_is_a_redirect_answered_with_our_close() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    h.recv_ok(OPEN);
    h.recv_ok(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing" see-other-uri="wss://chat2.example.org/xmpp-websocket"/>"#);
    assert_eq!(
        h.take_sent(),
        [r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#]
    );
    assert_eq!(
        disconnect_reason(&mut h),
        Some(Error::SeeOther(Redirect::Uri(
            "wss://chat2.example.org/xmpp-websocket".into()
        )))
    );
    assert_eq!(h.session.phase(), Phase::Closed);
}

#[test]
fn a_see_other_host_stream_error_names_the_host() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    h.recv_ok(OPEN);
    let result = h.recv(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams">chat2.example.org:5281</see-other-host></stream:error>"#);
    let expected = Error::SeeOther(Redirect::Host("chat2.example.org:5281".into()));
    assert_eq!(result, Err(expected.clone()));
    assert_eq!(disconnect_reason(&mut h), Some(expected.clone()));
    assert!(expected.to_string().contains("chat2.example.org:5281"));
}

#[test]
fn a_see_other_host_without_a_host_is_a_plain_stream_error() {
    let mut h = Harness::new(alice_config(true));
    h.take_sent();
    h.recv_ok(OPEN);
    let result = h.recv(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#);
    assert!(
        matches!(
            &result,
            Err(Error::StreamError {
                condition: StreamCondition::SeeOtherHost,
                ..
            })
        ),
        "{result:?}"
    );
}

#[test]
fn a_plain_close_from_the_server_is_not_a_redirect() {
    let mut h = Harness::new(alice_config(true));
    h.login_plain();
    h.recv_ok(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#);
    assert!(matches!(
        disconnect_reason(&mut h),
        Some(Error::ClosedByServer)
    ));
}
