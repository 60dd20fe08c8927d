//! A session fed hostile frames, both during negotiation and once online. Frames are separated
//! by NUL bytes in the input; the first byte chooses whether to log in first (with Bob in the
//! roster). Nothing from the network may make the session panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Config, Instant, Output, Phase, Session};

const OPEN: &str =
    r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="s1" version="1.0"/>"#;

fn drain(session: &mut Session) -> Vec<String> {
    let mut sent = Vec::new();
    loop {
        match session.poll_output() {
            Output::Transmit(frame) => sent.push(frame),
            Output::Event(_) => {}
            Output::Timeout(_) => return sent,
        }
    }
}

/// Walks a session to Online with PLAIN, as Prosody would. If the scripted login stops
/// matching the session (a change in what it sends), this fails loudly instead of quietly
/// fuzzing only the negotiation.
fn log_in(session: &mut Session, now: Instant) {
    for frame in [
        OPEN,
        r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>"#,
        r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#,
        OPEN,
        r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></stream:features>"#,
    ] {
        let _ = session.handle_frame(now, frame);
    }
    let sent = drain(session);
    let Some(bind) = sent.last().and_then(|f| Element::parse(f).ok()) else {
        panic!("the scripted login no longer matches: no bind request in {sent:?}");
    };
    let id = bind.get_attr("id").unwrap_or_default().to_owned();
    let result = format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    );
    let _ = session.handle_frame(now, &result);
    // The roster, with Bob in it: avatars, receipts and markers then have someone to go to.
    let sent = drain(session);
    let Some(roster_get) = sent.iter().find_map(|f| {
        Element::parse(f)
            .ok()
            .filter(|e| e.children().any(|c| c.ns() == "jabber:iq:roster"))
    }) else {
        panic!("the scripted login no longer matches: no roster request in {sent:?}");
    };
    let id = roster_get.get_attr("id").unwrap_or_default().to_owned();
    let roster = format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" subscription="both"/></query></iq>"#
    );
    let _ = session.handle_frame(now, &roster);
    drain(session);
    assert_eq!(
        session.phase(),
        Phase::Online,
        "the scripted login no longer brings the session online"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let now = Instant::now();
    let config = Config {
        resource: Some("web".into()),
        secure_transport: true,
        ..Config::new(
            BareJid::parse("alice@localhost").expect("valid"),
            palaver::xmpp::Secret::Password("pw".into()),
            [1; 32],
            palaver::xmpp::sasl::native_nfkc,
        )
    };
    let mut session = Session::new(config, now);
    drain(&mut session);
    if mode & 1 == 1 {
        log_in(&mut session, now);
    }
    for frame in rest.split(|&b| b == 0) {
        let frame = String::from_utf8_lossy(frame);
        let _ = session.handle_frame(now, &frame);
        drain(&mut session);
    }
    session.handle_timeout(now + std::time::Duration::from_secs(3600));
    drain(&mut session);
});
