//! Everything Palaver keeps in the browser, as versioned JSON: the stream's state for a
//! reload, the remembered account's SCRAM keys, the local copies of recent conversations and
//! of the roster, the outbox and the preferences.
//!
//! Plain Rust with serde, tested natively; the transport only moves the text in and out of
//! `sessionStorage`, `localStorage` and IndexedDB. Every value is written as
//! `{"v":<version>,"data":…}`. The rule for anything else found under a key: a value of the
//! current version is read; the previous release's XML forms are read where losing them would
//! lose something that matters (unsent messages, the unacknowledged stream, the remembered
//! login) and dropped otherwise (the caches refill from the server); anything unreadable is
//! dropped. Reading never fails loudly and never panics: the worst outcome is starting afresh.

pub mod account;
pub mod conversations;
pub mod keys;
mod legacy;
pub mod outbox;
pub mod preferences;
pub mod roster;
pub mod stream;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use keys::Keys;

/// The envelope every stored value is written in.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    v: u32,
    data: T,
}

/// `data` as stored under `version`.
fn encode<T: Serialize>(version: u32, data: &T) -> String {
    serde_json::to_string(&Envelope { v: version, data }).unwrap_or_default()
}

/// The value stored as `text`, if it is `version`'s form.
fn decode<T: DeserializeOwned>(version: u32, text: &str) -> Option<T> {
    #[derive(Deserialize)]
    struct Version {
        v: u32,
    }
    let found: Version = serde_json::from_str(text).ok()?;
    if found.v != version {
        return None;
    }
    serde_json::from_str::<Envelope<T>>(text)
        .ok()
        .map(|envelope| envelope.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_read_back_only_in_its_own_version() {
        let text = encode(2, &vec![1, 2, 3]);
        assert_eq!(text, r#"{"v":2,"data":[1,2,3]}"#);
        assert_eq!(decode::<Vec<u8>>(2, &text), Some(vec![1, 2, 3]));
        assert_eq!(decode::<Vec<u8>>(1, &text), None);
        assert_eq!(decode::<Vec<u8>>(2, "<outbox/>"), None);
        assert_eq!(decode::<Vec<u8>>(2, r#"{"v":2,"data":"nope"}"#), None);
    }
}
