//! The settings: desktop notifications, the XML console and your picture, behind a button in
//! the roster header. Escape closes the panel (wherever the focus is) and gives the focus back.

use leptos::prelude::*;

use super::avatar_picker::AvatarPicker;
use super::preferences::Preferences;
use crate::ui::{notify, popup};

/// The "Settings" button and, when open, the panel.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let preferences = expect_context::<RwSignal<Preferences>>();
    let open = RwSignal::new(false);
    let denied = RwSignal::new(notify::denied());
    let toggle_button = NodeRef::<leptos::html::Button>::new();
    let close = popup::closer(open, toggle_button);
    view! {
        <button type="button" class="settings-toggle" data-testid="settings-toggle" node_ref=toggle_button
            aria-expanded=move || open.get().to_string() aria-controls="palaver-settings"
            on:click=move |_| open.update(|o| *o = !*o)>"Settings"</button>
        <Show when=move || open.get()>
            <section class="settings" id="palaver-settings" data-testid="settings" aria-label="Settings">
                <label>
                    <input type="checkbox" data-testid="settings-notifications"
                        prop:checked=move || preferences.with(|p| p.notifications)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            if on {
                                notify::request_permission();
                                denied.set(notify::denied());
                            }
                            preferences.update(|p| p.notifications = on);
                        }/>
                    "Desktop notifications when the tab is hidden"
                </label>
                <Show when=move || denied.get() && preferences.with(|p| p.notifications)>
                    <p class="form-error">"The browser blocks notifications for this site; allow them in its site settings."</p>
                </Show>
                <label>
                    <input type="checkbox" data-testid="settings-xml-console"
                        prop:checked=move || preferences.with(|p| p.xml_console)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            preferences.update(|p| p.xml_console = on);
                        }/>
                    "XML console (the traffic with the server)"
                </label>
                <AvatarPicker/>
                <button type="button" class="link-button" on:click=move |_| close()>"Close"</button>
            </section>
        </Show>
    }
}
