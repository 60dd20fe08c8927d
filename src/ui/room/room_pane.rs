//! The room on screen: its name and subject, the timeline, who is there, and the composer;
//! when we are out of it, why.

use leptos::prelude::*;

use super::occupant_list::OccupantList;
use super::private_chat::PrivateChat;
use super::room_composer::RoomComposer;
use super::room_config::RoomConfigView;
use super::room_header::RoomHeader;
use super::room_timeline::RoomTimeline;
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::ui::chat::compose_mode::ChatControls;
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
                    false => view! { <NotJoined jid/> }.into_any(),
                },
                None => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn RoomView(jid: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let Some(signal) = store.room(&jid) else {
        return ().into_any();
    };
    let room: RwSignal<_> = signal.into();
    // Replying to and editing room lines, shared by the lines' menus and the composer.
    provide_context(ChatControls::new());
    let state = move || room.with(|r| r.status.name());
    // Memos: what they decide re-renders only when it changes, not with every line or
    // presence in the room (a composer re-created would lose what is being typed).
    let left = Memo::new(move |_| {
        room.with(|r| match &r.status {
            RoomStatus::Left(why) => Some(why.clone()),
            _ => None,
        })
    });
    let jid_text = jid.to_string();
    let timeline_jid = jid.clone();
    let private_jid = jid.clone();
    let composer_jid = jid.clone();
    let people_open = RwSignal::new(false);
    let open_private = Memo::new(move |_| room.with(|r| r.open_private.clone()));
    // The owner's configuration (or a new room's set-up) takes the conversation's place.
    let configuring = Memo::new(move |_| room.with(|r| r.config.is_some()));
    let config_jid = jid.clone();
    view! {
        <div class="room-view" class:people-open=move || people_open.get() data-testid="room-view"
            data-jid=jid_text data-state=state>
            <RoomHeader jid=jid.clone() room people_open/>
            <div class="room-body">
                <div class="room-main">
                    {move || match (configuring.get(), open_private.get()) {
                        (true, _) => view! { <RoomConfigView jid=config_jid.clone() room/> }.into_any(),
                        (false, Some(nick)) => view! { <PrivateChat jid=private_jid.clone() room nick/> }.into_any(),
                        (false, None) => view! {
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

/// A room we are not in (a bookmark, a link): say so, and offer to join it.
#[component]
fn NotJoined(jid: BareJid) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = crate::client::expect_client();
    let bookmark = store.bookmarks.with_untracked(|b| b.get(&jid).cloned());
    let nick = bookmark
        .as_ref()
        .and_then(|b| b.nick.clone())
        .or_else(|| {
            store
                .own_bare()
                .and_then(|own| own.local().map(str::to_owned))
        })
        .unwrap_or_default();
    let password = bookmark.and_then(|b| b.password);
    let error = RwSignal::new(None::<String>);
    let text = format!("You are not in {jid}.");
    let join = move |_| {
        if let Err(e) = client.join_room(&jid, &nick, password.as_deref()) {
            error.set(Some(format!("Could not join: {e}.")));
        }
    };
    view! {
        <div class="chat-placeholder" data-testid="room-not-joined">
            <p>{text}</p>
            <button type="button" data-testid="room-join-this" on:click=join>"Join"</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}
