//! A room's owner later (XEP-0045 §10.2–§10.9), with the XEP's own stanzas: reconfiguring from
//! the room's current settings, a non-owner refused, the room's word that its configuration
//! changed (§10.2.1), and its destruction (§10.9).

mod common;

use common::muc::{coven, in_room, receive};
use common::muc_forms::{
    answer, form_event, owner_request, result, sent, set, COVEN, DATA, DESTROYED, EXAMPLE_165,
    OWNER,
};
use palaver::xmpp::event::RoomConfigError;
use palaver::xmpp::stanza::form::initial_answers;
use palaver::xmpp::stanza::muc::StatusCode;
use palaver::xmpp::{ApiMisuse, Event, Jid};

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
