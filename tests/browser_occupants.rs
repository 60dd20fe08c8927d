//! A big room in headless Chromium (ARCHITECTURE.md, "Tests, by layer"): its occupants grouped
//! by role and virtualized (a thousand occupants put a screenful of rows in the page, and
//! scrolling reaches the last), joins and leaves as one coalesced quiet line, and a timeline of
//! hundreds of lines that puts only its window in the page.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use browser_support::rooms::{in_lobby, lobby, occupant, room, said, NOW};
use leptos::prelude::*;
use palaver::client::Client;
use palaver::persist::Keys;
use palaver::store::Store;
use palaver::xmpp::event::OccupantUpdate;
use palaver::xmpp::stanza::muc::{Affiliation, Role};
use palaver::xmpp::Event;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `nick` in the room with `role`, no affiliation.
fn seated(nick: &str, role: Role) -> OccupantUpdate {
    let mut update = occupant(nick, true);
    update.role = role;
    update.affiliation = Affiliation::None;
    update
}

/// A 700-pixel-high box with the app's stylesheet, in the page, for a view to be mounted in:
/// laid out as a `row` (the occupants beside the room) or a `column` (the room's main part).
fn stage(direction: &str) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("palaver-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("palaver-css");
        style.set_text_content(Some(include_str!("../style/palaver.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    root.set_attribute(
        "style",
        &format!("height: 700px; width: 900px; display: flex; flex-direction: {direction};"),
    )
    .unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts `view` under `root` with `store` and a client for it provided.
fn mount<V: IntoView + 'static>(
    root: &web_sys::HtmlElement,
    store: Store,
    view: impl FnOnce() -> V + 'static,
) {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(store);
        Client::new(store, Keys::with_prefix("occupants-test")).provide();
        view()
    })
    .forget();
}

/// Waits for the views to settle: effects, and the animation frames that measure and scroll.
async fn settle() {
    for _ in 0..3 {
        gloo_timers::future::TimeoutFuture::new(40).await;
    }
}

/// The `attribute` of every element matching `selector` under `root`, in page order.
fn all(root: &web_sys::Element, selector: &str, attribute: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute(attribute))
        .collect()
}

#[wasm_bindgen_test]
fn occupants_are_grouped_by_role_and_listed_by_nick_whatever_its_case() {
    use palaver::ui::room::occupant_list::{occupant_rows, OccupantListRow};
    let store = in_lobby();
    for (nick, role) in [
        ("bob", Role::Participant),
        ("Alice", Role::Participant),
        ("erin", Role::Visitor),
        ("dave", Role::Moderator),
    ] {
        apply(&store, Event::Occupant(seated(nick, role)), NOW);
    }
    let rows = occupant_rows(&room(&store).occupants, Some("bob"));
    let shown: Vec<String> = rows
        .iter()
        .map(|row| match row {
            OccupantListRow::Group { title, count, .. } => format!("{title} ({count})"),
            OccupantListRow::Person { occupant, open } => format!(
                "{}{}",
                occupant.nick,
                if *open { " (actions open)" } else { "" }
            ),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Moderators (1)",
            "dave",
            "Participants (3)",
            "Alice",
            "bob (actions open)",
            "carol",
            "Visitors (1)",
            "erin"
        ]
    );
    assert!(
        rows[4].height() > rows[3].height(),
        "open actions take room"
    );
}

#[wasm_bindgen_test]
async fn a_thousand_occupants_put_a_screenful_of_rows_in_the_page_and_scrolling_reaches_the_last() {
    use palaver::ui::room::occupant_list::OccupantList;
    let store = in_lobby();
    for i in 0..1000 {
        let role = match i {
            0..10 => Role::Moderator,
            10..950 => Role::Participant,
            _ => Role::Visitor,
        };
        apply(
            &store,
            Event::Occupant(seated(&format!("user{i:04}"), role)),
            NOW,
        );
    }
    let root = stage("row");
    let signal: RwSignal<_> = store.room(&lobby()).unwrap().into();
    mount(&root, store, move || {
        view! { <OccupantList jid=lobby() room=signal/> }
    });
    settle().await;
    let nicks = all(&root, "[data-testid=occupant]", "data-nick");
    assert!(
        !nicks.is_empty() && nicks.len() <= 60,
        "{} occupant rows in the page",
        nicks.len()
    );
    assert_eq!(nicks[0], "user0000", "moderators first");
    assert_eq!(
        all(&root, "[data-testid=occupant-group]", "data-count").first(),
        Some(&"10".to_owned()),
        "the moderators' header first, counted"
    );

    // Scrolled to the end: the last visitor, and no first rows.
    let scroller: web_sys::HtmlElement = root
        .query_selector(".occupant-scroll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    scroller.set_scroll_top(scroller.scroll_height());
    settle().await;
    let nicks = all(&root, "[data-testid=occupant]", "data-nick");
    assert!(nicks.len() <= 60, "{} rows after scrolling", nicks.len());
    assert_eq!(nicks.last().map(String::as_str), Some("user0999"));
    assert!(!nicks.contains(&"user0000".to_owned()));
    assert_eq!(
        all(&root, "[data-testid=occupant]", "data-role").last(),
        Some(&"visitor".to_owned()),
        "the visitors last"
    );
    assert!(
        scroller.scroll_top() + scroller.client_height() >= scroller.scroll_height() - 1,
        "scrolled to the very end, where the last row is"
    );

    // One who joins after: counted and listed where they belong.
    apply(
        &store,
        Event::Occupant(seated("user1000", Role::Visitor)),
        NOW + 1.0,
    );
    settle().await;
    let heading = root.query_selector(".section-title").unwrap().unwrap();
    assert_eq!(
        heading.text_content().as_deref(),
        Some("In the room (1002)"),
        "a thousand, carol and one more"
    );
    assert_eq!(
        all(&root, "[data-testid=occupant]", "data-nick").last(),
        Some(&"user1000".to_owned())
    );
    root.remove();
}

#[wasm_bindgen_test]
fn a_join_storm_after_ours_is_one_quiet_line_and_the_rooms_roster_none() {
    let store = palaver::store::Store::new();
    browser_support::rooms::update(
        &store,
        palaver::driver::Update::RoomJoinRequested {
            room: lobby(),
            nick: "carol".into(),
        },
    );
    // The room's roster, before our own presence: no lines.
    for i in 0..50 {
        apply(
            &store,
            Event::Occupant(seated(&format!("early{i:02}"), Role::Participant)),
            NOW,
        );
    }
    apply(
        &store,
        browser_support::rooms::joined("carol", Affiliation::None, Role::Participant),
        NOW,
    );
    assert!(room(&store).lines.is_empty());
    for i in 0..1000 {
        apply(
            &store,
            Event::Occupant(seated(&format!("bot{i:04}"), Role::Participant)),
            NOW + f64::from(i),
        );
    }
    apply(
        &store,
        Event::Occupant(occupant("early00", false)),
        NOW + 1_000.0,
    );
    let lines: Vec<String> = room(&store).lines.iter().map(|l| l.body.clone()).collect();
    assert_eq!(
        lines,
        ["bot0000, bot0001 and 998 others joined; early00 left."]
    );
    assert_eq!(room(&store).occupants.len(), 1050);
}

#[wasm_bindgen_test]
async fn a_timeline_of_500_lines_puts_only_its_window_in_the_page() {
    use palaver::ui::room::room_timeline::RoomTimeline;
    let store = in_lobby();
    for i in 0..500 {
        apply(
            &store,
            said(
                "alice",
                &format!("line {i:03}"),
                &format!("s{i}"),
                None,
                false,
            ),
            NOW + f64::from(i),
        );
    }
    let root = stage("column");
    let signal: RwSignal<_> = store.room(&lobby()).unwrap().into();
    mount(&root, store, move || {
        view! { <RoomTimeline jid=lobby() room=signal/> }
    });
    settle().await;
    let ids = all(&root, "[data-testid=chat-message]", "data-id");
    assert_eq!(ids.len(), 150, "the newest 150 of 500");
    assert_eq!(ids.last().map(String::as_str), Some("m-s499"));
    let list: web_sys::HtmlElement = root
        .query_selector("[data-testid=message-list]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        list.scroll_height() - list.scroll_top() - list.client_height() < 5,
        "at the newest"
    );

    // A burst while following: the newest show, the page stays bounded.
    for i in 500..700 {
        apply(
            &store,
            said(
                "alice",
                &format!("line {i:03}"),
                &format!("s{i}"),
                None,
                false,
            ),
            NOW + f64::from(i),
        );
    }
    settle().await;
    let ids = all(&root, "[data-testid=chat-message]", "data-id");
    assert!(ids.len() <= 200, "{} rows after a burst", ids.len());
    assert_eq!(ids.last().map(String::as_str), Some("m-s699"));

    // Reading back: older held lines come in at the top, never more than 300 rows.
    let hidden = || {
        list.get_attribute("data-hidden-above")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_default()
    };
    let before = hidden();
    assert!(before > 0);
    list.set_scroll_top(0);
    settle().await;
    assert!(hidden() < before, "older lines revealed");
    let rows = all(&root, "[data-testid=chat-message]", "data-id").len();
    assert!(rows <= 300, "{rows} rows while reading back");
    root.remove();
}
