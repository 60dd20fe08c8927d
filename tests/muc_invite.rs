//! Invitations to rooms in the session, both directions: XEP-0249 direct invitations and
//! XEP-0045 §7.8.2 mediated ones. Inviting asks the room what it is: a members-only room gets
//! the room's invitation (it lets the invitee in), any other a direct one. What arrives becomes
//! one typed invitation (Prosody's mediated invitation also carries a direct `<x/>` and a body:
//! still one), a decline comes only from a room we are in, and our decline of a mediated
//! invitation goes back through the room. Examples numbered as in XEP-0045 version 1.35.5 and
//! XEP-0249 version 1.2.

mod common;

use common::muc::{coven, in_room, online, room, self_presence, stanza};
use palaver::xmpp::session::MAX_INVITATION_TEXT;
use palaver::xmpp::{ApiMisuse, BareJid, Event, Jid, RoomInvitation};

const COVEN: &str = "coven@chat.shakespeare.lit";
const WELCOME: &str = "Hey Hecate, this is the place for all good witches!";

fn id_of(frame: &str) -> String {
    palaver::xmpp::xml::Element::parse(frame)
        .expect("we send well-formed XML")
        .get_attr("id")
        .expect("an id")
        .to_owned()
}

fn hecate() -> BareJid {
    BareJid::parse("hecate@shakespeare.lit").unwrap()
}

fn jid(s: &str) -> Jid {
    Jid::parse(s).unwrap()
}

/// The room's disco#info answer (Example 9) to `id`, with `kind` (`muc_open` or
/// `muc_membersonly`) where the example says `muc_open`.
fn room_info(id: &str, kind: &str) -> String {
    stanza(&format!(
        r#"<iq from='coven@chat.shakespeare.lit'
    id='{id}'
    to='hag66@shakespeare.lit/pda'
    type='result'>
  <query xmlns='http://jabber.org/protocol/disco#info'>
    <identity
        category='conference'
        name='A Dark Cave'
        type='text'/>
    <feature var='http://jabber.org/protocol/muc'/>
    <feature var='http://jabber.org/protocol/muc#stable_id'/>
    <feature var='muc_passwordprotected'/>
    <feature var='muc_hidden'/>
    <feature var='muc_temporary'/>
    <feature var='{kind}'/>
    <feature var='muc_unmoderated'/>
    <feature var='muc_nonanonymous'/>
  </query>
</iq>"#
    ))
}

/// Alice in the coven as `crone1`, having asked to invite Hecate; returns the disco#info
/// request's id after checking it went to the room.
fn inviting(h: &mut common::Harness) -> String {
    h.session
        .invite_to_room(&coven(), &hecate(), Some(WELCOME))
        .expect("in the room");
    h.drain();
    let sent = h.take_sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let id = id_of(&sent[0]);
    assert_eq!(
        sent[0],
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get" to="{COVEN}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>"#
        )
    );
    id
}

#[test]
fn an_open_room_gets_a_direct_invitation_with_its_password() {
    // Joined with the room's password: a direct invitation carries it (XEP-0249 Example 1).
    let mut h = online();
    h.session
        .join_room(&coven(), "crone1", Some("cauldronburn"), None)
        .unwrap();
    h.recv_ok(&self_presence(COVEN, "crone1"));
    h.take_sent();
    h.take_events();
    let id = inviting(&mut h);
    h.recv_ok(&room_info(&id, "muc_open"));
    let sent = h.take_sent();
    let message_id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<message xmlns="jabber:client" to="hecate@shakespeare.lit" id="{message_id}" type="normal"><x xmlns="jabber:x:conference" jid="{COVEN}" password="cauldronburn" reason="{WELCOME}"/></message>"#
        )]
    );
    assert_eq!(
        h.take_events(),
        [Event::InvitationSent {
            room: coven(),
            invitee: hecate(),
            mediated: false
        }]
    );
}

#[test]
fn a_members_only_room_gets_the_rooms_invitation_and_its_refusal_shows() {
    let mut h = in_room(COVEN, "crone1");
    let id = inviting(&mut h);
    h.recv_ok(&room_info(&id, "muc_membersonly"));
    let sent = h.take_sent();
    let message_id = id_of(&sent[0]);
    // Example 56, as we send it (the server stamps `from`).
    assert_eq!(
        sent,
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}" id="{message_id}" type="normal"><x xmlns="http://jabber.org/protocol/muc#user"><invite to="hecate@shakespeare.lit"><reason>{WELCOME}</reason></invite></x></message>"#
        )]
    );
    assert_eq!(
        h.take_events(),
        [Event::InvitationSent {
            room: coven(),
            invitee: hecate(),
            mediated: true
        }]
    );
    // Example 135: a mere member may not invite to a members-only room.
    h.recv_ok(&stanza(&format!(
        r#"<message
    from='coven@chat.shakespeare.lit'
    id='{message_id}'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <invite to='hecate@shakespeare.lit'>
      <reason>
        Hey Hecate, this is the place for all good witches!
      </reason>
    </invite>
  </x>
  <error type='auth'>
    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</message>"#
    )));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomRefused { room, error }]
            if *room == coven() && error.condition == "forbidden"),
        "{events:?}"
    );
}

#[test]
fn a_room_that_will_not_say_what_it_is_gets_a_direct_invitation() {
    let mut h = in_room(COVEN, "crone1");
    let id = inviting(&mut h);
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='error'>\
         <error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    ));
    let sent = h.take_sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].contains(r#"to="hecate@shakespeare.lit""#)
            && sent[0].contains(
                r#"<x xmlns="jabber:x:conference" jid="coven@chat.shakespeare.lit" reason="#
            ),
        "{sent:?}"
    );
}

#[test]
fn only_the_room_answers_what_it_is() {
    let mut h = in_room(COVEN, "crone1");
    let id = inviting(&mut h);
    // Someone else answering with "members-only" changes nothing: dropped, nothing sent.
    h.recv_ok(&room_info(&id, "muc_membersonly").replace(
        "from='coven@chat.shakespeare.lit'",
        "from='mallory@evil.example'",
    ));
    assert!(h.take_sent().is_empty());
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

#[test]
fn nothing_is_asked_of_a_room_we_are_not_in() {
    let mut h = online();
    assert_eq!(
        h.session.invite_to_room(&coven(), &hecate(), None),
        Err(ApiMisuse::NotInRoom)
    );
    h.drain();
    assert!(h.take_sent().is_empty());
}

#[test]
fn a_mediated_invitation_arrives_with_the_rooms_password() {
    // Example 57.
    let mut h = online();
    h.recv_ok(&stanza(
        r#"<message
    from='coven@chat.shakespeare.lit'
    id='nzd143v8'
    to='hecate@shakespeare.lit'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <invite from='crone1@shakespeare.lit/desktop'>
      <reason>
        Hey Hecate, this is the place for all good witches!
      </reason>
    </invite>
    <password>cauldronburn</password>
  </x>
</message>"#,
    ));
    assert_eq!(
        h.take_events(),
        [Event::RoomInvitation(RoomInvitation {
            room: coven(),
            inviter: Some(jid("crone1@shakespeare.lit/desktop")),
            reason: Some(WELCOME.into()),
            password: Some("cauldronburn".into()),
            mediated: true,
        })]
    );
}

#[test]
fn prosodys_mediated_invitation_is_one_invitation_not_a_message() {
    // What Prosody 0.12 delivers: the room's invitation, a direct `<x/>` for old clients and a
    // body for clients with neither.
    let mut h = online();
    h.recv_ok(
        "<message xmlns='jabber:client' from='secret@conference.localhost' to='alice@localhost'>\
         <x xmlns='http://jabber.org/protocol/muc#user'><invite from='bob@localhost/web'><reason>join us</reason></invite></x>\
         <x xmlns='jabber:x:conference' jid='secret@conference.localhost'>join us</x>\
         <body>bob@localhost/web invited you to the room secret@conference.localhost (join us)</body></message>",
    );
    assert_eq!(
        h.take_events(),
        [Event::RoomInvitation(RoomInvitation {
            room: room("secret@conference.localhost"),
            inviter: Some(jid("bob@localhost/web")),
            reason: Some("join us".into()),
            password: None,
            mediated: true,
        })]
    );
}

#[test]
fn a_direct_invitation_arrives_from_its_sender() {
    // XEP-0249 Example 1.
    let mut h = online();
    h.recv_ok(&stanza(
        r#"<message
    from='crone1@shakespeare.lit/desktop'
    to='hecate@shakespeare.lit'>
  <x xmlns='jabber:x:conference'
     jid='darkcave@macbeth.shakespeare.lit'
     password='cauldronburn'
     reason='Hey Hecate, this is the place for all good witches!'/>
</message>"#,
    ));
    assert_eq!(
        h.take_events(),
        [Event::RoomInvitation(RoomInvitation {
            room: room("darkcave@macbeth.shakespeare.lit"),
            inviter: Some(jid("crone1@shakespeare.lit/desktop")),
            reason: Some(WELCOME.into()),
            password: Some("cauldronburn".into()),
            mediated: false,
        })]
    );
    h.drain();
    assert!(h.take_sent().is_empty(), "nothing goes back");
}

#[test]
fn an_invitation_another_device_received_is_an_invitation_here_too() {
    let mut h = online();
    h.recv_ok(
        r#"<message xmlns="jabber:client" from="alice@localhost" to="alice@localhost/web"><received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="bob@localhost/web" to="alice@localhost" type="normal"><x xmlns="jabber:x:conference" jid="lobby@conference.localhost"/></message></forwarded></received></message>"#,
    );
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomInvitation(i)]
            if i.room == room("lobby@conference.localhost") && !i.mediated),
        "{events:?}"
    );
}

#[test]
fn invitations_that_are_old_news_malformed_or_not_to_a_room_are_dropped() {
    let mut h = in_room(COVEN, "crone1");
    for bad in [
        // To the room we are in already.
        format!("<message xmlns='jabber:client' from='bob@localhost/web'><x xmlns='jabber:x:conference' jid='{COVEN}'/></message>"),
        // Not a room: a server's address.
        "<message xmlns='jabber:client' from='bob@localhost/web'><x xmlns='jabber:x:conference' jid='shakespeare.lit'/></message>".into(),
        // Malformed: the room is an occupant's address.
        "<message xmlns='jabber:client' from='bob@localhost/web'><x xmlns='jabber:x:conference' jid='room@muc.example/nick'/></message>".into(),
        // A mediated invitation must come from a room's own address, not a seat in it.
        "<message xmlns='jabber:client' from='other@chat.shakespeare.lit/nick'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='bob@localhost'/></x></message>".into(),
    ] {
        h.recv_ok(&bad);
        let events = h.take_events();
        assert!(
            matches!(events.as_slice(), [Event::Dropped { .. }]),
            "{bad}: {events:?}"
        );
    }
}

#[test]
fn an_invitations_words_are_bounded() {
    let mut h = online();
    let long = "w".repeat(MAX_INVITATION_TEXT * 3);
    h.recv_ok(&format!(
        "<message xmlns='jabber:client' from='bob@localhost/web'><x xmlns='jabber:x:conference' jid='lobby@conference.localhost' reason='{long}' password='{long}'/></message>"
    ));
    let events = h.take_events();
    let [Event::RoomInvitation(invitation)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(
        invitation.reason.as_ref().map(|r| r.chars().count()),
        Some(MAX_INVITATION_TEXT)
    );
    assert_eq!(
        invitation.password.as_ref().map(|r| r.chars().count()),
        Some(MAX_INVITATION_TEXT)
    );
}

#[test]
fn declining_a_mediated_invitation_answers_through_the_room() {
    // Example 58, as we send it.
    let mut h = online();
    h.session
        .decline_invitation(
            &coven(),
            &jid("crone1@shakespeare.lit"),
            Some("Sorry, I'm too busy right now."),
        )
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}" id="{id}" type="normal"><x xmlns="http://jabber.org/protocol/muc#user"><decline to="crone1@shakespeare.lit"><reason>Sorry, I&apos;m too busy right now.</reason></decline></x></message>"#
        )]
    );
}

#[test]
fn a_decline_counts_only_from_a_room_we_are_in() {
    // Example 59.
    let decline = stanza(
        r#"<message
    from='coven@chat.shakespeare.lit'
    id='jk2vs61v'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <decline from='hecate@shakespeare.lit'>
      <reason>
        Sorry, I'm too busy right now.
      </reason>
    </decline>
  </x>
</message>"#,
    );
    let mut h = online();
    h.recv_ok(&decline);
    assert!(
        matches!(h.take_events().as_slice(), [Event::Dropped { .. }]),
        "not from a room we are in"
    );
    let mut h = in_room(COVEN, "crone1");
    h.recv_ok(&decline);
    assert_eq!(
        h.take_events(),
        [Event::InvitationDeclined {
            room: coven(),
            invitee: Some(jid("hecate@shakespeare.lit")),
            reason: Some("Sorry, I'm too busy right now.".into()),
        }]
    );
    // Prosody's decline also has a body: still a decline, never a message.
    h.recv_ok(
        "<message xmlns='jabber:client' from='coven@chat.shakespeare.lit'><x xmlns='http://jabber.org/protocol/muc#user'><decline from='hecate@shakespeare.lit'/></x><body>hecate@shakespeare.lit declined your invite to the room coven@chat.shakespeare.lit</body></message>",
    );
    let events = h.take_events();
    assert!(
        matches!(
            events.as_slice(),
            [Event::InvitationDeclined { reason: None, .. }]
        ),
        "{events:?}"
    );
}
