//! Service discovery (XEP-0030) both ways: what we tell others we are and support (also under
//! our XEP-0115 caps node, and XEP-0092 when configured), and what we ask of our server and our
//! own account after login.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::event::Event;
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::stanza::caps::Caps;
use crate::xmpp::stanza::disco::{self, DiscoInfo, Identity};
use crate::xmpp::stanza::version::SoftwareVersion;
use crate::xmpp::stanza::{Iq, IqPayload, StanzaError};
use crate::xmpp::xml::Element;

/// XEP-0115: the node that names Palaver in entity capabilities.
pub const CAPS_NODE: &str = "urn:palaver:client";

impl Session {
    /// What we tell others we are and support (XEP-0030), for this configuration.
    pub(super) fn our_disco_info(&self, node: Option<String>) -> DiscoInfo {
        disco_info(node, self.config.software_version.is_some())
    }

    /// Our `<c/>` (XEP-0115 §4): contacts cache what we support by its hash.
    pub(super) fn our_caps(&self) -> Caps {
        Caps::sha1(CAPS_NODE, &self.our_disco_info(None)).unwrap_or(Caps {
            hash: "sha-1".into(),
            node: CAPS_NODE.into(),
            ver: String::new(),
        })
    }

    /// XEP-0030: answers disco#info for us, or for our caps node (XEP-0115 §6.2).
    pub(super) fn answer_disco_info(&mut self, iq: &Iq, query: &Element) {
        let our_node = self.our_caps().disco_node();
        let info = match query.get_attr("node") {
            None => Some(self.our_disco_info(None)),
            Some(node) if node == our_node => Some(self.our_disco_info(Some(our_node))),
            Some(_) => None,
        };
        let reply = match info {
            Some(info) => Iq {
                payload: IqPayload::Result(Some(Element::from(&info))),
                ..iq.result_reply()
            },
            None => iq.error_reply(StanzaError {
                condition: "item-not-found".into(),
                ..StanzaError::service_unavailable()
            }),
        };
        self.transmit(&Element::from(&reply));
    }

    /// XEP-0030 §4: a client offers no items; an empty list says so.
    pub(super) fn answer_disco_items(&mut self, iq: &Iq) {
        let reply = Iq {
            payload: IqPayload::Result(Some(disco::items_query())),
            ..iq.result_reply()
        };
        self.transmit(&Element::from(&reply));
    }

    /// XEP-0092: our name and version, only when configured.
    pub(super) fn answer_version(&mut self, iq: &Iq) {
        let reply = match &self.config.software_version {
            Some(version) => {
                let answer = SoftwareVersion {
                    name: Some("Palaver".into()),
                    version: Some(version.clone()),
                    os: None,
                };
                Iq {
                    payload: IqPayload::Result(Some(Element::from(&answer))),
                    ..iq.result_reply()
                }
            }
            None => iq.error_reply(StanzaError::service_unavailable()),
        };
        self.transmit(&Element::from(&reply));
    }

    /// XEP-0030: what the server supports (§3), which services it lists (§4), and what our
    /// account supports (whether it bridges avatars to the vCard).
    pub(super) fn ask_server_features(&mut self) {
        let server = Jid::parse(self.config.jid.domain()).ok();
        let account = Some(Jid::Bare(self.config.jid.clone()));
        for (to, query, purpose) in [
            (
                server.clone(),
                disco::info_query(None),
                PendingIq::ServerInfo,
            ),
            (server, disco::items_query(), PendingIq::ServerItems),
            (account, disco::info_query(None), PendingIq::AccountInfo),
        ] {
            self.send_request(|id| Iq::get(id, to, query), purpose);
        }
    }

    /// What our account supports: does the server keep the vCard photo with the avatar, and
    /// does it archive (so that stanza ids "by" our account are its own)?
    pub(super) fn on_account_info(&mut self, answer: Answer) {
        if let Answer::Result(Some(payload)) = answer {
            if let Ok(info) = DiscoInfo::try_from(&payload) {
                let has = |feature: &str| info.features.iter().any(|f| f == feature);
                self.vcard_bridged = has(ns::PEP_VCARD_CONVERSION);
                self.archive.ids_trusted = has(ns::MAM) || has(ns::SID);
            }
        }
    }

    /// The services our server lists (rooms, upload, …).
    pub(super) fn on_server_items(&mut self, answer: Answer) {
        match answer {
            Answer::Result(Some(payload)) if payload.is("query", ns::DISCO_ITEMS) => {
                let items = disco::items_of(&payload);
                self.ask_services(&items);
                self.emit(Event::ServerItems { items })
            }
            _ => self.emit(Event::Dropped {
                reason: "the server listed no services (disco#items)".into(),
            }),
        }
    }

    /// What our server supports.
    pub(super) fn on_server_info(&mut self, answer: Answer) {
        match answer {
            Answer::Result(Some(payload)) => match DiscoInfo::try_from(&payload) {
                Ok(info) => self.emit(Event::ServerFeatures {
                    features: info.features,
                }),
                Err(err) => self.drop_malformed("server disco#info", &err),
            },
            _ => self.emit(Event::Dropped {
                reason: "the server did not describe itself (disco#info)".into(),
            }),
        }
    }
}

/// What Palaver is and supports, for XEP-0030 and the XEP-0115 hash. List only what works.
fn disco_info(node: Option<String>, with_version: bool) -> DiscoInfo {
    let mut features: Vec<String> = vec![
        ns::CAPS.into(),
        ns::CHATSTATES.into(),
        ns::DISCO_INFO.into(),
        ns::PING.into(),
        ns::RECEIPTS.into(),
        ns::MARKERS.into(),
        ns::CORRECTION.into(),
        ns::RETRACT.into(),
        ns::REPLY.into(),
        ns::REACTIONS.into(),
        ns::STYLING.into(),
        // XEP-0163 §4: our contacts' servers push their avatar metadata to us.
        ns::AVATAR_METADATA_NOTIFY.into(),
        // XEP-0402 §4.1: our server pushes the changes our other devices make to our bookmarks.
        ns::BOOKMARKS_NOTIFY.into(),
    ];
    if with_version {
        features.push(ns::VERSION.into());
    }
    DiscoInfo {
        node,
        identities: vec![Identity::new("client", "web", Some("Palaver"))],
        features,
        extensions: Vec::new(),
    }
}
