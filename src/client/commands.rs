//! What views ask of the connection: messages and their changes, history, presence, contacts,
//! our avatar, and the app's own state (the open conversation, the XML console). Each runs on
//! the driver (and through it the session), then shows its effect at once through an update.

use leptos::prelude::*;

use super::Client;
use crate::driver::{Sent, Update};
use crate::store::apply::apply;
use crate::store::conversation;
use crate::xmpp::content::{Content, ReplyRef, Text};
use crate::xmpp::stanza::reactions;
use crate::xmpp::{ApiMisuse, BareJid, ChatState, Jid, Show, Subscription};

/// How many archived messages a conversation shows when it opens, and each page back.
const HISTORY_PAGE: u32 = 50;

impl Client {
    /// Sends a chat message; while a lost connection is being re-established it waits (shown
    /// as pending) and goes out, in order, once the session is back.
    pub fn send_message(&self, to: &BareJid, body: &str) -> Result<(), ApiMisuse> {
        let result = self.inner().driver.borrow_mut().send_message(to, body);
        self.pump();
        result.map(|_: Sent| ())
    }

    /// Sends `body` as a reply to `reply`'s message (XEP-0461), shown with its quote.
    pub fn send_reply(&self, to: &BareJid, body: &str, reply: ReplyRef) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_reply(&Jid::Bare(to.clone()), body, &reply),
            |id| Update::Outgoing {
                to: to.clone(),
                id,
                body: body.to_owned(),
                reply: Some(reply.clone()),
            },
        )
    }

    /// Replaces the text of our message `original_id` (XEP-0308), here and for the peer.
    pub fn correct(&self, to: &BareJid, original_id: &str, body: &str) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_correction(&Jid::Bare(to.clone()), original_id, body),
            |id| Update::OwnChange {
                peer: to.clone(),
                id,
                content: Content::Correction {
                    of: original_id.to_owned(),
                    text: Text::plain(body),
                },
            },
        )
    }

    /// Retracts our message `origin_id` (XEP-0424): a tombstone here and for the peer.
    pub fn retract(&self, to: &BareJid, origin_id: &str) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_retraction(&Jid::Bare(to.clone()), origin_id),
            |id| Update::OwnChange {
                peer: to.clone(),
                id,
                content: Content::Retraction {
                    of: origin_id.to_owned(),
                },
            },
        )
    }

    /// Adds our `emoji` to message `message_id`, or withdraws it if it is there (XEP-0444
    /// sends the whole set).
    pub fn toggle_reaction(
        &self,
        peer: &BareJid,
        message_id: &str,
        emoji: &str,
    ) -> Result<(), ApiMisuse> {
        let store = self.store();
        let own = store.own_bare().ok_or(ApiMisuse::NotOnline)?;
        let emojis = store.conversation(peer).with_untracked(|messages| {
            messages
                .iter()
                .rev()
                .find(|m| m.answers_to(message_id))
                .map(|m| m.reactions_of(&own))
                .unwrap_or_default()
        });
        // The same set here as on the wire.
        let emojis = reactions::toggled(emojis, emoji);
        self.command(
            |session| session.send_reactions(&Jid::Bare(peer.clone()), message_id, &emojis),
            |id| Update::OwnChange {
                peer: peer.clone(),
                id,
                content: Content::Reactions {
                    to: message_id.to_owned(),
                    emojis: emojis.clone(),
                },
            },
        )
    }

    /// Tells `peer` we read their messages up to `id` (XEP-0333), once per message; the
    /// session sends it only to contacts who see our presence.
    pub fn mark_displayed(&self, peer: &BareJid, id: &str) {
        let already = self
            .store()
            .displayed_sent
            .with_untracked(|sent| sent.get(peer).is_some_and(|last| last == id));
        if already {
            return;
        }
        let _ = self.command(
            |session| session.send_displayed(&Jid::Bare(peer.clone()), id),
            |_| Update::DisplayedSent {
                peer: peer.clone(),
                id: id.to_owned(),
            },
        );
    }

    /// Tells `to` whether we are typing (XEP-0085).
    pub fn send_chat_state(&self, to: &BareJid, state: ChatState) -> Result<(), ApiMisuse> {
        self.run(|session| session.send_chat_state(&Jid::Bare(to.clone()), state))
    }

    /// Loads the newest archived messages of the conversation with `peer`, once per session.
    pub fn load_history(&self, peer: &BareJid) {
        if self
            .store()
            .history
            .with_untracked(|h| h.contains_key(peer))
        {
            return;
        }
        let _ = self.command(
            |session| session.query_archive(peer, None, HISTORY_PAGE),
            |_| Update::HistoryRequested(peer.clone()),
        );
    }

    /// Loads the page of archived messages just older than those shown (scrolling back),
    /// unless one is on its way or the archive has nothing older.
    pub fn load_older_history(&self, peer: &BareJid) {
        let store = self.store();
        let Some(oldest_page) = store.history.with_untracked(|h| {
            h.get(peer)
                .filter(|state| !state.loading && !state.complete)
                .map(|state| state.oldest.clone())
        }) else {
            return;
        };
        let Some(before) = store
            .conversation(peer)
            .with_untracked(|c| conversation::older_page_before(c, oldest_page))
        else {
            return;
        };
        let _ = self.command(
            |session| session.query_archive(peer, Some(&before), HISTORY_PAGE),
            |_| Update::HistoryRequested(peer.clone()),
        );
    }

    /// Changes our presence; `None` means "appear offline" (unavailable, still connected).
    pub fn set_presence(&self, show: Option<Show>, status: &str) -> Result<(), ApiMisuse> {
        let result = self.inner().driver.borrow_mut().set_presence(show, status);
        self.pump();
        result
    }

    /// Adds a contact (name and group optional), asks to see their presence and pre-approves
    /// theirs, so both sides see each other once they accept (RFC 6121 §3.4).
    pub fn add_contact(&self, jid: &BareJid, name: &str, group: &str) -> Result<(), ApiMisuse> {
        let groups = one_group(group);
        self.run(|session| {
            session.update_contact(jid, Some(name.trim()).filter(|n| !n.is_empty()), &groups)?;
            session.subscribe(jid)?;
            session.approve_subscription(jid)
        })
    }

    /// Renames a contact and puts it in `group` (none when empty); the server's roster push
    /// updates the list.
    pub fn edit_contact(&self, jid: &BareJid, name: &str, group: &str) -> Result<(), ApiMisuse> {
        let groups = one_group(group);
        self.run(|session| {
            session.update_contact(jid, Some(name.trim()).filter(|n| !n.is_empty()), &groups)
        })
    }

    /// Removes a contact from the roster (and both subscriptions with it).
    pub fn remove_contact(&self, jid: &BareJid) -> Result<(), ApiMisuse> {
        self.run(|session| session.remove_contact(jid))
    }

    /// Answers a subscription request: accepting also asks for theirs unless we already see it.
    pub fn answer_subscription(&self, jid: &BareJid, accept: bool) -> Result<(), ApiMisuse> {
        let already_subscribed = self.store().contacts.with_untracked(|contacts| {
            contacts.get(jid).is_some_and(|c| {
                matches!(c.subscription, Subscription::To | Subscription::Both) || c.ask_pending
            })
        });
        self.command(
            |session| {
                if accept {
                    session.approve_subscription(jid)?;
                    if !already_subscribed {
                        session.subscribe(jid)?;
                    }
                    Ok(())
                } else {
                    session.deny_subscription(jid)
                }
            },
            |()| Update::SubscriptionAnswered(jid.clone()),
        )
    }

    /// Publishes `png` (`width`×`height`) as our avatar (XEP-0084); the store says how it went.
    pub fn set_avatar(&self, png: Vec<u8>, width: u32, height: u32) -> Result<(), ApiMisuse> {
        self.note(Update::AvatarChangeStarted);
        self.run(|session| session.set_avatar("image/png", png, width, height))
    }

    /// Takes our avatar away (XEP-0084 §4.5).
    pub fn remove_avatar(&self) -> Result<(), ApiMisuse> {
        self.note(Update::AvatarChangeStarted);
        self.run(|session| session.remove_avatar())
    }

    /// Lets a message request go: it and what it brought are forgotten.
    pub fn dismiss_request(&self, peer: &BareJid) {
        self.note(Update::RequestDismissed(peer.clone()));
    }

    /// The route opened the conversation with `peer` (or closed it).
    pub fn open_chat(&self, peer: Option<BareJid>) {
        self.note(Update::OpenChat(peer));
    }

    /// Switches the XML console on or off.
    pub fn enable_console(&self, on: bool) {
        self.note(Update::ConsoleEnabled(on));
    }

    /// Empties the XML console.
    pub fn clear_console(&self) {
        self.note(Update::ConsoleCleared);
    }

    /// Runs `command` on the session; on success applies `then(result)` and sends what it
    /// queued.
    pub(super) fn command<R>(
        &self,
        command: impl FnOnce(&mut crate::xmpp::Session) -> Result<R, ApiMisuse>,
        then: impl FnOnce(R) -> Update,
    ) -> Result<(), ApiMisuse> {
        let inner = self.inner();
        let result = inner.driver.borrow_mut().with_session(command);
        let outcome = result.map(|value| inner.driver.borrow_mut().note(then(value)));
        self.pump();
        outcome
    }

    /// Runs `command` on the session and sends what it queued.
    pub(super) fn run<R>(
        &self,
        command: impl FnOnce(&mut crate::xmpp::Session) -> Result<R, ApiMisuse>,
    ) -> Result<(), ApiMisuse> {
        let result = self.inner().driver.borrow_mut().with_session(command);
        self.pump();
        result.map(|_| ())
    }

    /// Applies a change the app made itself.
    pub(super) fn note(&self, update: Update) {
        apply(&self.inner().store, update, js_sys::Date::now());
    }
}

/// A group field's value as the list of groups it names (none when empty).
fn one_group(group: &str) -> Vec<String> {
    Some(group.trim())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect()
}
