//! XEP-0156 in the browser: fetches the domain's host-meta files (gloo-net) and picks the first
//! announced WebSocket URL that the endpoint policy accepts (see `crate::xmpp::discovery` for
//! where to look and how both forms read).

use crate::driver::endpoint;
use crate::xmpp::discovery::{host_meta_urls, websocket_urls_from_jrd, websocket_urls_from_xrd};

/// The WebSocket URL `domain` announces, or a message saying we found none.
pub async fn discover(domain: &str) -> Result<String, String> {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    for url in host_meta_urls(domain, origin.as_deref()) {
        let Some(document) = fetch_text(&url).await else {
            continue;
        };
        let announced = if url.ends_with(".json") {
            websocket_urls_from_jrd(&document)
        } else {
            websocket_urls_from_xrd(&document)
        };
        if let Some(found) = announced
            .into_iter()
            .find(|candidate| endpoint::check(candidate, super::url::parse).is_ok())
        {
            return Ok(found);
        }
    }
    Err(format!(
        "Could not find the XMPP WebSocket address of {domain} (no usable /.well-known/host-meta). \
         Enter it under \"Server\"."
    ))
}

/// The body of a successful GET, or `None` (unreachable, refused by CORS, not 2xx).
async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}
