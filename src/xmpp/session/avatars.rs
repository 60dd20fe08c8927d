//! Avatars in the session: reading contacts' (XEP-0084 notifications, XEP-0153 presence
//! hashes) through the [`AvatarTracker`], fetching and verifying the images, and publishing
//! ours (data first, then the metadata that points at it, XEP-0084 §4).
//!
//! Images are fetched only for people in the roster and ourselves: asking a stranger's server
//! would tell them we are online.

use super::iq_router::PendingIq;
use super::Session;
use crate::xmpp::avatars::{Decision, Source};
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::avatar::{self, Avatar, AvatarInfo, PhotoHash};
use crate::xmpp::stanza::{Iq, IqPayload, StanzaError};
use crate::xmpp::xml::Element;

/// An avatar request on its way, and what its answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AvatarIq {
    /// The image `info` names, from `from`'s data node.
    Data { from: BareJid, info: AvatarInfo },
    /// `from`'s vCard, for the photo with this hash.
    Vcard { from: BareJid, hash: String },
    /// Our image went to our data node; the metadata follows.
    PublishData { avatar: Avatar, info: AvatarInfo },
    /// Our metadata naming `avatar` (or saying we have none) went out.
    PublishMetadata { avatar: Option<Avatar> },
    /// Our own vCard, read to put `avatar` in it (XEP-0153, for servers that do not bridge).
    VcardRead { avatar: Option<Avatar> },
    /// Our vCard with the new photo went out.
    VcardWrite { hash: Option<String> },
}

impl AvatarIq {
    /// Who may answer: the contact asked, or our own server for our own nodes.
    pub(super) fn answers_from(&self, from: Option<&Jid>, own: &BareJid) -> bool {
        match self {
            AvatarIq::Data { from: asked, .. } | AvatarIq::Vcard { from: asked, .. } => {
                match from {
                    Some(Jid::Bare(bare)) => bare == asked,
                    None => asked == own,
                    Some(Jid::Full(_)) => false,
                }
            }
            AvatarIq::PublishData { .. }
            | AvatarIq::PublishMetadata { .. }
            | AvatarIq::VcardRead { .. }
            | AvatarIq::VcardWrite { .. } => {
                from.is_none_or(|f| matches!(f, Jid::Bare(b) if b == own))
            }
        }
    }
}

impl Session {
    /// Publishes `data` (a `mime` image of `width`×`height`) as our avatar. Answered by
    /// `Event::AvatarPublished`, or `Event::AvatarPublishFailed`.
    pub fn set_avatar(
        &mut self,
        mime: &str,
        data: Vec<u8>,
        width: u32,
        height: u32,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let hash = avatar::sha1_hex(&data);
        let image = Avatar::verified(&hash, mime, data).ok_or(ApiMisuse::InvalidAvatar)?;
        let info = AvatarInfo {
            id: image.hash.clone(),
            mime: image.mime.clone(),
            bytes: image.data.len(),
            width: Some(width),
            height: Some(height),
        };
        let publish = avatar::publish_data(&image);
        self.send_avatar_iq(
            None,
            publish,
            AvatarIq::PublishData {
                avatar: image,
                info,
            },
        );
        Ok(())
    }

    /// Says we have no avatar any more (an empty metadata item, XEP-0084 §4.5).
    pub fn remove_avatar(&mut self) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        self.send_avatar_iq(
            None,
            avatar::publish_metadata(None),
            AvatarIq::PublishMetadata { avatar: None },
        );
        Ok(())
    }

    /// A PEP notification (`<event xmlns="…pubsub#event">`): avatar metadata of a contact or
    /// of ourselves. PEP notifications come from the publisher's bare JID.
    pub(super) fn handle_pubsub_event(&mut self, e: &Element) {
        let from = match e.get_attr("from").map(Jid::parse) {
            Some(Ok(Jid::Bare(bare))) => bare,
            // Our own PEP service may leave `from` out.
            None => self.config.jid.clone(),
            _ => {
                self.emit(Event::Dropped {
                    reason: "PEP notification not from a bare JID".into(),
                });
                return;
            }
        };
        let Some(metadata) = avatar::metadata_from_event(e) else {
            self.emit(Event::Dropped {
                reason: "PEP notification for a node we do not follow".into(),
            });
            return;
        };
        if !self.may_fetch_avatar_of(&from) {
            self.emit(Event::Dropped {
                reason: "avatar of someone not in the roster".into(),
            });
            return;
        }
        let decision = self.avatars.on_metadata(&from, metadata);
        self.carry_out(from, decision);
    }

    /// The XEP-0153 hash in a contact's presence.
    pub(super) fn learn_photo_hash(&mut self, from: &Jid, photo: &PhotoHash) {
        let bare = from.bare();
        if *photo == PhotoHash::Unknown
            || bare == &self.config.jid
            || !self.may_fetch_avatar_of(bare)
        {
            return;
        }
        let decision = self.avatars.on_photo_hash(bare, photo);
        self.carry_out(bare.clone(), decision);
    }

    /// The answer to one of our avatar requests.
    pub(super) fn handle_avatar_answer(&mut self, pending: AvatarIq, iq: Iq) {
        match (pending, iq.payload) {
            (AvatarIq::Data { from, info }, IqPayload::Result(Some(pubsub))) => {
                let image = avatar::data_from_result(&pubsub, &info.id)
                    .and_then(|data| Avatar::verified(&info.id, &info.mime, data));
                self.show_fetched(from, &info.id, Source::Pep, image);
            }
            (AvatarIq::Vcard { from, hash }, IqPayload::Result(Some(vcard))) => {
                let image = avatar::vcard_photo(&vcard)
                    .and_then(|(mime, data)| Avatar::verified(&hash, &mime, data));
                self.show_fetched(from, &hash, Source::Vcard, image);
            }
            (AvatarIq::Data { from, info }, _) => {
                self.show_fetched(from, &info.id, Source::Pep, None)
            }
            (AvatarIq::Vcard { from, hash }, _) => {
                self.show_fetched(from, &hash, Source::Vcard, None)
            }
            (AvatarIq::PublishData { avatar, info }, IqPayload::Result(_)) => {
                let metadata = avatar::publish_metadata(Some(&info));
                self.send_avatar_iq(
                    None,
                    metadata,
                    AvatarIq::PublishMetadata {
                        avatar: Some(avatar),
                    },
                );
            }
            (AvatarIq::PublishMetadata { avatar }, IqPayload::Result(_)) => {
                if self.vcard_bridged {
                    // The server puts the photo in our vCard itself (and its hash in our
                    // presence).
                    self.emit(Event::AvatarPublished);
                } else {
                    let read = AvatarIq::VcardRead { avatar };
                    self.send_avatar_iq_get(None, avatar::vcard_request(), read);
                }
            }
            (AvatarIq::VcardRead { avatar }, payload) => {
                // XEP-0153 §3.1: change only the photo of whatever vCard is there; start from
                // an empty one only when there is none, never after a failed read (writing
                // then would erase the rest of it).
                let current = match payload {
                    IqPayload::Result(Some(vcard)) => vcard,
                    IqPayload::Result(None) => avatar::vcard_request(),
                    IqPayload::Error(error) if error.condition == "item-not-found" => {
                        avatar::vcard_request()
                    }
                    IqPayload::Error(error) => {
                        self.emit(Event::AvatarPublishFailed { error });
                        return;
                    }
                    IqPayload::Get(_) | IqPayload::Set(_) => return,
                };
                let vcard = avatar::vcard_with_photo(&current, avatar.as_ref());
                let hash = avatar.map(|a| a.hash);
                self.send_avatar_iq(None, vcard, AvatarIq::VcardWrite { hash });
            }
            (AvatarIq::VcardWrite { hash }, IqPayload::Result(_)) => {
                self.own_photo = hash.map_or(PhotoHash::None, PhotoHash::Hash);
                self.emit(Event::AvatarPublished);
                if !self.appear_offline {
                    // XEP-0153 §4.2: contacts learn the new hash from our presence.
                    self.send_own_presence();
                }
            }
            (
                AvatarIq::PublishData { .. }
                | AvatarIq::PublishMetadata { .. }
                | AvatarIq::VcardWrite { .. },
                payload,
            ) => {
                let error = match payload {
                    IqPayload::Error(error) => error,
                    _ => StanzaError::service_unavailable(),
                };
                self.emit(Event::AvatarPublishFailed { error });
            }
        }
    }

    /// XEP-0153 §4.2: our photo's hash for our presence, when the server does not add it.
    pub(super) fn own_photo_update(&self) -> Option<Element> {
        if self.vcard_bridged {
            return None;
        }
        Some(self.own_photo.to_update())
    }

    fn carry_out(&mut self, jid: BareJid, decision: Decision) {
        match decision {
            Decision::Nothing => {}
            Decision::Clear => {
                if jid == self.config.jid {
                    self.own_photo = PhotoHash::None;
                }
                self.emit(Event::Avatar { jid, avatar: None })
            }
            Decision::FetchData(info) => {
                let to = (jid != self.config.jid).then(|| Jid::Bare(jid.clone()));
                let request = avatar::data_request(&info.id);
                self.send_avatar_iq_get(to, request, AvatarIq::Data { from: jid, info });
            }
            Decision::FetchVcard(hash) => {
                let to = Some(Jid::Bare(jid.clone()));
                self.send_avatar_iq_get(
                    to,
                    avatar::vcard_request(),
                    AvatarIq::Vcard { from: jid, hash },
                );
            }
        }
    }

    fn show_fetched(&mut self, jid: BareJid, hash: &str, source: Source, image: Option<Avatar>) {
        let current = self.avatars.on_fetched(&jid, hash, source, image.is_some());
        if current && jid == self.config.jid {
            self.own_photo = PhotoHash::Hash(hash.to_owned());
        }
        match image {
            Some(image) if current => self.emit(Event::Avatar {
                jid,
                avatar: Some(image),
            }),
            Some(_) => {}
            None => self.emit(Event::Dropped {
                reason: format!("avatar {hash} of {jid} missing, too big, of a refused type, or not matching its hash"),
            }),
        }
    }

    /// Roster contacts and ourselves.
    fn may_fetch_avatar_of(&self, jid: &BareJid) -> bool {
        jid == &self.config.jid || self.roster_jids.contains(jid)
    }

    fn send_avatar_iq(&mut self, to: Option<Jid>, payload: Element, purpose: AvatarIq) {
        self.send_request(|id| Iq::set(id, to, payload), PendingIq::Avatar(purpose));
    }

    fn send_avatar_iq_get(&mut self, to: Option<Jid>, payload: Element, purpose: AvatarIq) {
        self.send_request(|id| Iq::get(id, to, payload), PendingIq::Avatar(purpose));
    }
}

/// Whether a message is a PEP notification.
pub(super) fn is_pubsub_event(e: &Element) -> bool {
    e.get_child("event", ns::PUBSUB_EVENT).is_some()
}
