//! The XML console: every frame to and from the server, newest at the bottom, credentials
//! masked (`xmpp::redact`). Switched on in the settings.

use leptos::prelude::*;

use crate::client::{expect_client, Client};
use crate::ui::settings::preferences::Preferences;

/// Starts or stops recording as the preference changes; recording costs nothing while off.
pub fn follow_preference(client: Client, preferences: RwSignal<Preferences>) {
    Effect::new(move |_| {
        client.enable_console(preferences.with(|p| p.xml_console));
    });
}

/// The console pane (shown while the preference is on).
#[component]
pub fn XmlConsole() -> impl IntoView {
    let client = expect_client();
    let store = client.store();
    let preferences = expect_context::<RwSignal<Preferences>>();
    let list = NodeRef::<leptos::html::Ol>::new();
    let lines = move || {
        store
            .xml_console
            .with(|c| c.as_ref().map(|l| l.iter().cloned().collect::<Vec<_>>()))
            .unwrap_or_default()
    };
    // Follow the newest frame unless the user scrolled up to read.
    Effect::new(move |_| {
        store.xml_console.track();
        request_animation_frame(move || {
            if let Some(Some(list)) = list.try_get_untracked() {
                if list.scroll_height() - list.scroll_top() - list.client_height() < 80 {
                    list.set_scroll_top(list.scroll_height());
                }
            }
        });
    });
    view! {
        <section class="xml-console" data-testid="xml-console" aria-label="XML console">
            <header>
                <h2>"XML console"</h2>
                <button type="button" class="link-button" data-testid="xml-console-clear"
                    on:click=move |_| client.clear_console()>"Clear"</button>
                <button type="button" class="link-button" data-testid="xml-console-close"
                    on:click=move |_| preferences.update(|p| p.xml_console = false)>"Close"</button>
            </header>
            <ol node_ref=list>
                <For each=lines key=|line| line.seq children=|line| view! {
                    <li data-testid="xml-console-line" data-direction=if line.incoming { "in" } else { "out" }
                        class=if line.incoming { "in" } else { "out" }>
                        <span class="direction" aria-label=if line.incoming { "received" } else { "sent" }>
                            {if line.incoming { "←" } else { "→" }}
                        </span>
                        <pre>{line.xml}</pre>
                    </li>
                }/>
            </ol>
        </section>
    }
}
