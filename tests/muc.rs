//! Group chat rooms in the session (XEP-0045): joining (the payload, our own presence, a room
//! we created, a nick the room gave), refusals, leaving, and how many rooms a session keeps. The
//! stanzas are the XEP's own examples, numbered as in XEP-0045 version 1.35.5; the session does
//! not look at their `to`, which names the XEP's users instead of Alice.

mod common;

use common::muc::{coven, in_room, joining, online, receive, refusal, room, stanza};
use common::{alice_config, Harness};
use palaver::xmpp::session::MAX_ROOMS;
use palaver::xmpp::stanza::muc::{Affiliation, History, JoinError, Role, StatusCode};
use palaver::xmpp::{ApiMisuse, Event};

#[test]
fn joining_sends_presence_to_the_occupant_jid_with_the_muc_payload() {
    // Example 18, Example 26 (with the password), Example 39 (no history, also in messages).
    let mut h = joining("coven@chat.shakespeare.lit", "thirdwitch");
    h.session
        .join_room(&coven(), "thirdwitch", Some("cauldronburn"), None)
        .unwrap();
    h.drain();
    h.session
        .join_room(&coven(), "thirdwitch", None, Some(History::none()))
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    // Before the first presence, the room is asked what it offers (§6.4), once.
    assert!(
        sent[0].contains(r#"type="get" to="coven@chat.shakespeare.lit"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>"#),
        "{sent:?}"
    );
    assert_eq!(
        sent[1..],
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
    let mut h = joining("coven@chat.shakespeare.lit", "thirdwitch");
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
    let mut h = joining("coven@chat.shakespeare.lit", "hag");
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
    let mut h = joining("coven@chat.shakespeare.lit", "firstwitch");
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
    // The room is locked until configured (Example 155 follows): "joined" waits for the room
    // to accept its configuration, tested in muc_carry.rs; here it is answered at once.
    assert_eq!(events, []);
    let sent = h.take_sent();
    let config = palaver::xmpp::xml::Element::parse(sent.last().expect("the configuration"))
        .expect("valid XML");
    let id = config.get_attr("id").expect("id").to_owned();
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='coven@chat.shakespeare.lit'/>"
    ));
    assert_eq!(
        h.take_events(),
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
    let mut h = joining("coven@chat.shakespeare.lit", "thirdwitch");
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
        let mut h = joining("coven@chat.shakespeare.lit", "thirdwitch");
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
    let mut h = joining("coven@chat.shakespeare.lit", "thirdwitch");
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
