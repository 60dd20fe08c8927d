//! "Invite" in a room's header: a contact from the roster (the address field suggests them as
//! you type, by name or address) or any address, and an optional reason. The room's timeline
//! says when the invitation went; a refusal shows under the header.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::room::{Room, RoomStatus};
use crate::store::Store;
use crate::xmpp::BareJid;

/// How many contacts the address field suggests at once: typing narrows a long roster.
const SUGGESTED: usize = 20;

/// The header's button that opens the dialog (once we are in the room).
#[component]
pub fn InviteToggle(
    /// The room's state.
    room: RwSignal<Room>,
    /// Whether the dialog is open.
    open: RwSignal<bool>,
) -> impl IntoView {
    let joined = Memo::new(move |_| room.with(|r| r.status == RoomStatus::Joined));
    view! {
        <Show when=move || joined.get()>
            <button type="button" class="link-button" data-testid="room-invite"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Invite"</button>
        </Show>
    }
}

/// The dialog: whom, and why.
#[component]
pub fn InviteDialog(
    /// The room to invite to.
    jid: BareJid,
    /// Whether the dialog is open: sending closes it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let address = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let suggestions = move || {
        let typed = address.get().trim().to_lowercase();
        store.contacts.with(|contacts| {
            let mut matching: Vec<(String, String)> = contacts
                .values()
                .map(|c| (c.jid.to_string(), c.name.clone().unwrap_or_default()))
                .filter(|(jid, name)| {
                    typed.is_empty()
                        || jid.to_lowercase().contains(&typed)
                        || name.to_lowercase().contains(&typed)
                })
                .collect();
            matching.sort();
            matching.truncate(SUGGESTED);
            matching
        })
    };
    let room = StoredValue::new(jid);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(invitee) = resolve(&store, &address.get_untracked()) else {
            error.set(Some(
                "Enter a contact's name or an address like bob@example.org.".into(),
            ));
            return;
        };
        let sent = room.with_value(|room| client.invite(room, &invitee, &reason.get_untracked()));
        match sent {
            Ok(()) => open.set(false),
            Err(e) => error.set(Some(format!("Could not invite: {e}."))),
        }
    };
    view! {
        <form class="room-invite-form join-room-form" data-testid="room-invite-form" aria-label="Invite to this room"
            on:submit=submit on:keydown=move |ev| if ev.key() == "Escape" { open.set(false); }>
            <input data-testid="room-invite-jid" type="text" list="room-invite-contacts" autofocus
                placeholder="Contact or address" aria-label="Whom to invite" autocomplete="off"
                prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
            <datalist id="room-invite-contacts">
                <For each=suggestions key=|(jid, _)| jid.clone()
                    children=|(jid, name)| view! { <option value=jid>{name}</option> }/>
            </datalist>
            <input data-testid="room-invite-reason" type="text" placeholder="Why (optional)"
                aria-label="Reason" prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="room-invite-error">{e}</p> })}
            <button type="submit" data-testid="room-invite-submit">"Send invitation"</button>
        </form>
    }
}

/// Whom `typed` names: a contact by their exact name, else an address with a local part.
fn resolve(store: &Store, typed: &str) -> Option<BareJid> {
    let typed = typed.trim();
    let by_name = store.contacts.with_untracked(|contacts| {
        contacts
            .values()
            .find(|c| {
                c.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(typed))
            })
            .map(|c| c.jid.clone())
    });
    by_name.or_else(|| BareJid::parse(typed).ok().filter(|j| j.local().is_some()))
}
