//! "Edit contact" in the conversation header: rename, move to another group, or remove the
//! contact. A small dialog; Escape or "Cancel" closes it and gives the focus back.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;
use crate::ui::popup;
use crate::xmpp::BareJid;

/// The button and, when open, the dialog; nothing for someone not in the roster.
#[component]
pub fn ContactEditor(
    /// The contact edited: the open conversation's peer.
    peer: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let open = RwSignal::new(false);
    let confirm_remove = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let button = NodeRef::<leptos::html::Button>::new();
    let first_field = NodeRef::<leptos::html::Input>::new();
    // Copyable handle, so the nested views' closures can all use it.
    let jid = StoredValue::new(peer.clone());
    let in_roster = move || {
        store
            .contacts
            .with(|c| jid.with_value(|j| c.contains_key(j)))
    };
    let groups = move || {
        let mut all: Vec<String> = store
            .contacts
            .with(|c| c.values().flat_map(|c| c.groups.clone()).collect());
        all.sort();
        all.dedup();
        all
    };
    let open_dialog = move |_| {
        let (current_name, current_group) = store.contacts.with_untracked(|c| {
            c.get(&jid.get_value())
                .map(|c| {
                    (
                        c.name.clone().unwrap_or_default(),
                        c.groups.first().cloned().unwrap_or_default(),
                    )
                })
                .unwrap_or_default()
        });
        name.set(current_name);
        group.set(current_group);
        error.set(None);
        confirm_remove.set(false);
        open.set(true);
        request_animation_frame(move || {
            if let Some(Some(input)) = first_field.try_get_untracked() {
                let _ = input.focus();
            }
        });
    };
    let close = popup::closer(open, button);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        match client.edit_contact(
            &jid.get_value(),
            &name.get_untracked(),
            &group.get_untracked(),
        ) {
            Ok(()) => close(),
            Err(e) => error.set(Some(format!("Could not save: {e}."))),
        }
    };
    let remove = move |_| match client.remove_contact(&jid.get_value()) {
        Ok(()) => {
            open.set(false);
            crate::ui::route::navigate(None);
        }
        Err(e) => error.set(Some(format!("Could not remove: {e}."))),
    };
    let display = StoredValue::new(peer.to_string());
    view! {
        <Show when=in_roster>
            <button type="button" class="contact-edit" data-testid="contact-edit" node_ref=button
                aria-haspopup="dialog" on:click=open_dialog>"Edit"</button>
        </Show>
        <Show when=move || open.get()>
            <div class="dialog" role="dialog" aria-label="Edit contact" data-testid="contact-editor">
                <form on:submit=save>
                    <label>"Name"
                        <input data-testid="contact-edit-name" type="text" node_ref=first_field
                            placeholder=display.get_value()
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label>"Group"
                        <input data-testid="contact-edit-group" type="text" list="palaver-groups"
                            prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                    </label>
                    <datalist id="palaver-groups">
                        <For each=groups key=|g| g.clone() children=|g| view! { <option value=g/> }/>
                    </datalist>
                    <Show when=move || error.get().is_some()>
                        <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="dialog-actions">
                        <button type="submit" data-testid="contact-edit-save">"Save"</button>
                        <button type="button" on:click=move |_| close()>"Cancel"</button>
                        <Show when=move || !confirm_remove.get()
                            fallback=move || view! {
                                <button type="button" class="danger" data-testid="contact-remove-confirm"
                                    on:click=remove>"Yes, remove"</button>
                            }>
                            <button type="button" class="danger" data-testid="contact-remove"
                                on:click=move |_| confirm_remove.set(true)>"Remove contact"</button>
                        </Show>
                    </div>
                </form>
            </div>
        </Show>
    }
}
