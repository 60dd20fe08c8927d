//! The page title carries the unread total, so a background tab shows there is news.

use leptos::prelude::*;

use crate::store::Store;

/// Keeps `document.title` as "(N) Palaver" while N messages are unread.
pub fn follow_unread(store: Store) {
    Effect::new(move |_| {
        let unread: u32 = store.unread.with(|u| u.values().sum());
        let title = if unread > 0 {
            format!("({unread}) Palaver")
        } else {
            "Palaver".to_owned()
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
}
