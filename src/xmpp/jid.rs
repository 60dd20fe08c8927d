//! JIDs (RFC 7622), with a documented subset of PRECIS.
//!
//! Parsing splits `local@domain/resource`, checks the length limits (1 to 1023 bytes per part),
//! the characters RFC 7622 §3.3.1 forbids in a localpart (`"&'/:<>@`, spaces, controls) and in
//! a domain, and control characters in a resource; then lower-cases the localpart and the domain
//! with Unicode's lowercase mapping (`str::to_lowercase`, as PRECIS's case mapping does for the
//! scripts people write addresses in). Not done: PRECIS width mapping and NFC normalisation, so
//! two spellings of one address that differ only in those still differ. The resource keeps its
//! case (RFC 7622 §3.4). Every JID that came from the network goes through here before it is
//! compared with anything.

use std::fmt;

/// Why a string is not a JID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JidError {
    /// The domainpart is empty.
    EmptyDomain,
    /// A `@` with nothing before it, or a `/` with nothing after it.
    EmptyPart,
    /// A part is longer than 1023 bytes.
    TooLong,
    /// The localpart holds a character RFC 7622 §3.3.1 forbids (`"&'/:<>@` or space).
    ForbiddenCharacter(char),
    /// The JID has a resource where a bare JID was needed, or none where a full one was.
    WrongKind,
}

impl fmt::Display for JidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JidError::EmptyDomain => f.write_str("the JID has no domain"),
            JidError::EmptyPart => f.write_str("the JID has an empty local part or resource"),
            JidError::TooLong => f.write_str("a part of the JID is longer than 1023 bytes"),
            JidError::ForbiddenCharacter(c) => write!(f, "the JID contains a forbidden {c:?}"),
            JidError::WrongKind => f.write_str("a bare JID and a full JID were confused"),
        }
    }
}

impl std::error::Error for JidError {}

const MAX_PART: usize = 1023;
const FORBIDDEN_IN_LOCAL: &[char] = &['"', '&', '\'', '/', ':', '<', '>', '@', ' '];

/// `local@domain` or `domain`: an account or a contact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BareJid {
    local: Option<String>,
    domain: String,
}

/// `local@domain/resource`: one connected client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FullJid {
    bare: BareJid,
    resource: String,
}

/// Either kind, as found in `from`/`to` attributes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Jid {
    /// No resource: an account (`user@domain`) or a server (`domain`).
    Bare(BareJid),
    /// With a resource: one connected client of an account.
    Full(FullJid),
}

impl BareJid {
    /// Parses a bare JID; a resource is an error.
    pub fn parse(s: &str) -> Result<BareJid, JidError> {
        match Jid::parse(s)? {
            Jid::Bare(b) => Ok(b),
            Jid::Full(_) => Err(JidError::WrongKind),
        }
    }

    /// The localpart (the user name), if any.
    pub fn local(&self) -> Option<&str> {
        self.local.as_deref()
    }

    /// The domainpart (the server).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// This JID with `resource` appended, checked as [`Jid::parse`] checks a resource: a
    /// control character could not even be written in XML.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        check_resource(resource)?;
        Ok(FullJid {
            bare: self.clone(),
            resource: resource.to_owned(),
        })
    }
}

impl FullJid {
    /// Parses a full JID; a missing resource is an error.
    pub fn parse(s: &str) -> Result<FullJid, JidError> {
        match Jid::parse(s)? {
            Jid::Full(f) => Ok(f),
            Jid::Bare(_) => Err(JidError::WrongKind),
        }
    }

    /// The bare part.
    pub fn bare(&self) -> &BareJid {
        &self.bare
    }

    /// The resourcepart.
    pub fn resource(&self) -> &str {
        &self.resource
    }
}

impl Jid {
    /// Parses and normalises any JID.
    pub fn parse(s: &str) -> Result<Jid, JidError> {
        let (without_resource, resource) = match s.split_once('/') {
            Some((head, resource)) => (head, Some(resource)),
            None => (s, None),
        };
        let (local, domain) = match without_resource.split_once('@') {
            Some((local, domain)) => (Some(local), domain),
            None => (None, without_resource),
        };
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        if domain.is_empty() {
            return Err(JidError::EmptyDomain);
        }
        check_part(domain)?;
        if let Some(c) = domain
            .chars()
            .find(|c| c.is_whitespace() || FORBIDDEN_IN_LOCAL.contains(c))
        {
            return Err(JidError::ForbiddenCharacter(c));
        }
        let local = match local {
            Some(local) => {
                check_part(local)?;
                if let Some(c) = local
                    .chars()
                    .find(|c| FORBIDDEN_IN_LOCAL.contains(c) || c.is_control() || c.is_whitespace())
                {
                    return Err(JidError::ForbiddenCharacter(c));
                }
                Some(local.to_lowercase())
            }
            None => None,
        };
        let bare = BareJid {
            local,
            domain: domain.to_lowercase(),
        };
        match resource {
            Some(resource) => {
                check_resource(resource)?;
                Ok(Jid::Full(FullJid {
                    bare,
                    resource: resource.to_owned(),
                }))
            }
            None => Ok(Jid::Bare(bare)),
        }
    }

    /// The bare part of either kind.
    pub fn bare(&self) -> &BareJid {
        match self {
            Jid::Bare(b) => b,
            Jid::Full(f) => &f.bare,
        }
    }

    /// The resource, for a full JID.
    pub fn resource(&self) -> Option<&str> {
        match self {
            Jid::Bare(_) => None,
            Jid::Full(f) => Some(&f.resource),
        }
    }
}

/// A resource: any text of the right length but control characters.
fn check_resource(resource: &str) -> Result<(), JidError> {
    check_part(resource)?;
    match resource.chars().find(|c| c.is_control()) {
        Some(c) => Err(JidError::ForbiddenCharacter(c)),
        None => Ok(()),
    }
}

fn check_part(part: &str) -> Result<(), JidError> {
    if part.is_empty() {
        return Err(JidError::EmptyPart);
    }
    if part.len() > MAX_PART {
        return Err(JidError::TooLong);
    }
    Ok(())
}

impl fmt::Display for BareJid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.local {
            Some(local) => write!(f, "{local}@{}", self.domain),
            None => f.write_str(&self.domain),
        }
    }
}

impl fmt::Display for FullJid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.bare, self.resource)
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Jid::Bare(b) => b.fmt(f),
            Jid::Full(full) => full.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_normalises() {
        let jid = Jid::parse("Alice@LocalHost/Phone/1").unwrap();
        assert_eq!(jid.bare().local(), Some("alice"));
        assert_eq!(jid.bare().domain(), "localhost");
        assert_eq!(jid.resource(), Some("Phone/1"));
        assert_eq!(jid.to_string(), "alice@localhost/Phone/1");
        assert_eq!(
            BareJid::parse("localhost.").unwrap().to_string(),
            "localhost"
        );
    }

    #[test]
    fn lower_cases_non_ascii_letters_of_the_local_part_and_domain_but_not_the_resource() {
        let jid = Jid::parse("Ärger@BÜCHER.Example/Öffice").unwrap();
        assert_eq!(jid.to_string(), "ärger@bücher.example/Öffice");
        assert_eq!(
            BareJid::parse("ΣΟΦΙΑ@example.gr").unwrap().local(),
            Some("σοφια")
        );
    }

    #[test]
    fn every_part_may_be_1023_bytes_and_no_more() {
        let ok = format!(
            "{}@{}/{}",
            "a".repeat(1023),
            "b".repeat(1023),
            "c".repeat(1023)
        );
        assert!(Jid::parse(&ok).is_ok());
        let long = "x".repeat(1024);
        assert_eq!(Jid::parse(&format!("a@{long}")), Err(JidError::TooLong));
        assert_eq!(Jid::parse(&format!("a@b/{long}")), Err(JidError::TooLong));
    }

    #[test]
    fn forbidden_characters_in_the_domain_and_controls_in_the_resource_are_refused() {
        assert_eq!(
            Jid::parse("a@ex ample.org"),
            Err(JidError::ForbiddenCharacter(' '))
        );
        assert_eq!(
            Jid::parse("a@exa<mple.org"),
            Err(JidError::ForbiddenCharacter('<'))
        );
        assert_eq!(
            Jid::parse("a\u{3000}b@example.org"),
            Err(JidError::ForbiddenCharacter('\u{3000}')),
            "an ideographic space is a space"
        );
        assert_eq!(
            Jid::parse("a@example.org/ph\u{7}one"),
            Err(JidError::ForbiddenCharacter('\u{7}'))
        );
        assert!(
            Jid::parse("a@example.org/with space").is_ok(),
            "resources may hold spaces"
        );
        let bare = BareJid::parse("a@example.org").unwrap();
        assert_eq!(
            bare.with_resource("ph\u{7}one"),
            Err(JidError::ForbiddenCharacter('\u{7}')),
            "nor does a resource appended"
        );
    }

    #[test]
    fn rejects_invalid_jids() {
        assert_eq!(Jid::parse(""), Err(JidError::EmptyDomain));
        assert_eq!(Jid::parse("@localhost"), Err(JidError::EmptyPart));
        assert_eq!(Jid::parse("a@localhost/"), Err(JidError::EmptyPart));
        assert_eq!(
            Jid::parse("a b@localhost"),
            Err(JidError::ForbiddenCharacter(' '))
        );
        assert_eq!(
            Jid::parse("a<b@localhost"),
            Err(JidError::ForbiddenCharacter('<'))
        );
        assert_eq!(
            Jid::parse(&format!("{}@x", "a".repeat(1024))),
            Err(JidError::TooLong)
        );
        assert_eq!(BareJid::parse("a@b/c"), Err(JidError::WrongKind));
        assert_eq!(FullJid::parse("a@b"), Err(JidError::WrongKind));
    }
}

/// JIDs are stored as their text, and checked again when read back: a stored value edited by
/// hand (or by another program) cannot smuggle in an invalid address.
mod serde_text {
    use super::{BareJid, FullJid};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for BareJid {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for BareJid {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<BareJid, D::Error> {
            let text = String::deserialize(deserializer)?;
            BareJid::parse(&text).map_err(D::Error::custom)
        }
    }

    impl Serialize for FullJid {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for FullJid {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FullJid, D::Error> {
            let text = String::deserialize(deserializer)?;
            FullJid::parse(&text).map_err(D::Error::custom)
        }
    }
}
