//! Moderated message retraction (XEP-0425) in the session: the room's disco#info says which
//! version it speaks (asked once, before joining); a moderator's request goes in that version;
//! the room's notice (and only the room's, never an occupant's) becomes
//! [`Event::RoomLineRemoved`]; a refusal comes back as [`Event::RoomRefused`]. Debian's Prosody
//! 0.12 does not implement XEP-0425, so these are the XEP's own examples (version 0.3.0, and
//! 0.2.1 for the `:0` form).

mod common;

use common::muc::{coven, in_room, in_room_with, receive};
use palaver::xmpp::stanza::muc::ModerationVersion;
use palaver::xmpp::{ApiMisuse, Event, RoomLineRemoved};

const COVEN: &str = "coven@chat.shakespeare.lit";
const V1: &str =
    "<feature var='urn:xmpp:message-moderate:1'/><feature var='urn:xmpp:occupant-id:0'/>";
const V0: &str = "<feature var='urn:xmpp:message-moderate:0'/>";

fn id_of(frame: &str) -> String {
    palaver::xmpp::xml::Element::parse(frame)
        .unwrap()
        .get_attr("id")
        .unwrap()
        .to_owned()
}

#[test]
fn the_rooms_features_say_which_moderation_it_speaks() {
    for (features, version) in [
        (V1, Some(ModerationVersion::V1)),
        (V0, Some(ModerationVersion::V0)),
        ("", None),
    ] {
        let mut h2 = common::muc::online();
        h2.session
            .join_room(&coven(), "macbeth", None, None)
            .unwrap();
        h2.drain();
        let disco = h2
            .take_sent()
            .iter()
            .find(|f| f.contains("disco#info"))
            .map(|f| id_of(f))
            .unwrap();
        let events = receive(
            &mut h2,
            &[&format!(
                "<iq from='{COVEN}' to='alice@localhost/web' type='result' id='{disco}'>\
                 <query xmlns='http://jabber.org/protocol/disco#info'>\
                 <feature var='http://jabber.org/protocol/muc'/>{features}</query></iq>"
            )],
        );
        match events.as_slice() {
            [Event::RoomFeatures { features, .. }] => assert_eq!(features.moderation, version),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_moderators_request_is_example_1_of_version_0_3() {
    let mut h = in_room_with(COVEN, "macbeth", V1);
    h.session
        .moderate_room_line(
            &coven(),
            "stanza-id-1",
            Some("This message contains inappropriate content for this forum"),
        )
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set" to="{COVEN}"><moderate xmlns="urn:xmpp:message-moderate:1" id="stanza-id-1"><retract xmlns="urn:xmpp:message-retract:1"/><reason>This message contains inappropriate content for this forum</reason></moderate></iq>"#
        )]
    );
    // Example 4: the room's error for a moderator it does not recognise.
    let events = receive(
        &mut h,
        &[&format!(
            r#"<iq type='error' from='{COVEN}' id='{id}' to='alice@localhost/web'>
  <error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
</iq>"#
        )],
    );
    match events.as_slice() {
        [Event::RoomRefused { room, error }] => {
            assert_eq!(room, &coven());
            assert_eq!(error.condition.as_str(), "forbidden");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_room_of_version_0_2_gets_the_apply_to_form() {
    let mut h = in_room_with(COVEN, "macbeth", V0);
    h.session
        .moderate_room_line(&coven(), "stanza-id-1", None)
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set" to="{COVEN}"><apply-to xmlns="urn:xmpp:fasten:0" id="stanza-id-1"><moderate xmlns="urn:xmpp:message-moderate:0"><retract xmlns="urn:xmpp:message-retract:0"/></moderate></apply-to></iq>"#
        )]
    );
}

#[test]
fn nothing_is_asked_of_a_room_without_moderation() {
    let mut h = in_room(COVEN, "macbeth");
    assert_eq!(
        h.session.moderate_room_line(&coven(), "stanza-id-1", None),
        Err(ApiMisuse::NotModerated)
    );
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
}

const NOTICE_V1: &str = r#"<message type="groupchat" from="coven@chat.shakespeare.lit" id="retraction-id-1">
  <retract id="stanza-id-1" xmlns='urn:xmpp:message-retract:1'>
    <moderated by='coven@chat.shakespeare.lit/macbeth' xmlns='urn:xmpp:message-moderate:1'>
      <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
    </moderated>
    <reason>This message contains inappropriate content for this forum</reason>
  </retract>
</message>"#;

const NOTICE_V0: &str = r#"<message type="groupchat" from="coven@chat.shakespeare.lit" id="retraction-id-1">
  <apply-to id="stanza-id-1" xmlns="urn:xmpp:fasten:0">
    <moderated by='coven@chat.shakespeare.lit/macbeth' xmlns='urn:xmpp:message-moderate:0'>
      <retract xmlns='urn:xmpp:message-retract:0' />
      <reason>This message contains inappropriate content for this forum</reason>
    </moderated>
  </apply-to>
</message>"#;

fn removed() -> Event {
    Event::RoomLineRemoved(RoomLineRemoved {
        room: coven(),
        stanza_id: "stanza-id-1".into(),
        by: Some("macbeth".into()),
        reason: Some("This message contains inappropriate content for this forum".into()),
    })
}

#[test]
fn the_rooms_notice_in_either_version_removes_the_line() {
    let mut h = in_room_with(COVEN, "firstwitch", V1);
    assert_eq!(receive(&mut h, &[NOTICE_V1]), [removed()]);
    let mut h = in_room_with(COVEN, "firstwitch", V0);
    assert_eq!(receive(&mut h, &[NOTICE_V0]), [removed()]);
}

#[test]
fn the_same_notice_from_an_occupant_is_dropped() {
    let mut h = in_room_with(COVEN, "firstwitch", V1);
    for notice in [NOTICE_V1, NOTICE_V0] {
        let spoofed = notice.replace(
            r#"from="coven@chat.shakespeare.lit""#,
            r#"from="coven@chat.shakespeare.lit/thirdwitch""#,
        );
        let events = receive(&mut h, &[&spoofed]);
        assert!(
            events
                .iter()
                .all(|e| !matches!(e, Event::RoomLineRemoved(_) | Event::RoomMessage(_))),
            "{events:?}"
        );
        assert!(
            matches!(events.as_slice(), [Event::Dropped { .. }]),
            "{events:?}"
        );
    }
}
