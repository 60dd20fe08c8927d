//! Others' entity capabilities (XEP-0115 §6): what a contact's software supports, learnt once
//! per verification string and shared by everyone announcing it, and only when the answer
//! hashes to that string (§5.4), or one liar would speak for everyone announcing it.
//!
//! Only contacts (and our own other devices) are asked: a disco#info to a stranger would tell
//! them we are online. What is remembered is bounded, and a hash asked about is asked again
//! once its query fails or times out, so a stranger announcing a hash and never answering
//! cannot stop us from learning it from someone else.

use std::collections::HashSet;

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::bounded::LruMap;
use crate::xmpp::event::Event;
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::caps::{verification_string, Caps};
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::Iq;

/// How many verification strings we remember: far more than the kinds of software a roster
/// runs.
pub const MAX_CACHED_CAPS: usize = 256;
/// How many capabilities queries may be out at once.
pub const MAX_CAPS_QUERIES: usize = 16;

/// What the session knows of capabilities hashes.
pub(super) struct CapsMemory {
    /// Features by verification string (§6.3), the least recently used forgotten first.
    cache: LruMap<String, Vec<String>>,
    /// Hashes being asked about, so a crowd announcing one hash costs one query.
    asked: HashSet<String>,
}

impl Default for CapsMemory {
    fn default() -> CapsMemory {
        CapsMemory {
            cache: LruMap::new(MAX_CACHED_CAPS),
            asked: HashSet::new(),
        }
    }
}

impl Session {
    /// XEP-0115 §6: what `from`'s software supports, from the cache or by asking it once.
    pub(super) fn learn_caps(&mut self, from: &Jid, caps: &Caps) {
        // Only SHA-1 verification strings are checked (and used by everyone in practice).
        if caps.hash != "sha-1" || from.resource().is_none() {
            return;
        }
        let bare = from.bare();
        if bare != &self.config.jid && !self.roster_jids.contains(bare) {
            return;
        }
        if let Some(features) = self.caps.cache.get(&caps.ver) {
            let features = features.clone();
            self.emit(Event::Capabilities {
                from: from.clone(),
                features,
            });
            return;
        }
        if self.caps.asked.contains(&caps.ver) || self.caps.asked.len() >= MAX_CAPS_QUERIES {
            return;
        }
        self.caps.asked.insert(caps.ver.clone());
        let query = disco::info_query(Some(&caps.disco_node()));
        let to = from.clone();
        self.send_request(
            |id| Iq::get(id, Some(to), query),
            PendingIq::Caps {
                ver: caps.ver.clone(),
                from: from.clone(),
            },
        );
    }

    /// The answer to a capabilities query: cached and told only when it hashes to `ver`.
    pub(super) fn on_caps(&mut self, ver: String, from: Jid, answer: Answer) {
        self.caps.asked.remove(&ver);
        let info = match answer {
            Answer::Result(Some(payload)) => DiscoInfo::try_from(&payload).ok(),
            _ => None,
        };
        match info.map(|info| (verification_string(&info), info)) {
            Some((Ok(hash), info)) if hash == ver => {
                self.caps.cache.insert(ver, info.features.clone());
                self.emit(Event::Capabilities {
                    from,
                    features: info.features,
                });
            }
            Some((Err(ill_formed), _)) => self.emit(Event::Dropped {
                reason: format!("capabilities that cannot be hashed: {ill_formed}"),
            }),
            Some(_) => self.emit(Event::Dropped {
                reason: "capabilities that do not match their hash".into(),
            }),
            None => self.emit(Event::Dropped {
                reason: "no capabilities answer".into(),
            }),
        }
    }
}
