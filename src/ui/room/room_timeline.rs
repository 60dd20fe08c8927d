//! A room's timeline: who said what and when, our own lines pending until the room reflects
//! them, lines that name us marked. Kept scrolled to the newest while the reader is there.

use leptos::html;
use leptos::prelude::*;

use super::room_line::RoomLineRow;
use crate::store::room::Room;
use crate::xmpp::BareJid;

/// How close to the bottom (px) still counts as reading the newest lines.
const NEAR_BOTTOM_PX: i32 = 80;

/// The timeline of `room` (whose address is `jid`).
#[component]
pub fn RoomTimeline(
    /// The room's address (authors are `room/nick`).
    jid: BareJid,
    /// The room whose lines are shown.
    room: RwSignal<Room>,
) -> impl IntoView {
    let list = NodeRef::<html::Ol>::new();
    let at_bottom = StoredValue::new(true);
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            let gap = el.scroll_height() - el.scroll_top() - el.client_height();
            at_bottom.set_value(gap <= NEAR_BOTTOM_PX);
        }
    };
    // New lines keep the newest in sight, unless the reader scrolled up.
    Effect::new(move |_| {
        room.with(|r| r.lines.len());
        if at_bottom.get_value() {
            // By the next frame the room may be gone (left, logged out): then nothing to do.
            request_animation_frame(move || {
                if let Some(Some(el)) = list.try_get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    let lines = move || room.with(|r| r.lines.iter().cloned().collect::<Vec<_>>());
    view! {
        <ol class="messages room-messages" node_ref=list aria-live="polite" aria-label="Messages"
            data-testid="message-list" on:scroll=on_scroll>
            <For each=lines key=|line| (line.seq, line.reflected, line.revision)
                children=move |line| view! { <RoomLineRow line room=jid.clone()/> }/>
        </ol>
    }
}
