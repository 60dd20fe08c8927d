//! The protocol core against a real Prosody over a native WebSocket (ARCHITECTURE.md, "Tests, by layer").
//!
//! Needs the server `scripts/test.sh` starts: run with
//! `PALAVER_TEST_HTTP_PORT=5380 cargo test --features prosody-tests --test prosody_live`.
//! Accounts: alice/alice and bob/bob on `localhost`, sharing the roster group "Demo".

use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use palaver::xmpp::xml::Element;
use palaver::xmpp::{
    BareJid, Bookmark, Config, Error, Event, Instant, Jid, Output, SaslCondition, Secret, Session,
    Show,
};
use sha2::{Digest, Sha256};
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use tungstenite::{Message, WebSocket};

/// How long any single expectation may take against a local server.
const PATIENCE: Duration = Duration::from_secs(15);

fn websocket_url() -> String {
    let port = std::env::var("PALAVER_TEST_HTTP_PORT").expect(
        "PALAVER_TEST_HTTP_PORT must name the test Prosody's HTTP port (scripts/test.sh sets it)",
    );
    format!("ws://127.0.0.1:{port}/xmpp-websocket")
}

/// One session driven over a blocking socket, as the browser transport drives it over a WebSocket.
struct LiveClient {
    socket: WebSocket<TcpStream>,
    session: Session,
    events: Vec<Event>,
    /// The frames we sent, for assertions about what went on the wire.
    sent: Vec<String>,
    /// The frames the server sent us.
    received: Vec<String>,
}

/// A fresh 32-byte seed per session: the wall clock, the process and a counter, hashed.
fn random_seed(user: &str) -> [u8; 32] {
    static SESSIONS: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_nanos();
    let mut hasher = Sha256::new();
    hasher.update(nanos.to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(SESSIONS.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.update(user.as_bytes());
    hasher.finalize().into()
}

impl LiveClient {
    fn connect(user: &str, password: &str) -> LiveClient {
        let url = websocket_url();
        let mut request = url.as_str().into_client_request().expect("valid URL");
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("xmpp"));
        let port: u16 = url
            .split(':')
            .nth(2)
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("port");
        let stream =
            TcpStream::connect(("127.0.0.1", port)).expect("the test Prosody is listening");
        let (socket, response) = tungstenite::client(request, stream).expect("WebSocket handshake");
        // RFC 7395 §3.1: the server must select the xmpp subprotocol.
        assert_eq!(
            response
                .headers()
                .get("Sec-WebSocket-Protocol")
                .map(|v| v.as_bytes()),
            Some(&b"xmpp"[..])
        );
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("timeout");
        let seed = random_seed(user);
        // A resource of its own per session, so parallel tests never replace each other.
        let resource: String = seed[..6].iter().map(|b| format!("{b:02x}")).collect();
        let config = Config {
            resource: Some(format!("live-{resource}")),
            secure_transport: true,
            ..Config::new(
                BareJid::parse(&format!("{user}@localhost")).expect("JID"),
                Secret::Password(password.into()),
                seed,
                palaver::xmpp::sasl::native_nfkc,
            )
        };
        let mut client = LiveClient {
            socket,
            session: Session::new(config, Instant::now()),
            events: Vec::new(),
            sent: Vec::new(),
            received: Vec::new(),
        };
        client.flush();
        client
    }

    /// Sends what the session queued; collects its events.
    fn flush(&mut self) {
        loop {
            match self.session.poll_output() {
                Output::Transmit(frame) => {
                    self.sent.push(frame.clone());
                    if self.socket.send(Message::text(frame)).is_err() {
                        self.session.handle_transport_closed(Instant::now(), 1006);
                    }
                }
                Output::Event(event) => self.events.push(event),
                Output::Timeout(at) => {
                    if Instant::now() >= at {
                        self.session.handle_timeout(Instant::now());
                        continue;
                    }
                    break;
                }
            }
        }
    }

    /// Pumps frames until an event matches `wanted`; returns it (and keeps the others).
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Event) -> bool) -> Event {
        match self.wait_for_until(Instant::now() + PATIENCE, wanted) {
            Some(event) => event,
            None => panic!("timed out waiting for {what}; events: {:#?}", self.events),
        }
    }

    /// Pumps frames until an event matches `wanted` or `deadline` passes.
    fn wait_for_until(
        &mut self,
        deadline: Instant,
        wanted: impl Fn(&Event) -> bool,
    ) -> Option<Event> {
        loop {
            if let Some(at) = self.events.iter().position(&wanted) {
                return Some(self.events.remove(at));
            }
            if Instant::now() >= deadline {
                return None;
            }
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    self.received.push(text.as_str().to_owned());
                    // A fatal error also arrives as Event::Disconnected, which tests wait for.
                    let _ = self.session.handle_frame(Instant::now(), text.as_str());
                }
                Ok(Message::Close(frame)) => {
                    let code = frame.map(|f| u16::from(f.code)).unwrap_or(1005);
                    self.session.handle_transport_closed(Instant::now(), code);
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => self.session.handle_transport_closed(Instant::now(), 1006),
            }
            self.session.handle_timeout(Instant::now());
            self.flush();
        }
    }

    /// Reads one more frame (or waits a moment), handing it to the session.
    fn wait_for_frame(&mut self) {
        let _ = self.wait_for_until(Instant::now() + Duration::from_millis(100), |_| false);
    }

    /// The SASL mechanisms the server offered in its first stream features.
    fn offered_mechanisms(&self) -> Vec<String> {
        self.received
            .iter()
            .filter_map(|frame| Element::parse(frame).ok())
            .find_map(|features| {
                features
                    .get_child("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl")
                    .map(|m| m.children().map(Element::text_content).collect())
            })
            .expect("the server offered SASL mechanisms")
    }

    fn online(user: &str) -> LiveClient {
        let mut client = LiveClient::connect(user, user);
        client.wait_for("online", |e| matches!(e, Event::Online { .. }));
        client.wait_for("roster", |e| matches!(e, Event::Roster { .. }));
        client
    }

    fn log_out(&mut self) {
        self.session.close();
        self.flush();
        self.wait_for("a clean disconnect", |e| {
            matches!(e, Event::Disconnected { error: None })
        });
    }
}

#[test]
fn logs_in_with_scram_and_gets_the_roster() {
    let mut alice = LiveClient::connect("alice", "alice");
    let auth = alice.wait_for("online", |e| matches!(e, Event::Online { .. }));
    let Event::Online { jid } = auth else {
        unreachable!()
    };
    assert_eq!(jid.bare().to_string(), "alice@localhost");
    // Prosody 0.12 offers SCRAM-SHA-1 and PLAIN (newer ones SCRAM-SHA-256 too): the strongest
    // SCRAM wins even though this loopback socket would allow PLAIN.
    let offered = alice.offered_mechanisms();
    assert!(
        offered.iter().any(|m| m == "SCRAM-SHA-1"),
        "offered: {offered:?}"
    );
    let strongest = if offered.iter().any(|m| m == "SCRAM-SHA-256") {
        "SCRAM-SHA-256"
    } else {
        "SCRAM-SHA-1"
    };
    let auth = alice
        .sent
        .iter()
        .find_map(|frame| Element::parse(frame).ok().filter(|e| e.name() == "auth"))
        .expect("an <auth/> was sent");
    assert_eq!(
        auth.get_attr("mechanism"),
        Some(strongest),
        "offered: {offered:?}"
    );
    let roster = alice.wait_for("roster", |e| matches!(e, Event::Roster { .. }));
    let Event::Roster { items, .. } = roster else {
        unreachable!()
    };
    let jids: Vec<String> = items.iter().map(|i| i.jid.to_string()).collect();
    assert!(
        jids.contains(&"bob@localhost".to_string()),
        "roster: {jids:?}"
    );
    alice.log_out();
}

#[test]
fn a_wrong_password_is_not_authorized() {
    let mut mallory = LiveClient::connect("alice", "wrong-password");
    let event = mallory.wait_for("the login failure", |e| {
        matches!(e, Event::Disconnected { .. })
    });
    let Event::Disconnected {
        error: Some(error @ Error::AuthFailed { .. }),
    } = event
    else {
        panic!("expected an auth failure, got {event:?}")
    };
    assert!(
        matches!(
            &error,
            Error::AuthFailed {
                condition: SaslCondition::NotAuthorized,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "Login failed: wrong user name or password."
    );
    assert_eq!(mallory.session.phase(), palaver::xmpp::Phase::Closed);
}

#[test]
fn messages_and_presence_travel_between_two_sessions() {
    let mut alice = LiveClient::online("alice");
    let mut bob = LiveClient::online("bob");
    let alice_jid = alice.session.bound_jid().expect("bound").clone();
    let bob_jid = bob.session.bound_jid().expect("bound").clone();

    // Each sees the other come online.
    alice.wait_for("bob online", |e| matches!(e, Event::Presence(p) if p.from.to_string() == bob_jid.to_string() && p.available));

    let body = "Hello Bob <3 & all";
    alice
        .session
        .send_message(&Jid::Full(bob_jid.clone()), body)
        .expect("online");
    alice.flush();
    let received = bob.wait_for(
        "alice's message",
        |e| matches!(e, Event::Message(m) if m.body() == Some(body)),
    );
    let Event::Message(message) = received else {
        unreachable!()
    };
    assert_eq!(message.from.to_string(), alice_jid.to_string());

    bob.session
        .set_presence(Show::Dnd, Some("In a meeting"))
        .expect("online");
    bob.flush();
    alice.wait_for("bob's dnd", |e| {
        matches!(e, Event::Presence(p) if p.from.bare() == bob_jid.bare() && p.show == Show::Dnd && p.status.as_deref() == Some("In a meeting"))
    });

    bob.log_out();
    alice.wait_for(
        "bob offline",
        |e| matches!(e, Event::Presence(p) if p.from.bare() == bob_jid.bare() && !p.available),
    );
    alice.log_out();
}

/// SASLprep (RFC 4013): Prosody hashes a password after preparing it, so a password with a
/// ligature, a soft hyphen, a Roman numeral and an umlaut only works if we prepare it the same
/// way. `zoe`'s password is registered exactly as typed below (scripts/prosody.sh).
#[test]
fn a_non_ascii_password_is_prepared_as_the_server_prepares_it() {
    let typed = "\u{FB01}le-\u{00AD}\u{216B}-\u{00C4}rger";
    let mut zoe = LiveClient::connect("zoe", typed);
    zoe.wait_for("online", |e| matches!(e, Event::Online { .. }));
    zoe.log_out();
    // The same password written in its prepared form is the same password.
    let mut again = LiveClient::connect("zoe", "file-XII-\u{00C4}rger");
    again.wait_for("online", |e| matches!(e, Event::Online { .. }));
    again.log_out();
}

/// XEP-0359 stanza ids are believed only once our account says it archives; Prosody's does, so
/// a live message carries the id our archive gave it.
#[test]
fn our_account_announces_its_archive_and_live_messages_carry_its_ids() {
    let mut alice = LiveClient::online("alice");
    let mut bob = LiveClient::online("bob");
    bob.wait_for("the server's features", |e| {
        matches!(e, Event::ServerFeatures { .. })
    });
    let bob_jid = bob.session.bound_jid().expect("bound").clone();
    let body = format!("archived {}", random_seed("archive")[0]);
    // Bob's account description may still be on its way: wait until it is here.
    let started = Instant::now();
    while !bob.received.iter().any(|f| {
        f.contains("from=\"bob@localhost\"") || f.contains("from='bob@localhost'")
    } && f.contains("urn:xmpp:mam:2"))
    {
        assert!(started.elapsed() < PATIENCE, "no account description with MAM");
        bob.wait_for_frame();
    }
    alice
        .session
        .send_message(&Jid::Full(bob_jid), &body)
        .expect("online");
    alice.flush();
    let received = bob.wait_for(
        "the message",
        |e| matches!(e, Event::Message(m) if m.body() == Some(body.as_str())),
    );
    let Event::Message(message) = received else {
        unreachable!()
    };
    assert!(message.archive_id.is_some(), "{message:?}");
    bob.log_out();
    alice.log_out();
}

/// XEP-0402 on Prosody's PEP: a bookmark saved with the XEP's publish-options comes back as our
/// server's notification, is in the list the next login fetches (and its room joined when it
/// says autojoin), and its removal is told too. Oscar's account, which no other test here uses;
/// the bookmark is removed at the end.
#[test]
fn a_bookmark_saved_comes_back_as_a_notification_and_in_the_next_logins_list() {
    let room = BareJid::parse(&format!(
        "bookmarked-{:02x}@conference.localhost",
        random_seed("bookmark")[0]
    ))
    .expect("JID");
    let bookmark = Bookmark {
        room: room.clone(),
        name: Some("Bookmarked by the live test".into()),
        autojoin: true,
        nick: Some("oscar-live".into()),
        password: None,
    };
    let mut oscar = LiveClient::online("oscar");
    oscar.wait_for("the bookmark list", |e| {
        matches!(e, Event::Bookmarks { .. })
    });
    oscar.session.add_bookmark(&bookmark).expect("online");
    oscar.flush();
    oscar.wait_for(
        "the bookmark's notification",
        |e| matches!(e, Event::BookmarkAdded(added) if *added == bookmark),
    );
    // Saved with autojoin, for a room this session is not in: joined here too.
    oscar.wait_for(
        "the room joined",
        |e| matches!(e, Event::RoomJoined { room: joined, .. } if *joined == room),
    );
    oscar.log_out();

    let mut next = LiveClient::online("oscar");
    next.wait_for(
        "the list with the bookmark",
        |e| matches!(e, Event::Bookmarks { bookmarks } if bookmarks.contains(&bookmark)),
    );
    next.wait_for("the room joined again", |e| {
        matches!(e, Event::RoomJoining { room: joining, nick } if *joining == room && nick == "oscar-live")
    });
    next.session.remove_bookmark(&room).expect("online");
    next.flush();
    next.wait_for(
        "the removal's notification",
        |e| matches!(e, Event::BookmarkRemoved { room: removed } if *removed == room),
    );
    assert!(
        !next
            .events
            .iter()
            .any(|e| matches!(e, Event::BookmarkFailed { .. })),
        "{:#?}",
        next.events
    );
    next.log_out();
}
