//! The conversation pane: header, message list (kept scrolled to the newest), composer.

use leptos::html;
use leptos::prelude::*;

use super::composer::Composer;
use super::message_row::MessageRow;
use crate::store::{ConnectionState, Store};
use crate::transport;
use crate::ui::route;
use crate::xmpp::{BareJid, ChatState};

/// Shows the conversation the route opened, or a hint when none is open.
#[component]
pub fn ChatPane() -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        <section class="chat-pane" aria-label="Conversation">
            {move || match store.open_chat.get() {
                Some(peer) => view! { <Conversation peer/> }.into_any(),
                None => view! { <p class="chat-placeholder">"Pick a contact to start chatting."</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Conversation(peer: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let messages: RwSignal<_> = store.conversation(&peer).into();
    // History from the server's archive, once per conversation and session; again once online
    // if the conversation was opened while offline.
    let history_peer = peer.clone();
    Effect::new(move |_| {
        if store.connection.get() == ConnectionState::Online {
            transport::load_history(store, &history_peer);
        }
    });
    let title_jid = peer.clone();
    let title = move || {
        store
            .contacts
            .with(|c| c.get(&title_jid).map(|c| c.display_name()))
            .unwrap_or_else(|| title_jid.to_string())
    };
    let typing_jid = peer.clone();
    let typing = move || {
        store
            .chat_states
            .with(|states| states.get(&typing_jid) == Some(&ChatState::Composing))
    };
    let list_ref = NodeRef::<html::Ol>::new();
    // Keep the newest message in view as messages arrive.
    Effect::new(move |_| {
        messages.with(Vec::len);
        if let Some(list) = list_ref.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });
    view! {
        <header class="chat-header">
            <button type="button" class="back" data-testid="chat-back" aria-label="Back to contacts"
                on:click=move |_| route::navigate(None)>"←"</button>
            <h2 data-testid="chat-title">{title}</h2>
            <span class="chat-jid" data-testid="chat-peer">{peer.to_string()}</span>
            <Show when=typing>
                <span class="typing" data-testid="typing-indicator" aria-live="polite">"typing…"</span>
            </Show>
        </header>
        <ol class="messages" node_ref=list_ref aria-live="polite" aria-label="Messages">
            <For each=move || messages.get() key=|m| (m.id.clone(), m.state)
                children=move |message| view! { <MessageRow message/> }/>
        </ol>
        <Composer peer/>
    }
}
