//! What is said in a room (XEP-0045 §7.2.15–§7.2.16, §7.4, §8.1): history stamped by the room,
//! live messages with the room's stanza id and occupant id, the room's own notices, the subject;
//! nothing from a room we are not in. The stanzas are the XEP's own examples, numbered as in
//! XEP-0045 version 1.35.5 and XEP-0421 version 1.0.1.

mod common;

use common::muc::{coven, in_room, online, receive};
use palaver::xmpp::{Event, RoomMessage};

#[test]
fn history_and_live_messages_of_a_room_we_are_in() {
    let mut h = in_room("coven@chat.shakespeare.lit", "hecate");
    // Example 33, its first message: history, stamped by the room.
    let events = receive(
        &mut h,
        &[r#"<message
    from='coven@chat.shakespeare.lit/firstwitch'
    id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2'
    to='hecate@shakespeare.lit/broom'
    type='groupchat'>
  <body>Thrice the brinded cat hath mew'd.</body>
  <delay xmlns='urn:xmpp:delay'
     from='coven@chat.shakespeare.lit'
     stamp='2002-10-13T23:58:37Z'/>
</message>"#],
    );
    let [Event::RoomMessage(history)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(history.room, coven());
    assert_eq!(history.nick.as_deref(), Some("firstwitch"));
    assert_eq!(
        history.id.as_deref(),
        Some("162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2")
    );
    assert_eq!(
        history.content.body(),
        Some("Thrice the brinded cat hath mew'd.")
    );
    assert_eq!(
        history.stamp.map(|s| s.unix_millis()),
        Some(1_034_553_517_000)
    );
    // XEP-0421 Example 6, with the room's XEP-0359 stanza id and an origin id.
    let events = receive(
        &mut h,
        &[r#"<message
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='hysf1v37'
    to='crone1@shakespeare.lit/desktop'
    type='groupchat'>
  <body>Harpier cries: 'tis time, 'tis time.</body>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
  <origin-id xmlns='urn:xmpp:sid:0' id='de305d54'/>
  <stanza-id xmlns='urn:xmpp:sid:0' by='coven@chat.shakespeare.lit' id='room-archive-1'/>
</message>"#],
    );
    let [Event::RoomMessage(live)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (
            live.stanza_id.as_deref(),
            live.origin_id.as_deref(),
            live.stamp
        ),
        (Some("room-archive-1"), Some("de305d54"), None)
    );
    assert_eq!(
        live.occupant_id.as_deref(),
        Some("dd72603deec90a38ba552f7c68cbcc61bca202cd")
    );
}

#[test]
fn only_the_rooms_own_stanza_id_and_delay_are_taken() {
    let mut h = in_room("coven@chat.shakespeare.lit", "hecate");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/firstwitch' id='m1' type='groupchat'>
  <body>Double, double toil and trouble</body>
  <delay xmlns='urn:xmpp:delay' from='firstwitch@shakespeare.lit' stamp='2002-10-13T23:58:37Z'/>
  <stanza-id xmlns='urn:xmpp:sid:0' by='hecate@shakespeare.lit' id='planted'/>
  <stanza-id xmlns='urn:xmpp:sid:0' by='coven@chat.shakespeare.lit/firstwitch' id='planted-too'/>
</message>"#,
        ],
    );
    let [Event::RoomMessage(RoomMessage {
        stanza_id, stamp, ..
    })] = events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!((stanza_id, stamp), (&None, &None));
}

#[test]
fn a_delay_naming_the_room_dates_a_message_only_when_the_room_appended_it_last() {
    // The room appends its own delay after whatever the sender wrote (§7.2.15); one "from" the
    // room with the sender's after it was written by the sender: it dates nothing.
    let mut h = in_room("coven@chat.shakespeare.lit", "hecate");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/firstwitch' id='m2' type='groupchat'>
  <body>Fair is foul</body>
  <delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='1606-01-01T00:00:00Z'/>
  <delay xmlns='urn:xmpp:delay' from='firstwitch@shakespeare.lit' stamp='2002-10-13T23:58:37Z'/>
</message>"#,
        ],
    );
    let [Event::RoomMessage(RoomMessage { stamp, .. })] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(stamp, &None);
}

#[test]
fn the_room_itself_speaks_without_a_nick() {
    let mut h = in_room("coven@chat.shakespeare.lit", "hecate");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit' type='groupchat'><body>This room is now logged.</body></message>"#,
        ],
    );
    let [Event::RoomMessage(notice)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(notice.nick, None);
}

#[test]
fn groupchat_from_a_room_we_are_not_in_is_dropped() {
    let mut h = online();
    // Example 33's first message, to someone not in the room.
    let events = receive(
        &mut h,
        &[r#"<message
    from='coven@chat.shakespeare.lit/firstwitch'
    id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2'
    to='hecate@shakespeare.lit/broom'
    type='groupchat'>
  <body>Thrice the brinded cat hath mew'd.</body>
</message>"#],
    );
    assert!(
        events.iter().all(|e| matches!(e, Event::Dropped { .. })),
        "{events:?}"
    );
}

#[test]
fn the_subject_is_not_a_message() {
    let mut h = in_room("coven@chat.shakespeare.lit", "crone");
    // Example 40, then Example 41 (no subject).
    let events = receive(
        &mut h,
        &[
            r#"<message
    from='coven@chat.shakespeare.lit/secondwitch'
    id='F437C672-D438-4BD3-9BFF-091050D32EE2'
    to='crone1@shakespeare.lit/desktop'
    type='groupchat'>
  <subject>Fire Burn and Cauldron Bubble!</subject>
  <delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='1610-04-20T00:00:00Z'/>
</message>"#,
            r#"<message
    from='coven@chat.shakespeare.lit/secondwitch'
    id='F437C672-D438-4BD3-9BFF-091050D32EE2'
    to='crone1@shakespeare.lit/desktop'
    type='groupchat'>
  <subject></subject>
</message>"#,
        ],
    );
    assert_eq!(
        events,
        [
            Event::RoomSubject {
                room: coven(),
                nick: Some("secondwitch".into()),
                subject: Some("Fire Burn and Cauldron Bubble!".into()),
            },
            Event::RoomSubject {
                room: coven(),
                nick: Some("secondwitch".into()),
                subject: None,
            },
        ]
    );
}
