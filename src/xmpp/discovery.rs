//! XEP-0156: finding a domain's XMPP WebSocket endpoint, so a user types only a JID.
//!
//! The domain publishes `/.well-known/host-meta` (XRD, XML) and/or `host-meta.json` (JRD) with
//! a link of relation `urn:xmpp:alt-connections:websocket`. Fetching is the transport's job;
//! this module says where to look and reads both forms (the JSON one with serde).

use super::xml::Element;

/// The link relation naming a WebSocket endpoint (XEP-0156 §3).
pub const WEBSOCKET_REL: &str = "urn:xmpp:alt-connections:websocket";
const XRD_NS: &str = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

/// Where to look for `domain`'s host-meta, best first: the JSON form, then the XML form, over
/// HTTPS (XEP-0156 §3). When the page itself is served from `domain` (`page_origin`, e.g.
/// `http://localhost:8080` for a local setup), that origin is tried first as well.
pub fn host_meta_urls(domain: &str, page_origin: Option<&str>) -> Vec<String> {
    let https = format!("https://{domain}");
    let mut origins = Vec::new();
    if let Some(origin) = page_origin {
        let host = origin
            .split("://")
            .nth(1)
            .map(|rest| rest.split([':', '/']).next().unwrap_or_default());
        if host == Some(domain) && origin != https {
            origins.push(origin.trim_end_matches('/').to_owned());
        }
    }
    origins.push(https);
    origins
        .iter()
        .flat_map(|origin| {
            [
                format!("{origin}/.well-known/host-meta.json"),
                format!("{origin}/.well-known/host-meta"),
            ]
        })
        .collect()
}

/// The WebSocket URLs an XRD host-meta document announces, in document order. Anything that is
/// not well-formed XRD yields none.
pub fn websocket_urls_from_xrd(document: &str) -> Vec<String> {
    let Ok(root) = Element::parse(document) else {
        return Vec::new();
    };
    if !root.is("XRD", XRD_NS) {
        return Vec::new();
    }
    root.children()
        .filter(|link| link.is("Link", XRD_NS) && link.get_attr("rel") == Some(WEBSOCKET_REL))
        .filter_map(|link| link.get_attr("href"))
        .map(str::to_owned)
        .collect()
}

/// A JRD (`host-meta.json`, RFC 6415 §3.1): only its links matter here. Each link is read on
/// its own, so one malformed link does not hide the others.
#[derive(serde::Deserialize)]
struct Jrd {
    links: Vec<serde_json::Value>,
}

/// The WebSocket URLs a JRD host-meta document announces, in document order; anything that is
/// not a JRD announces nothing.
pub fn websocket_urls_from_jrd(document: &str) -> Vec<String> {
    let Ok(jrd) = serde_json::from_str::<Jrd>(document) else {
        return Vec::new();
    };
    jrd.links
        .iter()
        .filter(|link| link.get("rel").and_then(|r| r.as_str()) == Some(WEBSOCKET_REL))
        .filter_map(|link| link.get("href")?.as_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jrd_announces_its_websocket_links_and_nothing_else() {
        let jrd = r#"{"links":[
            {"rel":"urn:xmpp:alt-connections:xbosh","href":"https://example.org/http-bind"},
            {"rel":"urn:xmpp:alt-connections:websocket","href":"wss://example.org/xmpp-websocket"},
            {"rel":"urn:xmpp:alt-connections:websocket","href":42},
            {"rel":"urn:xmpp:alt-connections:websocket","href":"wss://backup.example.org/ws"}]}"#;
        assert_eq!(
            websocket_urls_from_jrd(jrd),
            [
                "wss://example.org/xmpp-websocket",
                "wss://backup.example.org/ws"
            ]
        );
        for nothing in [
            "",
            "not json",
            "[]",
            r#"{"links":"x"}"#,
            r#"{"links":[null,1]}"#,
        ] {
            assert!(websocket_urls_from_jrd(nothing).is_empty(), "{nothing}");
        }
    }

    #[test]
    fn reads_the_websocket_links_of_an_xrd_document() {
        // XEP-0156 §3.1 example, plus a BOSH link that is not ours to use.
        let xrd = r#"<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="urn:xmpp:alt-connections:xbosh" href="https://web.example.com:5280/bosh"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="wss://web.example.com:443/ws"/>
  <Link rel="urn:xmpp:alt-connections:websocket" href="wss://backup.example.com/ws"/>
</XRD>"#;
        assert_eq!(
            websocket_urls_from_xrd(xrd),
            [
                "wss://web.example.com:443/ws",
                "wss://backup.example.com/ws"
            ]
        );
    }

    #[test]
    fn anything_else_announces_nothing() {
        assert!(websocket_urls_from_xrd("<html><body>Not found</body></html>").is_empty());
        assert!(websocket_urls_from_xrd("not xml at all").is_empty());
        assert!(websocket_urls_from_xrd(
            r#"<XRD xmlns="urn:other"><Link rel="urn:xmpp:alt-connections:websocket" href="wss://x/ws"/></XRD>"#
        )
        .is_empty());
        let with_doctype =
            r#"<!DOCTYPE x><XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"/>"#;
        assert!(websocket_urls_from_xrd(with_doctype).is_empty());
    }

    #[test]
    fn looks_over_https_and_on_the_page_origin_when_it_is_the_domain() {
        assert_eq!(
            host_meta_urls("example.org", None),
            [
                "https://example.org/.well-known/host-meta.json",
                "https://example.org/.well-known/host-meta"
            ]
        );
        assert_eq!(
            host_meta_urls("localhost", Some("http://localhost:8080")),
            [
                "http://localhost:8080/.well-known/host-meta.json",
                "http://localhost:8080/.well-known/host-meta",
                "https://localhost/.well-known/host-meta.json",
                "https://localhost/.well-known/host-meta"
            ]
        );
        // Another site's page does not get to answer for the domain.
        assert_eq!(
            host_meta_urls("example.org", Some("http://127.0.0.1:8080")).len(),
            2
        );
        assert_eq!(
            host_meta_urls("example.org", Some("https://example.org")).len(),
            2
        );
    }
}
