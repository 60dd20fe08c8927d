//! Entity capabilities (XEP-0115): the `<c/>` in presence naming a hash of what the sender's
//! software supports, and that hash, the verification string of §5, computed exactly as the
//! XEP says so that every client's hash (with XEP-0128 forms, languages and all) verifies.

use std::collections::HashSet;
use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

use super::data_form::{DataForm, FieldType};
use super::disco::DiscoInfo;
use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// §4: `<c hash node ver/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caps {
    /// The hash function (`sha-1` in practice).
    pub hash: String,
    /// The software's URI.
    pub node: String,
    /// The verification string.
    pub ver: String,
}

impl Caps {
    /// Our own `<c/>` for `info`, hashed with SHA-1.
    pub fn sha1(node: &str, info: &DiscoInfo) -> Result<Caps, IllFormed> {
        Ok(Caps {
            hash: "sha-1".to_owned(),
            node: node.to_owned(),
            ver: verification_string(info)?,
        })
    }

    /// The `node#ver` a disco#info query about these capabilities names (§6.2).
    pub fn disco_node(&self) -> String {
        format!("{}#{}", self.node, self.ver)
    }

    /// The `<c/>` of a presence, if it has a complete one.
    pub fn from_presence(presence: &Element) -> Option<Caps> {
        Caps::try_from(presence.get_child("c", ns::CAPS)?).ok()
    }
}

impl TryFrom<&Element> for Caps {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Caps, ParseError> {
        if !e.is("c", ns::CAPS) {
            return Err(ParseError::WrongElement { expected: "c" });
        }
        let attr = |name: &'static str| {
            e.get_attr(name)
                .map(str::to_owned)
                .ok_or(ParseError::MissingAttribute(name))
        };
        Ok(Caps {
            hash: attr("hash")?,
            node: attr("node")?,
            ver: attr("ver")?,
        })
    }
}

impl From<&Caps> for Element {
    fn from(caps: &Caps) -> Element {
        Element::new("c", ns::CAPS)
            .attr("hash", caps.hash.as_str())
            .attr("node", caps.node.as_str())
            .attr("ver", caps.ver.as_str())
    }
}

/// Why a disco#info answer cannot be hashed (§5.4 step 4): the whole answer is ill-formed and
/// must not be cached for anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IllFormed {
    /// Two identities with the same category, type, language and name (§5.4 4a).
    DuplicateIdentity(String),
    /// The same feature twice (§5.4 4b).
    DuplicateFeature(String),
    /// Two forms with the same `FORM_TYPE`, or one whose `FORM_TYPE` has different values
    /// (§5.4 4c).
    DuplicateFormType(String),
}

impl fmt::Display for IllFormed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IllFormed::DuplicateIdentity(i) => write!(f, "the identity {i} is listed twice"),
            IllFormed::DuplicateFeature(v) => write!(f, "the feature {v} is listed twice"),
            IllFormed::DuplicateFormType(t) => write!(f, "the form type {t} is given twice"),
        }
    }
}

impl std::error::Error for IllFormed {}

/// XEP-0115 §5.1: the SHA-1 verification string of `info`, base64, or why `info` is
/// ill-formed (§5.4).
pub fn verification_string(info: &DiscoInfo) -> Result<String, IllFormed> {
    let mut s = String::new();
    // Steps 2–3: identities sorted by category, type and xml:lang (then name, for a stable
    // order), as category/type/lang/name.
    let mut identities: Vec<[&str; 4]> = info
        .identities
        .iter()
        .map(|i| {
            [
                i.category.as_str(),
                i.kind.as_str(),
                i.lang.as_deref().unwrap_or_default(),
                i.name.as_deref().unwrap_or_default(),
            ]
        })
        .collect();
    identities.sort_unstable();
    if let Some(twice) = identities.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(IllFormed::DuplicateIdentity(twice[0].join("/")));
    }
    for identity in &identities {
        s.push_str(&identity.join("/"));
        s.push('<');
    }
    // Steps 4–5: features sorted.
    let mut features: Vec<&str> = info.features.iter().map(String::as_str).collect();
    features.sort_unstable();
    if let Some(twice) = features.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(IllFormed::DuplicateFeature(twice[0].to_owned()));
    }
    for feature in &features {
        s.push_str(feature);
        s.push('<');
    }
    // Steps 6–7: extended forms sorted by FORM_TYPE, each with its fields sorted by var and
    // their values sorted.
    let mut forms = hashable_forms(&info.extensions)?;
    forms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (form_type, form) in forms {
        s.push_str(form_type);
        s.push('<');
        let mut fields: Vec<_> = form
            .fields
            .iter()
            .filter(|f| f.var.as_deref() != Some("FORM_TYPE"))
            .collect();
        fields.sort_by(|a, b| a.var.cmp(&b.var));
        for field in fields {
            s.push_str(field.var.as_deref().unwrap_or_default());
            s.push('<');
            let mut values: Vec<&str> = field.values.iter().map(String::as_str).collect();
            values.sort_unstable();
            for value in values {
                s.push_str(value);
                s.push('<');
            }
        }
    }
    // Steps 8–9: UTF-8, SHA-1, base64.
    Ok(BASE64.encode(Sha1::digest(s.as_bytes())))
}

/// The forms that take part in the hash, with their `FORM_TYPE` (§5.4 4c–4d): a form without
/// a hidden `FORM_TYPE` is left out; the same type twice, or one with different values, makes
/// the whole answer ill-formed.
fn hashable_forms(forms: &[DataForm]) -> Result<Vec<(&str, &DataForm)>, IllFormed> {
    let mut seen = HashSet::new();
    let mut hashable = Vec::new();
    for form in forms {
        let Some(field) = form
            .fields
            .iter()
            .find(|f| f.var.as_deref() == Some("FORM_TYPE"))
        else {
            continue;
        };
        let distinct: HashSet<&str> = field.values.iter().map(String::as_str).collect();
        let Some(&form_type) = distinct.iter().next() else {
            continue;
        };
        if distinct.len() > 1 {
            return Err(IllFormed::DuplicateFormType(form_type.to_owned()));
        }
        if field.kind != Some(FieldType::Hidden) {
            continue;
        }
        if !seen.insert(form_type) {
            return Err(IllFormed::DuplicateFormType(form_type.to_owned()));
        }
        hashable.push((form_type, form));
    }
    Ok(hashable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::disco::Identity;

    fn info(xml: &str) -> DiscoInfo {
        DiscoInfo::try_from(&Element::parse(xml).unwrap()).unwrap()
    }

    /// §5.2, the simple generation example: Exodus 0.9.1.
    #[test]
    fn the_simple_example_hashes_to_the_xeps_value() {
        let exodus = DiscoInfo {
            node: None,
            identities: vec![Identity::new("client", "pc", Some("Exodus 0.9.1"))],
            features: vec![
                "http://jabber.org/protocol/caps".into(),
                "http://jabber.org/protocol/disco#info".into(),
                "http://jabber.org/protocol/disco#items".into(),
                "http://jabber.org/protocol/muc".into(),
            ],
            extensions: Vec::new(),
        };
        assert_eq!(
            verification_string(&exodus).as_deref(),
            Ok("QgayPKawpkPSDYmwT/WM94uAlu0=")
        );
    }

    /// §5.3, the complex generation example: Psi 0.11 with two languages and a software
    /// information form, exactly as the XEP lists it (out of order on purpose).
    const PSI: &str = r#"<query xmlns="http://jabber.org/protocol/disco#info" node="http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w="><identity xml:lang="en" category="client" name="Psi 0.11" type="pc"/><identity xml:lang="el" category="client" name="Ψ 0.11" type="pc"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/><x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:dataforms:softwareinfo</value></field><field var="ip_version"><value>ipv4</value><value>ipv6</value></field><field var="os"><value>Mac</value></field><field var="os_version"><value>10.5.1</value></field><field var="software"><value>Psi</value></field><field var="software_version"><value>0.11</value></field></x></query>"#;

    #[test]
    fn the_complex_example_with_languages_and_a_form_hashes_to_the_xeps_value() {
        assert_eq!(
            verification_string(&info(PSI)).as_deref(),
            Ok("q07IKJEyjvHSyhy//CH0CxmKi8w=")
        );
    }

    #[test]
    fn the_order_of_identities_features_forms_and_values_does_not_matter() {
        let mut psi = info(PSI);
        psi.identities.reverse();
        psi.features.reverse();
        for field in &mut psi.extensions[0].fields {
            field.values.reverse();
        }
        psi.extensions[0].fields.reverse();
        assert_eq!(
            verification_string(&psi).as_deref(),
            Ok("q07IKJEyjvHSyhy//CH0CxmKi8w=")
        );
    }

    #[test]
    fn duplicates_make_the_answer_ill_formed() {
        let mut psi = info(PSI);
        psi.features.push("http://jabber.org/protocol/muc".into());
        assert_eq!(
            verification_string(&psi),
            Err(IllFormed::DuplicateFeature(
                "http://jabber.org/protocol/muc".into()
            ))
        );
        let mut psi = info(PSI);
        psi.identities.push(psi.identities[0].clone());
        assert!(matches!(
            verification_string(&psi),
            Err(IllFormed::DuplicateIdentity(_))
        ));
        let mut psi = info(PSI);
        psi.extensions.push(psi.extensions[0].clone());
        assert_eq!(
            verification_string(&psi),
            Err(IllFormed::DuplicateFormType(
                "urn:xmpp:dataforms:softwareinfo".into()
            ))
        );
    }

    #[test]
    fn a_form_without_a_hidden_form_type_is_left_out() {
        let plain = info(&PSI.replace(
            r#"<field var="FORM_TYPE" type="hidden">"#,
            r#"<field var="FORM_TYPE">"#,
        ));
        let mut without_form = info(PSI);
        without_form.extensions.clear();
        assert_eq!(
            verification_string(&plain),
            verification_string(&without_form)
        );
        assert_ne!(verification_string(&plain), verification_string(&info(PSI)));
    }

    #[test]
    fn caps_round_trip_and_name_their_node() {
        let caps = Caps::try_from(&Element::parse(r#"<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="http://psi-im.org" ver="q07IKJEyjvHSyhy//CH0CxmKi8w="/>"#).unwrap()).unwrap();
        assert_eq!(
            caps.disco_node(),
            "http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w="
        );
        assert_eq!(Caps::try_from(&Element::from(&caps)), Ok(caps));
        let incomplete =
            Element::parse(r#"<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="x"/>"#)
                .unwrap();
        assert!(Caps::try_from(&incomplete).is_err());
    }
}
