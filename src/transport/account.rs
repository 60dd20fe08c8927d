//! "Keep me logged in": the account, its server and its SCRAM keys in `localStorage`, never the
//! password (DESIGN.md §5). The next page logs in with the keys; a logout, or keys the server
//! no longer accepts, erase them.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::xmpp::sasl::{ScramHash, ScramKeys};
use crate::xmpp::xml::Element;
use crate::xmpp::{BareJid, ScramCredentials};

const STORAGE_KEY: &str = "palaver.account";
const STORAGE_NS: &str = "urn:palaver:account:0";

/// A remembered login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedAccount {
    pub jid: BareJid,
    pub websocket_url: String,
    pub credentials: ScramCredentials,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered login, if there is a valid one.
pub fn load() -> Option<RememberedAccount> {
    let stored = local_storage()?.get_item(STORAGE_KEY).ok()??;
    from_storage(&stored)
}

/// Remembers `account` for the next page.
pub fn save(account: &RememberedAccount) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, &to_storage(account));
    }
}

/// Forgets the remembered login.
pub fn forget() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

fn to_storage(account: &RememberedAccount) -> String {
    let c = &account.credentials;
    let bytes =
        |name: &str, value: &[u8]| Element::new(name, STORAGE_NS).text(BASE64.encode(value));
    Element::new("account", STORAGE_NS)
        .attr("jid", account.jid.to_string())
        .attr("server", account.websocket_url.as_str())
        .attr("mechanism", c.hash.mechanism())
        .attr("iterations", c.iterations.to_string())
        .child(bytes("salt", &c.salt))
        .child(bytes("client-key", &c.keys.client_key))
        .child(bytes("server-key", &c.keys.server_key))
        .to_string()
}

fn from_storage(stored: &str) -> Option<RememberedAccount> {
    let root = Element::parse(stored).ok()?;
    if !root.is("account", STORAGE_NS) {
        return None;
    }
    let bytes = |name: &str| {
        BASE64
            .decode(root.get_child(name, STORAGE_NS)?.text_content())
            .ok()
    };
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
