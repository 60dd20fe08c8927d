//! User avatars: XEP-0084 (`pep`: two PEP nodes, the metadata a contact's server pushes to us
//! and the image data we then ask for) and the older XEP-0153 (`vcard`: a hash in presence, the
//! image in the XEP-0054 vCard), read as a fallback.
//!
//! Every image is checked here before it is shown, whichever way it came: its SHA-1 must be the
//! id it was announced with, its type one a browser shows safely in `<img>` (no SVG), and its
//! size bounded.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

mod pep;
mod vcard;

pub use pep::*;
pub use vcard::*;

/// The largest avatar accepted, decoded (XEP-0084 §8 recommends small images; 96×96 PNGs are
/// a few KB).
pub const MAX_AVATAR_BYTES: usize = 128 * 1024;
/// Image types shown: raster formats only (an SVG could carry script or reach the network).
pub const ALLOWED_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

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

/// Base64 with the line breaks vCards and some servers put in it.
pub(super) fn decode(text: &str) -> Option<Vec<u8>> {
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

    /// Bytes standing in for an image (only their hash and type are checked).
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really, but bytes";

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
}
