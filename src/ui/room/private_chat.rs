//! A private conversation with one occupant, inside the room's view (XEP-0045 §7.5): headed
//! with who it is with ("private", never the contact's name), its lines, its own composer.

use leptos::context::Provider;
use leptos::prelude::*;

use super::room_composer::RoomComposer;
use super::room_line::RoomLineRow;
use crate::client::expect_client;
use crate::store::room::Room;
use crate::ui::chat::compose_mode::ChatControls;
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
    // Its own reply and edit state, apart from the room's, for its lines and composer only
    // (a Provider scopes it: the room's timeline that replaces this view keeps the room's).
    let controls = ChatControls::new();
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
    let line_room = jid.clone();
    view! {
        <Provider value=controls>
        <section class="room-private" data-testid="room-private" data-nick=nick.clone()
            aria-label=format!("Private conversation with {nick}")>
            <header class="room-private-header">
                <span>"Private with "<strong>{nick.clone()}</strong>" in this room"</span>
                <button type="button" class="link-button" data-testid="room-private-close"
                    on:click=move |_| client.open_private(&close_jid, None)>"Back to the room"</button>
            </header>
            <ol class="messages room-messages" aria-live="polite" aria-label="Private messages" data-testid="message-list">
                <For each=lines key=|line| (line.seq, line.revision)
                    children=move |line| view! { <RoomLineRow line room=line_room.clone() private=true/> }/>
            </ol>
            <RoomComposer jid=jid.clone() room to_nick=nick.clone()/>
        </section>
        </Provider>
    }
}
