//! XEP-0153 vCard-Based Avatars: the photo hash a presence carries (§3.2), and the photo in
//! the XEP-0054 vCard, read and written back with everything else in the vCard kept (§3.1).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::{decode, Avatar};
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

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

#[cfg(test)]
mod tests {
    use super::super::sha1_hex;
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really, but bytes";

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
