//! Talking in a room like in a 1:1 conversation: replies, corrections, retractions and
//! reactions on room lines and on private lines with an occupant, and a moderator's removal of
//! anyone's line (XEP-0425). Each shows at once through an update; the room's reflection then
//! changes nothing more.

use leptos::prelude::*;

use super::Client;
use crate::driver::Update;
use crate::xmpp::session::RoomText;
use crate::xmpp::stanza::reactions;
use crate::xmpp::{ApiMisuse, BareJid, Content, ReplyRef, Text};

impl Client {
    /// Says `body` as an answer to `reply`'s line, in `room` or privately to `nick`.
    pub fn send_room_reply(
        &self,
        room: &BareJid,
        nick: Option<&str>,
        body: &str,
        reply: ReplyRef,
    ) -> Result<(), ApiMisuse> {
        let text = RoomText {
            reply: Some(&reply),
            replaces: None,
        };
        self.command(
            |session| session.send_room_text(room, nick, body, text),
            |id| match nick {
                None => Update::RoomSaid {
                    room: room.clone(),
                    id,
                    body: body.to_owned(),
                    reply: Some(reply.clone()),
                },
                Some(nick) => Update::RoomPrivateSaid {
                    room: room.clone(),
                    nick: nick.to_owned(),
                    id,
                    body: body.to_owned(),
                    reply: Some(reply.clone()),
                },
            },
        )
    }

    /// Corrects our line `original_id` (its message id) to `body` (XEP-0308).
    pub fn correct_room_line(
        &self,
        room: &BareJid,
        nick: Option<&str>,
        original_id: &str,
        body: &str,
    ) -> Result<(), ApiMisuse> {
        let text = RoomText {
            reply: None,
            replaces: Some(original_id),
        };
        self.command(
            |session| session.send_room_text(room, nick, body, text),
            |_| {
                own_change(
                    room,
                    nick,
                    Content::Correction {
                        of: original_id.to_owned(),
                        text: Text::plain(body),
                    },
                )
            },
        )
    }

    /// Retracts our line named `reference` (the room's stanza id, or our id) (XEP-0424).
    pub fn retract_room_line(
        &self,
        room: &BareJid,
        nick: Option<&str>,
        reference: &str,
    ) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_room_retraction(room, nick, reference),
            |_| {
                own_change(
                    room,
                    nick,
                    Content::Retraction {
                        of: reference.to_owned(),
                    },
                )
            },
        )
    }

    /// Adds our `emoji` to the line named `reference`, or withdraws it (XEP-0444: the whole
    /// set goes out).
    pub fn toggle_room_reaction(
        &self,
        room: &BareJid,
        nick: Option<&str>,
        reference: &str,
        emoji: &str,
    ) -> Result<(), ApiMisuse> {
        let store = self.store();
        let emojis = store
            .room(room)
            .map(|signal| {
                signal.with_untracked(|r| {
                    let lines = match nick {
                        None => Some(&r.lines),
                        Some(n) => r.private.get(n).map(|chat| &chat.lines),
                    };
                    lines
                        .and_then(|lines| lines.iter().rev().find(|l| l.answers_to(reference)))
                        .map(|l| l.own_reactions())
                        .unwrap_or_default()
                })
            })
            .unwrap_or_default();
        // The same set here as on the wire.
        let emojis = reactions::toggled(emojis, emoji);
        self.command(
            |session| session.send_room_reactions(room, nick, reference, &emojis),
            |_| {
                own_change(
                    room,
                    nick,
                    Content::Reactions {
                        to: reference.to_owned(),
                        emojis: emojis.clone(),
                    },
                )
            },
        )
    }

    /// As a moderator, asks `room` to remove anyone's line `stanza_id` (XEP-0425), with an
    /// optional reason; a refusal shows in the room.
    pub fn remove_room_line(
        &self,
        room: &BareJid,
        stanza_id: &str,
        reason: &str,
    ) -> Result<(), ApiMisuse> {
        self.moderate(
            room,
            |session, reason| session.moderate_room_line(room, stanza_id, reason),
            reason,
        )
    }
}

fn own_change(room: &BareJid, nick: Option<&str>, content: Content) -> Update {
    Update::RoomOwnChange {
        room: room.clone(),
        nick: nick.map(str::to_owned),
        content,
    }
}
