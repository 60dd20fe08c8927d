//! XEP-0156 in the browser: fetches the domain's host-meta files and picks the first announced
//! WebSocket URL that the transport policy accepts (see `crate::xmpp::discovery` for where to
//! look and how the XML form reads).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::socket_url;
use crate::xmpp::discovery::{host_meta_urls, websocket_urls_from_xrd, WEBSOCKET_REL};

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
            .find(|candidate| socket_url::check(candidate).is_ok())
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
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The WebSocket links of a JRD (`host-meta.json`): `{"links":[{"rel":…,"href":…}]}`, read
/// with the browser's JSON parser; anything else announces nothing.
pub fn websocket_urls_from_jrd(document: &str) -> Vec<String> {
    let Ok(parsed) = js_sys::JSON::parse(document) else {
        return Vec::new();
    };
    let Ok(links) = js_sys::Reflect::get(&parsed, &"links".into()) else {
        return Vec::new();
    };
    let Some(links) = links.dyn_ref::<js_sys::Array>() else {
        return Vec::new();
    };
    links
        .iter()
        .filter(|link| {
            js_sys::Reflect::get(link, &"rel".into())
                .ok()
                .and_then(|rel| rel.as_string())
                .as_deref()
                == Some(WEBSOCKET_REL)
        })
        .filter_map(|link| {
            js_sys::Reflect::get(&link, &"href".into())
                .ok()?
                .as_string()
        })
        .collect()
}
