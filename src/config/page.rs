//! Reading the configuration's sources from the page (see the module above for the rules).

use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use super::{merge, BootConfig, Sources};

/// The element Palaver mounts into when present; otherwise it takes the whole `<body>`.
pub const MOUNT_ID: &str = "palaver";

/// Reads the configuration from the page, warning on the console about what it ignores.
pub fn read() -> BootConfig {
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let global = window
        .as_ref()
        .and_then(|w| js_sys::Reflect::get(w, &JsValue::from_str("palaverConfig")).ok())
        .filter(|v| v.is_object())
        .and_then(|object| js_sys::JSON::stringify(&object).ok())
        .and_then(|text| text.as_string());
    let attributes = document
        .as_ref()
        .and_then(|d| d.get_element_by_id(MOUNT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|mount| dataset(&mount));
    let json = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("palaver-config"))
        .and_then(|e| e.text_content());
    let mut warnings = Vec::new();
    let sources = Sources::parse(
        global.as_deref(),
        attributes,
        json.as_deref(),
        &mut warnings,
    );
    let location = window.as_ref().map(|w| w.location());
    let host = location
        .as_ref()
        .and_then(|l| l.hostname().ok())
        .unwrap_or_default();
    let https = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let (config, more) = merge(&sources, &host, https);
    for warning in warnings.iter().chain(&more) {
        web_sys::console::warn_1(&JsValue::from_str(warning));
    }
    config
}

/// The element's `data-*` attributes as a JSON object (`data-websocket-url` is
/// `websocketUrl`, as the DOM's `dataset` names it).
fn dataset(element: &web_sys::HtmlElement) -> Value {
    let dataset = element.dataset();
    let mut map = Map::new();
    for key in js_sys::Object::keys(dataset.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
    {
        if let Some(value) = dataset.get(&key) {
            map.insert(key, Value::String(value));
        }
    }
    Value::Object(map)
}
