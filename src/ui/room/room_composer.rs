//! Writing in a room: Enter sends, Shift+Enter starts a new line. Nothing is sent while the
//! room has not let us in; the reason shows instead. Like the 1:1 composer it answers a line
//! (XEP-0461) or corrects one of ours (XEP-0308; ↑ in an empty box starts with the last one),
//! with the same banner; Escape goes back to a new message.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::room::{Room, RoomStatus};
use crate::ui::chat::compose_mode::{ChatControls, ComposeBanner, ComposeMode};
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
    let controls = expect_context::<ChatControls>();
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let joined = move || room.with(|r| r.status == RoomStatus::Joined);
    let nick = StoredValue::new(to_nick);
    let send = move || {
        let text = draft.get_untracked();
        let mode = controls.mode.get_untracked();
        if text.trim().is_empty() {
            controls.mode.set(ComposeMode::New);
            return;
        }
        let to = nick.get_value();
        let sent = match (mode, to.as_deref()) {
            (ComposeMode::New, Some(nick)) => client.send_private_message(&jid, nick, &text),
            (ComposeMode::New, None) => client.send_room_message(&jid, &text),
            (ComposeMode::Reply { reply, .. }, to) => {
                client.send_room_reply(&jid, to, &text, reply)
            }
            (ComposeMode::Edit { original, .. }, _) if original == text => Ok(()),
            (ComposeMode::Edit { id, .. }, to) => client.correct_room_line(&jid, to, &id, &text),
        };
        match sent {
            Ok(()) => {
                draft.set(String::new());
                error.set(None);
                controls.mode.set(ComposeMode::New);
            }
            Err(e) => error.set(Some(format!("Not sent: {e}."))),
        }
    };
    let send_on_key = send.clone();
    // Starting an edit puts its text in the box.
    Effect::new(move |previous: Option<ComposeMode>| {
        let mode = controls.mode.get();
        match &mode {
            ComposeMode::Edit { original, .. } => draft.set(original.clone()),
            ComposeMode::New if matches!(previous, Some(ComposeMode::Edit { .. })) => {
                draft.set(String::new())
            }
            _ => {}
        }
        mode
    });
    // ↑ in an empty box corrects our last line that still stands.
    let edit_last = move || {
        let last = room.with_untracked(|r| {
            let lines = match nick.get_value() {
                Some(n) => r.private.get(&n).map(|chat| chat.lines.clone()),
                None => Some(r.lines.clone()),
            };
            lines.and_then(|lines| {
                lines
                    .iter()
                    .rev()
                    .find(|l| l.own && l.removed.is_none() && !l.notice)
                    .and_then(|l| Some((l.id.clone()?, l.body.clone())))
            })
        });
        match last {
            Some((id, original)) => {
                controls.mode.set(ComposeMode::Edit { id, original });
                true
            }
            None => false,
        }
    };
    view! {
        <ComposeBanner mode=controls.mode/>
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea data-testid="chat-input" rows="2" aria-label="Message"
                placeholder=move || if joined() { "Write to the room…" } else { "Joining the room…" }
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send_on_key();
                    } else if ev.key() == "ArrowUp" && draft.get_untracked().is_empty()
                        && controls.mode.get_untracked() == ComposeMode::New && edit_last() {
                        ev.prevent_default();
                    } else if ev.key() == "Escape" && controls.mode.get_untracked() != ComposeMode::New {
                        ev.prevent_default();
                        controls.mode.set(ComposeMode::New);
                    }
                }></textarea>
            <button data-testid="chat-send" type="submit" disabled=move || !joined()>"Send"</button>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </form>
    }
}
