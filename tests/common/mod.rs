//! A scripted XMPP server and fake time for session tests (ARCHITECTURE.md, "Tests, by layer").
//!
//! Tests feed literal server frames and look at what the session transmitted and emitted. Stanza
//! ids are random (from the fixed seed), so helpers read them back from the transmitted XML.
#![allow(dead_code)] // each test file uses its own subset

pub mod bookmarks;
pub mod driver;
pub mod muc;
pub mod muc_forms;
pub mod scram_server;
pub mod sm;

use std::time::Duration;

use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Config, Error, Event, Instant, Output, Secret, Session};
use scram_server::{Hash, ScramServer};

/// Alice's password, as the scripted server knows it.
pub const ALICE_PASSWORD: &str = "alice-password";

/// The SASL namespace (RFC 6120 §6.4).
pub const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";

/// Prosody's first framing and features, as it sends them on the WebSocket.
pub const OPEN: &str = r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="s1" version="1.0" xml:lang="en"/>"#;

/// Our XEP-0115 capabilities element, as every presence we broadcast carries it. The hash covers
/// identity client/web "Palaver" and the features caps, chatstates, disco#info, ping, receipts,
/// chat markers, corrections, retractions, replies, reactions, styling, and avatar and bookmark
/// notifications.
pub const CAPS: &str = r#"<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="urn:palaver:client" ver="VmRBaTx5eyezX5t2w5idDu3PbG4="/>"#;

/// The broadcast presence we send with `inner` children (show, status) before the caps.
pub fn own_presence(inner: &str) -> String {
    format!(r#"<presence xmlns="jabber:client">{inner}{CAPS}</presence>"#)
}

/// Stream features offering these SASL mechanisms.
pub fn sasl_features(mechanisms: &[&str]) -> String {
    let mechanisms: String = mechanisms
        .iter()
        .map(|m| format!("<mechanism>{m}</mechanism>"))
        .collect();
    format!(
        r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl">{mechanisms}</mechanisms></stream:features>"#
    )
}

/// Post-authentication features: bind, plus legacy session (optional unless `session_required`).
pub fn bind_features(session_required: bool) -> String {
    let session = if session_required {
        r#"<session xmlns="urn:ietf:params:xml:ns:xmpp-session"/>"#
    } else {
        r#"<session xmlns="urn:ietf:params:xml:ns:xmpp-session"><optional/></session>"#
    };
    format!(
        r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>{session}</stream:features>"#
    )
}

/// A session under test with its clock and everything it has output so far.
pub struct Harness {
    pub session: Session,
    pub now: Instant,
    /// Frames transmitted and not yet taken by `take_sent`.
    pub sent: Vec<String>,
    /// Events emitted and not yet taken by `take_events`.
    pub events: Vec<Event>,
    /// The last deadline the session asked for.
    pub deadline: Option<Instant>,
}

/// The account most tests log in as.
pub fn alice_config(secure_transport: bool) -> Config {
    Config {
        resource: Some("web".into()),
        secure_transport,
        ..Config::new(
            BareJid::parse("alice@localhost").expect("valid JID"),
            Secret::Password(ALICE_PASSWORD.into()),
            [7; 32],
            palaver::xmpp::sasl::native_nfkc,
        )
    }
}

impl Harness {
    /// A fresh session for `config`; its `<open/>` is in `sent`.
    pub fn new(config: Config) -> Harness {
        let now = Instant::now();
        let session = Session::new(config, now);
        let mut harness = Harness {
            session,
            now,
            sent: Vec::new(),
            events: Vec::new(),
            deadline: None,
        };
        harness.drain();
        harness
    }

    /// Feeds one frame from the server and collects the outputs.
    pub fn recv(&mut self, frame: &str) -> Result<(), palaver::xmpp::Error> {
        let result = self.session.handle_frame(self.now, frame);
        self.drain();
        result
    }

    /// Feeds a frame that must be accepted.
    pub fn recv_ok(&mut self, frame: &str) {
        if let Err(e) = self.recv(frame) {
            panic!("frame refused: {e}\n{frame}");
        }
    }

    /// Moves the fake clock forward and lets the session handle its timers.
    pub fn advance(&mut self, by: Duration) {
        self.now += by;
        self.session.handle_timeout(self.now);
        self.drain();
    }

    /// Moves the fake clock to the deadline the session last asked for and lets it handle its
    /// timers, as the driver's timer does: a test that only wakes the session this way proves
    /// the session asks to be woken in time.
    pub fn wake_at_deadline(&mut self) {
        let at = self
            .deadline
            .expect("the session always names its next deadline");
        self.now = self.now.max(at);
        self.session.handle_timeout(self.now);
        self.drain();
    }

    /// Collects outputs until the session reports its next deadline.
    pub fn drain(&mut self) {
        loop {
            match self.session.poll_output() {
                Output::Transmit(frame) => self.sent.push(frame),
                Output::Event(event) => self.events.push(event),
                Output::Timeout(at) => {
                    self.deadline = Some(at);
                    break;
                }
            }
        }
    }

    /// Takes the frames sent so far.
    pub fn take_sent(&mut self) -> Vec<String> {
        std::mem::take(&mut self.sent)
    }

    /// Takes the events emitted so far.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The single frame sent since the last take, parsed.
    pub fn sent_one(&mut self) -> Element {
        let sent = self.take_sent();
        assert_eq!(sent.len(), 1, "expected exactly one frame, got {sent:#?}");
        Element::parse(&sent[0]).expect("we send well-formed XML")
    }

    /// Opens the stream, offers `mechanisms` and returns the `<auth/>` the session answered with.
    pub fn auth_for(&mut self, mechanisms: &[&str]) -> Element {
        self.take_sent();
        self.recv_ok(OPEN);
        self.recv_ok(&sasl_features(mechanisms));
        let auth = self.sent_one();
        assert!(auth.is("auth", SASL), "expected <auth/>, got {auth}");
        auth
    }

    /// Plays the server's side of SCRAM after `auth`: sends the challenge, checks the client's
    /// proof against `server`'s password, and answers `<success/>` with the server signature or
    /// `<failure><not-authorized/></failure>`. Returns what the session made of that answer.
    pub fn scram_exchange(
        &mut self,
        auth: &Element,
        server: &mut ScramServer,
    ) -> Result<(), Error> {
        let challenge = server.challenge(&auth.text_content());
        self.recv_ok(&format!(
            r#"<challenge xmlns="{SASL}">{challenge}</challenge>"#
        ));
        let response = self.sent_one();
        assert!(
            response.is("response", SASL),
            "expected <response/>, got {response}"
        );
        match server.verify(&response.text_content()) {
            Some(server_final) => self.recv(&format!(
                r#"<success xmlns="{SASL}">{server_final}</success>"#
            )),
            None => self.recv(&format!(
                r#"<failure xmlns="{SASL}"><not-authorized/></failure>"#
            )),
        }
    }

    /// Walks the session to Online with SCRAM over `hash` (the server offers it and PLAIN) and
    /// returns the id of the roster request that follows.
    pub fn login_scram(&mut self, hash: Hash) -> String {
        let auth = self.auth_for(&[hash.mechanism(), "PLAIN"]);
        assert_eq!(auth.get_attr("mechanism"), Some(hash.mechanism()));
        let mut server = ScramServer::new(hash, ALICE_PASSWORD);
        if let Err(error) = self.scram_exchange(&auth, &mut server) {
            panic!("SCRAM login refused: {error}");
        }
        self.finish_binding()
    }

    /// Authenticates with PLAIN and restarts the stream: the session now waits for the
    /// post-authentication features. Clears sent frames.
    pub fn authenticate_plain(&mut self) {
        self.recv_ok(OPEN);
        self.recv_ok(&sasl_features(&["PLAIN"]));
        self.recv_ok(r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#);
        self.recv_ok(OPEN);
        self.take_sent();
    }

    /// Offers `features` after authentication and returns the id of the bind request.
    pub fn bind_request_id(&mut self, features: &str) -> String {
        self.recv_ok(features);
        self.sent_one()
            .get_attr("id")
            .expect("bind has an id")
            .to_owned()
    }

    /// Walks the session to Online with SASL PLAIN (secure transport), answering bind as Prosody
    /// does, and returns the id of the roster request that follows.
    pub fn login_plain(&mut self) -> String {
        self.recv_ok(OPEN);
        self.recv_ok(&sasl_features(&["PLAIN"]));
        self.take_sent();
        self.recv_ok(r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#);
        self.finish_binding()
    }

    /// After SASL success: restart, bind to alice@localhost/web, and return the roster request id.
    pub fn finish_binding(&mut self) -> String {
        self.take_sent();
        self.recv_ok(OPEN);
        self.recv_ok(&bind_features(false));
        let bind = self.sent_one();
        let id = bind.get_attr("id").expect("bind has an id").to_owned();
        self.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
        ));
        let roster_get = self.sent_one();
        assert_eq!(roster_get.get_attr("type"), Some("get"));
        roster_get
            .get_attr("id")
            .expect("roster get has an id")
            .to_owned()
    }

    /// Logs in and answers the roster request with `items` (raw `<item/>` XML); initial presence
    /// is then sent. Clears sent frames and events.
    pub fn online_with_roster(&mut self, items: &str) {
        let id = self.login_plain();
        self.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}"><query xmlns="jabber:iq:roster" ver="1">{items}</query></iq>"#
        ));
        self.answer_requests_empty();
        self.take_sent();
        self.take_events();
    }

    /// Answers the disco#info query to our own account among `sent` with `features`, as the
    /// server describes the account (Prosody: `urn:xmpp:mam:2`, `urn:xmpp:sid:0`, …).
    pub fn answer_account_info(&mut self, sent: &[String], features: &[&str]) {
        let query = sent
            .iter()
            .filter_map(|frame| Element::parse(frame).ok())
            .find(|e| {
                e.get_attr("to") == Some("alice@localhost")
                    && e.get_child("query", "http://jabber.org/protocol/disco#info")
                        .is_some()
            })
            .unwrap_or_else(|| panic!("no disco#info to our account in {sent:#?}"));
        let id = query.get_attr("id").expect("id");
        let features: String = features
            .iter()
            .map(|f| format!(r#"<feature var="{f}"/>"#))
            .collect();
        self.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}" from="alice@localhost"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="account" type="registered"/>{features}</query></iq>"#
        ));
    }

    /// Answers every request sent so far (carbons, the archive anchor, discovery) with an
    /// empty result, as a server with nothing to say would: nothing is left waiting to time
    /// out in the test that follows.
    pub fn answer_requests_empty(&mut self) {
        let requests: Vec<String> = self
            .sent
            .iter()
            .filter_map(|frame| Element::parse(frame).ok())
            .filter(|e| e.name() == "iq" && matches!(e.get_attr("type"), Some("get" | "set")))
            .filter_map(|e| e.get_attr("id").map(str::to_owned))
            .collect();
        for id in requests {
            self.recv_ok(&format!(
                r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
            ));
        }
    }
}
