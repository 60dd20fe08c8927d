//! A room's configuration, in place of its conversation while open (XEP-0045 §10): the room's
//! form (rendered generically), submitted or cancelled; for a new room, what it opens with;
//! for an owner later, also the room's destruction with a reason and where it goes on.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::data_form::DataFormFields;
use crate::client::expect_client;
use crate::store::room::Room;
use crate::store::room_config::RoomConfig;
use crate::ui::route;
use crate::xmpp::stanza::data_form::DataForm;
use crate::xmpp::stanza::form::{initial_answers, problems, Problem};
use crate::xmpp::BareJid;

/// The configuration of the room `jid`, while `room.config` is open.
#[component]
pub fn RoomConfigView(
    /// The room's address.
    jid: BareJid,
    /// The room's state.
    room: RwSignal<Room>,
) -> impl IntoView {
    let config = Memo::new(move |_| room.with(|r| r.config.clone().unwrap_or_default()));
    // The form is rendered again only when another one comes, not when sending starts.
    let form = Memo::new(move |_| config.with(|c| c.form.clone()));
    let creating = Memo::new(move |_| config.with(|c| c.creating));
    let about = StoredValue::new(jid);
    view! {
        <section class="room-config" data-testid="room-config-form"
            data-creating=move || creating.get().to_string()
            aria-label="Room configuration">
            <h2 class="room-config-heading">
                {move || if creating.get() { "Set up your new room" } else { "Room configuration" }}
            </h2>
            {move || match form.get() {
                Some(form) => view! { <ConfigForm about form config/> }.into_any(),
                None => view! {
                    <p class="hint" role="status">"Asking the room for its settings…"</p>
                    <CancelButton about config/>
                }
                .into_any(),
            }}
            <Show when=move || !creating.get()>
                <DestroyRoom about config/>
            </Show>
        </section>
    }
}

/// The form with its Submit and Cancel.
#[component]
fn ConfigForm(
    about: StoredValue<BareJid>,
    form: DataForm,
    config: Memo<RoomConfig>,
) -> impl IntoView {
    let client = expect_client();
    let answers = RwSignal::new(initial_answers(&form));
    // Shown once the user tried to submit, and kept up to date from then on.
    let tried = RwSignal::new(false);
    let checked_form = StoredValue::new(form.clone());
    let found = Signal::derive(move || match tried.get() {
        true => answers.with(|a| checked_form.with_value(|f| problems(f, a))),
        false => Vec::<Problem>::new(),
    });
    let sending = move || config.with(|c| c.sending);
    let error = move || config.with(|c| c.error.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !found.with_untracked(Vec::is_empty) {
            return;
        }
        about.with_value(|jid| {
            checked_form.with_value(|form| {
                answers.with_untracked(|a| {
                    // A refusal to send shows under the room's header.
                    let _ = client.configure_room(jid, form, a);
                })
            })
        });
    };
    let empty = form.fields.is_empty();
    view! {
        <form class="room-config-form" novalidate on:submit=submit>
            <DataFormFields form answers problems=found/>
            {empty.then(|| view! { <p class="hint">"This room has nothing to configure."</p> })}
            {move || error().map(|why| view! {
                <p class="form-error" role="alert" data-testid="room-config-error">{why}</p>
            })}
            <Show when=move || !found.with(Vec::is_empty)>
                <p class="form-error" role="alert">"Some fields need another look (marked above)."</p>
            </Show>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="form-submit" disabled=sending>
                    {move || match (sending(), config.with(|c| c.creating)) {
                        (true, _) => "Saving…",
                        (false, true) => "Create the room",
                        (false, false) => "Save",
                    }}
                </button>
                <CancelButton about config/>
            </div>
        </form>
    }
}

/// Cancel: a new room is destroyed and the view leaves it; a room configured before keeps
/// its settings.
#[component]
fn CancelButton(about: StoredValue<BareJid>, config: Memo<RoomConfig>) -> impl IntoView {
    let client = expect_client();
    let cancel = move |_| {
        let creating = config.with_untracked(|c| c.creating);
        about.with_value(|jid| {
            let _ = client.cancel_room_config(jid, creating);
        });
        if creating {
            route::navigate(None);
        }
    };
    view! {
        <button type="button" data-testid="form-cancel" on:click=cancel>
            {move || if config.with(|c| c.creating) { "Cancel (the room is removed)" } else { "Cancel" }}
        </button>
    }
}

/// Destroying the room (§10.9): a reason and an alternate venue, both optional, then a confirm.
#[component]
fn DestroyRoom(about: StoredValue<BareJid>, config: Memo<RoomConfig>) -> impl IntoView {
    let client = expect_client();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let venue = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let destroy = move |_| {
        let typed = venue.get_untracked().trim().to_owned();
        let venue = match typed.is_empty() {
            true => None,
            false => match BareJid::parse(&typed) {
                Ok(jid) if jid.local().is_some() => Some(jid),
                _ => {
                    problem.set(Some(
                        "Enter a room address like lobby@conference.example.org, or nothing."
                            .into(),
                    ));
                    return;
                }
            },
        };
        problem.set(None);
        about.with_value(|jid| {
            let _ = client.destroy_room(jid, &reason.get_untracked(), venue.as_ref());
        });
    };
    view! {
        <div class="room-destroy">
            <button type="button" class="link-button danger" data-testid="room-destroy"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Destroy this room…"</button>
            <Show when=move || open.get()>
                <div class="room-destroy-panel">
                    <p class="hint">"Everyone is put out of the room, and it is gone."</p>
                    <input type="text" data-testid="room-destroy-reason" placeholder="Reason (optional)"
                        aria-label="Reason" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                    <input type="text" data-testid="room-destroy-venue"
                        placeholder="Where it goes on: a room address (optional)"
                        aria-label="Where the conversation goes on" prop:value=move || venue.get()
                        on:input=move |ev| venue.set(event_target_value(&ev))/>
                    {move || problem.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
                    <button type="button" class="danger" data-testid="room-destroy-confirm"
                        disabled=move || config.with(|c| c.sending) on:click=destroy>"Destroy the room"</button>
                </div>
            </Show>
        </div>
    }
}
