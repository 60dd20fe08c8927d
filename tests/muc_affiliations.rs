//! A room's affiliation lists in the session (XEP-0045 §9.2 bans, §9.5 members, §10.5 owners,
//! §10.8 admins): each asked for with an IQ get naming the affiliation, read back as users by
//! bare JID (each once, bounded); a change of one user confirmed so a list on screen follows,
//! refused as the room's refusal; answers only from the room. Examples numbered as in XEP-0045
//! version 1.35.5, sent as Alice.

mod common;

use common::muc::{coven, in_room, joining, stanza};
use palaver::xmpp::session::MAX_AFFILIATION_LIST;
use palaver::xmpp::stanza::muc::Affiliation;
use palaver::xmpp::{AffiliatedUser, ApiMisuse, BareJid, Event};

const COVEN: &str = "coven@chat.shakespeare.lit";

fn id_of(frame: &str) -> String {
    palaver::xmpp::xml::Element::parse(frame)
        .expect("we send well-formed XML")
        .get_attr("id")
        .expect("an IQ has an id")
        .to_owned()
}

fn bare(jid: &str) -> BareJid {
    BareJid::parse(jid).unwrap()
}

fn user(jid: &str, nick: Option<&str>, reason: Option<&str>) -> AffiliatedUser {
    AffiliatedUser {
        jid: bare(jid),
        nick: nick.map(str::to_owned),
        reason: reason.map(str::to_owned),
    }
}

/// Asks the coven for the list of `affiliation`; returns the request's id after checking it is
/// the XEP's query (Examples 116, 129, 181, 196).
fn ask(h: &mut common::Harness, affiliation: Affiliation) -> String {
    h.session
        .request_affiliation_list(&coven(), affiliation)
        .expect("in the room");
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get" to="{COVEN}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="{}"/></query></iq>"#,
            affiliation.name()
        )]
    );
    id
}

#[test]
fn the_member_list_comes_back_with_reserved_nicks() {
    let mut h = in_room(COVEN, "crone1");
    let id = ask(&mut h, Affiliation::Member);
    // Example 130.
    h.recv_ok(&stanza(&format!(
        r#"<iq from='coven@chat.shakespeare.lit'
    id='{id}'
    to='crone1@shakespeare.lit/desktop'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit'
          nick='thirdwitch'
          role='participant'/>
  </query>
</iq>"#
    )));
    assert_eq!(
        h.take_events(),
        [Event::AffiliationList {
            room: coven(),
            affiliation: Affiliation::Member,
            users: vec![user("hag66@shakespeare.lit", Some("thirdwitch"), None)],
        }]
    );
}

#[test]
fn the_ban_list_comes_back_with_the_reasons() {
    let mut h = in_room(COVEN, "crone1");
    let id = ask(&mut h, Affiliation::Outcast);
    // Example 117.
    h.recv_ok(&stanza(&format!(
        r#"<iq from='coven@chat.shakespeare.lit'
    id='{id}'
    to='kinghenryv@shakespeare.lit/throne'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='outcast'
          jid='earlofcambridge@shakespeare.lit'>
      <reason>Treason</reason>
    </item>
  </query>
</iq>"#
    )));
    assert_eq!(
        h.take_events(),
        [Event::AffiliationList {
            room: coven(),
            affiliation: Affiliation::Outcast,
            users: vec![user(
                "earlofcambridge@shakespeare.lit",
                None,
                Some("Treason")
            )],
        }]
    );
}

#[test]
fn the_admin_and_owner_lists_and_an_empty_one() {
    let mut h = in_room(COVEN, "crone1");
    let id = ask(&mut h, Affiliation::Admin);
    // Example 197.
    h.recv_ok(&stanza(&format!(
        r#"<iq from='coven@chat.shakespeare.lit'
    id='{id}'
    to='bard@shakespeare.lit/globe'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='admin'
          jid='wiccarocks@shakespeare.lit'
          nick='secondwitch'/>
    <item affiliation='admin'
          jid='hag66@shakespeare.lit'/>
  </query>
</iq>"#
    )));
    assert_eq!(
        h.take_events(),
        [Event::AffiliationList {
            room: coven(),
            affiliation: Affiliation::Admin,
            users: vec![
                user("wiccarocks@shakespeare.lit", Some("secondwitch"), None),
                user("hag66@shakespeare.lit", None, None),
            ],
        }]
    );
    let id = ask(&mut h, Affiliation::Owner);
    // Example 182.
    h.recv_ok(&stanza(&format!(
        r#"<iq from='coven@chat.shakespeare.lit'
    id='{id}'
    to='bard@shakespeare.lit/globe'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='owner'
          jid='crone1@shakespeare.lit'/>
  </query>
</iq>"#
    )));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::AffiliationList { affiliation: Affiliation::Owner, users, .. }]
            if users == &[user("crone1@shakespeare.lit", None, None)]
    ));
    // Nobody banned: Prosody answers with an empty query.
    let id = ask(&mut h, Affiliation::Outcast);
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='result'><query xmlns='http://jabber.org/protocol/muc#admin'/></iq>"
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::AffiliationList { users, .. }] if users.is_empty()
    ));
}

#[test]
fn a_list_is_bounded_each_user_once_and_only_of_its_affiliation() {
    let mut h = in_room(COVEN, "crone1");
    let id = ask(&mut h, Affiliation::Outcast);
    let mut items = String::new();
    items.push_str("<item affiliation='outcast' jid='twice@example.org'/>");
    items.push_str("<item affiliation='outcast' jid='twice@example.org/phone'/>");
    items.push_str("<item affiliation='member' jid='member@example.org'/>");
    items.push_str("<item affiliation='outcast'/>");
    for n in 0..MAX_AFFILIATION_LIST + 50 {
        items.push_str(&format!(
            "<item affiliation='outcast' jid='spam{n}@example.org'/>"
        ));
    }
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='result'><query xmlns='http://jabber.org/protocol/muc#admin'>{items}</query></iq>"
    ));
    let events = h.take_events();
    let [Event::AffiliationList { users, .. }] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(users.len(), MAX_AFFILIATION_LIST);
    assert_eq!(users[0].jid, bare("twice@example.org"));
    assert!(users[1..]
        .iter()
        .all(|u| u.jid.to_string().starts_with("spam")));
}

#[test]
fn a_list_we_may_not_see_is_refused_and_only_the_room_answers() {
    let mut h = in_room(COVEN, "thirdwitch");
    let id = ask(&mut h, Affiliation::Owner);
    let forbidden = |from: &str| {
        // Example 184's error, to our request.
        stanza(&format!(
            r#"<iq from='{from}'
    id='{id}'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <error type='auth'>
    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</iq>"#
        ))
    };
    h.recv_ok(&forbidden("mallory@evil.example"));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    h.recv_ok(&forbidden(COVEN));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::AffiliationListFailed { room, affiliation: Affiliation::Owner, error }]
            if *room == coven() && error.condition == "forbidden"),
        "{events:?}"
    );
}

#[test]
fn a_change_is_confirmed_or_refused_as_the_room_says() {
    let mut h = in_room(COVEN, "crone1");
    // Example 124: membership revoked.
    h.session
        .change_affiliation(
            &coven(),
            &bare("hag66@shakespeare.lit"),
            Affiliation::None,
            None,
        )
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set" to="{COVEN}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="none" jid="hag66@shakespeare.lit"/></query></iq>"#
        )]
    );
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='result'/>"
    ));
    assert_eq!(
        h.take_events(),
        [Event::AffiliationChanged {
            room: coven(),
            jid: bare("hag66@shakespeare.lit"),
            affiliation: Affiliation::None,
        }]
    );
    // Example 118's ban (one of its two), with the reason; refused as Example 184 refuses.
    h.session
        .change_affiliation(
            &coven(),
            &bare("lordscroop@shakespeare.lit"),
            Affiliation::Outcast,
            Some("Treason"),
        )
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert!(
        sent[0].contains(r#"<item affiliation="outcast" jid="lordscroop@shakespeare.lit"><reason>Treason</reason></item>"#),
        "{sent:?}"
    );
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='error'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomRefused { room, error }]
            if *room == coven() && error.condition == "forbidden"),
        "{events:?}"
    );
}

#[test]
fn nothing_is_asked_of_a_room_we_are_not_in() {
    let mut h = joining(COVEN, "crone1");
    h.take_sent();
    assert_eq!(
        h.session
            .request_affiliation_list(&coven(), Affiliation::Member),
        Err(ApiMisuse::NotInRoom)
    );
    assert_eq!(
        h.session.change_affiliation(
            &coven(),
            &bare("hag66@shakespeare.lit"),
            Affiliation::Member,
            None
        ),
        Err(ApiMisuse::NotInRoom)
    );
    h.drain();
    assert!(h.take_sent().is_empty());
}
