//! The browser's URL parser (WHATWG, the same one the WebSocket constructor uses), for the
//! driver's endpoint policy: what the policy judges is exactly where the socket connects.

use crate::driver::endpoint::ParsedUrl;

/// Parses `text` like the browser; `None` for what is not a URL.
pub fn parse(text: &str) -> Option<ParsedUrl> {
    let url = web_sys::Url::new(text).ok()?;
    let scheme = url.protocol().trim_end_matches(':').to_owned();
    let port = url.port();
    Some(ParsedUrl {
        scheme,
        host: url.hostname(),
        port: port.parse().ok(),
        path: format!("{}{}", url.pathname(), url.search()),
        href: url.href(),
    })
}
