//! Any text as a message body for XEP-0393 styling: parsing never panics, and the parse gives
//! the body back exactly (the view relies on it: every character the sender typed is shown).
#![no_main]

use libfuzzer_sys::fuzz_target;
use palaver::xmpp::styling;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let blocks = styling::parse(body);
    assert_eq!(styling::to_text(&blocks), body, "the parse keeps every character");
});
