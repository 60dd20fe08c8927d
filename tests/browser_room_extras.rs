//! How a room's moderation, directory, private messages and alerts land in the store, in
//! headless Chromium (ARCHITECTURE.md, "Tests, by layer"): who may kick or ban whom, quiet lines
//! for someone removed, a refusal shown until the next request, our service's public rooms, a
//! private message waiting on its occupant, and alerts only for live lines for us.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use browser_support::rooms::{in_lobby, joined, lobby, occupant, room, said, update, NOW};
use leptos::prelude::*;
use palaver::driver::Update;
use palaver::store::Store;
use palaver::xmpp::stanza::date::DateTime;
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::{BareJid, Content, Event, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn only_a_moderator_may_kick_and_only_an_owner_or_admin_may_ban_someone_below_them() {
    let store = Store::new();
    update(
        &store,
        Update::RoomJoinRequested {
            room: lobby(),
            nick: "alice".into(),
        },
    );
    apply(
        &store,
        joined("alice", Affiliation::Owner, Role::Moderator),
        NOW,
    );
    let mut bob = occupant("bob", true);
    bob.affiliation = Affiliation::None;
    bob.role = Role::Participant;
    bob.real_jid = Some(palaver::xmpp::Jid::parse("bob@localhost/web").unwrap());
    apply(&store, Event::Occupant(bob), NOW);
    let mut carol = occupant("carol", true);
    carol.affiliation = Affiliation::Admin;
    carol.role = Role::Moderator;
    apply(&store, Event::Occupant(carol), NOW);
    let r = room(&store);
    let (bob, carol) = (&r.occupants["bob"], &r.occupants["carol"]);
    assert!(
        r.may_kick(bob) && r.may_ban(bob),
        "the owner over a participant"
    );
    assert!(!r.may_kick(carol), "no kicking an admin");
    assert!(!r.may_ban(carol), "no ban without the real address");
    assert!(!r.may_kick(&r.occupants["alice"]), "not ourselves");

    // Seen by Bob, a participant: nothing.
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    let r = room(&store);
    assert!(!r.may_kick(&r.occupants["alice"]) && !r.may_ban(&r.occupants["alice"]));
}

#[wasm_bindgen_test]
fn someone_kicked_leaves_a_quiet_line_and_a_refusal_shows_until_the_next_request() {
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("dave", true)), NOW);
    let mut kicked = occupant("dave", false);
    kicked.codes = vec![StatusCode::Kicked];
    apply(&store, Event::Occupant(kicked), NOW);
    let mut left = occupant("erin", false);
    left.codes = Vec::new();
    apply(&store, Event::Occupant(left), NOW);
    let notices: Vec<String> = room(&store)
        .lines
        .iter()
        .filter(|l| l.notice)
        .map(|l| l.body.clone())
        .collect();
    assert_eq!(
        notices,
        ["dave joined.", "dave was removed from the room."],
        "a join is a quiet line (room_arrivals.rs), someone never seen leaving is none"
    );
    assert_eq!(room(&store).unread, 0, "a notice is not unread");

    apply(
        &store,
        Event::RoomRefused {
            room: lobby(),
            error: palaver::xmpp::stanza::StanzaError {
                kind: palaver::xmpp::stanza::ErrorType::Cancel,
                condition: "not-allowed".into(),
                text: None,
            },
        },
        NOW,
    );
    assert!(room(&store).refusal.is_some());
    update(&store, Update::RoomRequestSent(lobby()));
    assert_eq!(room(&store).refusal, None);
}

#[wasm_bindgen_test]
fn the_directory_knows_our_room_service_and_keeps_only_its_public_rooms() {
    let store = Store::new();
    let service = BareJid::parse("conference.localhost").unwrap();
    apply(
        &store,
        Event::ConferenceService {
            jid: service.clone(),
        },
        NOW,
    );
    let listing = |from: &BareJid| Event::PublicRooms {
        service: from.clone(),
        rooms: vec![palaver::xmpp::PublicRoom {
            jid: lobby(),
            name: Some("Lobby".into()),
        }],
        after: None,
        next: None,
    };
    apply(
        &store,
        listing(&BareJid::parse("rooms.elsewhere.example").unwrap()),
        NOW,
    );
    assert_eq!(
        store.room_directory.get_untracked().rooms,
        None,
        "another service's list is not ours"
    );
    apply(&store, listing(&service), NOW);
    let directory = store.room_directory.get_untracked();
    assert_eq!(directory.service, Some(service));
    assert_eq!(directory.rooms.map(|r| r.len()), Some(1));
}

#[wasm_bindgen_test]
fn a_private_message_waits_on_its_occupant_and_counts_for_the_room_until_read() {
    let store = in_lobby();
    let private = |body: &str| {
        Event::RoomPrivateMessage(palaver::xmpp::RoomPrivateMessage {
            room: lobby(),
            nick: "bob".into(),
            id: Some(body.into()),
            content: Content::Text(Text::plain(body)),
        })
    };
    apply(&store, private("psst"), NOW);
    let r = room(&store);
    assert_eq!(r.private["bob"].unread, 1);
    assert_eq!((r.unread, r.mentions), (1, 1), "for us, like a mention");
    assert!(r.lines.is_empty(), "never in the room's timeline");
    // The room on screen, the private conversation not: waiting on bob's row only.
    update(&store, Update::OpenRoom(Some(lobby())));
    apply(&store, private("still there?"), NOW);
    assert_eq!(room(&store).private["bob"].unread, 2);
    assert_eq!(room(&store).unread, 0);
    update(
        &store,
        Update::OpenRoomPrivate {
            room: lobby(),
            nick: Some("bob".into()),
        },
    );
    assert_eq!(room(&store).private["bob"].unread, 0);
    apply(&store, private("good"), NOW);
    assert_eq!(room(&store).private["bob"].unread, 0, "read as it arrives");
    update(
        &store,
        Update::RoomPrivateSaid {
            room: lobby(),
            nick: "bob".into(),
            id: "p1".into(),
            body: "yes".into(),
        },
    );
    let bodies: Vec<String> = room(&store).private["bob"]
        .lines
        .iter()
        .map(|l| l.body.clone())
        .collect();
    assert_eq!(bodies, ["psst", "still there?", "good", "yes"]);
}

#[wasm_bindgen_test]
fn only_live_lines_for_us_raise_an_alert() {
    let store = in_lobby();
    apply(&store, said("bob", "good morning", "s1", None, false), NOW);
    apply(
        &store,
        said(
            "bob",
            "carol: old",
            "s0",
            Some(DateTime::from_unix_millis(NOW as i64 - 60_000).unwrap()),
            false,
        ),
        NOW,
    );
    apply(
        &store,
        said("carol", "carol: note to self", "s2", None, true),
        NOW,
    );
    assert_eq!(
        store.last_room_alert.get_untracked(),
        None,
        "not for us, history, or ours"
    );
    apply(
        &store,
        said("bob", "carol: the report?", "s3", None, false),
        NOW,
    );
    let alert = store
        .last_room_alert
        .get_untracked()
        .expect("a mention alerts");
    assert_eq!(
        (alert.nick.as_str(), alert.body.as_str(), alert.private),
        ("bob", "carol: the report?", false)
    );
}

#[wasm_bindgen_test]
fn a_live_line_goes_last_and_counts_as_a_mention_whatever_the_rooms_clock_says() {
    let store = in_lobby();
    // History stamped a minute ahead of our clock (the room's clock runs fast).
    apply(
        &store,
        said(
            "bob",
            "old news",
            "s1",
            Some(DateTime::from_unix_millis(NOW as i64 + 60_000).unwrap()),
            false,
        ),
        NOW,
    );
    apply(&store, said("bob", "carol: now", "s2", None, false), NOW);
    let r = room(&store);
    assert_eq!(
        r.lines.back().map(|l| l.body.as_str()),
        Some("carol: now"),
        "live goes last"
    );
    assert_eq!((r.unread, r.mentions), (1, 1));
    assert_eq!(
        store.last_room_alert.get_untracked().map(|a| a.body),
        Some("carol: now".into())
    );
}

#[wasm_bindgen_test]
fn lines_alike_are_still_two_rows() {
    let store = in_lobby();
    for nick in ["dave", "erin"] {
        let mut kicked = occupant(nick, false);
        kicked.codes = vec![StatusCode::Kicked];
        apply(&store, Event::Occupant(kicked), NOW);
    }
    let seqs: Vec<u64> = room(&store).lines.iter().map(|l| l.seq).collect();
    assert_eq!(seqs.len(), 2);
    assert_ne!(seqs[0], seqs[1], "each line its own key");
}

#[wasm_bindgen_test]
fn private_conversations_are_bounded_and_an_emptied_seat_is_said() {
    let store = in_lobby();
    let from = |nick: &str| {
        Event::RoomPrivateMessage(palaver::xmpp::RoomPrivateMessage {
            room: lobby(),
            nick: nick.into(),
            id: None,
            content: Content::Text(Text::plain("hi")),
        })
    };
    for i in 0..(palaver::store::room::MAX_PRIVATE_CHATS + 10) {
        apply(&store, from(&format!("renamed-{i}")), NOW);
    }
    let r = room(&store);
    assert_eq!(r.private.len(), palaver::store::room::MAX_PRIVATE_CHATS);
    assert!(!r.private.contains_key("renamed-0"), "the oldest went");
    // Bob writes, then leaves: his seat is empty, and the conversation says so.
    apply(&store, Event::Occupant(occupant("bob", true)), NOW);
    apply(&store, from("bob"), NOW);
    apply(&store, Event::Occupant(occupant("bob", false)), NOW);
    let last = room(&store).private["bob"]
        .lines
        .back()
        .cloned()
        .expect("a line");
    assert!(
        last.notice && last.body.contains("someone else"),
        "{last:?}"
    );
}

#[wasm_bindgen_test]
fn a_request_that_could_not_be_sent_shows_where_refusals_do() {
    let store = in_lobby();
    update(
        &store,
        Update::RoomRequestFailed {
            room: lobby(),
            reason: "Not sent: you are not in this room (yet).".into(),
        },
    );
    assert_eq!(
        room(&store).refusal.as_deref(),
        Some("Not sent: you are not in this room (yet).")
    );
}

#[wasm_bindgen_test]
fn later_pages_add_rooms_and_rooms_say_what_they_are_once_asked() {
    let store = Store::new();
    let service = BareJid::parse("conference.localhost").unwrap();
    apply(
        &store,
        Event::ConferenceService {
            jid: service.clone(),
        },
        NOW,
    );
    let rooms = |names: &[&str]| {
        names
            .iter()
            .map(|n| palaver::xmpp::PublicRoom {
                jid: BareJid::parse(&format!("{n}@conference.localhost")).unwrap(),
                name: None,
            })
            .collect::<Vec<_>>()
    };
    let page = |names: &[&str], after: Option<&str>, next: Option<&str>| Event::PublicRooms {
        service: service.clone(),
        rooms: rooms(names),
        after: after.map(str::to_owned),
        next: next.map(str::to_owned),
    };
    apply(
        &store,
        page(&["a", "b"], None, Some("b@conference.localhost")),
        NOW,
    );
    assert!(store.room_directory.get_untracked().next.is_some());
    apply(
        &store,
        page(&["b", "c"], Some("b@conference.localhost"), None),
        NOW,
    );
    let directory = store.room_directory.get_untracked();
    let listed: Vec<String> = directory
        .rooms
        .unwrap()
        .iter()
        .map(|r| r.jid.to_string())
        .collect();
    assert_eq!(
        listed,
        [
            "a@conference.localhost",
            "b@conference.localhost",
            "c@conference.localhost"
        ],
        "a room listed on two pages is listed once"
    );
    assert_eq!(directory.next, None);
    // A description nobody asked for is not kept; one asked for is.
    let a = BareJid::parse("a@conference.localhost").unwrap();
    let described = Event::PublicRoomInfo {
        room: a.clone(),
        info: Some(palaver::xmpp::stanza::muc::RoomInfo {
            occupants: Some(3),
            ..Default::default()
        }),
    };
    apply(&store, described.clone(), NOW);
    assert!(store.room_directory.get_untracked().info.is_empty());
    update(&store, Update::RoomDescriptionAsked(a.clone()));
    assert_eq!(
        store.room_directory.get_untracked().info.get(&a),
        Some(&None)
    );
    apply(&store, described, NOW);
    assert_eq!(
        store.room_directory.get_untracked().info[&a]
            .as_ref()
            .and_then(|i| i.occupants),
        Some(3)
    );
    // A new listing starts afresh.
    apply(&store, page(&["d"], None, None), NOW);
    let directory = store.room_directory.get_untracked();
    assert_eq!(directory.rooms.map(|r| r.len()), Some(1));
    assert!(directory.info.is_empty());
}

/// XEP-0004 Example 2's bot form (every field type but jid-single, which is added), with a
/// label that looks like markup: text from the network must stay text.
const BOT_FORM: &str = r#"<x xmlns='jabber:x:data' type='form'><title>Bot Configuration</title><instructions>Fill out this form to configure your new bot!</instructions><field type='hidden' var='FORM_TYPE'><value>jabber:bot</value></field><field type='fixed'><value>Section 1: Bot Info</value></field><field type='text-single' label='The name of your &lt;b&gt;bot&lt;/b&gt;' var='botname'/><field type='text-multi' label='Helpful description of your bot' var='description'/><field type='boolean' label='Public bot?' var='public'><required/></field><field type='text-private' label='Password for special access' var='password'/><field type='list-multi' label='What features will the bot support?' var='features'><option label='Contests'><value>contests</value></option><option label='News'><value>news</value></option><option label='Polls'><value>polls</value></option><option label='Reminders'><value>reminders</value></option><option label='Search'><value>search</value></option><value>news</value><value>search</value></field><field type='list-single' label='Maximum number of subscribers' var='maxsubs'><value>20</value><option label='10'><value>10</value></option><option label='20'><value>20</value></option><option label='50'><value>50</value></option></field><field type='jid-single' label='Owner' var='owner'><required/></field><field type='jid-multi' label='People to invite' var='invitelist'><desc>Tell all your friends about your new bot!</desc></field></x>"#;

/// Fires `kind` (bubbling, as a user's input does) at `target`.
fn fire(target: &web_sys::Element, kind: &str) {
    let document = web_sys::window().unwrap().document().unwrap();
    let event = document.create_event("Event").unwrap();
    event.init_event_with_bubbles(kind, true);
    target.dispatch_event(&event).unwrap();
}

/// The control of the field `var` inside `root`.
fn control(root: &web_sys::Element, var: &str) -> web_sys::Element {
    root.query_selector(&format!(
        "[data-testid=form-field][data-var='{var}'] input, [data-testid=form-field][data-var='{var}'] textarea, [data-testid=form-field][data-var='{var}'] select"
    ))
    .unwrap()
    .unwrap_or_else(|| panic!("no control for {var}"))
}

fn set_value(element: &web_sys::Element, value: &str, event: &str) {
    js_sys::Reflect::set(element, &"value".into(), &value.into()).unwrap();
    fire(element, event);
}

#[wasm_bindgen_test]
async fn the_form_renders_every_field_type_as_text_and_collects_the_answers() {
    use palaver::ui::room::data_form::DataFormFields;
    use palaver::xmpp::stanza::data_form::DataForm;
    use palaver::xmpp::stanza::form::{initial_answers, problems, submission, Problem};
    use palaver::xmpp::xml::Element;
    use wasm_bindgen::JsCast;

    let form = DataForm::try_from(&Element::parse(BOT_FORM).unwrap()).unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let answers = RwSignal::new(initial_answers(&form));
    let found = RwSignal::new(Vec::<Problem>::new());
    let shown = form.clone();
    leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <DataFormFields form=shown.clone() answers problems=found/> }
    })
    .forget();
    gloo_timers::future::TimeoutFuture::new(0).await;

    // Every field but the hidden one, each marked with its type; labels as text.
    let fields = root.query_selector_all("[data-testid=form-field]").unwrap();
    let mut types = Vec::new();
    for i in 0..fields.length() {
        let field: web_sys::Element = fields.item(i).unwrap().unchecked_into();
        types.push(field.get_attribute("data-type").unwrap());
    }
    assert_eq!(
        types,
        [
            "fixed",
            "text-single",
            "text-multi",
            "boolean",
            "text-private",
            "list-multi",
            "list-single",
            "jid-single",
            "jid-multi"
        ]
    );
    assert!(root
        .query_selector("[data-var=FORM_TYPE]")
        .unwrap()
        .is_none());
    let text = root.text_content().unwrap();
    for shown in [
        "Bot Configuration",
        "Fill out this form to configure your new bot!",
        "Section 1: Bot Info",
        "The name of your <b>bot</b>",
        "Tell all your friends about your new bot!",
        "Reminders",
    ] {
        assert!(text.contains(shown), "{shown:?} in {text:?}");
    }
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "a label is never markup"
    );
    let public = root.query_selector("[data-var=public]").unwrap().unwrap();
    assert_eq!(
        public.get_attribute("data-required").as_deref(),
        Some("true")
    );
    assert!(
        public.text_content().unwrap().contains('*'),
        "required is marked"
    );
    assert_eq!(
        control(&root, "password").get_attribute("type").as_deref(),
        Some("password"),
        "a secret is masked"
    );

    // The user's input of each kind lands in the answers.
    set_value(&control(&root, "botname"), "The Jabber Google Bot", "input");
    set_value(
        &control(&root, "description"),
        "line one\nline two\n",
        "input",
    );
    let public_box: web_sys::HtmlInputElement = control(&root, "public").unchecked_into();
    public_box.set_checked(true);
    fire(&public_box, "change");
    set_value(&control(&root, "password"), "v3r0na", "input");
    let polls: web_sys::HtmlInputElement = root
        .query_selector("[data-var=features] input[data-value=polls]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    polls.set_checked(true);
    fire(&polls, "change");
    let news: web_sys::HtmlInputElement = root
        .query_selector("[data-var=features] input[data-value=news]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    news.set_checked(false);
    fire(&news, "change");
    set_value(&control(&root, "maxsubs"), "50", "change");
    set_value(
        &control(&root, "invitelist"),
        "juliet@capulet.com\n\nbenvolio@montague.net",
        "input",
    );
    let got = answers.get_untracked();
    assert_eq!(got["botname"], ["The Jabber Google Bot"]);
    assert_eq!(got["description"], ["line one", "line two"]);
    assert_eq!(got["public"], ["1"]);
    assert_eq!(got["password"], ["v3r0na"]);
    assert_eq!(
        got["features"],
        ["polls", "search"],
        "in the options' order"
    );
    assert_eq!(got["maxsubs"], ["50"]);
    assert_eq!(
        got["invitelist"],
        ["juliet@capulet.com", "benvolio@montague.net"]
    );

    // The required owner is missing: the problem shows at its field; then it is fixed.
    found.set(problems(&form, &got));
    gloo_timers::future::TimeoutFuture::new(0).await;
    let owner = root.query_selector("[data-var=owner]").unwrap().unwrap();
    let error = owner
        .query_selector("[data-testid=form-field-error]")
        .unwrap()
        .expect("the problem at its field");
    assert!(error.text_content().unwrap().contains("Owner"));
    set_value(&control(&root, "owner"), "romeo@montague.net", "input");
    let got = answers.get_untracked();
    found.set(problems(&form, &got));
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert!(root
        .query_selector("[data-testid=form-field-error]")
        .unwrap()
        .is_none());
    let submitted = submission(&form, &got);
    assert_eq!(
        submitted.form_type(),
        Some("jabber:bot"),
        "the hidden field goes back"
    );
    assert_eq!(
        submitted.field("owner").unwrap().values,
        ["romeo@montague.net"]
    );
    root.remove();
}
