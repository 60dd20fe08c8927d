//! Group chat helpers (XEP-0045): the XEP's stanzas as a stream gives them, Alice online or in
//! a room, and the refusal the XEP's examples share.

use palaver::xmpp::{BareJid, Event, OccupantUpdate};

use super::{alice_config, Harness};

/// A stanza as a XEP prints it, with the `jabber:client` namespace a stream gives it.
pub fn stanza(xml: &str) -> String {
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

pub fn room(jid: &str) -> BareJid {
    BareJid::parse(jid).unwrap()
}

/// Alice online, with no contacts.
pub fn online() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h
}

/// Alice online, having asked to join `jid` as `nick`; the room has answered what it is as
/// the rooms of XEP-0421 Example 1 do (it gives occupant ids). What she sent is kept.
pub fn joining(jid: &str, nick: &str) -> Harness {
    joining_with(jid, nick, "<feature var='urn:xmpp:occupant-id:0'/>")
}

/// Alice online, having asked to join `jid` as `nick`; the room's disco#info lists the MUC
/// feature and `features` (XML `<feature/>`s). What she sent is kept.
pub fn joining_with(jid: &str, nick: &str, features: &str) -> Harness {
    let mut h = online();
    h.session.join_room(&room(jid), nick, None, None).unwrap();
    h.drain();
    let disco = h
        .sent
        .iter()
        .filter_map(|frame| palaver::xmpp::xml::Element::parse(frame).ok())
        .find(|e| {
            e.get_child("query", "http://jabber.org/protocol/disco#info")
                .is_some()
        })
        .and_then(|e| e.get_attr("id").map(str::to_owned))
        .expect("joining, the room is asked what it is");
    h.recv_ok(&stanza(&format!(
        "<iq from='{jid}' to='alice@localhost/web' type='result' id='{disco}'>\
         <query xmlns='http://jabber.org/protocol/disco#info'>\
         <identity category='conference' type='text'/>\
         <feature var='http://jabber.org/protocol/muc'/>{features}</query></iq>"
    )));
    h.take_events();
    h
}

/// Alice online and in `jid` as `nick` (the room's self-presence of Example 21, from there).
pub fn in_room(jid: &str, nick: &str) -> Harness {
    in_room_with(jid, nick, "<feature var='urn:xmpp:occupant-id:0'/>")
}

/// Alice in `jid` as `nick`, the room offering `features` besides MUC.
pub fn in_room_with(jid: &str, nick: &str, features: &str) -> Harness {
    let mut h = joining_with(jid, nick, features);
    h.recv_ok(&self_presence(jid, nick));
    h.take_sent();
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomJoined { .. }]),
        "{events:?}"
    );
    h
}

/// Feeds the XEP's stanzas and takes the events they brought.
pub fn receive(h: &mut Harness, stanzas: &[&str]) -> Vec<Event> {
    for xml in stanzas {
        h.recv_ok(&stanza(xml));
    }
    h.take_events()
}

pub fn occupants(events: &[Event]) -> Vec<&OccupantUpdate> {
    events
        .iter()
        .map(|e| match e {
            Event::Occupant(update) => update,
            other => panic!("not an occupant: {other:?}"),
        })
        .collect()
}

pub fn coven() -> BareJid {
    room("coven@chat.shakespeare.lit")
}

/// The refusal of Examples 25 and 27–31: the same presence but for the error.
pub fn refusal(kind: &str, condition: &str) -> String {
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

/// The room's presence for us in `jid` as `nick`, a member taking part (Example 21).
pub fn self_presence(jid: &str, nick: &str) -> String {
    format!(
        "<presence xmlns='jabber:client' from='{jid}/{nick}'>\
         <x xmlns='http://jabber.org/protocol/muc#user'>\
         <item affiliation='member' role='participant'/><status code='110'/></x></presence>"
    )
}

/// Our stanzas the server has handled once we are in the coven with stream management: the
/// login's, then the room's disco#info (asked as we join) and our join.
pub const HANDLED_IN_COVEN: u32 = super::sm::OURS + 2;

/// Alice online with stream management, in the coven as `thirdwitch` (sent frames and events
/// taken).
pub fn in_coven_with_sm() -> Harness {
    let mut h = super::sm::online_with_sm();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .expect("online");
    h.drain();
    h.take_sent();
    h.recv_ok(&self_presence("coven@chat.shakespeare.lit", "thirdwitch"));
    h.take_sent();
    h.take_events();
    h
}

/// The `to` of every unavailable presence in `frames`: the rooms left.
pub fn leaves(frames: &[String]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|frame| palaver::xmpp::xml::Element::parse(frame).ok())
        .filter(|e| e.is("presence", "jabber:client") && e.get_attr("type") == Some("unavailable"))
        .map(|e| e.get_attr("to").unwrap_or_default().to_owned())
        .collect()
}
