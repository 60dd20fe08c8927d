//! The session's events, applied: roster, presence, messages and their changes, archive pages,
//! avatars, the end of the session.

use std::collections::HashMap;

use leptos::prelude::*;

use super::messages::{apply_to_conversation, archived_arrival, keep_orphans, sent_at};
use super::strangers;
use crate::store::conversation::{self, Arrival, Outcome};
use crate::store::model::{ConnectionState, Contact, MessageState, ResourcePresence};
use crate::store::Store;
use crate::xmpp::{BareJid, ChatState, Content, Event, Subscription};

/// Applies one event from the session to the store.
pub(super) fn apply_event(store: &Store, event: Event, now_ms: f64) {
    let resumed = matches!(event, Event::Resumed { .. });
    match event {
        Event::Online { jid } | Event::Resumed { jid } => {
            if !resumed {
                // A fresh session: nobody's "typing…" from before the drop still holds.
                store.chat_states.set(Default::default());
            }
            store.own_jid.set(Some(jid));
            store.session_resumed.set(resumed);
            store.connection.set(ConnectionState::Online);
            store.login_error.set(None);
            store.reconnect_at.set(None);
            store.connection_problem.set(None);
        }
        Event::Roster { items, ver } => {
            if ver.is_some() {
                store.roster_version.set(ver);
            }
            let contacts = items
                .into_iter()
                .map(|item| (item.jid.clone(), Contact::from(item)))
                .collect();
            store.contacts.set(contacts);
        }
        Event::RosterPush { item, ver } => {
            if ver.is_some() {
                store.roster_version.set(ver);
            }
            if matches!(item.subscription, Subscription::From | Subscription::Both) {
                // Approved (here or on another device): the request is answered.
                store.forget_subscription_request(&item.jid);
            }
            store.roster_error.set(None);
            store.contacts.update(|contacts| {
                if item.subscription == Subscription::Remove {
                    contacts.remove(&item.jid);
                } else {
                    contacts.insert(item.jid.clone(), Contact::from(item));
                }
            });
        }
        Event::Presence(update) => {
            let bare = update.from.bare().clone();
            let resource = update.from.resource().unwrap_or_default().to_owned();
            if store.is_own(&bare) {
                // Our own resources: the selector already shows what we chose on this one.
                return;
            }
            if !strangers::is_contact(store, &bare) {
                // Nobody we know: nothing to show, and nothing a flood of strangers could grow.
                return;
            }
            store.presence_of(&bare).update(|presence| {
                if update.available {
                    presence.resources.insert(
                        resource,
                        ResourcePresence {
                            show: update.show,
                            status: update.status,
                            priority: update.priority,
                        },
                    );
                } else if update.from.resource().is_none() {
                    presence.resources.clear();
                } else {
                    presence.resources.remove(&resource);
                }
            });
        }
        Event::Message(message) => {
            let peer = message.from.bare().clone();
            let request = strangers::is_request(store, &peer);
            if message.body().is_some() {
                // A message arriving means they stopped typing it.
                store.chat_states.update(|states| {
                    if states.get(&peer) == Some(&ChatState::Composing) {
                        states.insert(peer.clone(), ChatState::Active);
                    }
                });
            }
            let arrival = Arrival {
                author: peer.clone(),
                outgoing: false,
                id: message.id,
                origin_id: message.origin_id,
                archive_id: message.archive_id,
                at_ms: sent_at(message.stamp, now_ms),
            };
            let body = message.content.body().map(str::to_owned);
            let outcome = apply_to_conversation(store, &peer, arrival, message.content);
            if request {
                // A request waits quietly: no unread count, no notification.
                strangers::bound(store, &peer);
                return;
            }
            if outcome == Outcome::Added {
                if let Some(body) = body {
                    store.last_received.set(Some((peer.clone(), body)));
                }
                if store.open_chat.get_untracked().as_ref() != Some(&peer) {
                    store
                        .unread
                        .update(|unread| *unread.entry(peer).or_default() += 1);
                }
            }
        }
        Event::ArchivePage {
            with,
            messages,
            complete,
            first,
        } => {
            store.history.update(|history| {
                let state = history.entry(with.clone()).or_default();
                state.loading = false;
                // An empty page reaches the start even if the server did not say so.
                state.complete = complete || messages.is_empty();
                if first.is_some() {
                    state.oldest = first;
                }
            });
            let Some(own) = store.own_bare() else {
                return;
            };
            let page: Vec<(Arrival, Content)> = messages
                .into_iter()
                .map(|m| archived_arrival(m, &own, now_ms))
                .collect();
            let orphans = store
                .orphans
                .try_update_untracked(|o| o.remove(&with).unwrap_or_default())
                .unwrap_or_default();
            let mut waiting = Vec::new();
            store.conversation(&with).update(|conversation| {
                // History is older than anything that arrived live since it was asked for.
                waiting = conversation::merge_history(conversation, page, orphans);
            });
            if !waiting.is_empty() {
                store.orphans.update_untracked(|o| {
                    o.insert(with, waiting);
                });
            }
        }
        Event::ArchiveFailed { with, .. } => {
            // Nothing more to show from an archive that refuses: stop offering more.
            store.history.update(|history| {
                let state = history.entry(with).or_default();
                state.loading = false;
                state.complete = true;
            });
        }
        Event::CatchUp { messages, .. } => {
            let Some(own) = store.own_bare() else {
                return;
            };
            // One update per conversation, however many messages the gap held.
            let mut by_peer: HashMap<BareJid, Vec<(Arrival, Content)>> = HashMap::new();
            for archived in messages {
                let peer = if archived.from.bare() == &own {
                    archived.to.as_ref().map(|to| to.bare().clone())
                } else {
                    Some(archived.from.bare().clone())
                };
                if let Some(peer) = peer.filter(|p| p != &own) {
                    by_peer
                        .entry(peer)
                        .or_default()
                        .push(archived_arrival(archived, &own, now_ms));
                }
            }
            let open_chat = store.open_chat.get_untracked();
            for (peer, missed) in by_peer {
                let mut unread = 0;
                let mut orphans = Vec::new();
                store.conversation(&peer).update(|conversation| {
                    for (arrival, content) in missed {
                        let incoming = !arrival.outgoing;
                        match conversation::apply_live(conversation, arrival, content) {
                            Outcome::Added => unread += u32::from(incoming),
                            Outcome::Orphan(orphan) => orphans.push(orphan),
                            _ => {}
                        }
                    }
                });
                keep_orphans(store, &peer, orphans);
                if strangers::is_request(store, &peer) {
                    strangers::bound(store, &peer);
                } else if unread > 0 && open_chat.as_ref() != Some(&peer) {
                    store
                        .unread
                        .update(|counts| *counts.entry(peer).or_default() += unread);
                }
            }
        }
        Event::SentFromOtherDevice {
            id,
            origin_id,
            to,
            content,
        } => {
            let Some(own) = store.own_bare() else {
                return;
            };
            let peer = to.bare().clone();
            if matches!(content, Content::Displayed { .. }) {
                // We read the conversation on another device.
                store.unread.update(|unread| {
                    unread.remove(&peer);
                });
                return;
            }
            let arrival = Arrival {
                author: own,
                outgoing: true,
                origin_id: origin_id.or_else(|| id.clone()),
                id,
                archive_id: None,
                at_ms: now_ms,
            };
            apply_to_conversation(store, &peer, arrival, content);
        }
        Event::MessageDelivered { id, from } => {
            let peer = from.bare().clone();
            store.conversation(&peer).update(|messages| {
                if let Some(message) = messages.iter_mut().rev().find(|m| m.outgoing && m.id == id)
                {
                    if message.state == MessageState::Sent {
                        message.state = MessageState::Delivered;
                        message.revision = message.revision.wrapping_add(1);
                    }
                }
            });
        }
        Event::ChatState { from, state } => {
            let peer = from.bare().clone();
            if !strangers::is_contact(store, &peer) {
                return;
            }
            store.chat_states.update(|states| {
                states.insert(peer, state);
            });
        }
        Event::MessageError { id, from, error } => {
            let peer = from.bare().clone();
            store.conversation(&peer).update(|messages| {
                if let Some(message) = messages
                    .iter_mut()
                    .rev()
                    .find(|m| m.outgoing && Some(&m.id) == id.as_ref())
                {
                    message.state = MessageState::Failed;
                    message.error = Some(error.describe());
                }
            });
        }
        Event::Disconnected { error } => {
            let was_online = store.connection.get_untracked() == ConnectionState::Online;
            store.reset_session();
            match error {
                None => {
                    store.connection.set(ConnectionState::Offline);
                    // A logout leaves nothing of the account on screen, the console included.
                    super::console::clear(store);
                }
                Some(error) => {
                    store.connection.set(ConnectionState::Error);
                    let message = if was_online {
                        format!("Disconnected. {error}")
                    } else {
                        error.to_string()
                    };
                    store.login_error.set(Some(message));
                }
            }
        }
        // Not shown yet: subscription requests get their dialog with the roster-management issue,
        // and dropped stanzas are for the XML console.
        Event::SubscriptionRequest { from } => {
            let known_and_allowed = store.contacts.with_untracked(|contacts| {
                contacts.get(&from).is_some_and(|c| {
                    matches!(c.subscription, Subscription::From | Subscription::Both)
                })
            });
            if !known_and_allowed {
                strangers::add_subscription_request(store, from);
            }
        }
        Event::Avatar { jid, avatar } => {
            store.avatars.update(|avatars| match avatar {
                Some(avatar) => {
                    avatars.insert(jid, avatar.data_url());
                }
                None => {
                    avatars.remove(&jid);
                }
            });
        }
        Event::AvatarPublished => store
            .avatar_status
            .set(Some("Your picture is saved.".into())),
        Event::AvatarPublishFailed { error } => store.avatar_status.set(Some(format!(
            "The server did not save your picture: {}.",
            error.describe()
        ))),
        Event::RosterChangeFailed { jid, error } => {
            store.roster_error.set(Some(format!(
                "Could not change {jid}: {}.",
                error.describe()
            )));
        }
        event @ (Event::RoomJoined { .. }
        | Event::RoomJoining { .. }
        | Event::RoomFeatures { .. }
        | Event::RoomOlderLines { .. }
        | Event::RoomLineRemoved(_)
        | Event::RoomJoinFailed { .. }
        | Event::RoomRefused { .. }
        | Event::ConferenceService { .. }
        | Event::Bookmarks { .. }
        | Event::BookmarkAdded(_)
        | Event::BookmarkRemoved { .. }
        | Event::BookmarkFailed { .. }
        | Event::PublicRooms { .. }
        | Event::PublicRoomInfo { .. }
        | Event::RoomLeft { .. }
        | Event::Occupant(_)
        | Event::RoomMessage(_)
        | Event::RoomPrivateMessage(_)
        | Event::RoomSubject { .. }) => super::rooms::apply_room_event(store, event, now_ms),
        event @ (Event::RoomConfigForm { .. }
        | Event::RoomConfigured { .. }
        | Event::RoomConfigFailed { .. }
        | Event::RoomConfigChanged { .. }) => super::room_config::apply(store, event, now_ms),
        Event::RoomInvitation(invitation) => {
            super::invitations::received(store, invitation, now_ms)
        }
        Event::InvitationSent {
            room,
            invitee,
            mediated,
        } => super::invitations::sent(store, &room, &invitee, mediated, now_ms),
        Event::InvitationDeclined {
            room,
            invitee,
            reason,
        } => {
            super::invitations::declined(store, &room, invitee.as_ref(), reason.as_deref(), now_ms)
        }
        Event::AffiliationList {
            room,
            affiliation,
            users,
        } => super::affiliations::list_state(
            store,
            &room,
            affiliation,
            crate::store::affiliations::ListState::Loaded(users),
        ),
        Event::AffiliationListFailed {
            room,
            affiliation,
            error,
        } => super::affiliations::list_state(
            store,
            &room,
            affiliation,
            crate::store::affiliations::ListState::Failed(format!(
                "The room would not show this list: {}.",
                error.describe()
            )),
        ),
        Event::AffiliationChanged {
            room,
            jid,
            affiliation,
        } => super::affiliations::changed(store, &room, &jid, affiliation),
        // Not shown: "up to date" (the driver turns it into the kept roster), dropped stanzas and the server's features are for the XML console, and a message the
        // server holds already shows `sent`.
        Event::Dropped { .. }
        | Event::Registered { .. }
        | Event::RosterUpToDate
        | Event::ServerFeatures { .. }
        | Event::ServerItems { .. }
        | Event::Capabilities { .. }
        | Event::MessageAcked { .. } => {}
    }
}
