//! One line of a room's timeline or of a private conversation in it: author, time, the line it
//! answers, its body (XEP-0393 styled text, never HTML), "edited", reactions with who put them
//! there, its actions menu; a retracted or moderated line leaves a tombstone saying so; a quiet
//! notice is just its text.

use leptos::prelude::*;

use super::room_line_menu::RoomLineMenu;
use crate::client::expect_client;
use crate::store::room::{Removal, RoomLine};
use crate::store::Store;
use crate::ui::chat::reaction_bar::ReactionChip;
use crate::ui::chat::styled_body::StyledBody;
use crate::ui::time;
use crate::xmpp::BareJid;

/// How much of the answered line shows in a reply's quote.
const QUOTE_CHARS: usize = 120;

/// One line of a room's timeline or of a private conversation in it.
#[component]
pub fn RoomLineRow(
    /// The line.
    line: RoomLine,
    /// The room's address (authors are `room/nick`).
    room: BareJid,
    /// A line of a private conversation, not of the room.
    #[prop(optional)]
    private: bool,
) -> impl IntoView {
    let from = match &line.nick {
        Some(nick) => format!("{room}/{nick}"),
        None => room.to_string(),
    };
    let state = match (line.own, line.reflected) {
        (true, false) => "pending",
        (true, true) => "sent",
        (false, _) => "received",
    };
    if line.notice {
        return view! {
            <li class="room-notice" data-testid="room-notice" role="status">
                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
                " "{line.body.clone()}
            </li>
        }
        .into_any();
    }
    let author = line.nick.clone().unwrap_or_else(|| "Room".to_owned());
    let removed = line.removed.clone();
    let body = match &removed {
        None => view! { <StyledBody body=line.body.clone()/> }.into_any(),
        Some(removal) => view! {
            <em class="tombstone" data-testid="room-line-removed">{tombstone(removal)}</em>
        }
        .into_any(),
    };
    let quote = line.reply.as_ref().map(|reply| {
        let text = quote_of(&room, private, reply);
        view! {
            <div class="reply-quote" data-testid="reply-quote" data-reply-to=reply.id.clone()>
                <span class="reply-text">{text}</span>
            </div>
        }
    });
    let reactions = (!line.reactions.is_empty()).then(|| reaction_bar(&room, private, &line));
    let menu = removed
        .is_none()
        .then(|| view! { <RoomLineMenu line=line.clone() room=room.clone() private/> });
    view! {
        <li class="message" class:outgoing=line.own class:incoming=!line.own class:mention=line.mention
            class:retracted=removed.is_some()
            data-testid="chat-message" data-id=line.id.clone() data-from=from data-state=state
            data-stanza-id=line.stanza_id.clone()
            data-occupant-id=line.occupant_id.clone() data-mention=line.mention.then_some("true")
            data-private=private.then_some("true") data-edited=line.edited.then_some("true")
            data-retracted=removed.is_some().then_some("true")>
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
                {line.edited.then(|| view! { <span class="edited" data-testid="message-edited">"edited"</span> })}
                {menu}
            </div>
            {quote}
            <div class="body" data-testid="message-body">{body}</div>
            {reactions}
        </li>
    }
    .into_any()
}

/// What a tombstone says: who removed the line, and why when a moderator said.
pub fn tombstone(removal: &Removal) -> String {
    match removal {
        Removal::Retracted => "This message was deleted.".to_owned(),
        Removal::Moderated { by, reason } => {
            let mut text = match by {
                Some(by) => format!("Removed by {by}."),
                None => "Removed by a moderator.".to_owned(),
            };
            if let Some(reason) = reason {
                text.push_str(&format!(" Reason: {reason}"));
            }
            text
        }
    }
}

/// The answered line's text when it is held, else the quote the reply carried.
fn quote_of(room: &BareJid, private: bool, reply: &crate::xmpp::ReplyRef) -> String {
    let store = expect_context::<Store>();
    let held = store.room(room).and_then(|signal| {
        signal.with_untracked(|r| {
            let lines = match (private, &r.open_private) {
                (true, Some(nick)) => r.private.get(nick).map(|c| &c.lines),
                _ => Some(&r.lines),
            }?;
            lines
                .iter()
                .rev()
                .find(|l| l.answers_to(&reply.id))
                .map(|l| {
                    let who = l.nick.clone().unwrap_or_default();
                    match &l.removed {
                        Some(removal) => format!("{who}: {}", tombstone(removal)),
                        None => format!("{who}: {}", l.body),
                    }
                })
        })
    });
    let text = held.unwrap_or_else(|| reply.quote.clone().unwrap_or_default());
    let mut short: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().count() > QUOTE_CHARS {
        short.push('…');
    }
    short
}

/// The reactions under a line: each emoji with its count and who (in its title); ours pressed,
/// a click adds or withdraws ours.
fn reaction_bar(room: &BareJid, private: bool, line: &RoomLine) -> impl IntoView {
    let client = expect_client();
    let store = expect_context::<Store>();
    let reference = line.reference().unwrap_or_default().to_owned();
    let room = room.clone();
    let buttons = line
        .reaction_chips()
        .into_iter()
        .map(|(emoji, nicks, mine)| {
            let (room, reference, chosen) = (room.clone(), reference.clone(), emoji.clone());
            let toggle = move |()| {
                let nick = private
                    .then(|| {
                        store
                            .room(&room)
                            .and_then(|r| r.with_untracked(|r| r.open_private.clone()))
                    })
                    .flatten();
                let _ = client.toggle_room_reaction(&room, nick.as_deref(), &reference, &chosen);
            };
            view! {
                <ReactionChip emoji count=nicks.len() names=nicks mine on_toggle=Callback::new(toggle)/>
            }
        })
        .collect_view();
    view! { <div class="reactions" role="group" aria-label="Reactions">{buttons}</div> }
}
