//! Following a server's redirect (RFC 7395 §3.6.1 `see-other-uri`, RFC 6120 §4.9.3.19
//! `see-other-host`): at most a few hops in a row, and only to URLs the transport policy accepts
//! (`wss://`, or `ws://` on loopback), so a hostile or broken server cannot bounce us around or
//! downgrade us to an unencrypted connection.

use std::cell::Cell;

use super::socket_url;
use crate::xmpp::Redirect;

/// Redirects followed in a row before we give up (a loop, or a broken deployment).
pub const MAX_HOPS: u8 = 3;

thread_local! {
    static HOPS: Cell<u8> = const { Cell::new(0) };
}

/// A session came online: the next redirect starts a new count.
pub fn reset() {
    HOPS.with(|h| h.set(0));
}

/// The WebSocket URL to go to from `current`, or why we will not.
pub fn follow(current: &str, to: &Redirect) -> Result<String, String> {
    if HOPS.with(|h| h.get()) >= MAX_HOPS {
        return Err(format!(
            "The server redirected us more than {MAX_HOPS} times in a row; giving up."
        ));
    }
    let url = match to {
        Redirect::Uri(uri) => uri.clone(),
        // The same endpoint (scheme and path) on the host the server named.
        Redirect::Host(host) => {
            let url = web_sys::Url::new(current)
                .map_err(|_| format!("{current} is not a valid WebSocket URL."))?;
            url.set_host(host);
            url.href()
        }
    };
    socket_url::check(&url).map_err(|why| {
        format!("The server redirected us to {url}, which Palaver refuses. {why}")
    })?;
    HOPS.with(|h| h.set(h.get() + 1));
    Ok(url)
}
