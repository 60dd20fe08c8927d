//! Occupants of a room in the session (XEP-0045 §7.2–§7.6, §9–§10): others arriving, changing
//! nick and leaving, never as roster presences; our own nick change; our removal (kicked, banned,
//! the service shutting down, the room destroyed). The stanzas are the XEP's own examples,
//! numbered as in XEP-0045 version 1.35.5 and XEP-0421 version 1.0.1.

mod common;

use common::muc::{coven, in_room, occupants, receive, room};
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::{Event, Jid, OccupantUpdate};

#[test]
fn occupants_are_never_roster_presences() {
    let mut h = in_room("coven@chat.shakespeare.lit", "crone");
    // Example 23: a non-anonymous room gives the real JID; XEP-0421 Example 4: an occupant id.
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='17232D15-134F-43C8-9A29-61C20A64B236'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none'
          jid='hag66@shakespeare.lit/pda'
          role='participant'/>
  </x>
</presence>"#,
            r#"<presence
    from='coven@chat.shakespeare.lit/secondwitch'
    id='27C55F89-1C6A-459A-9EB5-77690145D624'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user' />
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
</presence>"#,
        ],
    );
    let [hag, second] = occupants(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        *hag,
        OccupantUpdate {
            room: coven(),
            nick: "thirdwitch".into(),
            available: true,
            show: palaver::xmpp::Show::Online,
            status: None,
            affiliation: Affiliation::None,
            role: Role::Participant,
            real_jid: Some(Jid::parse("hag66@shakespeare.lit/pda").unwrap()),
            occupant_id: None,
            new_nick: None,
            codes: vec![],
        }
    );
    assert_eq!(
        second.occupant_id.as_deref(),
        Some("dd72603deec90a38ba552f7c68cbcc61bca202cd")
    );
    assert_eq!(
        (second.affiliation, second.role),
        (Affiliation::None, Role::None)
    );
    assert!(!events.iter().any(|e| matches!(e, Event::Presence(_))));
}

#[test]
fn a_nick_change_names_the_new_nick() {
    let mut h = in_room("coven@chat.shakespeare.lit", "crone");
    // Example 50, the stanzas to crone1: thirdwitch becomes oldhag.
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='5C1B95B3-7CCC-4422-A952-8885A050BDE9'
    to='crone1@shakespeare.lit/desktop'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          nick='oldhag'
          role='participant'/>
    <status code='303'/>
  </x>
</presence>"#,
            r#"<presence
    from='coven@chat.shakespeare.lit/oldhag'
    id='19E41EB3-3F4C-444F-8A1B-713A8860980C'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          role='participant'/>
  </x>
</presence>"#,
        ],
    );
    let [gone, back] = occupants(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (gone.nick.as_str(), gone.available, gone.new_nick.as_deref()),
        ("thirdwitch", false, Some("oldhag"))
    );
    assert_eq!(gone.codes, [StatusCode::NickChanged]);
    assert_eq!(
        (back.nick.as_str(), back.available, back.new_nick.as_deref()),
        ("oldhag", true, None)
    );
}

#[test]
fn our_own_nick_change_keeps_us_in_the_room() {
    let mut h = in_room("coven@chat.shakespeare.lit", "thirdwitch");
    // Example 50, the stanzas to hag66 (us).
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='DC352437-C019-40EC-B590-AF29E879AF98'
    to='hag66@shakespeare.lit/pda'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          nick='oldhag'
          role='participant'/>
    <status code='303'/>
    <status code='110'/>
  </x>
</presence>"#,
            r#"<presence
    from='coven@chat.shakespeare.lit/oldhag'
    id='5B4F27A4-25ED-43F7-A699-382C6B4AFC67'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          role='participant'/>
    <status code='110'/>
  </x>
</presence>"#,
        ],
    );
    let [old, new] = occupants(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (old.new_nick.as_deref(), old.available),
        (Some("oldhag"), false)
    );
    assert_eq!((new.nick.as_str(), new.available), ("oldhag", true));
    assert!(new.codes.contains(&StatusCode::SelfPresence));
    h.session.leave_room(&coven()).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/oldhag" type="unavailable"/>"#
        ]
    );
}

#[test]
fn being_kicked_says_why() {
    let harfleur = room("harfleur@chat.shakespeare.lit");
    let mut h = in_room("harfleur@chat.shakespeare.lit", "pistol");
    // Example 90.
    let events = receive(
        &mut h,
        &[r#"<presence
    from='harfleur@chat.shakespeare.lit/pistol'
    to='pistol@shakespeare.lit/harfleur'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'>
      <actor nick='Fluellen'/>
      <reason>Avaunt, you cullion!</reason>
    </item>
    <status code='110'/>
    <status code='307'/>
  </x>
</presence>"#],
    );
    assert_eq!(
        events,
        [Event::RoomLeft {
            room: harfleur,
            codes: vec![StatusCode::SelfPresence, StatusCode::Kicked],
            reason: Some("Avaunt, you cullion!".into()),
            destroyed: None,
        }]
    );
    // The room is forgotten: its presences are ignored from now on.
    h.recv_ok("<presence xmlns='jabber:client' from='harfleur@chat.shakespeare.lit/Fluellen'><x xmlns='http://jabber.org/protocol/muc#user'/></presence>");
    assert_eq!(h.take_events(), []);
}

#[test]
fn being_banned_says_why_even_without_110() {
    let mut h = in_room("southampton@chat.shakespeare.lit", "cambridge");
    // Example 113: no 110, but from the nick we are in the room as (§7.2.3).
    let events = receive(
        &mut h,
        &[r#"<presence
    from='southampton@chat.shakespeare.lit/cambridge'
    to='earlofcambridge@shakespeare.lit/stabber'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='outcast' role='none'>
      <actor nick='The ♚'/>
      <reason>Treason</reason>
    </item>
    <status code='301'/>
  </x>
</presence>"#],
    );
    let [Event::RoomLeft { codes, reason, .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(*codes, [StatusCode::Banned, StatusCode::SelfPresence]);
    assert_eq!(reason.as_deref(), Some("Treason"));
}

#[test]
fn a_service_shutdown_removes_us() {
    let mut h = in_room("harfleur@chat.shakespeare.lit", "pistol");
    // Example 207, the first stanza.
    let events = receive(
        &mut h,
        &[r#"<presence
    from='harfleur@chat.shakespeare.lit/pistol'
    to='pistol@shakespeare.lit/client'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none' />
    <status code='110'/>
    <status code='332'/>
  </x>
</presence>"#],
    );
    let [Event::RoomLeft {
        codes,
        reason: None,
        destroyed: None,
        ..
    }] = events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!(
        *codes,
        [StatusCode::SelfPresence, StatusCode::RemovedServiceShutdown]
    );
}

#[test]
fn a_destroyed_room_says_where_the_talk_goes_on() {
    let mut h = in_room("heath@chat.shakespeare.lit", "thirdwitch");
    // Example 202, the stanza to hag66 (us); the one about firstwitch is someone else leaving.
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='heath@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'/>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </x>
</presence>"#,
            r#"<presence
    from='heath@chat.shakespeare.lit/thirdwitch'
    to='hag66@shakespeare.lit/pda'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'/>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </x>
</presence>"#,
        ],
    );
    let [Event::Occupant(first), Event::RoomLeft {
        room: left,
        reason,
        destroyed,
        ..
    }] = events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!(
        (first.nick.as_str(), first.available),
        ("firstwitch", false)
    );
    assert_eq!(*left, room("heath@chat.shakespeare.lit"));
    assert_eq!(reason.as_deref(), Some("Macbeth doth come."));
    let destroyed = destroyed.as_ref().unwrap();
    assert_eq!(
        destroyed.jid,
        Some(Jid::parse("coven@chat.shakespeare.lit").unwrap())
    );
}
