//! What the user chose in the settings panel (`persist::preferences`), as a signal the views
//! share, kept on the device through the client whenever it changes. Nothing secret lives here.

use leptos::prelude::*;

use crate::client::Client;
pub use crate::persist::preferences::Preferences;

/// The stored preferences as a signal, kept through `client` whenever they change.
pub fn follow(client: Client) -> RwSignal<Preferences> {
    let preferences = RwSignal::new(client.preferences());
    Effect::new(move |previous: Option<Preferences>| {
        let current = preferences.get();
        // The first run only reads: nothing to write until the user changes something.
        if previous.is_some_and(|p| p != current) {
            client.save_preferences(&current);
        }
        current
    });
    preferences
}
