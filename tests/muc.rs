//! Group chat in the session (XEP-0045): joining a room, its occupants, what is said in it, and
//! leaving it or being removed. The stanzas are the XEP's own examples, numbered as in
//! XEP-0045 version 1.35.5 (and XEP-0421 version 1.0.1 for occupant ids); the session does not
//! look at their `to`, which names the XEP's users instead of Alice.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::session::MAX_ROOMS;
use palaver::xmpp::stanza::muc::{Affiliation, History, JoinError, Role, StatusCode};
use palaver::xmpp::{ApiMisuse, BareJid, Event, Jid, OccupantUpdate, RoomMessage};

/// A stanza as a XEP prints it, with the `jabber:client` namespace a stream gives it.
fn stanza(xml: &str) -> String {
    let xml = xml.trim();
    let name_end = xml
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap();
    format!(
        "{} xmlns='jabber:client'{}",
        &xml[..name_end],
        &xml[name_end..]
    )
}

fn room(jid: &str) -> BareJid {
    BareJid::parse(jid).unwrap()
}

/// Alice online, with no contacts.
fn online() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h
}

/// Alice online and in `jid` as `nick` (the room's self-presence of Example 21, from there).
fn in_room(jid: &str, nick: &str) -> Harness {
    let mut h = online();
    h.session.join_room(&room(jid), nick, None, None).unwrap();
    h.drain();
    h.recv_ok(&format!(
        "<presence xmlns='jabber:client' from='{jid}/{nick}'>\
         <x xmlns='http://jabber.org/protocol/muc#user'>\
         <item affiliation='member' role='participant'/><status code='110'/></x></presence>"
    ));
    h.take_sent();
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomJoined { .. }]),
        "{events:?}"
    );
    h
}

/// Feeds the XEP's stanzas and takes the events they brought.
fn receive(h: &mut Harness, stanzas: &[&str]) -> Vec<Event> {
    for xml in stanzas {
        h.recv_ok(&stanza(xml));
    }
    h.take_events()
}

fn occupants(events: &[Event]) -> Vec<&OccupantUpdate> {
    events
        .iter()
        .map(|e| match e {
            Event::Occupant(update) => update,
            other => panic!("not an occupant: {other:?}"),
        })
        .collect()
}

fn coven() -> BareJid {
    room("coven@chat.shakespeare.lit")
}

#[test]
fn joining_sends_presence_to_the_occupant_jid_with_the_muc_payload() {
    // Example 18, Example 26 (with the password), Example 39 (no history, also in messages).
    let mut h = online();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    h.session
        .join_room(&coven(), "thirdwitch", Some("cauldronburn"), None)
        .unwrap();
    h.drain();
    h.session
        .join_room(&coven(), "thirdwitch", None, Some(History::none()))
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"/></presence>"#,
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"><password>cauldronburn</password></x></presence>"#,
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"><history maxchars="0" maxstanzas="0"/></x></presence>"#,
        ]
    );
    assert_eq!(h.take_events(), []);
}

#[test]
fn a_join_needs_a_nick_and_an_online_session() {
    let mut h = online();
    assert_eq!(
        h.session.join_room(&coven(), "", None, None),
        Err(ApiMisuse::InvalidNick)
    );
    assert_eq!(
        h.session.join_room(&coven(), "  ", None, None),
        Err(ApiMisuse::InvalidNick)
    );
    assert_eq!(h.take_sent(), Vec::<String>::new());
    let mut offline = Harness::new(alice_config(true));
    assert_eq!(
        offline
            .session
            .join_room(&coven(), "thirdwitch", None, None),
        Err(ApiMisuse::NotOnline)
    );
}

#[test]
fn the_occupant_list_then_our_own_presence_joins_the_room() {
    let mut h = online();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    h.take_sent();
    // Example 20: the occupants already there, then Example 21's last stanza: ourselves.
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    id='3DCB0401-D7CF-4E31-BE05-EDF8D057BFBD'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='owner' role='moderator'/>
  </x>
</presence>"#,
            r#"<presence
    from='coven@chat.shakespeare.lit/secondwitch'
    id='C2CD9EE3-8421-431E-854A-A2AD0CE2E23D'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='admin' role='moderator'/>
  </x>
</presence>"#,
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='026B3509-2CCE-4D69-96D6-25F41FFDC408'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
    <status code='110'/>
  </x>
</presence>"#,
        ],
    );
    let [Event::Occupant(first), Event::Occupant(second), joined] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (
            first.nick.as_str(),
            first.affiliation,
            first.role,
            first.available
        ),
        ("firstwitch", Affiliation::Owner, Role::Moderator, true)
    );
    assert_eq!(
        (second.nick.as_str(), second.affiliation),
        ("secondwitch", Affiliation::Admin)
    );
    assert_eq!(
        *joined,
        Event::RoomJoined {
            room: coven(),
            nick: "thirdwitch".into(),
            affiliation: Affiliation::Member,
            role: Role::Participant,
            codes: vec![StatusCode::SelfPresence],
        }
    );
    assert_eq!(h.take_sent(), Vec::<String>::new());
}

#[test]
fn the_room_may_give_us_another_nick_and_say_it_is_not_anonymous() {
    let mut h = online();
    h.session.join_room(&coven(), "hag", None, None).unwrap();
    h.drain();
    // Example 32: non-anonymous (100), logged (170), our nick assigned (210).
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='n13mt3l'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
    <status code='100'/>
    <status code='110'/>
    <status code='170'/>
    <status code='210'/>
  </x>
</presence>"#],
    );
    let [Event::RoomJoined { nick, codes, .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(nick, "thirdwitch");
    use StatusCode::*;
    assert_eq!(
        *codes,
        [NonAnonymous, SelfPresence, LoggingEnabled, NickAssigned]
    );
    // Leaving goes to the nick the room gave.
    h.take_sent();
    h.session.leave_room(&coven()).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch" type="unavailable"/>"#
        ]
    );
}

#[test]
fn creating_a_room_says_so_with_201() {
    let mut h = online();
    h.session
        .join_room(&coven(), "firstwitch", None, None)
        .unwrap();
    h.drain();
    // Example 154.
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='owner'
          role='moderator'/>
    <status code='110'/>
    <status code='201'/>
  </x>
</presence>"#],
    );
    assert_eq!(
        events,
        [Event::RoomJoined {
            room: coven(),
            nick: "firstwitch".into(),
            affiliation: Affiliation::Owner,
            role: Role::Moderator,
            codes: vec![StatusCode::SelfPresence, StatusCode::RoomCreated],
        }]
    );
}

#[test]
fn a_room_that_omits_110_is_recognised_by_the_nick_we_asked_for() {
    // §7.2.3: Example 21's self-presence, as an older service sends it (without 110).
    let mut h = online();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='026B3509-2CCE-4D69-96D6-25F41FFDC408'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
  </x>
</presence>"#],
    );
    let [Event::RoomJoined { nick, codes, .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (nick.as_str(), codes.as_slice()),
        ("thirdwitch", &[StatusCode::SelfPresence][..])
    );
}

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
fn a_refused_nick_change_keeps_us_in_the_room_as_we_were() {
    let mut h = in_room("coven@chat.shakespeare.lit", "oldhag");
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"/></presence>"#
        ]
    );
    // Example 52: an error once in the room is no refused join.
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='ifd1c35'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <x xmlns='http://jabber.org/protocol/muc'/>
  <error by='coven@chat.shakespeare.lit' type='cancel'>
    <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</presence>"#],
    );
    assert!(
        matches!(events.as_slice(), [Event::Dropped { .. }]),
        "{events:?}"
    );
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
fn leaving_sends_unavailable_and_the_rooms_answer_ends_it() {
    let mut h = in_room("coven@chat.shakespeare.lit", "thirdwitch");
    h.session.leave_room(&coven()).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="coven@chat.shakespeare.lit/thirdwitch" type="unavailable"/>"#
        ]
    );
    // Example 81.
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    to='hag66@shakespeare.lit/pda'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          role='none'/>
    <status code='110'/>
  </x>
</presence>"#],
    );
    assert_eq!(
        events,
        [Event::RoomLeft {
            room: coven(),
            codes: vec![StatusCode::SelfPresence],
            reason: None,
            destroyed: None,
        }]
    );
    // Forgotten: leaving again sends nothing, and the room's messages are dropped.
    h.session.leave_room(&coven()).unwrap();
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
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

/// The refusal of Examples 25 and 27–31: the same presence but for the error.
fn refusal(kind: &str, condition: &str) -> String {
    format!(
        r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='n13mt3l'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <x xmlns='http://jabber.org/protocol/muc'/>
  <error by='coven@chat.shakespeare.lit' type='{kind}'>
    <{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</presence>"#
    )
}

#[test]
fn each_refusal_fails_the_join_and_forgets_the_room() {
    let cases = [
        (
            "Example 25",
            "auth",
            "not-authorized",
            JoinError::PasswordRequired,
        ),
        (
            "Example 27",
            "auth",
            "registration-required",
            JoinError::MembersOnly,
        ),
        ("Example 28", "auth", "forbidden", JoinError::Banned),
        ("Example 29", "cancel", "conflict", JoinError::NickTaken),
        (
            "Example 30",
            "wait",
            "service-unavailable",
            JoinError::RoomFull,
        ),
        (
            "Example 31",
            "cancel",
            "item-not-found",
            JoinError::RoomNotFound,
        ),
    ];
    for (example, kind, condition, error) in cases {
        let mut h = online();
        h.session
            .join_room(&coven(), "thirdwitch", None, None)
            .unwrap();
        h.drain();
        let events = receive(&mut h, &[&refusal(kind, condition)]);
        assert_eq!(
            events,
            [Event::RoomJoinFailed {
                room: coven(),
                error
            }],
            "{example}"
        );
        // Forgotten: the room's presence now means nothing.
        let events = receive(&mut h, &[&refusal(kind, condition)]);
        assert_eq!(events, [], "{example}");
    }
}

#[test]
fn a_join_without_a_nick_is_refused_by_the_bare_room() {
    // Example 19 (a join we would not send: the session refuses an empty nick, but a room's
    // JID with our nick could still be refused so).
    let mut h = online();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    let events = receive(
        &mut h,
        &[r#"<presence
    from='coven@chat.shakespeare.lit'
    id='273hs51g'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <error by='coven@chat.shakespeare.lit' type='modify'>
    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</presence>"#],
    );
    assert_eq!(
        events,
        [Event::RoomJoinFailed {
            room: coven(),
            error: JoinError::BadNick
        }]
    );
}

#[test]
fn presence_from_a_room_we_never_joined_is_ignored() {
    let mut h = online();
    // Example 21's self-presence and Example 90's kick, unasked for.
    let events = receive(
        &mut h,
        &[
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='026B3509-2CCE-4D69-96D6-25F41FFDC408'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
    <status code='110'/>
  </x>
</presence>"#,
            &refusal("cancel", "conflict"),
        ],
    );
    assert_eq!(events, []);
    assert_eq!(h.take_sent(), Vec::<String>::new());
}

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

#[test]
fn rooms_are_bounded() {
    let mut h = online();
    for i in 0..MAX_ROOMS {
        h.session
            .join_room(&room(&format!("r{i}@chat.localhost")), "alice", None, None)
            .unwrap();
        h.drain();
    }
    assert_eq!(
        h.session
            .join_room(&room("onemore@chat.localhost"), "alice", None, None),
        Err(ApiMisuse::TooManyRooms)
    );
    // A room we are already joining can still be asked again (another nick, a password).
    assert_eq!(
        h.session
            .join_room(&room("r0@chat.localhost"), "alice2", None, None),
        Ok(())
    );
    // A refusal frees a place.
    h.take_sent();
    h.recv_ok(&stanza(
        &refusal("cancel", "conflict")
            .replace("coven", "r1")
            .replace("chat.shakespeare.lit", "chat.localhost"),
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::RoomJoinFailed { .. }]
    ));
    assert_eq!(
        h.session
            .join_room(&room("onemore@chat.localhost"), "alice", None, None),
        Ok(())
    );
}
