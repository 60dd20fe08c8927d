//! The message input: Enter sends, Shift+Enter breaks the line. While the user types, the peer
//! is told "composing"; after five quiet seconds, "paused" (XEP-0085 §5.2).

use std::time::Duration;

use leptos::prelude::*;

use crate::store::Store;
use crate::transport;
use crate::xmpp::{BareJid, ChatState};

/// How long typing may pause before we say "paused".
const PAUSE_AFTER: Duration = Duration::from_secs(5);

/// A textarea and a send button for the conversation with `peer`.
#[component]
pub fn Composer(peer: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
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
        let _ = transport::send_chat_state(&peer_for_state, state);
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
    let send = move || {
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        if transport::send_message(store, &peer, &body).is_ok() {
            // The message itself carries <active/>.
            stop_pause_timer();
            composing.set(false);
            draft.set(String::new());
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
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send_on_click(); }>
            <textarea data-testid="chat-input" node_ref=input rows="2" placeholder="Write a message…" aria-label="Message"
                prop:value=move || draft.get()
                on:input=move |ev| on_input(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send();
                    }
                }></textarea>
            <button data-testid="chat-send" type="submit">"Send"</button>
        </form>
    }
}
