//! A room's timeline: who said what and when, our own lines pending until the room reflects
//! them, lines that name us marked. Only a window of the held lines is in the page (the 1:1
//! conversation's `MessageWindow`): while the reader follows the newest, the last
//! [`WINDOW`](crate::ui::chat::message_window::WINDOW) or so, kept scrolled to the bottom; reading
//! back reveals older held lines a page at a time, never more than
//! [`MAX_ROWS`](crate::ui::chat::message_window::MAX_ROWS) in the page. A burst of thousands of
//! messages costs what a screenful does.

use leptos::html;
use leptos::prelude::*;

use super::room_line::RoomLineRow;
use crate::client::expect_client;
use crate::store::room::Room;
use crate::ui::chat::message_window::MessageWindow;
use crate::xmpp::BareJid;

/// How close to the bottom (px) still counts as reading the newest lines.
const NEAR_BOTTOM_PX: i32 = 80;
/// How close to the top (px) reveals older held lines.
const NEAR_TOP_PX: i32 = 40;
/// How long after the view moved itself to the newest a move up is the browser's doing (rows
/// leaving the top), not the reader's.
const SETTLE_MS: f64 = 250.0;

/// The timeline of `room` (whose address is `jid`).
#[component]
pub fn RoomTimeline(
    /// The room's address (authors are `room/nick`).
    jid: BareJid,
    /// The room whose lines are shown.
    room: RwSignal<Room>,
) -> impl IntoView {
    let client = expect_client();
    let list = NodeRef::<html::Ol>::new();
    let total = move || room.with_untracked(|r| r.lines.len());
    let window = RwSignal::new(MessageWindow::newest(total()));
    // Whether the view follows the newest; the reader scrolling up stops it.
    let following = StoredValue::new(true);
    let last_top = StoredValue::new(0);
    let moved_at = StoredValue::new(0.0_f64);
    // The first and last lines shown and the newest held, by `seq`: lines dropped from the top
    // of the room's store, or history put in between, move the window's edges by as much.
    let edges = StoredValue::new(room.with_untracked(|r| edges_of(r, window.get_untracked())));
    let scroll_to_newest = move || {
        // By the next frame the room may be gone (left, logged out): then nothing to do.
        request_animation_frame(move || {
            if let Some(Some(el)) = list.try_get_untracked() {
                moved_at.set_value(js_sys::Date::now());
                el.set_scroll_top(el.scroll_height());
            }
        });
    };
    Effect::new(move |first_run: Option<()>| {
        let (count, newest) = room.with(|r| (r.lines.len(), r.lines.back().map(|l| l.seq)));
        let Some((first, last, held_newest)) = edges.try_get_value() else {
            return;
        };
        let mut w = window.get_untracked();
        let follow = following.get_value();
        let mut read_back = false;
        room.with_untracked(|r| {
            let at = |seq: Option<u64>| seq.and_then(|s| r.lines.iter().position(|l| l.seq == s));
            if let Some(i) = at(first) {
                // Lines put in front of the first shown: a page read back from the archive.
                read_back = i > w.before && w.before == 0;
                w.before = i;
            }
            if w.after > 0 {
                if let Some(i) = at(last) {
                    w.after = count - i - 1;
                }
            }
            if newest != held_newest {
                let added = at(held_newest).map_or(count, |i| count - i - 1);
                w.appended(added.max(1), count, follow);
            }
            // The reader asked for them at the top: they show above what they read (scroll
            // anchoring keeps that in place).
            if read_back && !follow && at_top(list) {
                w.reveal_older(count);
            }
            edges.set_value(edges_of(r, w));
        });
        if w != window.get_untracked() {
            window.set(w);
        }
        if follow && (first_run.is_none() || newest != held_newest) {
            scroll_to_newest();
        }
    });
    // Older lines: the held ones above the window first, then the room's archive.
    let load_older = {
        let jid = jid.clone();
        move || {
            let mut w = window.get_untracked();
            if w.before > 0 {
                w.reveal_older(total());
                room.with_untracked(|r| edges.set_value(edges_of(r, w)));
                window.set(w);
            } else {
                client.load_older_room_lines(&jid);
            }
        }
    };
    let reading_back = Memo::new(move |_| room.with(|r| (r.features.archived, r.read_back)));
    let history_state = move || {
        let (archived, read_back) = reading_back.get();
        match () {
            _ if window.get().before > 0 => "more",
            _ if !archived || read_back.complete => "complete",
            _ if read_back.asking => "loading",
            _ => "more",
        }
    };
    let on_scroll = {
        let load_older = load_older.clone();
        move |_| {
            let Some(el) = list.get_untracked() else {
                return;
            };
            let top = el.scroll_top();
            let gap = el.scroll_height() - top - el.client_height();
            let scrolled_up = top + 1 < last_top.get_value()
                && js_sys::Date::now() - moved_at.get_value() > SETTLE_MS;
            last_top.set_value(top);
            let mut w = window.get_untracked();
            let count = total();
            if gap <= NEAR_BOTTOM_PX && w.cut_below() {
                // Reading forward again: newer lines come back below, the oldest go above (the
                // browser's scroll anchoring keeps what is read in place).
                w.reveal_newer(count);
            } else if top <= NEAR_TOP_PX && w.before > 0 {
                w.reveal_older(count);
            } else if top <= NEAR_TOP_PX && scrolled_up {
                // At the oldest line held: the room's archive has the page before it.
                load_older();
            }
            if scrolled_up {
                following.set_value(false);
            } else if gap <= NEAR_BOTTOM_PX && !w.cut_below() {
                following.set_value(true);
            }
            if w != window.get_untracked() {
                room.with_untracked(|r| edges.set_value(edges_of(r, w)));
                window.set(w);
            }
        }
    };
    // The lines in the window: a memo, so a presence in the room (which changes the room, not
    // its lines) costs a comparison, not a re-render.
    let lines = Memo::new(move |_| {
        let w = window.get();
        room.with(|r| {
            let range = w.range(r.lines.len());
            r.lines.range(range).cloned().collect::<Vec<_>>()
        })
    });
    view! {
        <ol class="messages room-messages" node_ref=list aria-live="polite" aria-label="Messages"
            data-testid="message-list" data-hidden-above=move || window.get().before.to_string()
            data-history=history_state on:scroll=on_scroll>
            <Show when=move || history_state() != "complete">
                <li class="history-more">
                    <button type="button" class="link-button" data-testid="history-more"
                        disabled=move || history_state() == "loading" on:click={
                            let load_older = load_older.clone();
                            move |_| load_older()
                        }>
                        {move || if history_state() == "loading" { "Loading earlier messages…" } else { "Load earlier messages" }}
                    </button>
                </li>
            </Show>
            // A notice's text is part of its key: a storm of joins rewrites its one line.
            <For each=move || lines.get()
                key=|line| (line.seq, line.reflected, line.revision, line.notice.then(|| line.body.clone()))
                children=move |line| view! { <RoomLineRow line room=jid.clone()/> }/>
        </ol>
    }
}

/// Whether the list is scrolled to (near) its top.
fn at_top(list: NodeRef<html::Ol>) -> bool {
    matches!(list.try_get_untracked(), Some(Some(el)) if el.scroll_top() <= NEAR_TOP_PX)
}

/// The window's edges by `seq`: its first and last lines and the newest held.
fn edges_of(r: &Room, w: MessageWindow) -> (Option<u64>, Option<u64>, Option<u64>) {
    let range = w.range(r.lines.len());
    let seq = |i: usize| r.lines.get(i).map(|l| l.seq);
    (
        seq(range.start),
        range.end.checked_sub(1).and_then(seq),
        r.lines.back().map(|l| l.seq),
    )
}
