//! Formatting of message times for display.

use wasm_bindgen::JsValue;

/// `HH:MM` in the user's local time.
pub fn clock(timestamp_ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(timestamp_ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// The full local date and time, for tooltips and `datetime`.
pub fn iso(timestamp_ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(timestamp_ms));
    date.to_iso_string().as_string().unwrap_or_default()
}
