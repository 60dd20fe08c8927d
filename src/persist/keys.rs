//! Where each stored value lives. Every client on a page has its own prefix (the full-page
//! app's is `palaver`), so two widgets with different accounts never read each other's state.

/// The storage keys of one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// `sessionStorage`: the stream's state, per tab.
    pub stream: String,
    /// `localStorage`: the remembered account ("keep me logged in").
    pub account: String,
    /// `localStorage`: recent conversations.
    pub conversations: String,
    /// `localStorage`: the roster and its version.
    pub roster: String,
    /// IndexedDB: messages written offline.
    pub outbox: String,
    /// `localStorage`: the settings the user chose.
    pub preferences: String,
}

impl Keys {
    /// The keys under `prefix`. The default prefix keeps the names the previous release used,
    /// so what it stored is found (and read or dropped as `persist` says).
    pub fn with_prefix(prefix: &str) -> Keys {
        let key = |name: &str| format!("{prefix}.{name}");
        Keys {
            stream: key("stream"),
            account: key("account"),
            conversations: key("conversations"),
            roster: key("roster"),
            outbox: if prefix == DEFAULT_PREFIX {
                "outbox".to_owned()
            } else {
                key("outbox")
            },
            preferences: key("preferences"),
        }
    }
}

/// The full-page app's prefix.
pub const DEFAULT_PREFIX: &str = "palaver";

impl Default for Keys {
    fn default() -> Keys {
        Keys::with_prefix(DEFAULT_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keys_are_the_previous_releases_and_others_are_apart() {
        let keys = Keys::default();
        assert_eq!(keys.stream, "palaver.stream");
        assert_eq!(keys.outbox, "outbox");
        let widget = Keys::with_prefix("palaver-2");
        assert_eq!(widget.outbox, "palaver-2.outbox");
        assert_ne!(widget.account, keys.account);
    }
}
