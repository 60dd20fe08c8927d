//! How one message (live, a carbon copy, or from the archive) changes a conversation: a new
//! text is added once, however many copies arrive; a correction, a retraction or reactions
//! change the message they point at; a read marker marks our messages read.
//!
//! Trust is decided here, where the target is known (ARCHITECTURE.md, "Invariants"): a conversation holds only
//! the messages exchanged with one peer, and only a message's author may correct or retract it,
//! so nobody can change what someone else wrote. A change whose target is not loaded yet (it
//! is further back in the archive) is kept aside and applied once that page arrives.

use std::collections::{HashMap, HashSet};

use super::model::{ChatMessage, MessageState, Reaction};
use crate::xmpp::{BareJid, Content, Text};

/// How far back a live copy is looked for among the newest messages (live duplicates are
/// recent; a full scan per message would make a burst of thousands quadratic).
const LIVE_DUPLICATE_WINDOW: usize = 500;
/// Changes kept aside per conversation while their target is not loaded.
pub const MAX_ORPHANS: usize = 200;

/// Who wrote a message, and the ids and time it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    /// Who wrote it: only they may correct or retract it.
    pub author: BareJid,
    /// Written by us (here or on another device).
    pub outgoing: bool,
    /// Its stanza id, if it has one.
    pub id: Option<String>,
    /// The sender's XEP-0359 origin id, if any.
    pub origin_id: Option<String>,
    /// Our archive's id for it (XEP-0359 stanza-id): copies sharing one are one message.
    pub archive_id: Option<String>,
    /// When it was written, as well as we know (the archive's stamp, else our clock).
    pub at_ms: f64,
}

/// A change that waits for its target to be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// Who sent the change and when: checked against the target once it is loaded.
    pub arrival: Arrival,
    /// The change itself (a correction, retraction or reactions).
    pub content: Content,
}

/// What applying a message did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new message was added (at the end).
    Added,
    /// An earlier message changed (corrected, retracted, reacted to, marked read).
    Changed,
    /// A copy of something already shown, or a change that changes nothing.
    Unchanged,
    /// The target is not loaded: keep it for later.
    Orphan(Orphan),
    /// Not allowed: someone changing a message they did not write.
    Refused,
}

/// Applies a live message (or carbon, or caught-up archived one) to the end of `conversation`.
pub fn apply_live(
    conversation: &mut Vec<ChatMessage>,
    arrival: Arrival,
    content: Content,
) -> Outcome {
    match content {
        Content::Text(text) => {
            let message = new_message(&arrival, text, now_state(arrival.outgoing));
            let recent = conversation.len().saturating_sub(LIVE_DUPLICATE_WINDOW);
            if let Some(shown) = conversation[recent..]
                .iter_mut()
                .find(|shown| same_message(shown, &message))
            {
                learn_archive_id(shown, message.archive_id);
                return Outcome::Unchanged;
            }
            conversation.push(message);
            Outcome::Added
        }
        change => apply_change(conversation, arrival, change),
    }
}

/// Puts one archive page (oldest first, all older than what is shown) in front of
/// `conversation`: its texts once each, then its changes; then retries `orphans`, which may
/// point into this page. Returns the changes still waiting.
pub fn merge_history(
    conversation: &mut Vec<ChatMessage>,
    page: Vec<(Arrival, Content)>,
    orphans: Vec<Orphan>,
) -> Vec<Orphan> {
    let archive_ids: HashSet<&str> = conversation
        .iter()
        .filter_map(|m| m.archive_id.as_deref())
        .collect();
    let ids: HashMap<(&str, bool), usize> = conversation
        .iter()
        .enumerate()
        .map(|(at, m)| ((m.id.as_str(), m.outgoing), at))
        .collect();
    let mut older: Vec<ChatMessage> = Vec::new();
    let mut changes: Vec<Orphan> = Vec::new();
    // Held copies the page repeats, and the archive id each learns from it.
    let mut learned: Vec<(usize, Option<String>)> = Vec::new();
    for (arrival, content) in page {
        match content {
            Content::Text(text) => {
                // The archive keeps no delivery state: ours count as sent, theirs as delivered.
                let message = new_message(&arrival, text, now_state(arrival.outgoing));
                let held = ids.get(&(message.id.as_str(), message.outgoing)).copied();
                let shown = message
                    .archive_id
                    .as_deref()
                    .is_some_and(|a| archive_ids.contains(a))
                    || held.is_some()
                    || older.iter().any(|o| same_message(o, &message));
                if let Some(at) = held {
                    learned.push((at, message.archive_id));
                } else if !shown {
                    older.push(message);
                }
            }
            change => changes.push(Orphan {
                arrival,
                content: change,
            }),
        }
    }
    for (at, archive_id) in learned {
        learn_archive_id(&mut conversation[at], archive_id);
    }
    conversation.splice(0..0, older);
    let mut waiting = Vec::new();
    for change in changes.into_iter().chain(orphans) {
        if let Outcome::Orphan(orphan) = apply_change(conversation, change.arrival, change.content)
        {
            waiting.push(orphan);
        }
    }
    let excess = waiting.len().saturating_sub(MAX_ORPHANS);
    waiting.drain(..excess);
    waiting
}

/// The archive id the next older page ends before, from the conversation held and the oldest
/// page's first id: just before the oldest message held with an archive id, however it came
/// (offline delivery, a catch-up, a page), so paging never walks back through messages shown;
/// but when the oldest page began with something not held as a message (a page of read
/// markers or corrections), before that page, which is older than anything held: asking
/// before the oldest held again would bring the same page back, and paging would stop.
pub fn older_page_before(
    conversation: &[ChatMessage],
    oldest_page: Option<String>,
) -> Option<String> {
    let oldest_held = conversation.iter().find_map(|m| m.archive_id.as_deref());
    match oldest_page {
        Some(page)
            if !conversation
                .iter()
                .any(|m| m.archive_id.as_deref() == Some(page.as_str())) =>
        {
            Some(page)
        }
        page => oldest_held.map(str::to_owned).or(page),
    }
}

/// A correction, retraction, reactions or read marker, applied to the message it names.
fn apply_change(conversation: &mut [ChatMessage], arrival: Arrival, content: Content) -> Outcome {
    let target = match &content {
        Content::Text(_) => return Outcome::Unchanged,
        // Ours (from another device) is for the caller: it clears the unread count.
        Content::Displayed { .. } if arrival.outgoing => return Outcome::Unchanged,
        Content::Displayed { up_to } => up_to,
        Content::Correction { of, .. } | Content::Retraction { of } => of,
        Content::Reactions { to, .. } => to,
    };
    // A read marker names one of our messages; a correction or a retraction one of the
    // author's own (ids are the sender's choice: someone else may reuse one of ours).
    let by_author = matches!(
        content,
        Content::Correction { .. } | Content::Retraction { .. }
    );
    let target_index = match &content {
        Content::Displayed { .. } => conversation
            .iter()
            .rposition(|m| m.outgoing && m.answers_to(target)),
        _ if by_author => conversation
            .iter()
            .rposition(|m| m.answers_to(target) && is_author(m, &arrival)),
        _ => conversation.iter().rposition(|m| m.answers_to(target)),
    };
    let Some(index) = target_index else {
        if matches!(content, Content::Displayed { .. }) {
            // A marker for a message not shown: nothing to mark (not worth keeping).
            return Outcome::Unchanged;
        }
        if by_author && conversation.iter().any(|m| m.answers_to(target)) {
            return Outcome::Refused;
        }
        return Outcome::Orphan(Orphan { arrival, content });
    };
    let outcome = match content {
        Content::Text(_) => Outcome::Unchanged,
        Content::Displayed { .. } => return mark_read(&mut conversation[..=index]),
        Content::Correction { text, .. } => correct(&mut conversation[index], &arrival, text),
        Content::Retraction { .. } => retract(&mut conversation[index], &arrival),
        Content::Reactions { emojis, .. } => set_reactions(
            &mut conversation[index],
            &arrival.author,
            &emojis,
            arrival.at_ms,
        ),
    };
    if outcome == Outcome::Changed {
        let message = &mut conversation[index];
        message.revision = message.revision.wrapping_add(1);
    }
    outcome
}

/// XEP-0308: the author's new text, unless a newer correction is shown already.
fn correct(message: &mut ChatMessage, arrival: &Arrival, text: Text) -> Outcome {
    if !is_author(message, arrival) {
        return Outcome::Refused;
    }
    if message.retracted || arrival.at_ms < message.edited_at_ms {
        return Outcome::Unchanged;
    }
    if message.edited && message.body == text.body {
        return Outcome::Unchanged;
    }
    message.body = text.body;
    message.styled = text.styled;
    message.edited = true;
    message.edited_at_ms = arrival.at_ms;
    Outcome::Changed
}

/// XEP-0424: the author withdraws it; a tombstone stays in its place.
fn retract(message: &mut ChatMessage, arrival: &Arrival) -> Outcome {
    if !is_author(message, arrival) {
        return Outcome::Refused;
    }
    if message.retracted {
        return Outcome::Unchanged;
    }
    message.retracted = true;
    message.body.clear();
    message.reply = None;
    message.reactions.clear();
    message.reaction_times.clear();
    Outcome::Changed
}

/// Only the author of a message may correct or retract it: the same side of the
/// conversation and the same person.
fn is_author(message: &ChatMessage, arrival: &Arrival) -> bool {
    message.outgoing == arrival.outgoing && message.from == arrival.author
}

/// `who`'s reactions on `message` become `emojis` (XEP-0444: each update is the whole set),
/// unless what is shown is newer.
fn set_reactions(
    message: &mut ChatMessage,
    who: &BareJid,
    emojis: &[String],
    at_ms: f64,
) -> Outcome {
    if message.retracted {
        return Outcome::Unchanged;
    }
    let shown_at = message
        .reaction_times
        .iter()
        .find(|(by, _)| by == who)
        .map(|(_, at)| *at);
    if shown_at.is_some_and(|shown| at_ms < shown) {
        return Outcome::Unchanged;
    }
    if message.reactions_of(who) == emojis {
        return Outcome::Unchanged;
    }
    for reaction in &mut message.reactions {
        reaction.by.retain(|by| by != who);
    }
    for emoji in emojis {
        match message.reactions.iter_mut().find(|r| &r.emoji == emoji) {
            Some(reaction) => reaction.by.push(who.clone()),
            None => message.reactions.push(Reaction {
                emoji: emoji.clone(),
                by: vec![who.clone()],
            }),
        }
    }
    message.reactions.retain(|r| !r.by.is_empty());
    message.reaction_times.retain(|(by, _)| by != who);
    message.reaction_times.push((who.clone(), at_ms));
    Outcome::Changed
}

/// Our messages in `read` (the conversation up to the one their marker names) were read.
fn mark_read(read: &mut [ChatMessage]) -> Outcome {
    let mut changed = false;
    for message in read.iter_mut().rev().filter(|m| m.outgoing) {
        match message.state {
            MessageState::Read => break,
            MessageState::Sent | MessageState::Delivered => {
                message.state = MessageState::Read;
                message.revision = message.revision.wrapping_add(1);
                changed = true;
            }
            MessageState::Pending | MessageState::Failed => {}
        }
    }
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}

/// Gives a copy held without an archive id (ours sent live, say) the one the archive knows it
/// by: the next older page is then asked from before it, not from a later message's id,
/// which would bring back only what is already shown, again and again.
fn learn_archive_id(held: &mut ChatMessage, archive_id: Option<String>) {
    if held.archive_id.is_none() {
        held.archive_id = archive_id;
    }
}

/// Whether two messages are copies of one: the same archive id, or the same id from the same
/// side (a live, carbon or offline copy).
fn same_message(shown: &ChatMessage, candidate: &ChatMessage) -> bool {
    (candidate.archive_id.is_some() && shown.archive_id == candidate.archive_id)
        || (shown.id == candidate.id && shown.outgoing == candidate.outgoing)
}

fn new_message(arrival: &Arrival, text: Text, state: MessageState) -> ChatMessage {
    let id = arrival
        .id
        .clone()
        .or_else(|| arrival.archive_id.clone())
        .unwrap_or_else(local_id);
    let mut message = ChatMessage::new(
        id,
        arrival.author.clone(),
        text.body,
        arrival.at_ms,
        arrival.outgoing,
        state,
    );
    message.origin_id = arrival.origin_id.clone();
    message.archive_id = arrival.archive_id.clone();
    message.reply = text.reply;
    message.styled = text.styled;
    // A read marker names the sender's id: none was given, none can be sent.
    message.markable = text.markable && !arrival.outgoing && arrival.id.is_some();
    message
}

/// An id for a message whose sender gave none: unique in this page, so two such messages are
/// never taken for copies of one.
fn local_id() -> String {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    let n = NEXT.with(|next| {
        let n = next.get();
        next.set(n + 1);
        n
    });
    format!("local-{n}")
}

/// A message that just arrived: ours went out through the server, theirs reached us.
fn now_state(outgoing: bool) -> MessageState {
    if outgoing {
        MessageState::Sent
    } else {
        MessageState::Delivered
    }
}
