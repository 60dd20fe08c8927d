//! Creating, configuring and destroying rooms (XEP-0045 §10), with the XEP's own stanzas: a new
//! room configured through its form before anyone else can enter (§10.1.3), a refused or
//! cancelled configuration, the owner's later reconfiguration (§10.2), the room's word that its
//! configuration changed (§10.2.1), and its destruction (§10.9).

mod common;

use common::muc::{coven, in_room, online, receive, stanza};
use common::muc_forms::{EXAMPLE_157, EXAMPLE_165};
use common::Harness;
use palaver::xmpp::event::RoomConfigError;
use palaver::xmpp::stanza::data_form::{DataForm, FieldType, FormType};
use palaver::xmpp::stanza::form::{initial_answers, Answers};
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::xml::Element;
use palaver::xmpp::{ApiMisuse, Event, Jid};

const COVEN: &str = "coven@chat.shakespeare.lit";
const OWNER: &str = "http://jabber.org/protocol/muc#owner";
const DATA: &str = "jabber:x:data";

/// Example 154: the room did not exist; we own it and it is locked (201).
const CREATED: &str = r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='owner'
          role='moderator'/>
    <status code='110'/>
    <status code='201'/>
  </x>
</presence>"#;

/// Example 202, as the room sends it to us (firstwitch) when it is destroyed.
const DESTROYED: &str = r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'/>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </x>
</presence>"#;

/// The one owner query among `sent`: its IQ type, id and payload.
fn owner_request(sent: &[String]) -> (String, String, Element) {
    let iqs: Vec<Element> = sent
        .iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .filter(|e| e.get_child("query", OWNER).is_some())
        .collect();
    assert_eq!(iqs.len(), 1, "one owner query: {sent:#?}");
    let iq = &iqs[0];
    assert_eq!(iq.get_attr("to"), Some(COVEN), "to the room itself");
    let query = iq.get_child("query", OWNER).unwrap().clone();
    (
        iq.get_attr("type").unwrap().to_owned(),
        iq.get_attr("id").unwrap().to_owned(),
        query,
    )
}

/// What the session sent since the last look (after a command too).
fn sent(h: &mut Harness) -> Vec<String> {
    h.drain();
    h.take_sent()
}

/// The room's answer `example` (an IQ of the XEP) to our request `id`.
fn answer(h: &mut Harness, example: &str, id: &str) {
    let with_our_id = example
        .replacen("id='create1'", &format!("id='{id}'"), 1)
        .replacen("id='create2'", &format!("id='{id}'"), 1)
        .replacen("id='config1'", &format!("id='{id}'"), 1)
        .replacen("id='begone'", &format!("id='{id}'"), 1)
        .replacen("id='destroytest'", &format!("id='{id}'"), 1);
    h.recv_ok(&stanza(&with_our_id));
}

fn result(h: &mut Harness, id: &str) {
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='{COVEN}'/>"
    ));
}

/// Alice has joined the coven as firstwitch asking to configure it if new, and it is new: the
/// form has been asked for (its request id returned).
fn creating() -> (Harness, String) {
    let mut h = online();
    h.session
        .join_room_to_configure(&coven(), "firstwitch", None)
        .expect("online");
    h.drain();
    h.take_sent();
    let events = receive(&mut h, &[CREATED]);
    assert_eq!(events, [], "not 'joined' while the room is locked");
    let (kind, id, query) = owner_request(&sent(&mut h));
    // Example 156: an IQ get with an empty owner query.
    assert_eq!(kind, "get");
    assert_eq!(query.children().count(), 0);
    (h, id)
}

/// The form of the room's answer, from the one event it brought.
fn form_event(events: Vec<Event>, creating_expected: bool) -> DataForm {
    match events.as_slice() {
        [Event::RoomConfigForm {
            room,
            form,
            creating,
        }] => {
            assert_eq!(room, &coven());
            assert_eq!(*creating, creating_expected);
            form.clone()
        }
        other => panic!("expected the form: {other:?}"),
    }
}

fn set(answers: &mut Answers, var: &str, values: &[&str]) {
    answers.insert(var.into(), values.iter().map(|v| (*v).to_owned()).collect());
}

#[test]
fn a_new_room_is_configured_through_its_form_before_it_opens() {
    let (mut h, id) = creating();
    answer(&mut h, EXAMPLE_157, &id);
    let form = form_event(h.take_events(), true);
    assert_eq!(form.kind, FormType::Form);
    assert_eq!(
        form.title.as_deref(),
        Some(r#"Configuration for "coven" Room"#)
    );
    assert!(form.instructions[0].contains("Your room coven@macbeth has been created!"));
    assert_eq!(form.fields.len(), 24);
    assert_eq!(
        form.form_type(),
        Some("http://jabber.org/protocol/muc#roomconfig")
    );
    let allowpm = form.field("muc#roomconfig_allowpm").unwrap();
    assert_eq!(allowpm.effective_type(), FieldType::ListSingle);
    assert_eq!(allowpm.options.len(), 4);
    assert_eq!(
        allowpm.options[1].label.as_deref(),
        Some("Anyone with Voice")
    );
    let roomsecret = form.field("muc#roomconfig_roomsecret").unwrap();
    assert_eq!(roomsecret.effective_type(), FieldType::TextPrivate);
    assert_eq!(
        form.field("muc#roomconfig_roomadmins")
            .unwrap()
            .effective_type(),
        FieldType::JidMulti
    );
    // The owner fills it in as Example 159 does.
    let mut answers = initial_answers(&form);
    set(&mut answers, "muc#roomconfig_roomname", &["A Dark Cave"]);
    set(
        &mut answers,
        "muc#roomconfig_roomdesc",
        &["The place for all good witches!"],
    );
    set(&mut answers, "muc#roomconfig_changesubject", &["1"]);
    set(&mut answers, "muc#roomconfig_maxusers", &["10"]);
    set(&mut answers, "muc#roomconfig_publicroom", &["0"]);
    set(&mut answers, "muc#roomconfig_passwordprotectedroom", &["1"]);
    set(&mut answers, "muc#roomconfig_roomsecret", &["cauldronburn"]);
    set(&mut answers, "muc#roomconfig_whois", &["moderators"]);
    set(
        &mut answers,
        "muc#roomconfig_roomadmins",
        &["wiccarocks@shakespeare.lit", "hecate@shakespeare.lit"],
    );
    h.session
        .configure_room(&coven(), &form, &answers)
        .expect("in the room");
    let (kind, id, query) = owner_request(&sent(&mut h));
    assert_eq!(kind, "set");
    let submitted = DataForm::try_from(query.get_child("x", DATA).unwrap()).unwrap();
    assert_eq!(submitted.kind, FormType::Submit);
    let values = |var: &str| submitted.field(var).map(|f| f.values.clone());
    // Example 159's values, the form's own where the owner changed nothing.
    for (var, expected) in [
        (
            "FORM_TYPE",
            vec!["http://jabber.org/protocol/muc#roomconfig"],
        ),
        ("muc#roomconfig_roomname", vec!["A Dark Cave"]),
        (
            "muc#roomconfig_roomdesc",
            vec!["The place for all good witches!"],
        ),
        ("muc#roomconfig_enablelogging", vec!["0"]),
        ("muc#roomconfig_changesubject", vec!["1"]),
        ("muc#roomconfig_allowpm", vec!["anyone"]),
        ("muc#roomconfig_maxusers", vec!["10"]),
        ("muc#roomconfig_publicroom", vec!["0"]),
        ("muc#roomconfig_passwordprotectedroom", vec!["1"]),
        ("muc#roomconfig_roomsecret", vec!["cauldronburn"]),
        ("muc#roomconfig_whois", vec!["moderators"]),
        ("muc#maxhistoryfetch", vec!["50"]),
        (
            "muc#roomconfig_roomadmins",
            vec!["wiccarocks@shakespeare.lit", "hecate@shakespeare.lit"],
        ),
        ("muc#roomconfig_roomowners", vec![]),
        ("muc#roomconfig_lang", vec![]),
    ] {
        assert_eq!(
            values(var),
            Some(expected.iter().map(|v| v.to_string()).collect()),
            "{var}"
        );
    }
    assert!(
        submitted
            .fields
            .iter()
            .all(|f| f.var.is_some() && f.kind != Some(FieldType::Fixed)),
        "no fixed field goes back"
    );
    assert_eq!(
        submitted.fields.len(),
        21,
        "the 24 fields but the 3 fixed ones"
    );
    assert_eq!(h.take_events(), [], "still locked until the room says yes");
    // Example 160: now the room is open, to us and to others.
    result(&mut h, &id);
    assert_eq!(
        h.take_events(),
        [
            Event::RoomConfigured { room: coven() },
            Event::RoomJoined {
                room: coven(),
                nick: "firstwitch".into(),
                affiliation: Affiliation::Owner,
                role: Role::Moderator,
                codes: vec![StatusCode::SelfPresence, StatusCode::RoomCreated],
            }
        ]
    );
    // Kept as a bookmark now that others can join it too (the read before saving it).
    let frames = sent(&mut h);
    assert!(
        frames.iter().any(|f| f.contains("urn:xmpp:bookmarks:1")),
        "kept once open: {frames:#?}"
    );
}

#[test]
fn a_refused_configuration_can_be_sent_again_and_the_room_stays_unopened_meanwhile() {
    let (mut h, id) = creating();
    answer(&mut h, EXAMPLE_157, &id);
    let form = form_event(h.take_events(), true);
    let answers = initial_answers(&form);
    h.session.configure_room(&coven(), &form, &answers).unwrap();
    let (_, id, _) = owner_request(&sent(&mut h));
    // Example 161.
    answer(
        &mut h,
        r#"<iq from='coven@chat.shakespeare.lit'
    id='create2'
    to='crone1@shakespeare.lit/desktop'
    type='error'>
  <error type='modify'>
    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</iq>"#,
        &id,
    );
    match h.take_events().as_slice() {
        [Event::RoomConfigFailed {
            room,
            error: RoomConfigError::Refused(error),
            with_defaults: false,
        }] => {
            assert_eq!(room, &coven());
            assert_eq!(error.condition, "not-acceptable");
        }
        other => panic!("expected the refusal: {other:?}"),
    }
    assert!(
        !sent(&mut h).iter().any(|f| f.contains("bookmarks")),
        "nothing kept"
    );
    h.session.configure_room(&coven(), &form, &answers).unwrap();
    let (_, id, _) = owner_request(&sent(&mut h));
    result(&mut h, &id);
    let events = h.take_events();
    assert!(
        matches!(
            events.as_slice(),
            [Event::RoomConfigured { .. }, Event::RoomJoined { .. }]
        ),
        "{events:?}"
    );
}

#[test]
fn cancelling_a_new_room_destroys_it_and_nothing_is_joined_or_kept() {
    // A service that destroys it itself (§10.1.3): its removal comes before its answer.
    let (mut h, id) = creating();
    answer(&mut h, EXAMPLE_157, &id);
    h.take_events();
    h.session.cancel_room_config(&coven()).expect("in the room");
    let (kind, id, query) = owner_request(&sent(&mut h));
    // Example 162.
    assert_eq!(kind, "set");
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="cancel"/></query>"#
    );
    let events = receive(&mut h, &[DESTROYED]);
    assert!(
        matches!(
            events.as_slice(),
            [Event::RoomLeft {
                destroyed: Some(_),
                ..
            }]
        ),
        "{events:?}"
    );
    result(&mut h, &id);
    assert_eq!(h.take_events(), []);
    assert_eq!(sent(&mut h), Vec::<String>::new(), "nothing more to ask");

    // A service that only says "ok" and keeps the room locked (Prosody 0.12): we destroy it.
    let (mut h, id) = creating();
    answer(&mut h, EXAMPLE_157, &id);
    h.take_events();
    h.session.cancel_room_config(&coven()).unwrap();
    let (_, id, _) = owner_request(&sent(&mut h));
    result(&mut h, &id);
    let (kind, _, query) = owner_request(&sent(&mut h));
    assert_eq!(kind, "set");
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/muc#owner"><destroy/></query>"#
    );
    let events = receive(&mut h, &[DESTROYED]);
    assert!(
        matches!(
            events.as_slice(),
            [Event::RoomLeft {
                destroyed: Some(_),
                ..
            }]
        ),
        "never joined, only gone: {events:?}"
    );
    assert!(!sent(&mut h).iter().any(|f| f.contains("bookmarks")));
}

#[test]
fn a_room_with_nothing_to_configure_or_an_unreadable_form() {
    // Example 158: nothing to configure is a form without fields (submitting it opens the room).
    let (mut h, id) = creating();
    answer(
        &mut h,
        r#"<iq from='coven@chat.shakespeare.lit'
    id='create1'
    to='crone1@shakespeare.lit/desktop'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#owner'/>
</iq>"#,
        &id,
    );
    let form = form_event(h.take_events(), true);
    assert!(form.fields.is_empty());
    h.session
        .configure_room(&coven(), &form, &Answers::new())
        .unwrap();
    let (_, _, query) = owner_request(&sent(&mut h));
    // Example 155's instant room.
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"/></query>"#
    );

    // A form past the bounds cannot be shown: the new room opens with the defaults instead.
    let (mut h, id) = creating();
    let fields = "<field type='boolean' var='x'/>".repeat(300);
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='{COVEN}'>\
         <query xmlns='{OWNER}'><x xmlns='{DATA}' type='form'>{fields}</x></query></iq>"
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::RoomConfigFailed {
            error: RoomConfigError::BadForm(_),
            with_defaults: true,
            ..
        }]
    ));
    let (_, id, query) = owner_request(&sent(&mut h));
    assert_eq!(
        query.get_child("x", DATA).and_then(|x| x.get_attr("type")),
        Some("submit"),
        "the instant room"
    );
    result(&mut h, &id);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::RoomJoined { .. }]
    ));
}

#[test]
fn the_owner_reconfigures_the_room_from_its_current_settings() {
    let mut h = in_room(COVEN, "firstwitch");
    assert_eq!(
        h.session
            .request_room_config(&common::muc::room("lobby@chat.shakespeare.lit")),
        Err(ApiMisuse::NotInRoom)
    );
    h.session
        .request_room_config(&coven())
        .expect("in the room");
    // Example 163.
    let (kind, id, query) = owner_request(&sent(&mut h));
    assert_eq!(kind, "get");
    assert_eq!(query.children().count(), 0);
    // Only the room answers for itself.
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='mallory@evil.example'>\
         <query xmlns='{OWNER}'><x xmlns='{DATA}' type='form'/></query></iq>"
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { reason }] if reason.contains("unexpected sender")
    ));
    // Example 165: the current settings as the form's values.
    answer(&mut h, EXAMPLE_165, &id);
    let form = form_event(h.take_events(), false);
    let answers = initial_answers(&form);
    assert_eq!(answers["muc#roomconfig_roomname"], ["A Dark Cave"]);
    assert_eq!(answers["muc#roomconfig_passwordprotectedroom"], ["1"]);
    assert_eq!(answers["muc#roomconfig_roomsecret"], ["cauldronburn"]);
    assert_eq!(
        answers["muc#roomconfig_roomadmins"],
        ["wiccarocks@shakespeare.lit", "hecate@shakespeare.lit"]
    );
    let mut answers = answers;
    set(&mut answers, "muc#roomconfig_roomname", &["A Darker Cave"]);
    h.session.configure_room(&coven(), &form, &answers).unwrap();
    let (_, id, query) = owner_request(&sent(&mut h));
    assert!(query.to_string().contains("A Darker Cave"));
    result(&mut h, &id);
    assert_eq!(
        h.take_events(),
        [Event::RoomConfigured { room: coven() }],
        "already in: no second 'joined'"
    );
    // Example 166: cancelling a later configuration leaves the room as it was.
    h.session.cancel_room_config(&coven()).unwrap();
    let (_, id, query) = owner_request(&sent(&mut h));
    assert!(query.to_string().contains(r#"type="cancel""#));
    result(&mut h, &id);
    assert_eq!(h.take_events(), []);
    assert_eq!(sent(&mut h), Vec::<String>::new(), "nothing destroyed");
}

#[test]
fn a_non_owner_is_refused_the_form() {
    let mut h = in_room(COVEN, "thirdwitch");
    h.session.request_room_config(&coven()).unwrap();
    let (_, id, _) = owner_request(&sent(&mut h));
    // Example 164.
    answer(
        &mut h,
        r#"<iq from='coven@chat.shakespeare.lit'
    id='config1'
    to='wiccarocks@shakespeare.lit/laptop'
    type='error'>
  <query xmlns='http://jabber.org/protocol/muc#owner'/>
  <error type='auth'>
    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</iq>"#,
        &id,
    );
    match h.take_events().as_slice() {
        [Event::RoomConfigFailed {
            error: RoomConfigError::Refused(error),
            ..
        }] => assert_eq!(error.condition, "forbidden"),
        other => panic!("expected the refusal: {other:?}"),
    }
}

#[test]
fn the_room_says_its_configuration_changed() {
    let mut h = in_room(COVEN, "thirdwitch");
    // Example 171, and the 104 a room sends for any other change.
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit'
         id='80349046-F26A-44F3-A7A6-54825064DD9E'
         to='crone1@shakespeare.lit/desktop'
         type='groupchat'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <status code='170'/>
  </x>
</message>"#,
            r#"<message from='coven@chat.shakespeare.lit' type='groupchat'><x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>"#,
            // An occupant cannot speak for the room.
            r#"<message from='coven@chat.shakespeare.lit/secondwitch' type='groupchat'><x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>"#,
        ],
    );
    assert_eq!(
        events,
        [
            Event::RoomConfigChanged {
                room: coven(),
                codes: vec![StatusCode::LoggingEnabled]
            },
            Event::RoomConfigChanged {
                room: coven(),
                codes: vec![StatusCode::ConfigurationChanged]
            },
        ]
    );
}

#[test]
fn the_owner_destroys_the_room_and_is_put_out_with_everyone() {
    let mut h = in_room(COVEN, "firstwitch");
    let venue = common::muc::room("heath@chat.shakespeare.lit");
    h.session
        .destroy_room(&coven(), Some(" Macbeth doth come. "), Some(&venue))
        .expect("in the room");
    let (kind, id, query) = owner_request(&sent(&mut h));
    // Example 201 (here the coven goes, and the heath is where it goes on).
    assert_eq!(kind, "set");
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/muc#owner"><destroy jid="heath@chat.shakespeare.lit"><reason>Macbeth doth come.</reason></destroy></query>"#
    );
    // Example 202 to us, then Example 203.
    let events = receive(&mut h, &[DESTROYED]);
    match events.as_slice() {
        [Event::RoomLeft {
            room,
            reason,
            destroyed: Some(destroyed),
            ..
        }] => {
            assert_eq!(room, &coven());
            assert_eq!(reason.as_deref(), Some("Macbeth doth come."));
            assert_eq!(destroyed.jid, Some(Jid::parse(COVEN).unwrap()));
        }
        other => panic!("expected our removal: {other:?}"),
    }
    result(&mut h, &id);
    assert_eq!(h.take_events(), []);

    // Example 204: someone who is not an owner is refused.
    let mut h = in_room(COVEN, "secondwitch");
    h.session.destroy_room(&coven(), None, None).unwrap();
    let (_, id, query) = owner_request(&sent(&mut h));
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/muc#owner"><destroy/></query>"#
    );
    answer(
        &mut h,
        r#"<iq from='heath@chat.shakespeare.lit'
    id='destroytest'
    to='wiccarocks@shakespeare.lit/laptop'
    type='error'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </query>
  <error type='auth'>
    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</iq>"#
            .replace("heath@", "coven@")
            .as_str(),
        &id,
    );
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::RoomConfigFailed {
            error: RoomConfigError::Refused(_),
            ..
        }]
    ));
}

#[test]
fn without_asking_a_new_room_is_still_an_instant_room() {
    let mut h = online();
    h.session
        .join_room_and_keep(&coven(), "firstwitch", None)
        .unwrap();
    h.drain();
    h.take_sent();
    receive(&mut h, &[CREATED]);
    let frames = sent(&mut h);
    let (kind, id, query) = owner_request(&frames);
    assert_eq!(kind, "set");
    assert_eq!(
        query.get_child("x", DATA).map(|x| x.children().count()),
        Some(0)
    );
    assert!(
        !frames.iter().any(|f| f.contains("bookmarks")),
        "kept only once open to others"
    );
    result(&mut h, &id);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::RoomJoined { .. }]
    ));
    assert!(h
        .take_sent()
        .iter()
        .any(|f| f.contains("urn:xmpp:bookmarks:1")));
}
