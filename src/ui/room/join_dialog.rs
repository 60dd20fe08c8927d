//! "Join a room": the room's address, a nickname (our account's name unless changed) and a
//! password for rooms that have one. A refusal is explained on the dialog, which stays open;
//! once in, the room opens.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::public_rooms::PublicRooms;
use crate::client::expect_client;
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::ui::route;
use crate::xmpp::BareJid;

/// The form; `open` closes it.
#[component]
pub fn JoinDialog(
    /// Whether the dialog is shown: joining closes it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let jid = RwSignal::new(String::new());
    let own_name = store
        .own_bare()
        .and_then(|own| own.local().map(str::to_owned))
        .unwrap_or_default();
    let nick = RwSignal::new(own_name);
    let password = RwSignal::new(String::new());
    // XEP-0045 §10.1.3: a room that turns out to be new is set up through its form first.
    let configure = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The room we asked for, until it answers.
    let asked = RwSignal::new(None::<BareJid>);
    Effect::new(move |_| {
        let Some(room) = asked.get() else {
            return;
        };
        let state = store.rooms.with(|rooms| {
            rooms
                .get(&room)
                .map(|r| r.with(|r| (r.status.clone(), r.config.is_some())))
        });
        let (status, setting_up) = match state {
            Some((status, setting_up)) => (Some(status), setting_up),
            None => (None, false),
        };
        match status {
            // A new room's form is shown in the room's place: it opens once configured.
            Some(RoomStatus::Joined) | Some(RoomStatus::Joining) if setting_up => {
                asked.set(None);
                open.set(false);
                route::navigate_room(&room);
            }
            Some(RoomStatus::Joined) => {
                asked.set(None);
                open.set(false);
                route::navigate_room(&room);
            }
            Some(RoomStatus::Refused(why) | RoomStatus::Left(why)) => {
                asked.set(None);
                error.set(Some(why));
            }
            _ => {}
        }
    });
    let service = move || store.room_directory.with(|d| d.service.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // A bare name is a room of our server's service.
        let typed = jid.get_untracked().trim().to_owned();
        let typed = match service() {
            Some(service) if !typed.is_empty() && !typed.contains('@') => {
                format!("{typed}@{service}")
            }
            _ => typed,
        };
        let room = match BareJid::parse(&typed) {
            Ok(room) if room.local().is_some() => room,
            _ => {
                error.set(Some(
                    "Enter a room address like lobby@conference.example.org.".into(),
                ));
                return;
            }
        };
        let password = password.get_untracked();
        let nick = nick.get_untracked();
        let joined = match configure.get_untracked() {
            true => client.join_room_to_configure(&room, &nick, Some(password.as_str())),
            false => client.join_room(&room, &nick, Some(password.as_str())),
        };
        match joined {
            Ok(()) => {
                error.set(None);
                asked.set(Some(room));
            }
            Err(e) => error.set(Some(format!("Could not join: {e}."))),
        }
    };
    let joining = move || asked.with(Option::is_some);
    view! {
        <form class="join-room-form" on:submit=submit aria-label="Join a room"
            on:keydown=move |ev| if ev.key() == "Escape" { open.set(false); }>
            <input data-testid="room-join-jid" type="text"
                placeholder=move || match service() {
                    Some(service) => format!("name or name@{service}"),
                    None => "room@conference.example.org".to_owned(),
                }
                aria-label="Room address" autofocus
                prop:value=move || jid.get() on:input=move |ev| jid.set(event_target_value(&ev))/>
            <input data-testid="room-join-nick" type="text" placeholder="Nickname"
                aria-label="Nickname" prop:value=move || nick.get()
                on:input=move |ev| nick.set(event_target_value(&ev))/>
            <input data-testid="room-join-password" type="password" placeholder="Password (if the room has one)"
                aria-label="Room password" autocomplete="off" prop:value=move || password.get()
                on:input=move |ev| password.set(event_target_value(&ev))/>
            <label class="form-check">
                <input type="checkbox" data-testid="room-join-configure" prop:checked=move || configure.get()
                    on:change=move |ev| configure.set(event_target_checked(&ev))/>
                <span>"If the room is new, set it up before it opens"</span>
            </label>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert" data-testid="room-join-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button type="submit" data-testid="room-join-submit" disabled=joining>
                {move || if joining() { "Joining…" } else { "Join" }}
            </button>
            <Show when=move || service().is_some()>
                <PublicRooms pick=jid/>
            </Show>
        </form>
    }
}
