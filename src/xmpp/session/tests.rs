//! What only the inside of a session shows: how long it keeps the password.

use web_time::Instant;

use super::{Config, Session};
use crate::xmpp::jid::BareJid;
use crate::xmpp::sasl::Secret;
use crate::xmpp::stanza::Show;

fn config() -> Config {
    Config {
        jid: BareJid::parse("alice@localhost").unwrap(),
        secret: Secret::Password("correct horse".into()),
        resource: None,
        secure_transport: true,
        seed: [1; 32],
        initial_show: Show::Online,
        initial_status: None,
        cached_roster: None,
        register: false,
        software_version: None,
        resume: None,
    }
}

/// The password lives in the session only until SASL succeeds (then it is wiped); nothing
/// else in the session ever held a copy.
#[test]
fn the_password_is_gone_once_authenticated() {
    let now = Instant::now();
    let mut session = Session::new(config(), now);
    assert!(session.secret.is_some());
    for frame in [
        r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="s1" version="1.0"/>"#,
        r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>"#,
        r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#,
    ] {
        session.handle_frame(now, frame).unwrap();
    }
    assert!(session.secret.is_none(), "wiped after SASL");
}

/// A session that ends before SASL wipes the password too.
#[test]
fn the_password_is_gone_when_the_session_ends_early() {
    let now = Instant::now();
    let mut session = Session::new(config(), now);
    session.handle_transport_closed(now, 1006);
    assert!(session.secret.is_none());
}
