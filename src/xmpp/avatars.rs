//! Which avatar each contact shows, and what to fetch to keep it current: XEP-0084 metadata
//! pushed by their server wins; the XEP-0153 hash in their presence is the fallback for
//! accounts that only have a vCard photo. Each image is fetched once per hash, however many
//! presences and notifications announce it.
//!
//! A small sans-IO sub-machine of the session: it is told what arrived and answers what to do.

use std::collections::{HashMap, HashSet};

use super::jid::BareJid;
use super::stanza::avatar::{AvatarInfo, AvatarMetadata, PhotoHash};

/// Where a shown avatar came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// XEP-0084, the contact's PEP nodes.
    Pep,
    /// XEP-0153, the contact's vCard.
    Vcard,
}

/// What the session should do about an announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing new.
    Nothing,
    /// Ask the contact's data node for this image.
    FetchData(AvatarInfo),
    /// Ask the contact's vCard for the photo with this hash.
    FetchVcard(String),
    /// The contact has no avatar (any more): show their initials.
    Clear,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    hash: Option<String>,
    source: Source,
}

/// The avatars known and on their way, by contact.
#[derive(Debug, Default)]
pub struct AvatarTracker {
    shown: HashMap<BareJid, Shown>,
    fetching: HashMap<BareJid, String>,
    /// Images that did not verify (missing, too big, of a refused type, not matching their
    /// hash), by contact and lower-case hash: not fetched again at every presence.
    failed: HashSet<(BareJid, String)>,
}

impl AvatarTracker {
    /// A XEP-0084 metadata notification from `jid`.
    pub fn on_metadata(&mut self, jid: &BareJid, metadata: AvatarMetadata) -> Decision {
        match metadata {
            AvatarMetadata::Published(info) => {
                if self.shows(jid, &info.id)
                    || self.is_fetching(jid, &info.id)
                    || self.has_failed(jid, &info.id)
                {
                    return Decision::Nothing;
                }
                self.fetching.insert(jid.clone(), info.id.clone());
                Decision::FetchData(info)
            }
            AvatarMetadata::Removed => {
                self.fetching.remove(jid);
                let had_one = self.shown.get(jid).is_some_and(|s| s.hash.is_some());
                self.shown.insert(
                    jid.clone(),
                    Shown {
                        hash: None,
                        source: Source::Pep,
                    },
                );
                if had_one {
                    Decision::Clear
                } else {
                    Decision::Nothing
                }
            }
        }
    }

    /// The XEP-0153 photo hash in a presence from `jid`. Ignored once their PEP has spoken:
    /// both name the same picture on servers that bridge the two, and PEP is the newer.
    pub fn on_photo_hash(&mut self, jid: &BareJid, photo: &PhotoHash) -> Decision {
        if self.shown.get(jid).is_some_and(|s| s.source == Source::Pep)
            || self.fetching.contains_key(jid)
        {
            return Decision::Nothing;
        }
        match photo {
            PhotoHash::Unknown => Decision::Nothing,
            PhotoHash::Hash(hash) if self.shows(jid, hash) || self.has_failed(jid, hash) => {
                Decision::Nothing
            }
            PhotoHash::Hash(hash) => {
                self.fetching.insert(jid.clone(), hash.clone());
                Decision::FetchVcard(hash.clone())
            }
            PhotoHash::None => match self.shown.get(jid) {
                Some(Shown {
                    hash: Some(_),
                    source: Source::Vcard,
                }) => {
                    self.shown.remove(jid);
                    Decision::Clear
                }
                _ => Decision::Nothing,
            },
        }
    }

    /// A fetch for `hash` of `jid` ended; `verified` says whether it brought that image.
    /// Returns whether the image is now the one to show.
    pub fn on_fetched(
        &mut self,
        jid: &BareJid,
        hash: &str,
        source: Source,
        verified: bool,
    ) -> bool {
        if !self.is_fetching(jid, hash) {
            // Superseded by a newer announcement while it was on its way.
            return false;
        }
        self.fetching.remove(jid);
        if !verified {
            self.failed.insert((jid.clone(), hash.to_ascii_lowercase()));
        }
        if verified {
            self.shown.insert(
                jid.clone(),
                Shown {
                    hash: Some(hash.to_owned()),
                    source,
                },
            );
        }
        verified
    }

    // Hashes are hex: the same in either case.
    fn shows(&self, jid: &BareJid, hash: &str) -> bool {
        self.shown.get(jid).is_some_and(|s| {
            s.hash
                .as_deref()
                .is_some_and(|shown| shown.eq_ignore_ascii_case(hash))
        })
    }

    fn has_failed(&self, jid: &BareJid, hash: &str) -> bool {
        self.failed
            .contains(&(jid.clone(), hash.to_ascii_lowercase()))
    }

    fn is_fetching(&self, jid: &BareJid, hash: &str) -> bool {
        self.fetching
            .get(jid)
            .is_some_and(|asked| asked.eq_ignore_ascii_case(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bob() -> BareJid {
        BareJid::parse("bob@localhost").unwrap()
    }

    fn info(id: &str) -> AvatarInfo {
        AvatarInfo {
            id: id.into(),
            mime: "image/png".into(),
            bytes: 10,
            width: None,
            height: None,
        }
    }

    #[test]
    fn one_fetch_per_image_however_often_it_is_announced() {
        let mut t = AvatarTracker::default();
        let published = AvatarMetadata::Published(info("h1"));
        assert_eq!(
            t.on_metadata(&bob(), published.clone()),
            Decision::FetchData(info("h1"))
        );
        assert_eq!(
            t.on_metadata(&bob(), published.clone()),
            Decision::Nothing,
            "on its way"
        );
        assert!(t.on_fetched(&bob(), "h1", Source::Pep, true));
        assert_eq!(t.on_metadata(&bob(), published), Decision::Nothing, "shown");
        assert_eq!(
            t.on_photo_hash(&bob(), &PhotoHash::Hash("h1".into())),
            Decision::Nothing,
            "PEP spoke: the vCard is not asked"
        );
        assert_eq!(
            t.on_metadata(&bob(), AvatarMetadata::Removed),
            Decision::Clear
        );
    }

    #[test]
    fn the_vcard_hash_is_the_fallback_and_an_empty_photo_clears_it() {
        let mut t = AvatarTracker::default();
        let hash = PhotoHash::Hash("v1".into());
        assert_eq!(
            t.on_photo_hash(&bob(), &hash),
            Decision::FetchVcard("v1".into())
        );
        assert_eq!(t.on_photo_hash(&bob(), &hash), Decision::Nothing);
        assert!(t.on_fetched(&bob(), "v1", Source::Vcard, true));
        assert_eq!(t.on_photo_hash(&bob(), &hash), Decision::Nothing);
        assert_eq!(
            t.on_photo_hash(&bob(), &PhotoHash::Unknown),
            Decision::Nothing
        );
        assert_eq!(t.on_photo_hash(&bob(), &PhotoHash::None), Decision::Clear);
    }

    #[test]
    fn a_failed_image_is_not_fetched_again_and_a_superseded_one_is_not_shown() {
        let mut t = AvatarTracker::default();
        assert!(matches!(
            t.on_metadata(&bob(), AvatarMetadata::Published(info("h0"))),
            Decision::FetchData(_)
        ));
        assert!(!t.on_fetched(&bob(), "h0", Source::Pep, false));
        assert_eq!(
            t.on_metadata(&bob(), AvatarMetadata::Published(info("h0"))),
            Decision::Nothing
        );
        assert_eq!(
            t.on_photo_hash(&bob(), &PhotoHash::Hash("H0".into())),
            Decision::Nothing
        );
        assert!(matches!(
            t.on_metadata(&bob(), AvatarMetadata::Published(info("h1"))),
            Decision::FetchData(_)
        ));
        assert!(matches!(
            t.on_metadata(&bob(), AvatarMetadata::Published(info("h2"))),
            Decision::FetchData(_)
        ));
        assert!(
            !t.on_fetched(&bob(), "h1", Source::Pep, true),
            "h2 replaced it"
        );
        assert!(t.on_fetched(&bob(), "h2", Source::Pep, true));
    }
}
