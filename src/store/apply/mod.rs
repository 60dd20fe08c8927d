//! The only writer of [`Store`]: one [`Update`] in, signals updated. Views read the store and
//! send commands through the `Client`; the driver and the commands produce updates; nothing
//! else writes.

mod affiliations;
mod cache;
mod console;
mod events;
mod invitations;
mod local;
mod messages;
mod room_config;
mod room_edits;
mod room_history;
mod rooms;
mod strangers;

use leptos::prelude::*;

use crate::driver::Update;
use crate::store::affiliations::ListState;
use crate::store::Store;

pub use cache::{conversations_to_keep, roster_to_keep};
pub use console::CONSOLE_LINES;
pub use strangers::{MAX_REQUESTS, MAX_REQUEST_MESSAGES, MAX_SUBSCRIPTION_REQUESTS};

/// Applies one update; `now_ms` is the page's clock (what a message without a trusted stamp
/// is dated).
pub fn apply(store: &Store, update: Update, now_ms: f64) {
    match update {
        Update::Event(event) => events::apply_event(store, event, now_ms),
        Update::Connecting => local::connecting(store),
        Update::Reconnecting { delay, reason } => {
            local::reconnecting(store, now_ms + delay.as_millis() as f64, reason)
        }
        Update::TransportFailed(failure) => local::transport_failed(store, &failure),
        Update::Outgoing {
            to,
            id,
            body,
            reply,
        } => match reply {
            Some(reply) => messages::record_outgoing_reply(store, &to, id, body, reply, now_ms),
            None => local::record_outgoing(store, &to, id, body, now_ms),
        },
        Update::OwnChange { peer, id, content } => {
            messages::apply_own_change(store, &peer, id, content, now_ms)
        }
        Update::Queued { to, local_id, body } => {
            local::record_pending(store, &to, local_id, body, now_ms)
        }
        Update::QueuedSent { to, local_id, id } => local::pending_sent(store, &to, &local_id, id),
        Update::QueuedFailed {
            to,
            local_id,
            reason,
        } => local::pending_failed(store, &to, &local_id, &reason),
        Update::SubscriptionAnswered(jid) => local::subscription_answered(store, &jid),
        Update::HistoryRequested(peer) => local::history_requested(store, &peer),
        Update::DisplayedSent { peer, id } => store.displayed_sent.update_untracked(|sent| {
            sent.insert(peer, id);
        }),
        Update::AvatarChangeStarted => store.avatar_status.set(None),
        Update::OwnPresence { show, status } => {
            store.own_show.set(show);
            store.own_status.set(status);
        }
        Update::CachedConversations(kept) => cache::restore_conversations(store, kept),
        Update::OpenChat(peer) => local::open_chat(store, peer),
        Update::RequestDismissed(peer) => strangers::forget(store, &peer),
        Update::ConsoleLine { incoming, frame } => {
            console::record_console_line(store, incoming, &frame)
        }
        Update::ConsoleEnabled(on) => console::enable(store, on),
        Update::ConsoleCleared => console::clear(store),
        Update::RoomJoinRequested { room, nick } => rooms::join_requested(store, &room, &nick),
        Update::RoomSaid {
            room,
            id,
            body,
            reply,
        } => rooms::said(store, &room, id, body, reply, now_ms),
        Update::RoomOwnChange {
            room,
            nick,
            content,
        } => room_edits::own_edit(store, &room, nick.as_deref(), content),
        Update::RoomClosed(room) => rooms::forget(store, &room),
        Update::RoomPrivateSaid {
            room,
            nick,
            id,
            body,
            reply,
        } => rooms::said_privately(store, &room, &nick, id, body, reply, now_ms),
        Update::OpenRoomPrivate { room, nick } => rooms::open_private(store, &room, nick),
        Update::RoomRequestSent(room) => rooms::admin_asked(store, &room),
        Update::RoomRequestFailed { room, reason } => rooms::request_failed(store, &room, reason),
        Update::OpenRoom(room) => rooms::open(store, room),
        Update::RoomDescriptionAsked(room) => rooms::description_asked(store, room),
        Update::RoomOlderLinesAsked(room) => room_history::asked(store, &room),
        Update::RoomConfigRequested(room) => room_config::requested(store, &room),
        Update::RoomConfigSent(room) => room_config::sent(store, &room),
        Update::RoomConfigClosed(room) => room_config::closed(store, &room),
        Update::InvitationDismissed(room) => invitations::dismissed(store, &room),
        Update::AffiliationListsOpened { room, affiliations } => {
            affiliations::opened(store, room, affiliations)
        }
        Update::AffiliationListsClosed => affiliations::closed(store),
        Update::AffiliationListNotSent {
            room,
            affiliation,
            reason,
        } => affiliations::list_state(store, &room, affiliation, ListState::Failed(reason)),
    }
}
