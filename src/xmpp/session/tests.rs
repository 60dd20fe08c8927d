//! What only the inside of a session shows: how long it keeps the password.

use web_time::Instant;

use super::{Config, Session};
use crate::xmpp::jid::BareJid;
use crate::xmpp::sasl::Secret;

fn config() -> Config {
    Config {
        secure_transport: true,
        ..Config::new(
            BareJid::parse("alice@localhost").unwrap(),
            Secret::Password("correct horse".into()),
            [1; 32],
            crate::xmpp::sasl::native_nfkc,
        )
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
