//! The conversation pane: header, message list (kept scrolled to the newest; older archived
//! pages load when scrolled to the top, without moving what the user reads), composer.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::compose_mode::ChatControls;
use super::composer::Composer;
use super::contact_editor::ContactEditor;
use super::message_row::MessageRow;
use crate::store::{ConnectionState, Store};
use crate::transport;
use crate::ui::avatar::Avatar;
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

/// Messages kept in the DOM while the view follows the newest.
const WINDOW: usize = 150;
/// How far past [`WINDOW`] the list may grow before the oldest rows are dropped (in one go,
/// not one per new message).
const SLACK: usize = 50;
/// How long after dropping rows from the top a move of the scroll position is the browser's
/// doing (scroll anchoring), not the reader's.
const TRIM_SETTLE_MS: f64 = 250.0;
/// Messages revealed per scroll to the top before the archive is asked.
const PAGE: usize = 100;

#[component]
fn Conversation(peer: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let messages: RwSignal<_> = store.conversation(&peer).into();
    let controls = ChatControls::new();
    provide_context(controls);
    // Escape closes an open message menu and gives the focus back to its button.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && controls.menu_open.with_untracked(Option::is_some) {
            let button = document()
                .query_selector("[data-testid=message-actions][aria-expanded=true]")
                .ok()
                .flatten();
            controls.menu_open.set(None);
            if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = button.focus();
            }
        }
    });
    on_cleanup(move || escape.remove());
    // Read markers (XEP-0333): while this conversation is on screen, tell the peer we saw
    // their newest message that asked for one.
    let page_visible = RwSignal::new(is_page_visible());
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        page_visible.set(is_page_visible());
    });
    on_cleanup(move || visibility.remove());
    let marker_peer = peer.clone();
    Effect::new(move |_| {
        let online = store.connection.get() == ConnectionState::Online;
        if !online || !page_visible.get() {
            return;
        }
        let newest = messages.with(|m| {
            m.iter()
                .rev()
                .find(|m| !m.outgoing)
                .filter(|m| m.markable)
                .map(|m| m.id.clone())
        });
        if let Some(id) = newest {
            transport::mark_displayed(store, &marker_peer, &id);
        }
    });
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
    let title_for_avatar = title.clone();
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
    // Only the newest messages are in the DOM (about WINDOW of them while the view follows the
    // newest), so a flood of thousands costs what a screenful does; scrolling up reveals the
    // rest a page at a time, then asks the archive for older ones.
    let total = move || messages.with(Vec::len);
    let hidden = RwSignal::new(total().saturating_sub(WINDOW));
    let at_bottom = RwSignal::new(true);
    // The list's last scroll position, and when rows were last dropped from its top.
    let last_top = StoredValue::new(0);
    let trimmed_at = StoredValue::new(0.0_f64);
    // Messages that arrived while the user was reading further up: the "new messages" pill.
    let unseen = RwSignal::new(0usize);
    let older_jid = peer.clone();
    let load_older = move || {
        if hidden.get_untracked() > 0 {
            hidden.update(|h| *h = h.saturating_sub(PAGE));
        } else {
            transport::load_older_history(store, &older_jid);
        }
    };
    let list_ref = NodeRef::<html::Ol>::new();
    let scroll_to_newest = move || {
        if let Some(list) = list_ref.get_untracked() {
            list.set_scroll_top(list.scroll_height());
        }
    };
    // A new newest message scrolls into view when the user was at the bottom (or wrote it);
    // otherwise it only counts for the pill. Older ones put in front keep the view where it
    // was. Measured on the next frame, once the list shows the change.
    let newest_shown = StoredValue::new(None::<String>);
    let count_shown = StoredValue::new(0usize);
    let height_before = StoredValue::new(0);
    Effect::new(move |_| {
        let (newest, newest_outgoing, count) = messages.with(|m| {
            (
                m.last().map(|m| m.id.clone()),
                m.last().is_some_and(|m| m.outgoing),
                m.len(),
            )
        });
        // Revealing older rows (`hidden` going down) is a change at the top like an archive page.
        hidden.track();
        let following = at_bottom.get_untracked();
        if following && count.saturating_sub(hidden.get_untracked()) > WINDOW + SLACK {
            // Following the newest: drop rows scrolled far out of view at the top. The browser
            // may move the scroll position up as they go: that is no reader scrolling up.
            trimmed_at.set_value(js_sys::Date::now());
            hidden.set(count - WINDOW);
        }
        request_animation_frame(move || {
            // The conversation may have closed before this frame: then its values are gone.
            let (Some(Some(list)), Some(shown), Some(before), Some(counted)) = (
                list_ref.try_get_untracked(),
                newest_shown.try_get_value(),
                height_before.try_get_value(),
                count_shown.try_get_value(),
            ) else {
                return;
            };
            if newest != shown {
                newest_shown.set_value(newest);
                if following || newest_outgoing || shown.is_none() {
                    list.set_scroll_top(list.scroll_height());
                } else {
                    unseen.update(|n| *n += count.saturating_sub(counted).max(1));
                }
            } else if following {
                list.set_scroll_top(list.scroll_height());
            } else {
                let grown = list.scroll_height() - before;
                if grown > 0 {
                    list.set_scroll_top(list.scroll_top() + grown);
                }
            }
            count_shown.set_value(count);
            height_before.set_value(list.scroll_height());
        });
    });
    let on_scroll = {
        let load_older = load_older.clone();
        move |_| {
            let Some(list) = list_ref.get_untracked() else {
                return;
            };
            // Following the newest stops only when the reader scrolls up (the position goes
            // up); new rows arriving faster than the view follows them (a flood) do not count.
            let top = list.scroll_top();
            let previous_top = last_top.get_value();
            last_top.set_value(top);
            let near_bottom = list.scroll_height() - top - list.client_height() < 48;
            let scrolled_up = top + 1 < previous_top
                && js_sys::Date::now() - trimmed_at.get_value() > TRIM_SETTLE_MS;
            let bottom = if near_bottom {
                true
            } else if scrolled_up {
                false
            } else {
                at_bottom.get_untracked()
            };
            if bottom != at_bottom.get_untracked() {
                at_bottom.set(bottom);
            }
            if bottom && unseen.get_untracked() > 0 {
                unseen.set(0);
            }
            if list.scroll_top() < 40 {
                load_older();
            }
        }
    };
    let history_state = move || {
        if hidden.get() > 0 {
            "more"
        } else {
            history.with(|h| h.as_str())
        }
    };
    let shown_messages = move || {
        let from = hidden.get();
        messages.with(|m| m[from.min(m.len())..].to_vec())
    };
    view! {
        <header class="chat-header">
            <button type="button" class="back" data-testid="chat-back" aria-label="Back to contacts"
                on:click=move |_| route::navigate(None)>"←"</button>
            <Avatar jid=peer.clone() name=title_for_avatar() size=36/>
            <h2 data-testid="chat-title">{title}</h2>
            <span class="chat-jid" data-testid="chat-peer">{peer.to_string()}</span>
            <ContactEditor peer=peer.clone()/>
            <Show when=typing>
                <span class="typing" data-testid="typing-indicator" aria-live="polite">"typing…"</span>
            </Show>
        </header>
        <ol class="messages" node_ref=list_ref aria-live="polite" aria-label="Messages"
            data-testid="message-list" data-history=history_state on:scroll=on_scroll>
            <Show when=move || { !history.get().complete || hidden.get() > 0 }>
                <li class="history-more">
                    <button type="button" class="link-button" data-testid="history-more"
                        disabled=move || history.get().loading && hidden.get() == 0 on:click={
                            let load_older = load_older.clone();
                            move |_| load_older()
                        }>
                        {move || if history.get().loading { "Loading earlier messages…" } else { "Load earlier messages" }}
                    </button>
                </li>
            </Show>
            <For each=shown_messages key=|m| (m.id.clone(), m.state, m.revision)
                children={
                    let peer = peer.clone();
                    move |message| view! { <MessageRow message peer=peer.clone()/> }
                }/>
        </ol>
        <Show when=move || { unseen.get() > 0 }>
            <button type="button" class="new-messages" data-testid="new-messages"
                on:click=move |_| { unseen.set(0); at_bottom.set(true); scroll_to_newest(); }>
                {move || match unseen.get() { 1 => "1 new message ↓".to_owned(), n => format!("{n} new messages ↓") }}
            </button>
        </Show>
        <Composer peer/>
    }
}

/// Whether the page is on screen (not a background tab or a minimised window).
fn is_page_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}
