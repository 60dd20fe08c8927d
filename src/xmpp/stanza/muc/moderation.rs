//! Moderated message retraction (XEP-0425): a moderator asks the room to remove someone's line,
//! named by the room's own stanza id, and the room tells everyone it is gone and who removed it.
//!
//! Two versions are in use. Version 0.3 (`urn:xmpp:message-moderate:1`) puts the request in
//! `<moderate id=…>` and the room's notice in a XEP-0424 `<retract id=…>` carrying
//! `<moderated by=…/>`; version 0.2 (`urn:xmpp:message-moderate:0`) wraps both in XEP-0422's
//! `<apply-to id=…>`. Who may send the notice (only the room's bare JID) is the session's
//! decision, not this parser's.

use super::OCCUPANT_ID;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The longest reason kept from a room's notice, in characters.
pub const MAX_MODERATION_REASON_CHARS: usize = 1000;

/// Which XEP-0425 a room speaks (its disco#info feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationVersion {
    /// `urn:xmpp:message-moderate:0` (XEP-0425 0.2, with `<apply-to/>`).
    V0,
    /// `urn:xmpp:message-moderate:1` (XEP-0425 0.3).
    V1,
}

impl ModerationVersion {
    /// The version to use from a room's features: the current one when offered.
    pub fn offered(features: &[String]) -> Option<ModerationVersion> {
        let has = |feature: &str| features.iter().any(|f| f == feature);
        if has(ns::MODERATE) {
            Some(ModerationVersion::V1)
        } else if has(ns::MODERATE_0) {
            Some(ModerationVersion::V0)
        } else {
            None
        }
    }
}

/// A moderator's request to remove the line `stanza_id` (the room's id for it), with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerateRequest {
    /// The room's stanza id of the line.
    pub stanza_id: String,
    /// Why, for everyone to read.
    pub reason: Option<String>,
    /// Which version the room speaks.
    pub version: ModerationVersion,
}

impl From<&ModerateRequest> for Element {
    /// The IQ's payload: `<moderate/>` (0.3) or `<apply-to><moderate/></apply-to>` (0.2).
    fn from(request: &ModerateRequest) -> Element {
        let reason = |moderate_ns: &str| {
            request
                .reason
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| Element::new("reason", moderate_ns).text(r.trim()))
        };
        match request.version {
            ModerationVersion::V1 => {
                let mut moderate = Element::new("moderate", ns::MODERATE)
                    .attr("id", request.stanza_id.as_str())
                    .child(Element::new("retract", ns::RETRACT));
                if let Some(reason) = reason(ns::MODERATE) {
                    moderate.push_child(reason);
                }
                moderate
            }
            ModerationVersion::V0 => {
                let mut moderate = Element::new("moderate", ns::MODERATE_0)
                    .child(Element::new("retract", ns::RETRACT_0));
                if let Some(reason) = reason(ns::MODERATE_0) {
                    moderate.push_child(reason);
                }
                Element::new("apply-to", ns::FASTEN)
                    .attr("id", request.stanza_id.as_str())
                    .child(moderate)
            }
        }
    }
}

/// A room's notice that a moderator removed the line `stanza_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderated {
    /// The room's stanza id of the removed line.
    pub stanza_id: String,
    /// The moderator, as the room names them (`room@service/nick`), when it does.
    pub by: Option<String>,
    /// The moderator's occupant id (XEP-0421), when the room gives one.
    pub by_occupant_id: Option<String>,
    /// Why, in the moderator's words.
    pub reason: Option<String>,
}

impl Moderated {
    /// The moderation notice in `message`, in either version, if it carries one.
    pub fn from_message(message: &Element) -> Option<Moderated> {
        if let Some(retract) = message.get_child("retract", ns::RETRACT) {
            let moderated = retract.get_child("moderated", ns::MODERATE)?;
            // The reason is the retraction's child, in its namespace (Example 5).
            return Moderated::read(retract, moderated, retract, ns::RETRACT);
        }
        let apply_to = message.get_child("apply-to", ns::FASTEN)?;
        let moderated = apply_to.get_child("moderated", ns::MODERATE_0)?;
        moderated.get_child("retract", ns::RETRACT_0)?;
        Moderated::read(apply_to, moderated, moderated, ns::MODERATE_0)
    }

    /// Whether `message` claims to be a moderation notice at all (for dropping one that does
    /// not come from the room).
    pub fn is_claimed(message: &Element) -> bool {
        message
            .get_child("retract", ns::RETRACT)
            .is_some_and(|r| r.get_child("moderated", ns::MODERATE).is_some())
            || message
                .get_child("apply-to", ns::FASTEN)
                .is_some_and(|a| a.get_child("moderated", ns::MODERATE_0).is_some())
    }

    fn read(
        with_id: &Element,
        moderated: &Element,
        with_reason: &Element,
        reason_ns: &str,
    ) -> Option<Moderated> {
        let stanza_id = with_id.get_attr("id").filter(|id| !id.is_empty())?;
        let reason = with_reason
            .get_child("reason", reason_ns)
            .map(|r| {
                r.text_content()
                    .trim()
                    .chars()
                    .take(MAX_MODERATION_REASON_CHARS)
                    .collect::<String>()
            })
            .filter(|r| !r.is_empty());
        Some(Moderated {
            stanza_id: stanza_id.to_owned(),
            by: moderated
                .get_attr("by")
                .filter(|by| !by.is_empty())
                .map(str::to_owned),
            by_occupant_id: moderated
                .get_child("occupant-id", OCCUPANT_ID)
                .and_then(|o| o.get_attr("id"))
                .map(str::to_owned),
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::example;
    use super::*;

    #[test]
    fn reads_the_current_notice_example_5() {
        let message = example(
            r#"<message type="groupchat" from="room@muc.example" id="retraction-id-1">
  <retract id="stanza-id-1" xmlns='urn:xmpp:message-retract:1'>
    <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:1'>
      <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
    </moderated>
    <reason>This message contains inappropriate content for this forum</reason>
  </retract>
</message>"#,
        );
        assert!(Moderated::is_claimed(&message));
        assert_eq!(
            Moderated::from_message(&message),
            Some(Moderated {
                stanza_id: "stanza-id-1".into(),
                by: Some("room@muc.example/macbeth".into()),
                by_occupant_id: Some("dd72603deec90a38ba552f7c68cbcc61bca202cd".into()),
                reason: Some("This message contains inappropriate content for this forum".into()),
            })
        );
    }

    #[test]
    fn reads_the_version_0_2_notice() {
        let message = example(
            r#"<message type="groupchat" from="room@muc.example" id="retraction-id-1">
  <apply-to id="stanza-id-1" xmlns="urn:xmpp:fasten:0">
    <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:0'>
      <retract xmlns='urn:xmpp:message-retract:0' />
      <reason>This message contains inappropriate content for this forum</reason>
    </moderated>
  </apply-to>
</message>"#,
        );
        let got = Moderated::from_message(&message).expect("a notice");
        assert_eq!(got.stanza_id, "stanza-id-1");
        assert_eq!(got.by.as_deref(), Some("room@muc.example/macbeth"));
        assert!(got.reason.is_some());
    }

    #[test]
    fn a_plain_retraction_is_no_moderation() {
        let message = example(
            r#"<message type="groupchat"><retract id="s1" xmlns='urn:xmpp:message-retract:1'/></message>"#,
        );
        assert!(!Moderated::is_claimed(&message));
        assert_eq!(Moderated::from_message(&message), None);
    }

    #[test]
    fn writes_both_requests() {
        let v1 = ModerateRequest {
            stanza_id: "stanza-id-1".into(),
            reason: Some("spam".into()),
            version: ModerationVersion::V1,
        };
        assert_eq!(
            Element::from(&v1).to_string(),
            r#"<moderate xmlns="urn:xmpp:message-moderate:1" id="stanza-id-1"><retract xmlns="urn:xmpp:message-retract:1"/><reason>spam</reason></moderate>"#
        );
        let v0 = ModerateRequest {
            reason: None,
            version: ModerationVersion::V0,
            ..v1
        };
        assert_eq!(
            Element::from(&v0).to_string(),
            r#"<apply-to xmlns="urn:xmpp:fasten:0" id="stanza-id-1"><moderate xmlns="urn:xmpp:message-moderate:0"><retract xmlns="urn:xmpp:message-retract:0"/></moderate></apply-to>"#
        );
    }

    #[test]
    fn picks_the_current_version_when_offered() {
        let f = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ModerationVersion::offered(&f(&[ns::MODERATE_0, ns::MODERATE])),
            Some(ModerationVersion::V1)
        );
        assert_eq!(
            ModerationVersion::offered(&f(&[ns::MODERATE_0])),
            Some(ModerationVersion::V0)
        );
        assert_eq!(ModerationVersion::offered(&f(&[])), None);
    }
}
