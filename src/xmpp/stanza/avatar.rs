//! User avatars: XEP-0084 (two PEP nodes: the metadata a contact's server pushes to us, and the
//! image data we then ask for) and the older XEP-0153 (a hash in presence, the image in the
//! vCard), read as a fallback.
//!
//! Every image is checked before it is shown: its SHA-1 must be the id it was announced with,
//! its type one a browser shows safely in `<img>` (no SVG), and its size bounded.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The largest avatar accepted, decoded (XEP-0084 §8 recommends small images; 96×96 PNGs are
/// a few KB).
pub const MAX_AVATAR_BYTES: usize = 128 * 1024;
/// Image types shown: raster formats only (an SVG could carry script or reach the network).
pub const ALLOWED_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// One `<info/>` of XEP-0084 metadata: which image, of what type and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarInfo {
    /// The SHA-1 of the image, hex: its id in the data node.
    pub id: String,
    /// Its media type as announced; only [`ALLOWED_TYPES`] are fetched.
    pub mime: String,
    /// Its size in bytes as announced; more than [`MAX_AVATAR_BYTES`] is not fetched.
    pub bytes: usize,
    /// Its width in pixels, if announced.
    pub width: Option<u32>,
    /// Its height in pixels, if announced.
    pub height: Option<u32>,
}

/// What a contact's avatar metadata says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AvatarMetadata {
    /// This image is their avatar.
    Published(AvatarInfo),
    /// They have none (an empty `<metadata/>`, XEP-0084 §4.5), or none we can show.
    Removed,
}

/// A verified avatar image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Avatar {
    /// SHA-1 of `data`, hex.
    pub hash: String,
    /// Its media type, lower case, one of [`ALLOWED_TYPES`].
    pub mime: String,
    /// The image bytes, decoded, at most [`MAX_AVATAR_BYTES`].
    pub data: Vec<u8>,
}

impl Avatar {
    /// `data` as an avatar, if it is a shown type, within the size bound, and hashes to
    /// `expected` (the id or hash it was announced with).
    pub fn verified(expected: &str, mime: &str, data: Vec<u8>) -> Option<Avatar> {
        let mime = mime.trim().to_ascii_lowercase();
        if !ALLOWED_TYPES.contains(&mime.as_str())
            || data.is_empty()
            || data.len() > MAX_AVATAR_BYTES
        {
            return None;
        }
        let hash = sha1_hex(&data);
        (hash.eq_ignore_ascii_case(expected.trim())).then_some(Avatar { hash, mime, data })
    }

    /// The image as a `data:` URL for `<img src>` (allowed by the page's CSP `img-src data:`).
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, BASE64.encode(&self.data))
    }
}

/// SHA-1 of `data` as lowercase hex: the id XEP-0084 and XEP-0153 name images by.
pub fn sha1_hex(data: &[u8]) -> String {
    Sha1::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The metadata a PEP notification carries (`<event><items node="urn:xmpp:avatar:metadata">`),
/// if the message is one.
pub fn metadata_from_event(message: &Element) -> Option<AvatarMetadata> {
    let items = message
        .get_child("event", ns::PUBSUB_EVENT)?
        .get_child("items", ns::PUBSUB_EVENT)
        .filter(|items| items.get_attr("node") == Some(ns::AVATAR_METADATA))?;
    let metadata = items
        .children()
        .filter(|i| i.is("item", ns::PUBSUB_EVENT))
        .last()?
        .get_child("metadata", ns::AVATAR_METADATA)?;
    // §4.2: several sizes or types may be offered; take the first we can show that lives in
    // the data node (an `url` points elsewhere on the web: never fetched).
    let info = metadata
        .children()
        .filter(|i| i.is("info", ns::AVATAR_METADATA) && i.get_attr("url").is_none())
        .filter_map(|i| {
            Some(AvatarInfo {
                // As published: item ids are case-sensitive (the hash is compared without case).
                id: i.get_attr("id")?.to_owned(),
                mime: i.get_attr("type")?.to_ascii_lowercase(),
                bytes: i.get_attr("bytes")?.parse().ok()?,
                width: i.get_attr("width").and_then(|w| w.parse().ok()),
                height: i.get_attr("height").and_then(|h| h.parse().ok()),
            })
        })
        .find(|info| ALLOWED_TYPES.contains(&info.mime.as_str()) && info.bytes <= MAX_AVATAR_BYTES);
    Some(info.map_or(AvatarMetadata::Removed, AvatarMetadata::Published))
}

/// XEP-0084 §4.3: the request for image `id` from the data node.
pub fn data_request(id: &str) -> Element {
    Element::new("pubsub", ns::PUBSUB).child(
        Element::new("items", ns::PUBSUB)
            .attr("node", ns::AVATAR_DATA)
            .child(Element::new("item", ns::PUBSUB).attr("id", id)),
    )
}

/// The image bytes in the answer to [`data_request`] for `id` (not yet verified).
pub fn data_from_result(pubsub: &Element, id: &str) -> Option<Vec<u8>> {
    let item = pubsub
        .get_child("items", ns::PUBSUB)?
        .children()
        .find(|i| {
            i.is("item", ns::PUBSUB) && i.get_attr("id").is_some_and(|i| i.eq_ignore_ascii_case(id))
        })?;
    decode(&item.get_child("data", ns::AVATAR_DATA)?.text_content())
}

/// XEP-0084 §4.1: publishes the image (its SHA-1 as the item id).
pub fn publish_data(avatar: &Avatar) -> Element {
    publish(
        ns::AVATAR_DATA,
        Element::new("item", ns::PUBSUB)
            .attr("id", avatar.hash.as_str())
            .child(Element::new("data", ns::AVATAR_DATA).text(BASE64.encode(&avatar.data))),
    )
}

/// XEP-0084 §4.2: publishes the metadata naming the image, or none (§4.5: no avatar).
pub fn publish_metadata(info: Option<&AvatarInfo>) -> Element {
    let mut metadata = Element::new("metadata", ns::AVATAR_METADATA);
    let id = match info {
        Some(info) => {
            metadata.push_child(
                Element::new("info", ns::AVATAR_METADATA)
                    .attr("bytes", info.bytes.to_string())
                    .attr("id", info.id.as_str())
                    .attr_opt("height", info.height.map(|h| h.to_string()))
                    .attr("type", info.mime.as_str())
                    .attr_opt("width", info.width.map(|w| w.to_string())),
            );
            info.id.as_str()
        }
        None => "current",
    };
    publish(
        ns::AVATAR_METADATA,
        Element::new("item", ns::PUBSUB)
            .attr("id", id)
            .child(metadata),
    )
}

fn publish(node: &str, item: Element) -> Element {
    Element::new("pubsub", ns::PUBSUB).child(
        Element::new("publish", ns::PUBSUB)
            .attr("node", node)
            .child(item),
    )
}

/// What a presence says of the sender's vCard photo (XEP-0153 §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PhotoHash {
    /// The presence says nothing (no `<x xmlns="vcard-temp:x:update"/>`, or no `<photo/>`).
    #[default]
    Unknown,
    /// An empty `<photo/>`: no avatar.
    None,
    /// The SHA-1 of the vCard photo, hex.
    Hash(String),
}

impl PhotoHash {
    /// Reads a presence's `vcard-temp:x:update`.
    pub fn from_presence(presence: &Element) -> PhotoHash {
        let Some(photo) = presence
            .get_child("x", ns::VCARD_UPDATE)
            .and_then(|x| x.get_child("photo", ns::VCARD_UPDATE))
        else {
            return PhotoHash::Unknown;
        };
        let hash = photo.text_content().trim().to_ascii_lowercase();
        if hash.is_empty() {
            PhotoHash::None
        } else {
            PhotoHash::Hash(hash)
        }
    }
}

impl PhotoHash {
    /// Our own presence's `<x xmlns="vcard-temp:x:update"/>` (XEP-0153 §3.2): the hash, an
    /// empty `<photo/>` for none, and an empty `<x/>` while we do not know it yet (§4.2).
    pub fn to_update(&self) -> Element {
        let photo = match self {
            PhotoHash::Unknown => return Element::new("x", ns::VCARD_UPDATE),
            PhotoHash::None => Element::new("photo", ns::VCARD_UPDATE),
            PhotoHash::Hash(hash) => Element::new("photo", ns::VCARD_UPDATE).text(hash.as_str()),
        };
        Element::new("x", ns::VCARD_UPDATE).child(photo)
    }
}

/// `<vCard xmlns="vcard-temp"/>`: the request for a contact's vCard (XEP-0054).
pub fn vcard_request() -> Element {
    Element::new("vCard", ns::VCARD)
}

/// `vcard` with its photo replaced by `avatar` (or removed), everything else kept: what we
/// write back to our own vCard (XEP-0153 §3.1).
pub fn vcard_with_photo(vcard: &Element, avatar: Option<&Avatar>) -> Element {
    let mut updated = Element::new("vCard", ns::VCARD);
    for child in vcard.children().filter(|c| !c.is("PHOTO", ns::VCARD)) {
        updated.push_child(child.clone());
    }
    if let Some(avatar) = avatar {
        updated.push_child(
            Element::new("PHOTO", ns::VCARD)
                .child(Element::new("TYPE", ns::VCARD).text(avatar.mime.as_str()))
                .child(Element::new("BINVAL", ns::VCARD).text(BASE64.encode(&avatar.data))),
        );
    }
    updated
}

/// The photo in a vCard: its type and bytes (not yet verified).
pub fn vcard_photo(vcard: &Element) -> Option<(String, Vec<u8>)> {
    let photo = vcard.get_child("PHOTO", ns::VCARD)?;
    let mime = photo
        .get_child("TYPE", ns::VCARD)
        .map(Element::text_content)?;
    let data = decode(&photo.get_child("BINVAL", ns::VCARD)?.text_content())?;
    Some((mime, data))
}

/// Base64 with the line breaks vCards and some servers put in it.
fn decode(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // A bound before decoding: base64 is 4/3 of the bytes.
    if compact.len() > MAX_AVATAR_BYTES / 3 * 4 + 4 {
        return None;
    }
    BASE64.decode(compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really, but bytes";

    fn event(inner: &str) -> Element {
        Element::parse(&format!(
            r#"<message xmlns="jabber:client" from="bob@localhost"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:avatar:metadata"><item id="x">{inner}</item></items></event></message>"#
        ))
        .unwrap()
    }

    #[test]
    fn reads_metadata_and_prefers_a_type_it_can_show() {
        let hash = sha1_hex(PNG);
        let m = event(&format!(
            r#"<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="9" id="a1" type="image/svg+xml"/><info bytes="20" id="far" type="image/png" url="https://elsewhere.example/a.png"/><info bytes="{}" id="{hash}" type="image/png" width="96" height="96"/></metadata>"#,
            PNG.len()
        ));
        assert_eq!(
            metadata_from_event(&m),
            Some(AvatarMetadata::Published(AvatarInfo {
                id: hash,
                mime: "image/png".into(),
                bytes: PNG.len(),
                width: Some(96),
                height: Some(96),
            }))
        );
    }

    #[test]
    fn empty_or_unusable_metadata_means_no_avatar() {
        assert_eq!(
            metadata_from_event(&event(r#"<metadata xmlns="urn:xmpp:avatar:metadata"/>"#)),
            Some(AvatarMetadata::Removed)
        );
        let huge = event(
            r#"<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="99999999" id="a" type="image/png"/></metadata>"#,
        );
        assert_eq!(metadata_from_event(&huge), Some(AvatarMetadata::Removed));
        let other = Element::parse(r#"<message xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:microblog:0"/></event></message>"#).unwrap();
        assert_eq!(metadata_from_event(&other), None);
    }

    #[test]
    fn an_image_is_shown_only_if_it_hashes_to_its_id_and_is_a_raster_type() {
        let hash = sha1_hex(PNG);
        assert!(Avatar::verified(&hash, "image/png", PNG.to_vec()).is_some());
        assert!(Avatar::verified(&hash.to_uppercase(), "IMAGE/PNG", PNG.to_vec()).is_some());
        assert_eq!(Avatar::verified("00", "image/png", PNG.to_vec()), None);
        assert_eq!(Avatar::verified(&hash, "image/svg+xml", PNG.to_vec()), None);
        let big = vec![0u8; MAX_AVATAR_BYTES + 1];
        assert_eq!(Avatar::verified(&sha1_hex(&big), "image/png", big), None);
    }

    #[test]
    fn publishing_and_fetching_round_trip() {
        let avatar = Avatar::verified(&sha1_hex(PNG), "image/png", PNG.to_vec()).unwrap();
        let publish = publish_data(&avatar);
        let item = publish
            .get_child("publish", ns::PUBSUB)
            .and_then(|p| p.get_child("item", ns::PUBSUB))
            .unwrap();
        // The server answers a fetch with the item as published.
        let answer = Element::new("pubsub", ns::PUBSUB).child(
            Element::new("items", ns::PUBSUB)
                .attr("node", ns::AVATAR_DATA)
                .child(item.clone()),
        );
        assert_eq!(data_from_result(&answer, &avatar.hash), Some(PNG.to_vec()));
        assert_eq!(data_from_result(&answer, "other"), None);
        assert_eq!(
            data_request("abc").to_string(),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:avatar:data"><item id="abc"/></items></pubsub>"#
        );
        assert!(avatar.data_url().starts_with("data:image/png;base64,iVBOR"));
    }

    #[test]
    fn metadata_for_no_avatar_is_an_empty_element() {
        assert_eq!(
            publish_metadata(None).to_string(),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:metadata"><item id="current"><metadata xmlns="urn:xmpp:avatar:metadata"/></item></publish></pubsub>"#
        );
    }

    #[test]
    fn a_new_photo_replaces_the_old_one_and_keeps_the_rest_of_the_vcard() {
        let avatar = Avatar::verified(&sha1_hex(PNG), "image/png", PNG.to_vec()).unwrap();
        let vcard = Element::parse(r#"<vCard xmlns="vcard-temp"><FN>Alice</FN><PHOTO><TYPE>image/gif</TYPE><BINVAL>R0lG</BINVAL></PHOTO><NICKNAME>al</NICKNAME></vCard>"#).unwrap();
        let updated = vcard_with_photo(&vcard, Some(&avatar));
        assert_eq!(
            vcard_photo(&updated),
            Some(("image/png".into(), PNG.to_vec()))
        );
        assert!(updated.get_child("FN", ns::VCARD).is_some());
        assert!(updated.get_child("NICKNAME", ns::VCARD).is_some());
        assert_eq!(
            updated
                .children()
                .filter(|c| c.is("PHOTO", ns::VCARD))
                .count(),
            1
        );
        assert_eq!(
            vcard_with_photo(&vcard, None).get_child("PHOTO", ns::VCARD),
            None
        );
    }

    #[test]
    fn reads_the_vcard_photo_hash_of_a_presence_and_the_photo_of_a_vcard() {
        let presence = |x: &str| {
            Element::parse(&format!(
                r#"<presence xmlns="jabber:client">{x}</presence>"#
            ))
            .unwrap()
        };
        assert_eq!(PhotoHash::from_presence(&presence("")), PhotoHash::Unknown);
        assert_eq!(
            PhotoHash::from_presence(&presence(r#"<x xmlns="vcard-temp:x:update"><photo/></x>"#)),
            PhotoHash::None
        );
        assert_eq!(
            PhotoHash::from_presence(&presence(
                r#"<x xmlns="vcard-temp:x:update"><photo> ABC </photo></x>"#
            )),
            PhotoHash::Hash("abc".into())
        );
        let vcard = Element::parse(&format!(
            r#"<vCard xmlns="vcard-temp"><FN>Bob</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>{}
{}</BINVAL></PHOTO></vCard>"#,
            &BASE64.encode(PNG)[..8],
            &BASE64.encode(PNG)[8..]
        ))
        .unwrap();
        assert_eq!(
            vcard_photo(&vcard),
            Some(("image/png".into(), PNG.to_vec()))
        );
    }
}
