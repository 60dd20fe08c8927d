//! The previous release's stored forms (Palaver's own XML, never on the wire), read once so an
//! update loses neither unsent messages nor the remembered login; the next write replaces them
//! with the current JSON.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::account::RememberedAccount;
use super::outbox::{Queued, StoredOutbox};
use super::preferences::Preferences;
use crate::xmpp::jid::{BareJid, FullJid};
use crate::xmpp::sasl::{ScramCredentials, ScramHash, ScramKeys};
use crate::xmpp::sm::{Resumption, Unacked};
use crate::xmpp::stanza::mam::ArchiveAnchor;
use crate::xmpp::xml::Element;

/// `<resumption jid inbound acked previd archive><stanza message-id>frame</stanza>…`.
pub fn stream(stored: &str) -> Option<Resumption> {
    let root = Element::parse(stored).ok()?;
    let ns = "urn:palaver:resumption:0";
    if !root.is("resumption", ns) {
        return None;
    }
    let number = |name: &str| root.get_attr(name)?.parse::<u32>().ok();
    let unacked = root
        .children()
        .filter(|c| c.is("stanza", ns))
        .map(|c| Unacked {
            frame: c.text_content(),
            message_id: c.get_attr("message-id").map(str::to_owned),
        })
        .collect();
    Some(Resumption {
        previd: root.get_attr("previd").map(str::to_owned),
        inbound: number("inbound")?,
        acked: number("acked")?,
        unacked,
        jid: FullJid::parse(root.get_attr("jid")?).ok()?,
        anchor: root.get_attr("archive").map(|id| match id {
            "" => ArchiveAnchor::Empty,
            id => ArchiveAnchor::After(id.to_owned()),
        }),
        rooms: Vec::new(),
    })
}

/// `<outbox account><message local-id to>body</message>…</outbox>`.
pub fn outbox(stored: &str) -> Option<StoredOutbox> {
    let root = Element::parse(stored).ok()?;
    let ns = "urn:palaver:outbox:0";
    if !root.is("outbox", ns) {
        return None;
    }
    let queue = root
        .children()
        .filter(|c| c.is("message", ns))
        .filter_map(|c| {
            Some(Queued {
                local_id: c.get_attr("local-id")?.to_owned(),
                to: BareJid::parse(c.get_attr("to")?).ok()?,
                body: c.text_content(),
            })
        })
        .collect();
    Some(StoredOutbox {
        account: BareJid::parse(root.get_attr("account")?).ok()?,
        queue,
    })
}

/// `<account jid server mechanism iterations><salt/><client-key/><server-key/></account>`.
pub fn account(stored: &str) -> Option<RememberedAccount> {
    let root = Element::parse(stored).ok()?;
    let ns = "urn:palaver:account:0";
    if !root.is("account", ns) {
        return None;
    }
    let bytes = |name: &str| BASE64.decode(root.get_child(name, ns)?.text_content()).ok();
    let hash = match root.get_attr("mechanism")? {
        "SCRAM-SHA-1" => ScramHash::Sha1,
        "SCRAM-SHA-256" => ScramHash::Sha256,
        _ => return None,
    };
    Some(RememberedAccount {
        jid: BareJid::parse(root.get_attr("jid")?).ok()?,
        websocket_url: root.get_attr("server")?.to_owned(),
        credentials: ScramCredentials {
            hash,
            salt: bytes("salt")?,
            iterations: root.get_attr("iterations")?.parse().ok()?,
            keys: ScramKeys {
                client_key: bytes("client-key")?,
                server_key: bytes("server-key")?,
            },
        },
    })
}

/// `notifications=1;xml_console=0`.
pub fn preferences(stored: &str) -> Option<Preferences> {
    if stored.trim_start().starts_with('{') {
        return None;
    }
    let mut preferences = Preferences::default();
    for pair in stored.split(';') {
        match pair.split_once('=') {
            Some(("notifications", value)) => preferences.notifications = value == "1",
            Some(("xml_console", value)) => preferences.xml_console = value == "1",
            _ => return None,
        }
    }
    Some(preferences)
}
