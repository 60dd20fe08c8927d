//! The message input: Enter sends, Shift+Enter breaks the line. While the user types, the peer
//! is told "composing"; after five quiet seconds, "paused" (XEP-0085 §5.2).
//!
//! It also answers a message (XEP-0461) or corrects our last one (XEP-0308, ↑ in an empty box
//! starts it): a banner above the box says which, and Escape or its × goes back to a new
//! message.

use std::time::Duration;

use leptos::prelude::*;

use super::compose_mode::{ChatControls, ComposeBanner, ComposeMode};
use crate::client::expect_client;
use crate::store::Store;
use crate::xmpp::{BareJid, ChatState};

/// How long typing may pause before we say "paused".
const PAUSE_AFTER: Duration = Duration::from_secs(5);

/// A textarea and a send button for the conversation with `peer`.
#[component]
pub fn Composer(
    /// The conversation: where messages and chat states go.
    peer: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let draft = RwSignal::new(String::new());
    // Whether the peer currently believes we are typing.
    let composing = RwSignal::new(false);
    let pause_timer = StoredValue::new(None::<TimeoutHandle>);
    let stop_pause_timer = move || {
        if let Some(handle) = pause_timer.get_value() {
            handle.clear();
        }
        pause_timer.set_value(None);
    };
    let peer_for_state = peer.clone();
    let tell = move |state: ChatState| {
        let _ = client.send_chat_state(&peer_for_state, state);
    };
    let tell_on_input = tell.clone();
    let on_input = move |text: String| {
        let typing = !text.trim().is_empty();
        draft.set(text);
        stop_pause_timer();
        if typing {
            if !composing.get_untracked() {
                composing.set(true);
                tell_on_input(ChatState::Composing);
            }
            let tell_paused = tell_on_input.clone();
            let handle = set_timeout_with_handle(
                move || {
                    composing.set(false);
                    tell_paused(ChatState::Paused);
                },
                PAUSE_AFTER,
            );
            pause_timer.set_value(handle.ok());
        } else if composing.get_untracked() {
            composing.set(false);
            tell_on_input(ChatState::Active);
        }
    };
    let controls = expect_context::<ChatControls>();
    let send_peer = peer.clone();
    let send = move || {
        let body = draft.get_untracked();
        let mode = controls.mode.get_untracked();
        if body.trim().is_empty() {
            if !matches!(mode, ComposeMode::New) {
                controls.mode.set(ComposeMode::New);
            }
            return;
        }
        let peer = &send_peer;
        let sent = match mode {
            ComposeMode::New => client.send_message(peer, &body),
            ComposeMode::Reply { reply, .. } => client
                .send_reply(peer, &body, reply)
                // Offline: it goes out as a plain message once the connection is back.
                .or_else(|_| client.send_message(peer, &body)),
            ComposeMode::Edit { original, .. } if original == body => Ok(()),
            ComposeMode::Edit { id, .. } => client.correct(peer, &id, &body),
        };
        if sent.is_ok() {
            // The message itself carries <active/>.
            stop_pause_timer();
            composing.set(false);
            draft.set(String::new());
            controls.mode.set(ComposeMode::New);
        }
    };
    let send_on_click = send.clone();
    // Opening a conversation puts the cursor in it (on wide screens: on a phone the keyboard
    // would cover the messages one came to read).
    let input = NodeRef::<leptos::html::Textarea>::new();
    request_animation_frame(move || {
        let wide = window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w > 700.0);
        if let (true, Some(Some(input))) = (wide, input.try_get_untracked()) {
            let _ = input.focus();
        }
    });
    on_cleanup(move || {
        if let Some(handle) = pause_timer.try_get_value().flatten() {
            handle.clear();
        }
    });
    // Starting a reply or an edit puts the cursor in the box (an edit with the text to fix).
    Effect::new(move |previous: Option<ComposeMode>| {
        let mode = controls.mode.get();
        if previous.as_ref() != Some(&mode) {
            match &mode {
                ComposeMode::Edit { original, .. } => draft.set(original.clone()),
                ComposeMode::New if matches!(previous, Some(ComposeMode::Edit { .. })) => {
                    draft.set(String::new())
                }
                _ => {}
            }
            if !matches!(mode, ComposeMode::New) {
                if let Some(input) = input.get_untracked() {
                    let _ = input.focus();
                }
            }
        }
        mode
    });
    // ↑ in an empty box corrects our last message (XEP-0308 "last message correction").
    let edit_peer = peer.clone();
    let edit_last = move || {
        let last = store.conversation(&edit_peer).with_untracked(|messages| {
            messages
                .iter()
                .rev()
                .find(|m| m.outgoing && !m.retracted)
                .filter(|m| m.state != crate::store::model::MessageState::Pending)
                .map(|m| (m.id.clone(), m.body.clone()))
        });
        if let Some((id, original)) = last {
            controls.mode.set(ComposeMode::Edit { id, original });
            return true;
        }
        false
    };
    view! {
        <ComposeBanner mode=controls.mode/>
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send_on_click(); }>
            <textarea data-testid="chat-input" node_ref=input rows="2" placeholder="Write a message…" aria-label="Message"
                prop:value=move || draft.get()
                on:input=move |ev| on_input(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send();
                    } else if ev.key() == "ArrowUp" && draft.get_untracked().is_empty()
                        && controls.mode.get_untracked() == ComposeMode::New && edit_last() {
                        ev.prevent_default();
                    } else if ev.key() == "Escape" && controls.mode.get_untracked() != ComposeMode::New {
                        ev.prevent_default();
                        ev.stop_propagation();
                        controls.mode.set(ComposeMode::New);
                    }
                }></textarea>
            <button data-testid="chat-send" type="submit">"Send"</button>
        </form>
    }
}
