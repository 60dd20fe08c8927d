//! A room's header: its name, its subject (which a moderator can change in place), "Invite",
//! "Members & bans" (admins and owners), "Leave", and the room's last refusal of something we
//! asked.

use leptos::prelude::*;

use super::affiliation_lists::{AffiliationsPanel, AffiliationsToggle};
use super::invite_dialog::{InviteDialog, InviteToggle};
use crate::client::expect_client;
use crate::store::room::{Room, RoomStatus};
use crate::ui::route;
use crate::xmpp::stanza::muc::{Affiliation, Role};
use crate::xmpp::BareJid;

/// The header of the room `jid`.
#[component]
pub fn RoomHeader(
    /// The room's address.
    jid: BareJid,
    /// The room's state.
    room: RwSignal<Room>,
    /// Whether the occupants are shown as a sheet over the room (phones, where they do not
    /// fit beside it).
    people_open: RwSignal<bool>,
) -> impl IntoView {
    let client = expect_client();
    let subject = Memo::new(move |_| room.with(|r| r.subject.clone().unwrap_or_default()));
    // XEP-0045 §8.1: moderators may change the subject (a room may allow more; it says no
    // otherwise, and the refusal shows).
    let may_edit =
        Memo::new(move |_| room.with(|r| r.me().is_some_and(|me| me.role == Role::Moderator)));
    // XEP-0045 §10.2: owners configure the room (and may destroy it from there).
    let may_configure = Memo::new(move |_| {
        room.with(|r| {
            r.status == RoomStatus::Joined
                && r.me()
                    .is_some_and(|me| me.affiliation == Affiliation::Owner)
        })
    });
    let configuring = Memo::new(move |_| room.with(|r| r.config.is_some()));
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let refusal = Memo::new(move |_| room.with(|r| r.refusal.clone()));
    let inviting = RwSignal::new(false);
    let managing = RwSignal::new(false);
    let tools_jid = jid.clone();
    let invite_jid = jid.clone();
    let panel_jid = jid.clone();
    let title = jid.local().unwrap_or_default().to_owned();
    let store = expect_context::<crate::store::Store>();
    let bookmarked_jid = jid.clone();
    let bookmarked = Memo::new(move |_| store.bookmarks.with(|b| b.contains_key(&bookmarked_jid)));
    let about = StoredValue::new(jid);
    let save = move || {
        about.with_value(|jid| {
            let _ = client.set_subject(jid, &draft.get_untracked());
        });
        editing.set(false);
    };
    let leave = move |_| {
        about.with_value(|jid| {
            let _ = client.leave_room(jid);
        });
        route::navigate(None);
    };
    view! {
        <header class="chat-header">
            <button type="button" class="back" data-testid="chat-back" aria-label="Back to the list"
                on:click=move |_| route::navigate(None)>"←"</button>
            <div class="room-heading">
                <h2 data-testid="chat-title">{title}</h2>
                <Show when=move || editing.get()
                    fallback=move || view! {
                        <span class="room-subject" data-testid="room-subject" title=move || subject.get()>{move || subject.get()}</span>
                        <Show when=move || may_edit.get()>
                            <button type="button" class="link-button" data-testid="room-subject-edit"
                                on:click=move |_| { draft.set(subject.get_untracked()); editing.set(true); }>"Edit subject"</button>
                        </Show>
                    }>
                    <form class="room-subject-form" on:submit=move |ev| { ev.prevent_default(); save(); }
                        on:keydown=move |ev| if ev.key() == "Escape" { editing.set(false); }>
                        <input type="text" data-testid="room-subject-input" aria-label="Subject" autofocus
                            prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))/>
                        <button type="submit" data-testid="room-subject-save">"Save"</button>
                    </form>
                </Show>
            </div>
            <button type="button" class="link-button room-people" data-testid="room-people"
                aria-expanded=move || people_open.get().to_string()
                on:click=move |_| people_open.update(|open| *open = !*open)>
                {move || format!("People ({})", room.with(|r| r.occupants.len()))}
            </button>
            <button type="button" class="link-button" data-testid="bookmark-toggle"
                aria-pressed=move || bookmarked.get().to_string()
                title="Keep this room: joined again at every login, on every device"
                on:click=move |_| about.with_value(|jid| { let _ = client.set_bookmark(jid, !bookmarked.get_untracked()); })>
                {move || if bookmarked.get() { "★ Kept" } else { "☆ Keep" }}
            </button>
            <Show when=move || may_configure.get()>
                <button type="button" class="link-button" data-testid="room-config"
                    aria-pressed=move || configuring.get().to_string()
                    on:click=move |_| about.with_value(|jid| { let _ = client.request_room_config(jid); })
                    disabled=move || configuring.get()>"Settings"</button>
            </Show>
            <InviteToggle room open=inviting/>
            <AffiliationsToggle jid=tools_jid room open=managing/>
            <button type="button" class="link-button" data-testid="room-leave" on:click=leave>"Leave"</button>
        </header>
        <Show when=move || inviting.get()>
            <InviteDialog jid=invite_jid.clone() open=inviting/>
        </Show>
        <Show when=move || managing.get()>
            <AffiliationsPanel jid=panel_jid.clone()/>
        </Show>
        {move || refusal.get().map(|why| view! { <p class="form-error room-error" role="alert" data-testid="room-error">{why}</p> })}
        {move || store.bookmark_error.get().map(|why| view! { <p class="form-error room-error" role="alert" data-testid="bookmark-error">{why}</p> })}
    }
}
