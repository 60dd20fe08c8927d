//! What the user chose in the settings (`localStorage`): nothing secret.

use serde::{Deserialize, Serialize};

use super::{decode, encode, legacy};

/// The current version of the stored form.
pub const VERSION: u32 = 1;

/// The settings the panel offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Desktop notifications for messages arriving while the page is hidden (the browser's
    /// permission is asked when this is switched on: a user action).
    #[serde(default)]
    pub notifications: bool,
    /// The XML console: every frame to and from the server, for power users and testers.
    #[serde(default)]
    pub xml_console: bool,
}

/// The stored form of `preferences`.
pub fn write(preferences: &Preferences) -> String {
    encode(VERSION, preferences)
}

/// The stored preferences, in this version's form or the previous release's `a=1;b=0`.
pub fn read(stored: &str) -> Option<Preferences> {
    decode(VERSION, stored).or_else(|| legacy::preferences(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_the_previous_releases_form() {
        let chosen = Preferences {
            notifications: true,
            xml_console: false,
        };
        assert_eq!(read(&write(&chosen)), Some(chosen));
        assert_eq!(read("notifications=1;xml_console=0"), Some(chosen));
        assert_eq!(read("weird"), None);
        assert_eq!(read(r#"{"v":1,"data":{}}"#), Some(Preferences::default()));
    }
}
