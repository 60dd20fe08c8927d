//! Any bytes as one WebSocket frame: parsing must return Ok or Err, never panic, and whatever
//! parses must serialize to XML that parses back to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palaver::xmpp::xml::Element;

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(element) = Element::parse(frame) {
        let serialized = element.to_string();
        let again = Element::parse(&serialized).expect("our own output parses");
        assert_eq!(again, element, "serialize → parse is the identity");
    }
});
