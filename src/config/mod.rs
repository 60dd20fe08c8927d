//! Configuration read before boot (README, "Configuration"), in this order of precedence:
//! `window.palaverConfig`, `data-*` attributes on the mount element, the JSON
//! `<script type="application/json" id="palaver-config">`, then defaults. Each source is read
//! with serde into the same [`RawConfig`]; unknown keys and wrong values are console warnings,
//! never silence. A password is only taken from `window.palaverConfig` (kiosks and tests),
//! never from markup or a URL.
//!
//! This module is plain Rust (tested natively); `page` reads the sources in the browser.

#[cfg(target_arch = "wasm32")]
pub mod page;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::driver::endpoint::is_loopback;

#[cfg(target_arch = "wasm32")]
pub use page::{read, MOUNT_ID};

/// How Palaver is laid out on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Palaver has the page to itself: it also keeps the tab's title and favicon badge.
    Fullscreen,
    /// Inside a host page's element, filling its height (`mode-embedded`).
    Embedded,
    /// Laid over a host page (`mode-overlay`); the page keeps its title.
    Overlay,
}

/// The boot configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootConfig {
    /// The XMPP WebSocket endpoint to pre-fill.
    pub websocket_url: String,
    /// The address to pre-fill.
    pub jid: String,
    /// Only from `window.palaverConfig`.
    pub password: Option<String>,
    /// Log in at once with `jid` and `password`.
    pub auto_login: bool,
    /// The layout.
    pub mode: Mode,
    /// `light` or `dark`; `None` follows `prefers-color-scheme`.
    pub theme: Option<String>,
}

/// One source's configuration, as written (camelCase keys).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawConfig {
    websocket_url: Option<Value>,
    jid: Option<Value>,
    password: Option<Value>,
    auto_login: Option<Value>,
    mode: Option<Value>,
    theme: Option<Value>,
    /// Anything else: warned about.
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

/// The sources, highest precedence first.
#[derive(Debug, Default)]
pub struct Sources {
    /// `window.palaverConfig` (JSON of the object).
    pub global: Option<RawConfig>,
    /// `data-*` attributes of the mount element.
    pub attributes: Option<RawConfig>,
    /// The `#palaver-config` JSON block.
    pub json: Option<RawConfig>,
}

impl Sources {
    /// Reads each source's text (`None`: absent); an unreadable one is a warning.
    pub fn parse(
        global: Option<&str>,
        attributes: Option<Value>,
        json: Option<&str>,
        warnings: &mut Vec<String>,
    ) -> Sources {
        let mut read = |text: Option<&str>, name: &str| {
            let text = text?;
            match serde_json::from_str::<RawConfig>(text) {
                Ok(raw) => Some(raw),
                Err(_) => {
                    warnings.push(format!("palaver: {name} is not a JSON object; ignored"));
                    None
                }
            }
        };
        let global = read(global, "window.palaverConfig");
        let json = read(json, "#palaver-config");
        let attributes = attributes.and_then(|value| serde_json::from_value(value).ok());
        Sources {
            global,
            attributes,
            json,
        }
    }
}

/// The configuration the sources make together, and what to warn about. `page_host` and
/// `page_https` describe the page, for the default WebSocket URL.
pub fn merge(sources: &Sources, page_host: &str, page_https: bool) -> (BootConfig, Vec<String>) {
    let mut warnings = Vec::new();
    let layers = [
        ("window.palaverConfig", &sources.global),
        ("a data attribute", &sources.attributes),
        ("#palaver-config", &sources.json),
    ];
    for (name, raw) in layers {
        let Some(raw) = raw else { continue };
        for key in raw.unknown.keys() {
            warnings.push(format!(
                "palaver: unknown configuration key {key:?} in {name}; ignored"
            ));
        }
    }
    for (name, raw) in &layers[1..] {
        if raw.as_ref().is_some_and(|r| r.password.is_some()) {
            warnings.push(format!(
                "palaver: a password in {name} is ignored; only window.palaverConfig may carry one"
            ));
        }
    }
    let pick = |field: fn(&RawConfig) -> &Option<Value>| {
        layers
            .iter()
            .filter_map(|(_, raw)| raw.as_ref())
            .find_map(|raw| text(field(raw)).filter(|t| !t.is_empty()))
    };
    let mode = match pick(|r| &r.mode).as_deref() {
        Some("embedded") => Mode::Embedded,
        Some("overlay") => Mode::Overlay,
        Some("fullscreen") | None => Mode::Fullscreen,
        Some(other) => {
            warnings.push(format!("palaver: unknown mode {other:?}; using fullscreen"));
            Mode::Fullscreen
        }
    };
    let config = BootConfig {
        websocket_url: pick(|r| &r.websocket_url)
            .unwrap_or_else(|| default_websocket_url(page_host, page_https)),
        jid: pick(|r| &r.jid).unwrap_or_default(),
        password: sources
            .global
            .as_ref()
            .and_then(|g| text(&g.password))
            .filter(|p| !p.is_empty()),
        auto_login: pick(|r| &r.auto_login).is_some_and(|v| v == "true"),
        mode,
        theme: pick(|r| &r.theme),
    };
    (config, warnings)
}

/// A value as text: strings as they are, booleans and numbers written out.
fn text(value: &Option<Value>) -> Option<String> {
    match value.as_ref()? {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The WebSocket endpoint to suggest: the conventional Prosody one next to the page's host
/// (plain `ws://` only when the page is on this machine).
pub fn default_websocket_url(page_host: &str, page_https: bool) -> String {
    if page_host.is_empty() || is_loopback(page_host) {
        let host = if page_host.is_empty() {
            "127.0.0.1"
        } else {
            page_host
        };
        format!("ws://{host}:5280/xmpp-websocket")
    } else if page_https {
        format!("wss://{page_host}/xmpp-websocket")
    } else {
        format!("wss://{page_host}:5281/xmpp-websocket")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(global: Option<&str>, attributes: Option<Value>, json: Option<&str>) -> Sources {
        Sources::parse(global, attributes, json, &mut Vec::new())
    }

    #[test]
    fn the_global_object_wins_and_the_password_comes_only_from_it() {
        let s = sources(
            Some(
                r#"{"websocketUrl":"ws://127.0.0.1:5999/x","jid":"carol@localhost","password":"secret","autoLogin":true,"mode":"embedded"}"#,
            ),
            Some(serde_json::json!({"jid": "dave@localhost", "theme": "dark"})),
            Some(r#"{"jid":"eve@localhost","password":"leaked","mode":"overlay"}"#),
        );
        let (config, warnings) = merge(&s, "localhost", false);
        assert_eq!(config.websocket_url, "ws://127.0.0.1:5999/x");
        assert_eq!(config.jid, "carol@localhost");
        assert_eq!(config.password.as_deref(), Some("secret"));
        assert!(config.auto_login);
        assert_eq!(config.mode, Mode::Embedded);
        assert_eq!(config.theme.as_deref(), Some("dark"), "from the attributes");
        assert!(warnings
            .iter()
            .any(|w| w.contains("password in #palaver-config")));
    }

    #[test]
    fn unknown_keys_and_values_are_warned_about() {
        let s = sources(
            Some(r#"{"websocketURL":"x","mode":"sideways"}"#),
            None,
            Some("[1,2]"),
        );
        let (config, warnings) = merge(&s, "chat.example.org", true);
        assert_eq!(config.mode, Mode::Fullscreen);
        assert_eq!(
            config.websocket_url,
            "wss://chat.example.org/xmpp-websocket"
        );
        assert!(
            warnings.iter().any(|w| w.contains("\"websocketURL\"")),
            "{warnings:?}"
        );
        assert!(warnings.iter().any(|w| w.contains("sideways")));
        let mut parse_warnings = Vec::new();
        Sources::parse(None, None, Some("[1,2]"), &mut parse_warnings);
        assert!(parse_warnings[0].contains("not a JSON object"));
    }

    #[test]
    fn the_default_endpoint_is_plain_only_on_this_machine() {
        assert_eq!(
            default_websocket_url("127.0.0.1", false),
            "ws://127.0.0.1:5280/xmpp-websocket"
        );
        assert_eq!(
            default_websocket_url("localhost", false),
            "ws://localhost:5280/xmpp-websocket"
        );
        assert_eq!(
            default_websocket_url("127.evil.example", false),
            "wss://127.evil.example:5281/xmpp-websocket",
            "a host that only looks like loopback is not this machine"
        );
        assert_eq!(
            default_websocket_url("", false),
            "ws://127.0.0.1:5280/xmpp-websocket"
        );
    }
}
