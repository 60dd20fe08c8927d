//! What the user chose in the settings panel, kept in `localStorage` for the next visit.
//! Nothing secret lives here.

use leptos::prelude::*;

/// `localStorage` key of the preferences.
const STORAGE_KEY: &str = "palaver.preferences";

/// The settings the panel offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Preferences {
    /// Desktop notifications for messages arriving while the page is hidden (the browser's
    /// permission is asked when this is switched on: a user action).
    pub notifications: bool,
    /// The XML console: every frame to and from the server, for power users and testers.
    pub xml_console: bool,
}

impl Preferences {
    /// The stored form: `notifications=1;xml_console=0`.
    fn to_storage(self) -> String {
        format!(
            "notifications={};xml_console={}",
            u8::from(self.notifications),
            u8::from(self.xml_console)
        )
    }

    /// Reads the stored form back; unknown or missing keys keep their defaults.
    fn from_storage(stored: &str) -> Preferences {
        let mut preferences = Preferences::default();
        for pair in stored.split(';') {
            match pair.split_once('=') {
                Some(("notifications", value)) => preferences.notifications = value == "1",
                Some(("xml_console", value)) => preferences.xml_console = value == "1",
                _ => {}
            }
        }
        preferences
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored preferences, or the defaults.
pub fn load() -> Preferences {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|stored| Preferences::from_storage(&stored))
        .unwrap_or_default()
}

/// Keeps `preferences` in `localStorage` whenever it changes; the defaults take no entry.
pub fn persist(preferences: RwSignal<Preferences>) {
    Effect::new(move |previous: Option<Preferences>| {
        let current = preferences.get();
        // The first run only reads: nothing to write until the user changes something.
        if previous.is_some_and(|p| p != current) {
            if let Some(storage) = local_storage() {
                let _ = if current == Preferences::default() {
                    storage.remove_item(STORAGE_KEY)
                } else {
                    storage.set_item(STORAGE_KEY, &current.to_storage())
                };
            }
        }
        current
    });
}

/// Erases the stored preferences (logging out leaves nothing of Palaver on the device; this
/// page keeps them in memory until it closes).
pub fn forget() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
