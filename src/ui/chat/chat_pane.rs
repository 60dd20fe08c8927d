//! The conversation pane: header, message list (kept scrolled to the newest; older archived
//! pages load when scrolled to the top, without moving what the user reads), composer.

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
    let history_jid = peer.clone();
    let history = Memo::new(move |_| {
        store
            .history
            .with(|h| h.get(&history_jid).cloned().unwrap_or_default())
    });
    let older_jid = peer.clone();
    let load_older = move || transport::load_older_history(store, &older_jid);
    let list_ref = NodeRef::<html::Ol>::new();
    // A new newest message scrolls into view; older ones put in front keep the view where it
    // was. Measured on the next frame, once the list shows the change.
    let newest_shown = StoredValue::new(None::<String>);
    let height_before = StoredValue::new(0);
    Effect::new(move |_| {
        let newest = messages.with(|m| m.last().map(|m| m.id.clone()));
        request_animation_frame(move || {
            // The conversation may have closed before this frame: then its values are gone.
            let (Some(Some(list)), Some(shown), Some(before)) = (
                list_ref.try_get_untracked(),
                newest_shown.try_get_value(),
                height_before.try_get_value(),
            ) else {
                return;
            };
            if newest != shown {
                newest_shown.set_value(newest);
                list.set_scroll_top(list.scroll_height());
            } else {
                let grown = list.scroll_height() - before;
                if grown > 0 {
                    list.set_scroll_top(list.scroll_top() + grown);
                }
            }
            height_before.set_value(list.scroll_height());
        });
    });
    let on_scroll = {
        let load_older = load_older.clone();
        move |_| {
            if list_ref
                .get_untracked()
                .is_some_and(|list| list.scroll_top() < 40)
            {
                load_older();
            }
        }
    };
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
        <ol class="messages" node_ref=list_ref aria-live="polite" aria-label="Messages"
            data-testid="message-list" data-history=move || history.get().as_str() on:scroll=on_scroll>
            <Show when=move || !history.get().complete>
                <li class="history-more">
                    <button type="button" class="link-button" data-testid="history-more"
                        disabled=move || history.get().loading on:click={
                            let load_older = load_older.clone();
                            move |_| load_older()
                        }>
                        {move || if history.get().loading { "Loading earlier messages…" } else { "Load earlier messages" }}
                    </button>
                </li>
            </Show>
            <For each=move || messages.get() key=|m| (m.id.clone(), m.state)
                children=move |message| view! { <MessageRow message/> }/>
        </ol>
        <Composer peer/>
    }
}
