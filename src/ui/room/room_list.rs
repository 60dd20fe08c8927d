//! The sidebar's rooms: each with its unread and mention counts, and "Join a room".

use leptos::prelude::*;

use super::invitation_cards::Invitations;
use super::join_dialog::JoinDialog;
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::ui::route;
use crate::xmpp::BareJid;

/// The section: the rooms we are joining, in or were put out of, by address.
#[component]
pub fn RoomList() -> impl IntoView {
    let store = expect_context::<Store>();
    let dialog_open = RwSignal::new(false);
    // A room that refused us was never in the list: it only answers the dialog.
    let rooms = Memo::new(move |_| {
        let rooms: Vec<BareJid> = store.rooms.with(|rooms| {
            rooms
                .iter()
                .filter(|(_, room)| {
                    !matches!(room.with(|r| r.status.clone()), RoomStatus::Refused(_))
                })
                .map(|(jid, _)| jid.clone())
                .collect()
        });
        // Bookmarked rooms we are not in are listed too, to join with a click. Each row is
        // keyed by whether we are in the room, so joining it turns the row into a live one.
        let mut rows: Vec<(BareJid, bool)> = rooms.into_iter().map(|jid| (jid, true)).collect();
        store.bookmarks.with(|bookmarks| {
            for jid in bookmarks.keys() {
                if !rows.iter().any(|(known, _)| known == jid) {
                    rows.push((jid.clone(), false));
                }
            }
        });
        rows.sort();
        rows
    });
    view! {
        <Invitations/>
        <section class="rooms" aria-label="Rooms">
            <h2 class="section-title">"Rooms"</h2>
            <ul data-testid="room-list" role="list">
                <For each=move || rooms.get() key=|(jid, joined)| (jid.clone(), *joined)
                    children=move |(jid, _)| view! { <RoomItem jid/> }/>
            </ul>
            <button type="button" class="link-button" data-testid="room-join"
                aria-expanded=move || dialog_open.get().to_string()
                on:click=move |_| dialog_open.update(|o| *o = !*o)>
                {move || if dialog_open.get() { "Cancel" } else { "+ Join a room" }}
            </button>
            <Show when=move || dialog_open.get()>
                <JoinDialog open=dialog_open/>
            </Show>
        </section>
    }
}

/// One room's row: its name, and what is unread in it.
#[component]
fn RoomItem(jid: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let Some(signal) = store.room(&jid) else {
        return view! { <BookmarkedItem jid/> }.into_any();
    };
    let room: RwSignal<_> = signal.into();
    let unread = move || room.with(|r| r.unread);
    let mentions = move || room.with(|r| r.mentions);
    let name = jid.local().unwrap_or_default().to_owned();
    let active_jid = jid.clone();
    let active = move || {
        store
            .open_room
            .with(|open| open.as_ref() == Some(&active_jid))
    };
    let open_jid = jid.clone();
    view! {
        <li class="room-item" class:active=active data-testid="room-item" data-jid=jid.to_string()
            data-unread=move || unread().to_string() data-mentions=move || mentions().to_string()
            data-state=move || room.with(|r| r.status.name())>
            <button type="button" on:click=move |_| route::navigate_room(&open_jid)>
                <span class="room-hash" aria-hidden="true">"#"</span>
                <span class="room-name">{name}</span>
                <Show when=move || { unread() > 0 }>
                    <span class="badge" class:mention=move || { mentions() > 0 }
                        aria-label=move || format!("{} unread, {} mentioning you", unread(), mentions())>
                        {move || if mentions() > 0 { format!("@{}", unread()) } else { unread().to_string() }}
                    </span>
                </Show>
            </button>
        </li>
    }
    .into_any()
}

/// A bookmarked room we are not in: its name, a click opens it (to join).
#[component]
fn BookmarkedItem(jid: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let name = store
        .bookmarks
        .with_untracked(|b| b.get(&jid).and_then(|b| b.name.clone()))
        .unwrap_or_else(|| jid.local().unwrap_or_default().to_owned());
    let open_jid = jid.clone();
    view! {
        <li class="room-item bookmarked" data-testid="room-item" data-jid=jid.to_string()
            data-unread="0" data-mentions="0" data-state="bookmarked">
            <button type="button" on:click=move |_| route::navigate_room(&open_jid)>
                <span class="room-hash" aria-hidden="true">"#"</span>
                <span class="room-name">{name}</span>
            </button>
        </li>
    }
}
