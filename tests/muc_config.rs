//! Creating a room (XEP-0045 §10.1), with the XEP's own stanzas: a new room configured through
//! its form before anyone else can enter (§10.1.3), a refused or cancelled configuration, a
//! room with nothing to configure or a form past the bounds, and the instant room when the
//! user did not ask for the form (§10.1.2).

mod common;

use common::muc::{coven, online, receive};
use common::muc_forms::{
    answer, creating, form_event, owner_request, result, sent, set, COVEN, CREATED, DATA,
    DESTROYED, EXAMPLE_157, OWNER,
};
use palaver::xmpp::event::RoomConfigError;
use palaver::xmpp::stanza::data_form::{DataForm, FieldType, FormType};
use palaver::xmpp::stanza::form::{initial_answers, Answers};
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::Event;

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
