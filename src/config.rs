//! Configuration read before boot (DESIGN.md §3), in this order of precedence:
//! `window.palaverConfig`, `data-*` attributes on the mount element, the JSON
//! `<script type="application/json" id="palaver-config">`, then defaults.
//! Unknown keys are a console warning, never silence. A password is only taken from
//! `window.palaverConfig` (kiosks and tests), never from markup or a URL.

use wasm_bindgen::{JsCast, JsValue};

/// The element Palaver mounts into when present; otherwise it takes the whole `<body>`.
pub const MOUNT_ID: &str = "palaver";

const KNOWN_KEYS: &[&str] = &[
    "websocketUrl",
    "jid",
    "password",
    "autoLogin",
    "mode",
    "theme",
];

/// How Palaver is laid out on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Fullscreen,
    Embedded,
    Overlay,
}

/// The boot configuration.
#[derive(Debug, Clone)]
pub struct BootConfig {
    pub websocket_url: String,
    pub jid: String,
    pub password: Option<String>,
    pub auto_login: bool,
    pub mode: Mode,
    pub theme: Option<String>,
}

/// Reads the configuration from the page.
pub fn read() -> BootConfig {
    let sources = Sources::collect();
    let websocket_url = sources
        .string("websocketUrl")
        .unwrap_or_else(default_websocket_url);
    let mode = match sources.string("mode").as_deref() {
        Some("embedded") => Mode::Embedded,
        Some("overlay") => Mode::Overlay,
        Some("fullscreen") | None => Mode::Fullscreen,
        Some(other) => {
            warn(&format!(
                "palaver: unknown mode {other:?}; using fullscreen"
            ));
            Mode::Fullscreen
        }
    };
    BootConfig {
        websocket_url,
        jid: sources.string("jid").unwrap_or_default(),
        password: sources
            .global
            .as_ref()
            .and_then(|g| string_field(g, "password")),
        auto_login: sources.string("autoLogin").is_some_and(|v| v == "true"),
        mode,
        theme: sources.string("theme"),
    }
}

/// The WebSocket endpoint to suggest: the conventional Prosody one next to the page's host.
fn default_websocket_url() -> String {
    let location = web_sys::window().map(|w| w.location());
    let host = location
        .as_ref()
        .and_then(|l| l.hostname().ok())
        .unwrap_or_default();
    let secure = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    if host.is_empty() || host == "localhost" || host.starts_with("127.") {
        let host = if host.is_empty() {
            "127.0.0.1".to_owned()
        } else {
            host
        };
        format!("ws://{host}:5280/xmpp-websocket")
    } else if secure {
        format!("wss://{host}/xmpp-websocket")
    } else {
        format!("wss://{host}:5281/xmpp-websocket")
    }
}

/// The three sources, highest precedence first.
struct Sources {
    global: Option<JsValue>,
    mount: Option<web_sys::HtmlElement>,
    json: Option<JsValue>,
}

impl Sources {
    fn collect() -> Sources {
        let window = web_sys::window();
        let document = window.as_ref().and_then(|w| w.document());
        let global = window
            .as_ref()
            .and_then(|w| js_sys::Reflect::get(w, &JsValue::from_str("palaverConfig")).ok())
            .filter(|v| v.is_object());
        let mount = document
            .as_ref()
            .and_then(|d| d.get_element_by_id(MOUNT_ID))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let json = document
            .as_ref()
            .and_then(|d| d.get_element_by_id("palaver-config"))
            .and_then(|e| e.text_content())
            .and_then(|text| match js_sys::JSON::parse(&text) {
                Ok(value) if value.is_object() => Some(value),
                _ => {
                    warn("palaver: #palaver-config is not a JSON object; ignored");
                    None
                }
            });
        for object in [&global, &json].into_iter().flatten() {
            warn_unknown_keys(object);
        }
        if json
            .as_ref()
            .and_then(|j| string_field(j, "password"))
            .is_some()
        {
            warn("palaver: a password in #palaver-config is ignored; only window.palaverConfig may carry one");
        }
        if let Some(mount) = &mount {
            let dataset = mount.dataset();
            for key in js_sys::Object::keys(dataset.unchecked_ref::<js_sys::Object>())
                .iter()
                .filter_map(|k| k.as_string())
            {
                if !KNOWN_KEYS.contains(&key.as_str()) || key == "password" {
                    warn(&format!(
                        "palaver: data attribute {key:?} is not a configuration key; ignored"
                    ));
                }
            }
        }
        Sources {
            global,
            mount,
            json,
        }
    }

    fn string(&self, key: &str) -> Option<String> {
        self.global
            .as_ref()
            .and_then(|g| string_field(g, key))
            .or_else(|| self.mount.as_ref().and_then(|m| m.dataset().get(key)))
            .or_else(|| self.json.as_ref().and_then(|j| string_field(j, key)))
            .filter(|s| !s.is_empty())
    }
}

fn string_field(object: &JsValue, key: &str) -> Option<String> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()?;
    if let Some(b) = value.as_bool() {
        return Some(b.to_string());
    }
    value.as_string()
}

fn warn_unknown_keys(object: &JsValue) {
    for key in js_sys::Object::keys(object.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
    {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            warn(&format!(
                "palaver: unknown configuration key {key:?}; ignored"
            ));
        }
    }
}

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
