//! A private conversation with one occupant, inside the room's view (XEP-0045 §7.5): headed
//! with who it is with ("private", never the contact's name), its lines, its own composer.

use leptos::prelude::*;

use super::room_composer::RoomComposer;
use crate::client::expect_client;
use crate::store::room::Room;
use crate::ui::chat::styled_body::StyledBody;
use crate::ui::time;
use crate::xmpp::BareJid;

/// The private conversation with `nick` in the room `jid`.
#[component]
pub fn PrivateChat(
    /// The room.
    jid: BareJid,
    /// The room's state, which holds the conversation.
    room: RwSignal<Room>,
    /// The occupant.
    nick: String,
) -> impl IntoView {
    let client = expect_client();
    let lines_nick = nick.clone();
    let lines = move || {
        room.with(|r| {
            r.private
                .get(&lines_nick)
                .map(|chat| chat.lines.iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let close_jid = jid.clone();
    let from_room = jid.to_string();
    view! {
        <section class="room-private" data-testid="room-private" data-nick=nick.clone()
            aria-label=format!("Private conversation with {nick}")>
            <header class="room-private-header">
                <span>"Private with "<strong>{nick.clone()}</strong>" in this room"</span>
                <button type="button" class="link-button" data-testid="room-private-close"
                    on:click=move |_| client.open_private(&close_jid, None)>"Back to the room"</button>
            </header>
            <ol class="messages room-messages" aria-live="polite" aria-label="Private messages" data-testid="message-list">
                <For each=lines key=|line| line.key() children=move |line| {
                    let from = format!("{from_room}/{}", line.nick.clone().unwrap_or_default());
                    let state = if line.own { "sent" } else { "received" };
                    view! {
                        <li class="message" class:outgoing=line.own class:incoming=!line.own
                            data-testid="chat-message" data-private="true" data-id=line.id.clone()
                            data-from=from data-state=state>
                            <div class="meta">
                                <span class="author">{line.nick.clone().unwrap_or_default()}</span>
                                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
                            </div>
                            <div class="body" data-testid="message-body"><StyledBody body=line.body.clone()/></div>
                        </li>
                    }
                }/>
            </ol>
            <RoomComposer jid=jid.clone() room to_nick=nick.clone()/>
        </section>
    }
}
