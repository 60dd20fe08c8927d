//! Room helpers for the browser tests: a store in the lobby as `carol`, occupants and lines as
//! the session reports them.

use leptos::prelude::*;
use palaver::driver::Update;
use palaver::store::room::{Room, RoomStatus};
use palaver::store::Store;
use palaver::xmpp::event::{OccupantUpdate, RoomMessage};
use palaver::xmpp::stanza::date::DateTime;
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::{BareJid, Content, Event, Show, Text};

use super::apply;

pub const NOW: f64 = 1_700_000_000_000.0;

pub fn lobby() -> BareJid {
    BareJid::parse("lobby@conference.localhost").expect("room JID")
}

pub fn update(store: &Store, update: Update) {
    palaver::store::apply::apply(store, update, NOW);
}

pub fn room(store: &Store) -> Room {
    store
        .room(&lobby())
        .expect("the room is known")
        .get_untracked()
}

/// Alice asked to join the lobby as `carol` and the room let her in as a participant.
pub fn in_lobby() -> Store {
    let store = Store::new();
    update(
        &store,
        Update::RoomJoinRequested {
            room: lobby(),
            nick: "carol".into(),
        },
    );
    assert_eq!(room(&store).status, RoomStatus::Joining);
    apply(
        &store,
        joined("carol", Affiliation::None, Role::Participant),
        NOW,
    );
    store
}

pub fn occupant(nick: &str, available: bool) -> OccupantUpdate {
    OccupantUpdate {
        room: lobby(),
        nick: nick.into(),
        available,
        show: Show::Online,
        status: None,
        affiliation: Affiliation::Owner,
        role: if available {
            Role::Moderator
        } else {
            Role::None
        },
        real_jid: None,
        occupant_id: Some(format!("id-{nick}")),
        new_nick: None,
        codes: Vec::new(),
    }
}

pub fn said(nick: &str, body: &str, stanza_id: &str, stamp: Option<DateTime>, own: bool) -> Event {
    Event::RoomMessage(RoomMessage {
        room: lobby(),
        nick: Some(nick.into()),
        id: Some(format!("m-{stanza_id}")),
        origin_id: None,
        stanza_id: Some(stanza_id.into()),
        occupant_id: Some(format!("id-{nick}")),
        content: Content::Text(Text::plain(body)),
        stamp,
        own,
    })
}

/// The room lets us in as `nick` with this standing (our own presence, 110).
pub fn joined(nick: &str, affiliation: Affiliation, role: Role) -> Event {
    Event::RoomJoined {
        room: lobby(),
        nick: nick.into(),
        affiliation,
        role,
        codes: vec![StatusCode::SelfPresence],
    }
}
