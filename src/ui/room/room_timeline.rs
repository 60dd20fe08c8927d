//! A room's timeline: who said what and when, our own lines pending until the room reflects
//! them, lines that name us marked. Only a window of the held lines is in the page (the 1:1
//! conversation's `MessageWindow`): while the reader follows the newest, the last
//! [`WINDOW`](crate::ui::chat::message_window::WINDOW) or so, kept scrolled to the bottom; reading
//! back reveals older held lines a page at a time, never more than
//! [`MAX_ROWS`](crate::ui::chat::message_window::MAX_ROWS) in the page. A burst of thousands of
//! messages costs what a screenful does.

use leptos::html;
use leptos::prelude::*;

use crate::store::room::{Room, RoomLine};
use crate::ui::chat::message_window::MessageWindow;
use crate::ui::chat::styled_body::StyledBody;
use crate::ui::time;
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
        room.with_untracked(|r| {
            let at = |seq: Option<u64>| seq.and_then(|s| r.lines.iter().position(|l| l.seq == s));
            if let Some(i) = at(first) {
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
            edges.set_value(edges_of(r, w));
        });
        if w != window.get_untracked() {
            window.set(w);
        }
        if follow && (first_run.is_none() || newest != held_newest) {
            scroll_to_newest();
        }
    });
    let on_scroll = move |_| {
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
            on:scroll=on_scroll>
            // A notice's text is part of its key: a storm of joins rewrites its one line.
            <For each=move || lines.get()
                key=|line| (line.seq, line.reflected, line.notice.then(|| line.body.clone()))
                children=move |line| view! { <RoomLineRow line room=jid.clone()/> }/>
        </ol>
    }
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

/// One line of a room's timeline or of a private conversation in it.
#[component]
pub fn RoomLineRow(
    /// The line.
    line: RoomLine,
    /// The room's address (authors are `room/nick`).
    room: BareJid,
    /// A line of a private conversation, not of the room.
    #[prop(optional)]
    private: bool,
) -> impl IntoView {
    let from = match &line.nick {
        Some(nick) => format!("{room}/{nick}"),
        None => room.to_string(),
    };
    let state = match (line.own, line.reflected) {
        (true, false) => "pending",
        (true, true) => "sent",
        (false, _) => "received",
    };
    if line.notice {
        return view! {
            <li class="room-notice" data-testid="room-notice" role="status">
                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
                " "{line.body.clone()}
            </li>
        }
        .into_any();
    }
    let author = line.nick.clone().unwrap_or_else(|| "Room".to_owned());
    view! {
        <li class="message" class:outgoing=line.own class:incoming=!line.own class:mention=line.mention
            data-testid="chat-message" data-id=line.id.clone() data-from=from data-state=state
            data-occupant-id=line.occupant_id.clone() data-mention=line.mention.then_some("true")
            data-private=private.then_some("true")>
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=time::iso(line.timestamp_ms as f64)>{time::clock(line.timestamp_ms as f64)}</time>
            </div>
            <div class="body" data-testid="message-body"><StyledBody body=line.body.clone()/></div>
        </li>
    }
    .into_any()
}
