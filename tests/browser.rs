//! Browser-only code, run in headless Chromium by wasm-bindgen-test (ARCHITECTURE.md, "Tests,
//! by layer"): configuration and routes, the endpoint policy as the browser parses URLs, login
//! failures, links, the roster list and avatars, and a browser without secure randomness.
//! Conversations are in `browser_conversations.rs`, message changes in `browser_edits.rs`.
//!
//! Run: `WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json CHROMEDRIVER=/usr/bin/chromedriver
//! cargo test --target wasm32-unknown-unknown --test browser --test browser_conversations
//! --test browser_edits` (scripts/test.sh does).
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::{apply, apply_transport_failure};
use leptos::prelude::*;
use palaver::config;
use palaver::driver::endpoint;
use palaver::driver::TransportFailure;
use palaver::store::{ConnectionState, Store};
use palaver::transport;
use palaver::ui::route;
use palaver::xmpp::{BareJid, Error, Event, SaslCondition, StreamCondition};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn bare(s: &str) -> BareJid {
    BareJid::parse(s).expect("test JID")
}

/// The endpoint policy judges what the browser's own URL parser makes of an address (the same
/// parser the WebSocket uses): odd spellings of loopback count, look-alikes do not.
#[wasm_bindgen_test]
fn websocket_urls_follow_the_endpoint_policy_as_the_browser_parses_them() {
    let check = |url: &str| endpoint::check(url, transport::url::parse).map(|e| e.url);
    assert!(check("wss://chat.example.org/xmpp-websocket").is_ok());
    assert!(check("ws://127.0.0.1:5280/xmpp-websocket").is_ok());
    assert!(check("ws://localhost:5280/xmpp-websocket").is_ok());
    assert!(check("WS://LOCALHOST:5280/xmpp-websocket").is_ok());
    assert!(check("ws://[::1]:5280/xmpp-websocket").is_ok());
    // WHATWG reads these as 127.0.0.1: still this machine.
    assert_eq!(
        check("ws://2130706433:5280/x").as_deref(),
        Ok("ws://127.0.0.1:5280/x")
    );
    assert!(check("ws://127.1:5280/x").is_ok());
    for refused in [
        "ws://127.evil.example/xmpp-websocket",
        "ws://127.0.0.1.evil.example/xmpp-websocket",
        "ws://chat.example.org/xmpp-websocket",
        "https://chat.example.org/",
        "not a url",
    ] {
        assert!(check(refused).is_err(), "{refused}");
    }
}

#[wasm_bindgen_test]
fn chat_routes_parse_bare_jids_only() {
    assert_eq!(
        route::parse("#/chat/bob@localhost"),
        Some(bare("bob@localhost"))
    );
    assert_eq!(
        route::parse("#/chat/Bob%40LocalHost"),
        Some(bare("bob@localhost"))
    );
    assert_eq!(route::parse("#/chat/bob@localhost/phone"), None);
    assert_eq!(route::parse("#/settings"), None);
    assert_eq!(
        route::chat_hash(&bare("bob@localhost")),
        "#/chat/bob@localhost"
    );
}

#[wasm_bindgen_test]
fn window_config_wins_and_password_comes_only_from_it() {
    let window = web_sys::window().expect("window");
    let object = js_sys::Object::new();
    js_sys::Reflect::set(
        &object,
        &"websocketUrl".into(),
        &"ws://127.0.0.1:5999/x".into(),
    )
    .unwrap();
    js_sys::Reflect::set(&object, &"jid".into(), &"carol@localhost".into()).unwrap();
    js_sys::Reflect::set(&object, &"password".into(), &"secret".into()).unwrap();
    js_sys::Reflect::set(&object, &"autoLogin".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::set(&object, &"mode".into(), &"embedded".into()).unwrap();
    js_sys::Reflect::set(&window, &"palaverConfig".into(), &object).unwrap();
    let boot = config::read();
    js_sys::Reflect::delete_property(&window, &"palaverConfig".into()).unwrap();
    assert_eq!(boot.websocket_url, "ws://127.0.0.1:5999/x");
    assert_eq!(boot.jid, "carol@localhost");
    assert_eq!(boot.password.as_deref(), Some("secret"));
    assert!(boot.auto_login);
    assert_eq!(boot.mode, config::Mode::Embedded);
}

#[wasm_bindgen_test]
fn failures_reach_the_login_form() {
    let store = Store::new();
    let error = Error::AuthFailed {
        condition: SaslCondition::NotAuthorized,
        text: None,
    };
    apply(&store, Event::Disconnected { error: Some(error) }, 0.0);
    assert_eq!(store.connection.get_untracked(), ConnectionState::Error);
    assert!(store
        .login_error
        .get_untracked()
        .unwrap()
        .contains("wrong user name or password"));
    apply_transport_failure(
        &store,
        TransportFailure::Unreachable {
            url: "ws://127.0.0.1:9/".into(),
        },
    );
    assert!(store
        .login_error
        .get_untracked()
        .unwrap()
        .contains("Could not connect to ws://127.0.0.1:9/"));
}

#[wasm_bindgen_test]
fn backoff_doubles_from_one_second_up_to_thirty_with_jitter() {
    use palaver::driver::backoff::Backoff;
    use std::time::Duration;
    let mut backoff = Backoff::default();
    let delays: Vec<Duration> = (0..7).map(|_| backoff.next_delay(0.5)).collect();
    let secs: Vec<u64> = delays.iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30]);
    assert_eq!(backoff.attempts(), 7);
    backoff.reset();
    assert_eq!(backoff.next_delay(0.0), Duration::from_millis(800));
    assert_eq!(backoff.next_delay(1.0), Duration::from_millis(2400));
    for _ in 0..100 {
        assert!(backoff.next_delay(0.99) <= Duration::from_secs(36));
    }
}

#[wasm_bindgen_test]
fn only_recoverable_failures_are_retried() {
    let is_retryable = Error::is_worth_retrying;
    assert!(is_retryable(&Error::TransportClosed { code: 1006 }));
    assert!(is_retryable(&Error::PingTimeout));
    assert!(is_retryable(&Error::StreamError {
        condition: StreamCondition::SystemShutdown,
        text: None
    }));
    assert!(!is_retryable(&Error::StreamError {
        condition: StreamCondition::Conflict,
        text: None
    }));
    assert!(!is_retryable(&Error::AuthFailed {
        condition: SaslCondition::NotAuthorized,
        text: None
    }));
}

#[wasm_bindgen_test]
fn only_http_https_and_xmpp_become_links() {
    use palaver::ui::chat::body_text::{me_action, segments, Segment};
    let text = |s: &str| Segment::Text(s.into());
    let link = |s: &str| Segment::Link(s.into());
    assert_eq!(
        segments("see https://example.org/a?b=1, or xmpp:bob@localhost."),
        [
            text("see "),
            link("https://example.org/a?b=1"),
            text(", or "),
            link("xmpp:bob@localhost"),
            text(".")
        ]
    );
    assert_eq!(
        segments("javascript:alert(1) data:text/html,x"),
        [text("javascript:alert(1) data:text/html,x")]
    );
    assert_eq!(
        segments("(HTTP://EXAMPLE.ORG)"),
        [text("(HTTP://EXAMPLE.ORG)")],
        "a link must start the word"
    );
    assert_eq!(
        segments("HTTP://EXAMPLE.ORG)"),
        [link("HTTP://EXAMPLE.ORG"), text(")")]
    );
    assert_eq!(
        segments("line one\n  https://a.b"),
        [text("line one\n  "), link("https://a.b")]
    );
    assert_eq!(segments("http://"), [text("http://")]);
    assert_eq!(me_action("/me waves"), Some("waves"));
    assert_eq!(me_action("/meow"), None);
    assert_eq!(me_action("/me "), None);
}

fn roster_of(size: usize) -> Vec<palaver::store::Contact> {
    (0..size)
        .map(|i| palaver::store::Contact {
            jid: bare(&format!("contact{i:05}@example.org")),
            name: Some(format!("Contact {i:05}")),
            groups: if i % 7 == 0 {
                Vec::new()
            } else {
                vec![format!("Team {:02}", i % 30)]
            },
            subscription: palaver::xmpp::Subscription::Both,
            ask_pending: false,
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_roster_lists_groups_then_the_ungrouped_and_folds_and_filters() {
    use palaver::ui::roster::rows::{build_rows, sort_contacts, RosterRow, RosterView, UNGROUPED};
    let contacts = roster_of(70);
    let sorted = sort_contacts(contacts.iter());
    let rows = build_rows(&sorted, &RosterView::default(), |_| false);
    let headers: Vec<(String, usize)> = rows
        .iter()
        .filter_map(|r| match r {
            RosterRow::Group { name, count, .. } => Some((name.clone(), *count)),
            RosterRow::Contact(_) => None,
        })
        .collect();
    assert_eq!(headers.first(), Some(&("Team 00".to_owned(), 2)));
    assert_eq!(
        headers.last(),
        Some(&(UNGROUPED.to_owned(), 10)),
        "the ungrouped come last"
    );
    assert_eq!(headers.iter().map(|(_, n)| n).sum::<usize>(), 70);
    assert!(matches!(&rows[1], RosterRow::Contact(c) if c.jid == bare("contact00030@example.org")));

    let folded = RosterView {
        collapsed: ["Team 00".to_owned(), "Team 01".to_owned()].into(),
        ..RosterView::default()
    };
    let rows = build_rows(&sorted, &folded, |_| false);
    assert!(matches!(
        &rows[0],
        RosterRow::Group {
            collapsed: true,
            count: 2,
            ..
        }
    ));
    assert!(matches!(
        &rows[1],
        RosterRow::Group {
            collapsed: true,
            count: 3,
            ..
        }
    ));
    assert!(
        matches!(&rows[2], RosterRow::Group { name, collapsed: false, .. } if name == "Team 02")
    );

    // The filter matches names and addresses, case-insensitively, and opens folded groups.
    let filtered = RosterView {
        filter: "CONTACT 00031".into(),
        ..folded
    };
    let rows = build_rows(&sorted, &filtered, |_| false);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(matches!(&rows[1], RosterRow::Contact(c) if c.jid == bare("contact00031@example.org")));

    let online = RosterView {
        online_only: true,
        ..RosterView::default()
    };
    let rows = build_rows(&sorted, &online, |jid| {
        jid == &bare("contact00002@example.org")
    });
    assert_eq!(rows.len(), 2, "one header, one contact: {rows:?}");

    // Without any group, a plain list.
    let plain: Vec<_> = roster_of(3)
        .into_iter()
        .map(|mut c| {
            c.groups.clear();
            c
        })
        .collect();
    let rows = build_rows(&sort_contacts(plain.iter()), &RosterView::default(), |_| {
        false
    });
    assert!(rows.iter().all(|r| matches!(r, RosterRow::Contact(_))));
}

#[wasm_bindgen_test]
fn only_the_rows_in_view_are_rendered() {
    use palaver::ui::roster::rows::{
        build_rows, row_offsets, sort_contacts, visible_rows, RosterView, CONTACT_ROW_PX,
    };
    let contacts = roster_of(10_000);
    let rows = build_rows(
        &sort_contacts(contacts.iter()),
        &RosterView::default(),
        |_| false,
    );
    let offsets = row_offsets(&rows);
    assert_eq!(offsets.len(), rows.len() + 1);
    let top = visible_rows(&offsets, 0.0, 800.0, 0.0);
    assert_eq!(top.start, 0);
    assert!(top.len() <= (800.0 / 30.0) as usize + 1);
    let middle = visible_rows(&offsets, 200_000.0, 800.0, 400.0);
    assert!(offsets[middle.start] <= 199_600.0 && offsets[middle.start + 1] > 199_600.0);
    assert!(middle.len() as f64 <= 1_600.0 / CONTACT_ROW_PX + 30.0 / CONTACT_ROW_PX * 10.0 + 2.0);
    let total = *offsets.last().unwrap_or(&0.0);
    let bottom = visible_rows(&offsets, total - 800.0, 800.0, 0.0);
    assert_eq!(bottom.end, rows.len(), "the last row is reachable");
    assert!(visible_rows(&offsets, total + 5_000.0, 800.0, 0.0).is_empty());
    assert!(
        visible_rows(&[0.0], 0.0, 800.0, 0.0).is_empty(),
        "an empty roster"
    );
}

/// Ten thousand contacts: grouping keeps every one exactly once (under its group, the
/// ungrouped last), and a filter finds exactly those that match. How fast this is belongs to the
/// benchmark (`scripts/bench.sh`, rosters of 2,000 and 10,000 beside Converse.js), not to a
/// timed test on a shared machine.
#[wasm_bindgen_test]
fn grouping_and_filtering_keep_every_one_of_10000_contacts() {
    use palaver::ui::roster::rows::{build_rows, sort_contacts, RosterRow, RosterView};
    let contacts = roster_of(10_000);
    let sorted = sort_contacts(contacts.iter());
    let rows = build_rows(&sorted, &RosterView::default(), |_| false);
    let mut seen: Vec<String> = rows
        .iter()
        .filter_map(|r| match r {
            RosterRow::Contact(c) => Some(c.jid.to_string()),
            RosterRow::Group { .. } => None,
        })
        .collect();
    let headers = rows.len() - seen.len();
    assert_eq!(headers, 31, "30 teams and the ungrouped");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 10_000, "every contact once");
    let view = RosterView {
        filter: "contact 0999".into(),
        ..RosterView::default()
    };
    let found: Vec<String> = build_rows(&sorted, &view, |_| false)
        .iter()
        .filter_map(|r| match r {
            RosterRow::Contact(c) => Some(c.jid.to_string()),
            RosterRow::Group { .. } => None,
        })
        .collect();
    // Names are "Contact 09990" … "Contact 09999"; no address holds a space.
    let mut expected_sorted: Vec<String> = (9990..10_000)
        .map(|i| format!("contact{i:05}@example.org"))
        .collect();
    expected_sorted.sort();
    let mut found_sorted = found;
    found_sorted.sort();
    assert_eq!(found_sorted, expected_sorted);
}

#[wasm_bindgen_test]
fn avatars_use_initials_and_the_xep_0392_colour() {
    use palaver::ui::avatar::{hue, initials};
    assert_eq!(initials("Ada Lovelace"), "AL");
    assert_eq!(initials("Ada King Lovelace"), "AL");
    assert_eq!(initials("bob@localhost"), "B");
    assert_eq!(initials("émile zola"), "ÉZ");
    assert_eq!(initials(""), "");
    // XEP-0392 §13.1 test vectors (hue angle).
    assert!((hue(&bare("juliet@capulet.lit")) - 209.410_400).abs() < 0.001);
}

/// A see-other-host redirect keeps the scheme, port and path, takes only a host, and never
/// leads from wss:// to ws:// (the driver counts the hops).
#[wasm_bindgen_test]
fn redirects_keep_the_endpoint_on_the_named_host_and_never_downgrade() {
    use palaver::xmpp::Redirect;
    let follow = |from: &str, to: Redirect| {
        endpoint::redirect(from, &to, transport::url::parse).map(|e| e.url)
    };
    assert_eq!(
        follow(
            "wss://chat.example.org/xmpp-websocket",
            Redirect::Host("chat2.example.org:5281".into())
        ),
        Ok("wss://chat2.example.org:5281/xmpp-websocket".to_owned())
    );
    assert!(follow(
        "wss://chat.example.org/xmpp-websocket",
        Redirect::Uri("ws://evil.example/ws".into())
    )
    .is_err());
    assert!(follow(
        "wss://chat.example.org/xmpp-websocket",
        Redirect::Uri("ws://127.0.0.1:5280/xmpp-websocket".into())
    )
    .is_err());
    assert!(follow(
        "ws://127.0.0.1:5280/xmpp-websocket",
        Redirect::Host("evil.example".into())
    )
    .is_err());
}

/// A browser that gives no secure random numbers (`crypto.getRandomValues` throwing): Palaver
/// refuses to log in rather than use predictable SCRAM nonces and stanza ids, and says why.
#[wasm_bindgen_test]
async fn without_secure_random_numbers_palaver_refuses_to_log_in() {
    use palaver::client::{Client, LoginRequest};
    use palaver::persist::Keys;
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).expect("crypto");
    let failing = js_sys::Function::new_no_args("throw new Error('no entropy here')");
    js_sys::Reflect::set(&crypto, &"getRandomValues".into(), &failing).expect("replaced");
    let owner = Owner::new();
    let store = owner.with(Store::new);
    let client = owner.with(|| Client::new(store, Keys::with_prefix("random-test")));
    client.log_in(LoginRequest {
        jid: bare("alice@localhost"),
        secret: palaver::xmpp::Secret::Password("alice".into()),
        websocket_url: "ws://127.0.0.1:9/xmpp-websocket".into(),
        remember: false,
        register: false,
    });
    // The login reads the outbox (IndexedDB) first: wait for its verdict.
    let mut waited = 0;
    while store.login_error.get_untracked().is_none() && waited < 100 {
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited += 1;
    }
    // Put the browser's own method back for the other tests.
    js_sys::Reflect::delete_property(
        crypto.unchecked_ref::<js_sys::Object>(),
        &"getRandomValues".into(),
    )
    .expect("restored");
    assert_eq!(store.connection.get_untracked(), ConnectionState::Error);
    assert!(
        store
            .login_error
            .get_untracked()
            .is_some_and(|e| e.contains("no secure random numbers")),
        "{:?}",
        store.login_error.get_untracked()
    );
}
