//! One line of a room's timeline or of a private conversation in it: author, time, body
//! (XEP-0393 styled text, never HTML), or a quiet notice.

use leptos::prelude::*;

use crate::store::room::RoomLine;
use crate::ui::chat::styled_body::StyledBody;
use crate::ui::time;
use crate::xmpp::BareJid;

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
    view! {
        <li class="message" class:outgoing=line.own class:incoming=!line.own class:mention=line.mention
            data-testid="chat-message" data-id=line.id.clone() data-from=from data-state=state
            data-occupant-id=line.occupant_id.clone() data-mention=line.mention.then_some("true")
            data-private=private.then_some("true")>
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
            </div>
            <div class="body" data-testid="message-body"><StyledBody body=line.body.clone()/></div>
        </li>
    }
    .into_any()
}
