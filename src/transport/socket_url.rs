//! Which WebSocket URLs we connect to (DESIGN.md §5): `wss://` anywhere, `ws://` only to loopback.

/// Ok(true) when the connection counts as secure for SASL PLAIN (always, for accepted URLs):
/// `wss://` is encrypted and loopback `ws://` never leaves the machine.
pub fn check(url: &str) -> Result<bool, String> {
    let parsed =
        web_sys::Url::new(url).map_err(|_| format!("{url} is not a valid WebSocket URL."))?;
    match parsed.protocol().as_str() {
        "wss:" => Ok(true),
        "ws:" if is_loopback(&parsed.hostname()) => Ok(true),
        "ws:" => Err(format!(
            "Refusing unencrypted ws:// to {}: use wss:// (ws:// is only for this machine).",
            parsed.hostname()
        )),
        _ => Err(format!(
            "{url} is not a WebSocket URL (it must start with wss:// or ws://)."
        )),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host == "::1" || host.starts_with("127.")
}
