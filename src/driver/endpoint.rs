//! Which WebSocket endpoints Palaver connects to, and which redirects it follows
//! (ARCHITECTURE.md, "Invariants"; RFC 7395 §3.6.1, RFC 6120 §4.9.3.19).
//!
//! `wss://` anywhere; `ws://` only to this machine, where nothing crosses a network. "This
//! machine" means `localhost`, an IPv4 address in 127.0.0.0/8 parsed as an address, or
//! `[::1]`: never a host name that merely starts with `127.`. URLs are parsed by the browser
//! (WHATWG: `ws://2130706433/` is `ws://127.0.0.1/` there), through [`ParseUrl`], so the policy
//! judges exactly what the socket will connect to; here it is plain Rust, tested natively.
//!
//! A redirect never downgrades `wss://` to `ws://`, is built from a host (and port) only, and
//! marks the connection as redirected: the new host's certificate proves it is that host, not
//! our XMPP domain, so SASL PLAIN is never offered there (the driver sees to that).

use std::net::Ipv4Addr;

use crate::xmpp::Redirect;

/// A URL as the browser parsed it (WHATWG URL: lower-case scheme and host, IPv4 in dotted
/// form, IPv6 in brackets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// Without the colon: `ws`, `wss`, `https`…
    pub scheme: String,
    /// The host as the URL spells it after parsing (`[::1]` keeps its brackets).
    pub host: String,
    /// The port, when the URL names one.
    pub port: Option<u16>,
    /// The path and query (`/xmpp-websocket`).
    pub path: String,
    /// The whole URL, serialized.
    pub href: String,
}

/// Parses a URL the way the browser does; `None` for what is not a URL.
pub type ParseUrl = fn(&str) -> Option<ParsedUrl>;

/// An endpoint the policy accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL to open.
    pub url: String,
    /// `wss://`, or `ws://` on this machine: nobody on a network can read what goes over it.
    pub private: bool,
}

/// Whether `host` (as the browser parsed it) is this machine.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback())
}

/// The endpoint `url` names, or why Palaver refuses it.
pub fn check(url: &str, parse: ParseUrl) -> Result<Endpoint, String> {
    let parsed = parse(url).ok_or_else(|| format!("{url} is not a valid WebSocket URL."))?;
    match parsed.scheme.as_str() {
        "wss" => Ok(Endpoint {
            url: parsed.href,
            private: true,
        }),
        "ws" if is_loopback(&parsed.host) => Ok(Endpoint {
            url: parsed.href,
            private: true,
        }),
        "ws" => Err(format!(
            "Refusing unencrypted ws:// to {}: use wss:// (ws:// is only for this machine).",
            parsed.host
        )),
        _ => Err(format!(
            "{url} is not a WebSocket URL (it must start with wss:// or ws://)."
        )),
    }
}

/// Where a redirect from `current` to `to` leads, or why Palaver will not follow it.
pub fn redirect(current: &str, to: &Redirect, parse: ParseUrl) -> Result<Endpoint, String> {
    let refuse = |target: &str, why: &str| {
        Err(format!(
            "The server redirected us to {target}, which Palaver refuses. {why}"
        ))
    };
    let from = parse(current).ok_or_else(|| format!("{current} is not a valid WebSocket URL."))?;
    let target = match to {
        Redirect::Uri(uri) => uri.clone(),
        // The same endpoint (scheme and path) on the host the server named, built from a host
        // and port only: nothing else of the server's text reaches the URL.
        Redirect::Host(host_and_port) => match split_host_port(host_and_port) {
            Some((host, port)) => {
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                format!("{}://{host}{port}{}", from.scheme, from.path)
            }
            None => return refuse(host_and_port, "It is not a host name or address."),
        },
    };
    let endpoint = match check(&target, parse) {
        Ok(endpoint) => endpoint,
        Err(why) => return refuse(&target, &why),
    };
    // RFC 7395 §3.6.1: never from an encrypted connection to an unencrypted one, even on
    // this machine.
    let downgrade = from.scheme == "wss" && !endpoint.url.starts_with("wss:");
    if downgrade {
        return refuse(&target, "A wss:// connection never moves to ws://.");
    }
    Ok(endpoint)
}

/// RFC 6120 §4.9.3.19: `host`, `host:port`, `[v6]` or `[v6]:port`, and nothing else.
fn split_host_port(text: &str) -> Option<(&str, Option<u16>)> {
    let text = text.trim();
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let end = rest.find(']')?;
        let host = &text[..end + 2];
        let after = &rest[end + 1..];
        let inside = &rest[..end];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        match after {
            "" => (host, None),
            port => (host, Some(port.strip_prefix(':')?)),
        }
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    if !host_ok {
        return None;
    }
    let port = match port {
        None => None,
        Some(port) => Some(port.parse::<u16>().ok().filter(|p| *p != 0)?),
    };
    Some((host, port))
}

/// A small stand-in for the browser's URL parser, for native tests (the URLs they use are
/// plain: scheme, host or `[v6]`, optional port, path). Never used in the browser.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_for_tests(url: &str) -> Option<ParsedUrl> {
    {
        let (scheme, rest) = url.split_once("://")?;
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/"),
        };
        if authority.is_empty() || authority.contains(['@', ' ', '\\']) {
            return None;
        }
        let (host, port) = if authority.starts_with('[') {
            let end = authority.find(']')?;
            (&authority[..=end], authority[end + 1..].strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        let port = port.map(|p| p.parse::<u16>()).transpose().ok()?;
        Some(ParsedUrl {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
            path: path.to_owned(),
            href: format!(
                "{}://{}{}",
                scheme.to_ascii_lowercase(),
                authority.to_ascii_lowercase(),
                path
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Option<ParsedUrl> {
        parse_for_tests(url)
    }

    #[test]
    fn loopback_is_localhost_127_8_parsed_as_an_address_or_the_ipv6_one() {
        for host in ["localhost", "127.0.0.1", "127.255.0.9", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "127.evil.example",
            "127.0.0.1.evil.example",
            "128.0.0.1",
            "localhost.evil.example",
            "[::2]",
            "127.1",
            "",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn wss_anywhere_and_ws_only_to_this_machine() {
        assert!(check("wss://chat.example.org/xmpp-websocket", parse).is_ok());
        assert!(check("ws://127.0.0.1:5280/xmpp-websocket", parse).is_ok());
        assert!(check("ws://localhost:5280/xmpp-websocket", parse).is_ok());
        assert!(check("ws://[::1]:5280/xmpp-websocket", parse).is_ok());
        // The text-prefix hole: a host that only looks like loopback crosses the network.
        assert!(check("ws://127.evil.example/xmpp-websocket", parse).is_err());
        assert!(check("ws://chat.example.org/xmpp-websocket", parse).is_err());
        assert!(check("https://chat.example.org/", parse).is_err());
        assert!(check("not a url", parse).is_err());
    }

    #[test]
    fn a_redirect_never_downgrades_wss_to_ws() {
        let refused = redirect(
            "wss://chat.example.org/xmpp-websocket",
            &Redirect::Uri("ws://127.0.0.1:5280/xmpp-websocket".into()),
            parse,
        );
        assert!(refused.is_err(), "{refused:?}");
        assert!(redirect(
            "wss://chat.example.org/xmpp-websocket",
            &Redirect::Uri("wss://other.example.org/xmpp-websocket".into()),
            parse,
        )
        .is_ok());
        assert!(redirect(
            "ws://127.0.0.1:5280/xmpp-websocket",
            &Redirect::Uri("ws://localhost:5281/xmpp-websocket".into()),
            parse,
        )
        .is_ok());
        assert!(redirect(
            "ws://127.0.0.1:5280/xmpp-websocket",
            &Redirect::Uri("ws://127.evil.example/xmpp-websocket".into()),
            parse,
        )
        .is_err());
    }

    #[test]
    fn see_other_host_builds_the_url_from_a_host_and_port_only() {
        let from = "wss://chat.example.org/xmpp-websocket";
        let to = |host: &str| redirect(from, &Redirect::Host(host.into()), parse).map(|e| e.url);
        assert_eq!(
            to("other.example.org").as_deref(),
            Ok("wss://other.example.org/xmpp-websocket")
        );
        assert_eq!(
            to("other.example.org:5443").as_deref(),
            Ok("wss://other.example.org:5443/xmpp-websocket")
        );
        assert_eq!(
            to("[2001:41d0:1:a49b::1]:9222").as_deref(),
            Ok("wss://[2001:41d0:1:a49b::1]:9222/xmpp-websocket")
        );
        for pasted in [
            "evil.example/other-path",
            "user@evil.example",
            "evil.example:99999",
            "evil.example:0",
            "evil.example?x=1",
            "evil example",
            "[::1]x",
            "",
        ] {
            assert!(to(pasted).is_err(), "{pasted}");
        }
    }
}
