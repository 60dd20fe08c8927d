//! XEP-0084 User Avatar: the metadata node a contact's server pushes to us (§4.2), the data
//! node we fetch the image from (§4.3), and publishing ours (§4.1, §4.5 for none).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::{decode, Avatar, ALLOWED_TYPES, MAX_AVATAR_BYTES};
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

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

#[cfg(test)]
mod tests {
    use super::super::sha1_hex;
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
}
