//! "Add contact": address, optional name and group. Adding also asks for their presence and
//! pre-approves ours, so both sides see each other as soon as they accept.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::client::expect_client;
use crate::xmpp::BareJid;

/// A toggle button and, when open, the form.
#[component]
pub fn AddContact() -> impl IntoView {
    let client = expect_client();
    let open = RwSignal::new(false);
    let jid = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = match BareJid::parse(jid.get_untracked().trim()) {
            Ok(parsed) if parsed.local().is_some() => parsed,
            _ => {
                error.set(Some("Enter an address like name@example.org.".into()));
                return;
            }
        };
        match client.add_contact(&parsed, &name.get_untracked(), &group.get_untracked()) {
            Ok(()) => {
                error.set(None);
                jid.set(String::new());
                name.set(String::new());
                group.set(String::new());
                open.set(false);
            }
            Err(e) => error.set(Some(format!("Could not add the contact: {e}."))),
        }
    };
    view! {
        <div class="add-contact">
            <button type="button" class="link-button" data-testid="add-contact"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Cancel" } else { "+ Add contact" }}
            </button>
            <Show when=move || open.get()>
                <form class="add-contact-form" on:submit=submit
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false); }>
                    <input data-testid="add-contact-jid" type="text" placeholder="name@example.org"
                        aria-label="Address" autofocus
                        prop:value=move || jid.get() on:input=move |ev| jid.set(event_target_value(&ev))/>
                    <input data-testid="add-contact-name" type="text" placeholder="Name (optional)"
                        aria-label="Name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                    <input data-testid="add-contact-group" type="text" placeholder="Group (optional)"
                        aria-label="Group" prop:value=move || group.get()
                        on:input=move |ev| group.set(event_target_value(&ev))/>
                    <Show when=move || error.get().is_some()>
                        <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                    </Show>
                    <button type="submit" data-testid="add-contact-submit">"Add"</button>
                </form>
            </Show>
        </div>
    }
}
