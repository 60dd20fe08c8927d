//! Hostile and broken input (RFC 6120 §4.9, §11): bad XML is a clear error, never a panic;
//! stream errors and the server's close end the session with their reason; logout is clean.

mod common;

use common::{alice_config, sasl_features, Harness, OPEN};
use palaver::xmpp::xml::{XmlError, MAX_DEPTH, MAX_FRAME_BYTES};
use palaver::xmpp::{Error, Event, Phase, StreamCondition};

fn online() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h
}

/// A frame and the check its error must pass.
type Case = (String, fn(&Error) -> bool);

#[test]
fn restricted_and_malformed_xml_is_a_stream_error() {
    let cases: Vec<Case> = vec![
        (
            r#"<!DOCTYPE lol [<!ENTITY lol "lol">]><message xmlns="jabber:client"/>"#.into(),
            |e| matches!(e, Error::Xml(XmlError::RestrictedXml(_))),
        ),
        (
            r#"<message xmlns="jabber:client"><!-- c --></message>"#.into(),
            |e| matches!(e, Error::Xml(XmlError::RestrictedXml(_))),
        ),
        (
            r#"<?xml-stylesheet href="x"?><message xmlns="jabber:client"/>"#.into(),
            |e| matches!(e, Error::Xml(XmlError::RestrictedXml(_))),
        ),
        (
            r#"<message xmlns="jabber:client"><body>&xxe;</body></message>"#.into(),
            |e| matches!(e, Error::Xml(XmlError::UndefinedEntity(_))),
        ),
        (r#"<x:message xmlns="jabber:client"/>"#.into(), |e| {
            matches!(e, Error::Xml(XmlError::UnboundPrefix(_)))
        }),
        (
            r#"<message xmlns="jabber:client"><body>unclosed</message>"#.into(),
            |e| matches!(e, Error::Xml(_)),
        ),
        ("<a xmlns='x'>".repeat(MAX_DEPTH + 5), |e| {
            matches!(e, Error::Xml(XmlError::TooDeep))
        }),
        (
            format!(
                r#"<message xmlns="jabber:client"><body>{}</body></message>"#,
                "A".repeat(MAX_FRAME_BYTES)
            ),
            |e| matches!(e, Error::Xml(XmlError::TooLarge { .. })),
        ),
    ];
    for (frame, is_expected) in cases {
        let mut h = online();
        let error = h.recv(&frame).unwrap_err();
        assert!(
            is_expected(&error),
            "unexpected {error:?} for {}",
            &frame[..frame.len().min(80)]
        );
        assert_eq!(h.session.phase(), Phase::Closed);
        // RFC 6120 §4.9: the server is told what was wrong, then the stream closes.
        let Error::Xml(xml) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(
            h.take_sent(),
            [
                format!(
                    // The stream namespace as the default one: the same element as
                    // <stream:error xmlns:stream=…> to a namespace-aware server.
                    r#"<error xmlns="http://etherx.jabber.org/streams"><{} xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></error>"#,
                    xml.stream_condition()
                ),
                r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#.to_owned(),
            ]
        );
        assert_eq!(
            h.take_events(),
            [Event::Disconnected { error: Some(error) }]
        );
    }
}

#[test]
fn unknown_elements_during_negotiation_are_errors() {
    let mut h = Harness::new(alice_config(true));
    h.recv_ok(OPEN);
    let error = h
        .recv(r#"<message xmlns="jabber:client" from="bob@localhost"><body>early</body></message>"#)
        .unwrap_err();
    assert!(matches!(error, Error::Unexpected { .. }));
}

#[test]
fn stream_errors_end_the_session_with_condition_and_text() {
    let mut h = online();
    let error = h
        .recv(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/><text xmlns="urn:ietf:params:xml:ns:xmpp-streams">Replaced by new connection</text></stream:error>"#)
        .unwrap_err();
    assert_eq!(
        error,
        Error::StreamError {
            condition: StreamCondition::Conflict,
            text: Some("Replaced by new connection".into())
        }
    );
    assert_eq!(
        error.to_string(),
        "Disconnected: another session replaced this one (conflict): Replaced by new connection."
    );
    assert!(
        h.take_sent().is_empty(),
        "the server closes a stream it ended with an error"
    );
}

#[test]
fn the_servers_close_is_answered_and_ends_the_session() {
    let mut h = online();
    h.recv_ok(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#);
    assert_eq!(
        h.take_sent(),
        [r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#]
    );
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Disconnected {
            error: Some(Error::ClosedByServer)
        }]
    ));
}

#[test]
fn logout_sends_unavailable_and_close_then_waits_for_the_servers_close() {
    let mut h = online();
    h.session.close();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" type="unavailable"/>"#,
            r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#
        ]
    );
    assert_eq!(h.session.phase(), Phase::Closing);
    // Stanzas still in flight are processed while closing.
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/x" type="chat"><body>bye</body></message>"#);
    h.recv_ok(r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#);
    let events = h.take_events();
    assert!(
        matches!(events.last(), Some(Event::Disconnected { error: None })),
        "{events:?}"
    );
    assert!(h.take_sent().is_empty(), "no second close");
}

#[test]
fn garbage_after_our_close_ends_the_session_without_a_second_close() {
    let mut h = online();
    h.session.close();
    h.drain();
    h.take_sent();
    let error = h
        .recv(r#"<message xmlns="jabber:client"><body>cut off"#)
        .unwrap_err();
    assert!(matches!(error, Error::Xml(_)), "{error:?}");
    // RFC 6120 §4.4: whoever sent the first closing tag sends nothing more.
    assert!(h.take_sent().is_empty());
    assert_eq!(
        h.take_events(),
        [Event::Disconnected { error: Some(error) }]
    );
}

#[test]
fn logout_completes_on_its_own_if_the_server_never_closes() {
    let mut h = online();
    h.session.close();
    h.drain();
    h.advance(std::time::Duration::from_secs(6));
    assert_eq!(h.take_events(), [Event::Disconnected { error: None }]);
}

#[test]
fn a_dropped_socket_is_a_transport_error_but_not_after_logout() {
    let mut h = online();
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    assert_eq!(
        h.take_events(),
        [Event::Disconnected {
            error: Some(Error::TransportClosed { code: 1006 })
        }]
    );

    let mut h = online();
    h.session.close();
    h.session.handle_transport_closed(h.now, 1000);
    h.drain();
    assert_eq!(h.take_events(), [Event::Disconnected { error: None }]);
}

/// A tiny deterministic generator, so the mutation test is reproducible.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn thousands_of_mutated_frames_never_panic() {
    let seeds = [
        OPEN.to_string(),
        sasl_features(&["SCRAM-SHA-1", "PLAIN"]),
        r#"<iq xmlns="jabber:client" type="set" id="p"><query xmlns="jabber:iq:roster"><item jid="a@b" subscription="both"><group>G</group></item></query></iq>"#.into(),
        r#"<presence xmlns="jabber:client" from="bob@localhost/x"><show>dnd</show><priority>5</priority></presence>"#.into(),
        r#"<message xmlns="jabber:client" from="bob@localhost/x" type="chat" id="1"><body>hi &amp; &#x263A;</body></message>"#.into(),
        r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#.into(),
    ];
    let alphabet = b"<>/=\"'&;:#x @abcdefjqs\n\xc3\xa9\x00";
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut ran = 0;
    for round in 0..4000 {
        let seed = &seeds[round % seeds.len()];
        let mut bytes = seed.clone().into_bytes();
        for _ in 0..(1 + rng.next() % 4) {
            let at = (rng.next() as usize) % bytes.len().max(1);
            match rng.next() % 3 {
                0 => bytes[at] = alphabet[(rng.next() as usize) % alphabet.len()],
                1 => {
                    bytes.remove(at.min(bytes.len() - 1));
                }
                _ => bytes.insert(at, alphabet[(rng.next() as usize) % alphabet.len()]),
            }
        }
        let frame = String::from_utf8_lossy(&bytes).into_owned();
        // Both before and after login, so every state sees garbage.
        let mut fresh = Harness::new(alice_config(true));
        let _ = fresh.recv(&frame);
        let mut live = online();
        let _ = live.recv(&frame);
        ran += 2;
    }
    assert_eq!(ran, 8000);
}

/// RFC 6120 §4.9.3, written out: each defined condition as the server sends it, the type it
/// becomes, and what the user reads (see-other-host is a redirect when it names a host:
/// tests/redirects.rs). The expectations come from the RFC and this table, not from the code.
const STREAM_CONDITIONS: [(&str, StreamCondition, &str); 24] = [
    (
        "bad-format",
        StreamCondition::BadFormat,
        "the server could not process what Palaver sent",
    ),
    (
        "bad-namespace-prefix",
        StreamCondition::BadNamespacePrefix,
        "the server could not process what Palaver sent",
    ),
    (
        "conflict",
        StreamCondition::Conflict,
        "another session replaced this one",
    ),
    (
        "connection-timeout",
        StreamCondition::ConnectionTimeout,
        "the server timed the connection out",
    ),
    (
        "host-gone",
        StreamCondition::HostGone,
        "the server no longer serves this domain",
    ),
    (
        "host-unknown",
        StreamCondition::HostUnknown,
        "the server does not serve this domain",
    ),
    (
        "improper-addressing",
        StreamCondition::ImproperAddressing,
        "the server found a stanza wrongly addressed",
    ),
    (
        "internal-server-error",
        StreamCondition::InternalServerError,
        "the server had an internal error",
    ),
    (
        "invalid-from",
        StreamCondition::InvalidFrom,
        "the server refused the sender address",
    ),
    (
        "invalid-namespace",
        StreamCondition::InvalidNamespace,
        "the server could not process what Palaver sent",
    ),
    (
        "invalid-xml",
        StreamCondition::InvalidXml,
        "the server could not process what Palaver sent",
    ),
    (
        "not-authorized",
        StreamCondition::NotAuthorized,
        "the server refused the connection",
    ),
    (
        "not-well-formed",
        StreamCondition::NotWellFormed,
        "the server could not process what Palaver sent",
    ),
    (
        "policy-violation",
        StreamCondition::PolicyViolation,
        "the server's policy was violated (too much traffic?)",
    ),
    (
        "remote-connection-failed",
        StreamCondition::RemoteConnectionFailed,
        "the server could not reach a service it needs",
    ),
    (
        "reset",
        StreamCondition::Reset,
        "the server reset the connection (security settings changed)",
    ),
    (
        "resource-constraint",
        StreamCondition::ResourceConstraint,
        "the server is overloaded",
    ),
    (
        "restricted-xml",
        StreamCondition::RestrictedXml,
        "the server could not process what Palaver sent",
    ),
    (
        "system-shutdown",
        StreamCondition::SystemShutdown,
        "the server is shutting down",
    ),
    (
        "undefined-condition",
        StreamCondition::UndefinedCondition,
        "the server closed the stream",
    ),
    (
        "unsupported-encoding",
        StreamCondition::UnsupportedEncoding,
        "the server could not process what Palaver sent",
    ),
    (
        "unsupported-feature",
        StreamCondition::UnsupportedFeature,
        "the server requires a feature Palaver lacks",
    ),
    (
        "unsupported-stanza-type",
        StreamCondition::UnsupportedStanzaType,
        "the server could not process what Palaver sent",
    ),
    (
        "unsupported-version",
        StreamCondition::UnsupportedVersion,
        "the server does not speak this XMPP version",
    ),
];

#[test]
fn every_stream_error_condition_is_typed_and_explained() {
    for (name, condition, words) in STREAM_CONDITIONS {
        let mut h = Harness::new(alice_config(true));
        h.login_plain();
        let error = h
            .recv(&format!(
                r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><{name} xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#
            ))
            .unwrap_err();
        assert_eq!(
            error,
            Error::StreamError {
                condition,
                text: None
            }
        );
        assert_eq!(
            error.to_string(),
            format!("Disconnected: {words} ({name}).")
        );
        assert_eq!(h.session.phase(), Phase::Closed);
    }
    // The table is the RFC's whole list (with see-other-host).
    assert_eq!(STREAM_CONDITIONS.len() + 1, StreamCondition::ALL.len());
}

#[test]
fn an_unknown_stream_error_condition_is_the_catch_all() {
    let mut h = Harness::new(alice_config(true));
    h.login_plain();
    let error = h
        .recv(r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><x-made-up xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>"#)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Disconnected: the server closed the stream (x-made-up)."
    );
    assert!(error.is_worth_retrying());
}

#[test]
fn only_recoverable_stream_errors_are_worth_a_reconnect() {
    let stream = |condition| Error::StreamError {
        condition,
        text: None,
    };
    assert!(stream(StreamCondition::SystemShutdown).is_worth_retrying());
    assert!(stream(StreamCondition::ConnectionTimeout).is_worth_retrying());
    assert!(!stream(StreamCondition::Conflict).is_worth_retrying());
    assert!(!stream(StreamCondition::HostUnknown).is_worth_retrying());
    assert!(Error::ClosedByServer.is_worth_retrying());
    assert!(Error::PingTimeout.is_worth_retrying());
}
