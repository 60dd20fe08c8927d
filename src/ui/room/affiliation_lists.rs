//! "Members & bans" (admins and owners): the room's lists — members and banned for an admin,
//! also admins and owners for an owner (XEP-0045 §9.2, §9.5, §10.5, §10.8) — each with its
//! people (address, reserved nick, reason) and "Remove" (affiliation none), and a field to add
//! an address to it (a ban with an optional reason). What the room refuses shows under the
//! header, a list it will not show in its place.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::affiliations::{editable_lists, list_title, ListState};
use crate::store::room::Room;
use crate::store::Store;
use crate::xmpp::stanza::muc::Affiliation;
use crate::xmpp::{AffiliatedUser, BareJid};

/// The header's button (admins and owners only) that opens and closes the panel.
#[component]
pub fn AffiliationsToggle(
    /// The room's address.
    jid: BareJid,
    /// The room's state.
    room: RwSignal<Room>,
    /// Whether the panel is open.
    open: RwSignal<bool>,
) -> impl IntoView {
    let client = expect_client();
    let lists = Memo::new(move |_| room.with(editable_lists));
    let about = StoredValue::new(jid);
    // Lost the right to see them (demoted, left): the panel closes.
    Effect::new(move |_| {
        if lists.with(Vec::is_empty) && open.get_untracked() {
            open.set(false);
            client.close_affiliation_lists();
        }
    });
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        match opening {
            true => {
                about.with_value(|jid| client.open_affiliation_lists(jid, lists.get_untracked()))
            }
            false => client.close_affiliation_lists(),
        }
    };
    view! {
        <Show when=move || lists.with(|l| !l.is_empty())>
            <button type="button" class="link-button" data-testid="room-affiliations"
                aria-expanded=move || open.get().to_string() on:click=toggle>"Members & bans"</button>
        </Show>
    }
}

/// The panel, under the header while open.
#[component]
pub fn AffiliationsPanel(
    /// The room's address.
    jid: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let room = jid.clone();
    let shown = Memo::new(move |_| {
        store.affiliation_lists.with(|lists| {
            lists
                .as_ref()
                .filter(|l| l.room == room)
                .map(|l| l.lists.iter().map(|(a, _)| *a).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="affiliation-lists" data-testid="affiliation-lists" aria-label="Members and bans">
            <For each=move || shown.get() key=|a| a.name()
                children=move |affiliation| view! { <AffiliationList jid=jid.clone() affiliation/> }/>
        </section>
    }
}

/// One list, with its people and the field to add someone.
#[component]
fn AffiliationList(jid: BareJid, affiliation: Affiliation) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let state = Memo::new(move |_| {
        store.affiliation_lists.with(|lists| {
            lists
                .as_ref()
                .and_then(|l| l.list(affiliation).cloned())
                .unwrap_or(ListState::Loading)
        })
    });
    let address = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let about = StoredValue::new(jid);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = address.get_untracked();
        let Some(user) = BareJid::parse(typed.trim())
            .ok()
            .filter(|j| j.local().is_some())
        else {
            error.set(Some("Enter an address like bob@example.org.".into()));
            return;
        };
        error.set(None);
        let reason = reason.get_untracked();
        if about
            .with_value(|room| client.change_affiliation(room, &user, affiliation, &reason))
            .is_ok()
        {
            address.set(String::new());
        }
    };
    let remove = move |user: BareJid| {
        about.with_value(|room| {
            let _ = client.change_affiliation(room, &user, Affiliation::None, "");
        })
    };
    let is_ban = affiliation == Affiliation::Outcast;
    view! {
        <div class="affiliation-list" data-testid="affiliation-list" data-affiliation=affiliation.name()
            data-state=move || state.with(|s| match s {
                ListState::Loading => "loading",
                ListState::Loaded(_) => "loaded",
                ListState::Failed(_) => "failed",
            })>
            <h3 class="section-title">{list_title(affiliation)}</h3>
            {move || match state.get() {
                ListState::Loading => view! { <p class="hint">"Loading…"</p> }.into_any(),
                ListState::Failed(why) => view! {
                    <p class="form-error" role="alert" data-testid="affiliation-error">{why}</p>
                }.into_any(),
                ListState::Loaded(users) if users.is_empty() => view! {
                    <p class="hint" data-testid="affiliation-empty">"Nobody."</p>
                }.into_any(),
                ListState::Loaded(users) => view! {
                    <ul role="list">
                        {users.into_iter().map(|user| view! { <UserRow user remove/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <form class="affiliation-add" on:submit=add aria-label=format!("Add to {}", list_title(affiliation))>
                <input type="text" data-testid="affiliation-add-jid" placeholder="name@example.org"
                    aria-label="Address to add" prop:value=move || address.get()
                    on:input=move |ev| address.set(event_target_value(&ev))/>
                <Show when=move || is_ban>
                    <input type="text" data-testid="affiliation-add-reason" placeholder="Reason (optional)"
                        aria-label="Reason" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                </Show>
                <button type="submit" data-testid="affiliation-add">{if is_ban { "Ban" } else { "Add" }}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}

/// One person on a list.
#[component]
fn UserRow(user: AffiliatedUser, remove: impl Fn(BareJid) + Copy + 'static) -> impl IntoView {
    let jid = user.jid.clone();
    view! {
        <li class="affiliation-item" data-testid="affiliation-item" data-jid=user.jid.to_string()>
            <span class="affiliation-jid">{user.jid.to_string()}</span>
            {user.nick.map(|nick| view! { <span class="standing">{format!(" ({nick})")}</span> })}
            {user.reason.map(|reason| view! { <span class="affiliation-reason">{format!(" — {reason}")}</span> })}
            <button type="button" class="link-button" data-testid="affiliation-remove"
                aria-label=format!("Remove {}", user.jid) on:click=move |_| remove(jid.clone())>"Remove"</button>
        </li>
    }
}
