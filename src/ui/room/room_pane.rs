//! The room on screen: its name and subject, the timeline, who is there, and the composer;
//! when we are out of it, why.

use leptos::prelude::*;

use super::occupant_list::OccupantList;
use super::private_chat::PrivateChat;
use super::room_composer::RoomComposer;
use super::room_timeline::RoomTimeline;
use crate::client::expect_client;
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::ui::route;
use crate::xmpp::BareJid;

/// Shows the room the route opened.
#[component]
pub fn RoomPane() -> impl IntoView {
    let store = expect_context::<Store>();
    // Which room is shown, and whether we know it: the view is built again only when that
    // changes, not whenever a room comes or goes.
    let shown = Memo::new(move |_| {
        store.open_room.get().map(|jid| {
            let known = store.rooms.with(|rooms| rooms.contains_key(&jid));
            (jid, known)
        })
    });
    view! {
        <section class="chat-pane room-pane" aria-label="Room">
            {move || match shown.get() {
                Some((jid, known)) => match known {
                    true => view! { <RoomView jid/> }.into_any(),
                    false => view! {
                        <p class="chat-placeholder" data-testid="room-not-joined">
                            {format!("You are not in {jid}. Join it from the list of rooms.")}
                        </p>
                    }.into_any(),
                },
                None => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn RoomView(jid: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let Some(signal) = store.room(&jid) else {
        return ().into_any();
    };
    let room: RwSignal<_> = signal.into();
    let state = move || room.with(|r| r.status.name());
    let subject = move || room.with(|r| r.subject.clone().unwrap_or_default());
    // Memos: what they decide re-renders only when it changes, not with every line or
    // presence in the room (a composer re-created would lose what is being typed).
    let left = Memo::new(move |_| {
        room.with(|r| match &r.status {
            RoomStatus::Left(why) => Some(why.clone()),
            _ => None,
        })
    });
    let title = jid.local().unwrap_or_default().to_owned();
    let leave_jid = jid.clone();
    let jid_text = jid.to_string();
    let timeline_jid = jid.clone();
    let private_jid = jid.clone();
    let composer_jid = jid.clone();
    let open_private = Memo::new(move |_| room.with(|r| r.open_private.clone()));
    let leave = move |_| {
        let _ = client.leave_room(&leave_jid);
        route::navigate(None);
    };
    view! {
        <div class="room-view" data-testid="room-view" data-jid=jid_text data-state=state>
            <header class="chat-header">
                <button type="button" class="back" data-testid="chat-back" aria-label="Back to the list"
                    on:click=move |_| route::navigate(None)>"←"</button>
                <div class="room-heading">
                    <h2 data-testid="chat-title">{title}</h2>
                    <span class="room-subject" data-testid="room-subject" title=subject>{subject}</span>
                </div>
                <button type="button" class="link-button" data-testid="room-leave" on:click=leave>"Leave"</button>
            </header>
            <div class="room-body">
                <div class="room-main">
                    {move || match open_private.get() {
                        Some(nick) => view! { <PrivateChat jid=private_jid.clone() room nick/> }.into_any(),
                        None => view! {
                            <RoomTimeline jid=timeline_jid.clone() room/>
                            {
                                let jid = composer_jid.clone();
                                move || match left.get() {
                                    Some(why) => view! { <p class="room-left" role="status" data-testid="room-left">{why}</p> }.into_any(),
                                    None => view! { <RoomComposer jid=jid.clone() room/> }.into_any(),
                                }
                            }
                        }.into_any(),
                    }}
                </div>
                <OccupantList jid=jid.clone() room/>
            </div>
        </div>
    }
    .into_any()
}
