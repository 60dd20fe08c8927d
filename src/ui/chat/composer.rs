//! The message input: Enter sends, Shift+Enter breaks the line.

use leptos::prelude::*;

use crate::transport;
use crate::xmpp::BareJid;

/// A textarea and a send button for the conversation with `peer`.
#[component]
pub fn Composer(peer: BareJid) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let send = move || {
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        if transport::send_message(&peer, &body).is_ok() {
            draft.set(String::new());
        }
    };
    let send_on_click = send.clone();
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send_on_click(); }>
            <textarea data-testid="chat-input" rows="2" placeholder="Write a message…" aria-label="Message"
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
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
