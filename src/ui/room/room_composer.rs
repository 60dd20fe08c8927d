//! Writing in a room: Enter sends, Shift+Enter starts a new line. Nothing is sent while the
//! room has not let us in; the reason shows instead.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::room::{Room, RoomStatus};
use crate::xmpp::BareJid;

/// The composer of the room `jid`.
#[component]
pub fn RoomComposer(
    /// Where messages go.
    jid: BareJid,
    /// The room's state: nothing is sent before it lets us in.
    room: RwSignal<Room>,
    /// To one occupant privately, rather than to the room.
    #[prop(optional)]
    to_nick: Option<String>,
) -> impl IntoView {
    let client = expect_client();
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let joined = move || room.with(|r| r.status == RoomStatus::Joined);
    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let sent = match &to_nick {
            Some(nick) => client.send_private_message(&jid, nick, &text),
            None => client.send_room_message(&jid, &text),
        };
        match sent {
            Ok(()) => {
                draft.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(format!("Not sent: {e}."))),
        }
    };
    let send_on_key = send.clone();
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea data-testid="chat-input" rows="2" aria-label="Message"
                placeholder=move || if joined() { "Write to the room…" } else { "Joining the room…" }
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send_on_key();
                    }
                }></textarea>
            <button data-testid="chat-send" type="submit" disabled=move || !joined()>"Send"</button>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </form>
    }
}
