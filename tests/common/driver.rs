//! A scripted server around the [`Driver`]: the tests play the browser (socket opened,
//! closed) and the server (frames), on fake time, and look at the actions.

use std::time::Duration;

use palaver::persist::outbox::StoredOutbox;

use palaver::driver::endpoint::parse_for_tests;
use palaver::driver::{Action, Driver, LoginRequest, Restored, Update};
use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Event, Instant, Secret};

use super::scram_server::{Hash, ScramServer};
use super::{bind_features, sasl_features, ALICE_PASSWORD, OPEN, SASL};

/// The test server's WebSocket endpoint.
pub const URL: &str = "ws://127.0.0.1:5280/xmpp-websocket";

/// Stream features after SASL with stream management (resumable).
pub const SM_BIND: &str = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><sm xmlns="urn:xmpp:sm:3"/></stream:features>"#;

/// A driver under test with its clock and everything it asked for.
pub struct DriverHarness {
    pub driver: Driver,
    pub now: Instant,
    pub actions: Vec<Action>,
}

/// Alice's login at [`URL`] with her password.
pub fn alice_login() -> LoginRequest {
    LoginRequest {
        jid: BareJid::parse("alice@localhost").expect("valid JID"),
        secret: Secret::Password(ALICE_PASSWORD.into()),
        websocket_url: URL.into(),
        remember: false,
        register: false,
    }
}

/// Alice's login with "Keep me logged in" ticked.
pub fn remembered_login() -> LoginRequest {
    LoginRequest {
        remember: true,
        ..alice_login()
    }
}

impl DriverHarness {
    pub fn new() -> DriverHarness {
        let now = Instant::now();
        DriverHarness {
            driver: Driver::new(parse_for_tests, palaver::xmpp::sasl::native_nfkc, now),
            now,
            actions: Vec::new(),
        }
    }

    /// Drains the driver's actions into `actions`.
    pub fn pump(&mut self) {
        while let Some(action) = self.driver.poll() {
            self.actions.push(action);
        }
    }

    pub fn take(&mut self) -> Vec<Action> {
        self.pump();
        std::mem::take(&mut self.actions)
    }

    pub fn log_in(&mut self, request: LoginRequest, restored: Restored) {
        self.driver.log_in(self.now, request, restored, [9; 32]);
        self.pump();
    }

    /// The browser opened the socket the driver asked for.
    pub fn socket_opens(&mut self) {
        self.driver.socket_opened(self.now, "xmpp");
        self.pump();
    }

    pub fn socket_closes(&mut self, code: u16) {
        self.driver.socket_closed(self.now, code);
        self.pump();
    }

    /// The server sends `frame`.
    pub fn server(&mut self, frame: &str) {
        self.driver.handle_frame(self.now, frame);
        self.pump();
    }

    pub fn advance(&mut self, by: Duration) {
        self.now += by;
        self.driver.handle_timeout(self.now);
        self.pump();
    }

    /// The bodies of the messages sent since the last take of `actions`, in order.
    pub fn bodies_sent(&self) -> Vec<String> {
        self.sent()
            .iter()
            .filter(|e| e.name() == "message")
            .filter_map(|e| {
                e.children()
                    .find(|c| c.name() == "body")
                    .map(|b| b.text_content())
            })
            .collect()
    }

    /// Frames sent since the last take of `actions`, parsed.
    pub fn sent(&self) -> Vec<Element> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::Send(frame) => Element::parse(frame).ok(),
                _ => None,
            })
            .collect()
    }

    /// The updates among the actions so far.
    pub fn updates(&self) -> Vec<Update> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::Update(update) => Some(update.clone()),
                _ => None,
            })
            .collect()
    }

    /// The URLs the driver asked to open so far.
    pub fn opened(&self) -> Vec<String> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::Open { url } => Some(url.clone()),
                _ => None,
            })
            .collect()
    }

    /// The id of the last IQ of the given `type` sent with a child in `ns`.
    pub fn iq_id(&self, ns: &str) -> String {
        self.sent()
            .iter()
            .rev()
            .find(|e| e.name() == "iq" && e.children().any(|c| c.ns() == ns))
            .and_then(|e| e.get_attr("id").map(str::to_owned))
            .unwrap_or_else(|| panic!("no IQ in {ns} among {:#?}", self.actions))
    }

    /// Answers the open socket up to the stream's second features (`features`: bind, with or
    /// without stream management) over PLAIN, keeping every action for the test to look at.
    pub fn authenticated_with_plain(&mut self, features: &str) {
        self.server(OPEN);
        self.server(&sasl_features(&["PLAIN"]));
        self.server(&format!(r#"<success xmlns="{SASL}"/>"#));
        self.server(OPEN);
        self.server(features);
    }

    /// Answers the bind request: Alice is `alice@localhost/web`.
    pub fn bound(&mut self) {
        let bind = self.iq_id("urn:ietf:params:xml:ns:xmpp-bind");
        self.server(&format!(r#"<iq xmlns="jabber:client" type="result" id="{bind}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#));
    }

    /// The delay of the reconnection the driver announced.
    pub fn reconnect_delay(&self) -> Duration {
        self.updates()
            .iter()
            .find_map(|u| match u {
                Update::Reconnecting { delay, .. } => Some(*delay),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no reconnect in {:#?}", self.actions))
    }

    /// The outbox as the driver last asked to store it.
    pub fn last_saved_outbox(&self) -> Option<StoredOutbox> {
        self.actions.iter().rev().find_map(|a| match a {
            Action::SaveOutbox(stored) => Some(stored.clone()),
            _ => None,
        })
    }

    /// Walks the open socket to Online (PLAIN, or SCRAM when `scram`), with stream management
    /// when `sm`, answers the roster, and clears the actions.
    pub fn online(&mut self, scram: bool, sm: bool) {
        self.server(OPEN);
        if scram {
            self.server(&sasl_features(&["SCRAM-SHA-1"]));
            let auth = self.sent().pop().expect("auth");
            assert!(auth.is("auth", SASL));
            let mut server = ScramServer::new(Hash::Sha1, ALICE_PASSWORD);
            let challenge = server.challenge(&auth.text_content());
            self.server(&format!(
                r#"<challenge xmlns="{SASL}">{challenge}</challenge>"#
            ));
            let response = self.sent().pop().expect("response");
            let last = server
                .verify(&response.text_content())
                .expect("right password");
            self.server(&format!(r#"<success xmlns="{SASL}">{last}</success>"#));
        } else {
            self.server(&sasl_features(&["PLAIN"]));
            self.server(&format!(r#"<success xmlns="{SASL}"/>"#));
        }
        self.server(OPEN);
        let features = if sm {
            SM_BIND.to_owned()
        } else {
            bind_features(false)
        };
        self.server(&features);
        if self.sent().last().is_some_and(|e| e.name() == "resume") {
            // A fresh session: the server no longer holds the old stream.
            self.server(r#"<failed xmlns="urn:xmpp:sm:3"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#);
        }
        let bind = self.iq_id("urn:ietf:params:xml:ns:xmpp-bind");
        self.server(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{bind}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
        ));
        if sm {
            self.server(r#"<enabled xmlns="urn:xmpp:sm:3" id="sm-1" resume="true"/>"#);
        }
        let roster = self.iq_id("jabber:iq:roster");
        self.server(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{roster}"><query xmlns="jabber:iq:roster"/></iq>"#
        ));
        assert!(
            self.updates().iter().any(|u| matches!(
                u,
                Update::Event(Event::Online { .. }) | Update::Event(Event::Resumed { .. })
            )),
            "{:#?}",
            self.actions
        );
        self.actions.clear();
    }
}
