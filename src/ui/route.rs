//! Hash routes: `#/chat/<bare-jid>` opens a conversation (a public hook for tests and links).

use leptos::prelude::*;

use crate::client::Client;
use crate::xmpp::BareJid;

const CHAT_PREFIX: &str = "#/chat/";

/// The conversation a hash names, if it is a valid chat route.
pub fn parse(hash: &str) -> Option<BareJid> {
    let encoded = hash.strip_prefix(CHAT_PREFIX)?;
    let decoded = js_sys::decode_uri_component(encoded).ok()?.as_string()?;
    BareJid::parse(&decoded).ok()
}

/// The hash that opens the conversation with `jid`.
pub fn chat_hash(jid: &BareJid) -> String {
    format!("{CHAT_PREFIX}{jid}")
}

/// Navigates to the conversation with `jid` (or back to the list with `None`).
pub fn navigate(jid: Option<&BareJid>) {
    if let Some(window) = web_sys::window() {
        let hash = jid.map(chat_hash).unwrap_or_else(|| "#/".into());
        let _ = window.location().set_hash(&hash);
    }
}

/// Keeps the open conversation in step with the location hash, now and on every change.
pub fn follow_hash(client: Client) {
    let sync = move || {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        client.open_chat(parse(&hash));
    };
    sync();
    let handle = window_event_listener_untyped("hashchange", move |_| sync());
    // The listener lives as long as the page.
    std::mem::forget(handle);
}
