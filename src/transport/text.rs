//! The browser's Unicode normalization, for SASLprep: the wasm then carries no Unicode tables
//! of its own.

/// NFKC of `text` (`String.prototype.normalize("NFKC")`).
pub fn nfkc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFKC").into()
}
