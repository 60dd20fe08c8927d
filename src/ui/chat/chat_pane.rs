//! The conversation pane: header, message list (kept scrolled to the newest; older archived
//! pages load when scrolled to the top, without moving what the user reads), composer.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::compose_mode::ChatControls;
use super::composer::Composer;
use super::contact_editor::ContactEditor;
use super::message_row::MessageRow;
use super::message_window::MessageWindow;
use crate::client::expect_client;
use crate::store::{ConnectionState, Store};
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

/// How long after dropping rows from the top a move of the scroll position is the browser's
/// doing (scroll anchoring), not the reader's.
const TRIM_SETTLE_MS: f64 = 250.0;

#[component]
fn Conversation(peer: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
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
            client.mark_displayed(&marker_peer, &id);
        }
    });
    // History from the server's archive, once per conversation and session; again once online
    // if the conversation was opened while offline.
    let history_peer = peer.clone();
    Effect::new(move |_| {
        if store.connection.get() == ConnectionState::Online {
            client.load_history(&history_peer);
        }
    });
    let title_jid = peer.clone();
    let title = move || store.display_name_tracked(&title_jid);
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
    // Only a window of rows is in the DOM (message_window.rs): a flood of thousands, or a long
    // read back through the archive, costs what a screenful does.
    let total = move || messages.with(Vec::len);
    let window = RwSignal::new(MessageWindow::newest(total()));
    let at_bottom = RwSignal::new(true);
    // The list's last scroll position, and when rows were last dropped from its top.
    let last_top = StoredValue::new(0);
    let trimmed_at = StoredValue::new(0.0_f64);
    // Messages that arrived while the user was reading further up: the "new messages" pill.
    let unseen = RwSignal::new(0usize);
    // How the next frame keeps the reader's place after the rows change.
    let adjust = StoredValue::new(Adjust::None);
    let older_jid = peer.clone();
    // When the archive was last asked for older messages: how many the conversation held and
    // the oldest page's id then.
    let asked_older = StoredValue::new(None::<(usize, Option<String>)>);
    let oldest_page = move || history.with_untracked(|h| h.oldest.clone());
    let load_older = move || {
        let mut w = window.get_untracked();
        if w.reveal_older(total()) {
            adjust.set_value(Adjust::KeepFromTop);
            window.set(w);
        } else {
            asked_older.set_value(Some((total(), oldest_page())));
            client.load_older_history(&older_jid);
        }
    };
    // A page that showed nothing new (every message already here, say delivered offline, or
    // only changes to older ones) leaves the reader at the top with nothing to scroll to: ask
    // for the next, as long as the archive moves back and has more.
    Effect::new({
        let load_older = load_older.clone();
        move |_| {
            let (loading, complete) = history.with(|h| (h.loading, h.complete));
            if loading {
                return;
            }
            let Some((count, oldest)) = asked_older.try_get_value().flatten() else {
                return;
            };
            asked_older.set_value(None);
            if !complete && count == messages.with_untracked(Vec::len) && oldest != oldest_page() {
                untrack(&load_older);
            }
        }
    });
    let list_ref = NodeRef::<html::Ol>::new();
    let scroll_to_newest = move || {
        if let Some(list) = list_ref.get_untracked() {
            list.set_scroll_top(list.scroll_height());
        }
    };
    // What the list held last time, to tell new messages at the end from older ones in front.
    let last_newest = StoredValue::new(messages.with_untracked(|m| m.last().map(|m| m.id.clone())));
    let last_count = StoredValue::new(total());
    // The first row in the page and where it sat in the view (its top minus the scroll
    // position), kept after every change and every scroll: rows put above it move the scroll
    // position by exactly what keeps it there, however many rows left the bottom meanwhile.
    let anchor = StoredValue::new(None::<(String, i32)>);
    Effect::new(move |_| {
        let (newest, newest_outgoing, count) = messages.with(|m| {
            (
                m.last().map(|m| m.id.clone()),
                m.last().is_some_and(|m| m.outgoing),
                m.len(),
            )
        });
        // Revealing rows changes what is shown too.
        window.track();
        let following = at_bottom.get_untracked() || newest_outgoing;
        let added = count.saturating_sub(last_count.get_value());
        let appended = newest != last_newest.get_value();
        last_newest.set_value(newest);
        last_count.set_value(count);
        let mut w = window.get_untracked();
        if appended {
            if w.appended(added.max(1), count, following) > 0 {
                // The browser may move the scroll position up as the rows go: that is no
                // reader scrolling up.
                trimmed_at.set_value(js_sys::Date::now());
            }
            if following {
                adjust.set_value(Adjust::Bottom);
            } else {
                unseen.update(|n| *n += added.max(1));
            }
        } else if added > 0 {
            // An archive page in front.
            w.prepended(count);
            adjust.set_value(Adjust::KeepFromTop);
        }
        if w != window.get_untracked() {
            window.set(w);
        }
        request_animation_frame(move || {
            // The conversation may have closed before this frame: then its values are gone.
            let (Some(Some(list)), Some(kept), Some(how)) = (
                list_ref.try_get_untracked(),
                anchor.try_get_value(),
                adjust.try_get_value(),
            ) else {
                return;
            };
            adjust.set_value(Adjust::None);
            match how {
                Adjust::Bottom => list.set_scroll_top(list.scroll_height()),
                Adjust::KeepFromTop => {
                    let moved = kept.and_then(|(id, in_view)| Some(row_top(&list, &id)? - in_view));
                    if let Some(scroll_top) = moved {
                        list.set_scroll_top(scroll_top);
                    }
                }
                Adjust::ShiftUp(removed) => list.set_scroll_top(list.scroll_top() - removed),
                Adjust::None if at_bottom.get_untracked() => {
                    list.set_scroll_top(list.scroll_height())
                }
                Adjust::None => {}
            }
            anchor.set_value(first_row(&list));
        });
    });
    let on_scroll = {
        let load_older = load_older.clone();
        move |_| {
            let Some(list) = list_ref.get_untracked() else {
                return;
            };
            // (Not while rows put above still wait for their frame: then the first row is
            // already a new one, and the one to keep in place is the one noted before.)
            if adjust.get_value() != Adjust::KeepFromTop {
                anchor.set_value(first_row(&list));
            }
            // Following the newest stops only when the reader scrolls up (the position goes
            // up); new rows arriving faster than the view follows them (a flood) do not count.
            let top = list.scroll_top();
            let previous_top = last_top.get_value();
            last_top.set_value(top);
            let near_bottom = list.scroll_height() - top - list.client_height() < 48;
            let scrolled_up = top + 1 < previous_top
                && js_sys::Date::now() - trimmed_at.get_value() > TRIM_SETTLE_MS;
            let mut w = window.get_untracked();
            if near_bottom && w.cut_below() {
                // Reading forward again: newer rows come back below, the oldest go above.
                let first_kept = w.shown(total());
                if let Some(dropped) = w.reveal_newer(total()) {
                    let removed = row_offset(&list, dropped.min(first_kept));
                    trimmed_at.set_value(js_sys::Date::now());
                    adjust.set_value(Adjust::ShiftUp(removed));
                    window.set(w);
                }
            }
            let bottom = if near_bottom && !w.cut_below() {
                true
            } else if scrolled_up || w.cut_below() {
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
        if window.get().before > 0 {
            "more"
        } else {
            history.with(|h| h.as_str())
        }
    };
    let shown_messages = move || {
        let w = window.get();
        messages.with(|m| m[w.range(m.len())].to_vec())
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
            <Show when=move || { !history.get().complete || window.get().before > 0 }>
                <li class="history-more">
                    <button type="button" class="link-button" data-testid="history-more"
                        disabled=move || history.get().loading && window.get().before == 0 on:click={
                            let load_older = load_older.clone();
                            move |_| load_older()
                        }>
                        {move || if history.get().loading { "Loading earlier messages…" } else { "Load earlier messages" }}
                    </button>
                </li>
            </Show>
            <For each=shown_messages key=|m| (m.outgoing, m.id.clone(), m.state, m.revision)
                children={
                    let peer = peer.clone();
                    move |message| view! { <MessageRow message peer=peer.clone()/> }
                }/>
        </ol>
        <Show when=move || { unseen.get() > 0 }>
            <button type="button" class="new-messages" data-testid="new-messages"
                on:click=move |_| {
                    unseen.set(0);
                    at_bottom.set(true);
                    if window.get_untracked().cut_below() {
                        window.set(MessageWindow::newest(total()));
                        adjust.set_value(Adjust::Bottom);
                    } else {
                        scroll_to_newest();
                    }
                }>
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

/// How the frame after a change of rows keeps the reader's place.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Adjust {
    /// Nothing to keep (or follow the newest, if the view does).
    None,
    /// Show the newest (the view follows, or we wrote it).
    Bottom,
    /// Rows came in above: keep the row that was first where it was in the view.
    KeepFromTop,
    /// Rows of this height (px) left the top: move up by as much.
    ShiftUp(i32),
}

/// The first message row of `list`: its id, and its top relative to the scroll position.
fn first_row(list: &web_sys::HtmlElement) -> Option<(String, i32)> {
    let row = list
        .query_selector("[data-testid=chat-message]")
        .ok()??
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    Some((
        row.get_attribute("data-id")?,
        row.offset_top() - list.scroll_top(),
    ))
}

/// The top of the message row with `id` (compared as text: an id from the network is never
/// put into a selector).
fn row_top(list: &web_sys::HtmlElement, id: &str) -> Option<i32> {
    let rows = list.query_selector_all("[data-testid=chat-message]").ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|row| row.get_attribute("data-id").as_deref() == Some(id))
        .map(|row| row.offset_top())
}

/// The height the first `rows` message rows of `list` take (what removing them takes away).
fn row_offset(list: &web_sys::HtmlElement, rows: usize) -> i32 {
    let Ok(items) = list.query_selector_all("[data-testid=chat-message]") else {
        return 0;
    };
    let top_of = |i: usize| {
        items
            .item(i as u32)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|e| e.offset_top())
    };
    match (top_of(0), top_of(rows)) {
        (Some(first), Some(kept)) => kept - first,
        _ => 0,
    }
}
