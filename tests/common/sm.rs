//! XEP-0198 sessions for tests: Alice online with stream management as Prosody offers it, a
//! dropped connection, and the next session that resumes it (or binds afresh).

use palaver::xmpp::xml::Element;
use palaver::xmpp::Resumption;

use super::{alice_config, Harness};

pub const SM: &str = "urn:xmpp:sm:3";

/// Prosody's post-authentication features with stream management.
pub const SM_FEATURES: &str = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><sm xmlns="urn:xmpp:sm:3"/></stream:features>"#;

pub fn bind_result(id: &str) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    )
}

pub fn parse_all(frames: &[String]) -> Vec<Element> {
    frames
        .iter()
        .map(|f| Element::parse(f).expect("we send well-formed XML"))
        .collect()
}

pub fn names(frames: &[String]) -> Vec<String> {
    parse_all(frames)
        .iter()
        .map(|e| e.name().to_owned())
        .collect()
}

/// Stanzas we send while logging in after `<enable/>`: roster get, presence, carbons, the
/// archive query that notes where the archive stands, disco#info and #items to the server,
/// disco#info to our account, and the bookmarks fetch.
pub const OURS: u32 = 8;
/// Stanzas the server sends us meanwhile: the roster and the (empty) archive answer.
pub const THEIRS: u32 = 2;

pub fn ack(h: u32) -> String {
    format!(r#"<a xmlns="urn:xmpp:sm:3" h="{h}"/>"#)
}

/// Logs in with stream management offered, answers `<enable/>` with a resumable id, the
/// roster with `bob` and the archive query with an empty archive: `OURS` stanzas of ours are
/// out and `THEIRS` of the server's are counted. Clears sent frames and events.
pub fn online_with_sm() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let bind_id = h.bind_request_id(SM_FEATURES);
    h.recv_ok(&bind_result(&bind_id));
    let sent = h.take_sent();
    assert_eq!(names(&sent), ["enable", "iq"], "enable right after binding");
    let enable = Element::parse(&sent[0]).expect("valid XML");
    assert!(enable.is("enable", SM));
    assert_eq!(enable.get_attr("resume"), Some("true"));
    let roster_id = Element::parse(&sent[1])
        .expect("valid XML")
        .get_attr("id")
        .expect("roster get has an id")
        .to_owned();
    h.recv_ok(r#"<enabled xmlns="urn:xmpp:sm:3" id="sm-1" resume="true" max="600"/>"#);
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster" ver="1"><item jid="bob@localhost" subscription="both"/></query></iq>"#
    ));
    let sent = h.take_sent();
    assert_eq!(
        names(&sent),
        ["presence", "iq", "iq", "iq", "iq", "iq", "iq"],
        "presence, carbons, archive, server features and items, account features, bookmarks"
    );
    let archive_id = Element::parse(&sent[2])
        .expect("valid XML")
        .get_attr("id")
        .expect("archive query has an id")
        .to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{archive_id}"><fin xmlns="urn:xmpp:mam:2" complete="true"/></iq>"#
    ));
    h.take_sent();
    h.take_events();
    h
}

/// Drops the connection and returns what the session leaves for the next one.
pub fn drop_connection(h: &mut Harness) -> Resumption {
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    h.session.resumption().expect("stream management was on")
}

/// A new session carrying `resumption`, authenticated and offered stream management again.
pub fn next_session(resumption: Resumption) -> Harness {
    let mut config = alice_config(true);
    config.resume = Some(resumption);
    let mut h = Harness::new(config);
    h.authenticate_plain();
    h.recv_ok(SM_FEATURES);
    h
}
