//! Message archive management (XEP-0313 v2): the query we send, the results and the `<fin/>`.

use super::{jid_attr, ParseError};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// A query for one conversation, newest first: the last `max` messages before `before`
/// (an archive id), or the very last ones when `before` is `None` (XEP-0313 §4, XEP-0059 §2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveQuery {
    pub query_id: String,
    pub with: BareJid,
    pub before: Option<String>,
    pub max: u32,
}

impl From<&ArchiveQuery> for Element {
    fn from(q: &ArchiveQuery) -> Element {
        let field = |var: &str, value: &str| {
            Element::new("field", ns::DATA_FORMS)
                .attr("var", var)
                .child(Element::new("value", ns::DATA_FORMS).text(value))
        };
        let form = Element::new("x", ns::DATA_FORMS)
            .attr("type", "submit")
            .child(field("FORM_TYPE", ns::MAM).attr("type", "hidden"))
            .child(field("with", &q.with.to_string()));
        let before = Element::new("before", ns::RSM);
        let before = match &q.before {
            Some(id) => before.text(id.as_str()),
            None => before,
        };
        let set = Element::new("set", ns::RSM)
            .child(Element::new("max", ns::RSM).text(q.max.to_string()))
            .child(before);
        Element::new("query", ns::MAM)
            .attr("queryid", q.query_id.as_str())
            .child(form)
            .child(set)
    }
}

/// One archived message, unwrapped from its `<result/><forwarded/>` envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedMessage {
    /// The archive's id for it (XEP-0359 stanza-id), used for paging and deduplication.
    pub archive_id: String,
    /// The id the sender gave the message, if any.
    pub id: Option<String>,
    pub from: Jid,
    pub to: Option<Jid>,
    pub body: String,
    /// XEP-0203 timestamp (ISO 8601, UTC) of when the archive stored it.
    pub stamp: Option<String>,
}

/// `<result queryid=… id=…>` inside a message: which query it answers and the message, if it
/// has a body (archived chat states and receipts are skipped: `Ok(None)`).
pub fn parse_result(message: &Element) -> Result<Option<(String, ArchivedMessage)>, ParseError> {
    let result = message
        .get_child("result", ns::MAM)
        .ok_or(ParseError::WrongElement { expected: "result" })?;
    let query_id = result
        .get_attr("queryid")
        .ok_or(ParseError::MissingAttribute("queryid"))?
        .to_owned();
    let archive_id = result
        .get_attr("id")
        .ok_or(ParseError::MissingAttribute("id"))?
        .to_owned();
    let forwarded = result
        .get_child("forwarded", ns::FORWARD)
        .ok_or(ParseError::BadStructure(
            "an archive result must carry <forwarded/>",
        ))?;
    let inner = forwarded
        .get_child("message", ns::CLIENT)
        .ok_or(ParseError::BadStructure(
            "<forwarded/> must carry a message",
        ))?;
    let Some(body) = inner
        .get_child("body", ns::CLIENT)
        .map(Element::text_content)
        .filter(|b| !b.is_empty())
    else {
        return Ok(None);
    };
    let from = jid_attr(inner, "from")?.ok_or(ParseError::MissingAttribute("from"))?;
    Ok(Some((
        query_id,
        ArchivedMessage {
            archive_id,
            id: inner.get_attr("id").map(str::to_owned),
            from,
            to: jid_attr(inner, "to")?,
            body,
            stamp: forwarded
                .get_child("delay", ns::DELAY)
                .and_then(|d| d.get_attr("stamp"))
                .map(str::to_owned),
        },
    )))
}

/// What `<fin/>` says about the page: whether it reached the start of the archive, and the id
/// of the oldest message in it (to ask for the page before).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fin {
    pub complete: bool,
    pub first: Option<String>,
}

impl TryFrom<&Element> for Fin {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Fin, ParseError> {
        if !e.is("fin", ns::MAM) {
            return Err(ParseError::WrongElement { expected: "fin" });
        }
        Ok(Fin {
            complete: matches!(e.get_attr("complete"), Some("true" | "1")),
            first: e
                .get_child("set", ns::RSM)
                .and_then(|s| s.get_child("first", ns::RSM))
                .map(Element::text_content),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_query_for_the_last_page_of_a_conversation() {
        let q = ArchiveQuery {
            query_id: "q1".into(),
            with: BareJid::parse("bob@localhost").unwrap(),
            before: None,
            max: 50,
        };
        assert_eq!(
            Element::from(&q).to_string(),
            r#"<query xmlns="urn:xmpp:mam:2" queryid="q1"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field><field var="with"><value>bob@localhost</value></field></x><set xmlns="http://jabber.org/protocol/rsm"><max>50</max><before/></set></query>"#
        );
    }

    #[test]
    fn unwraps_a_result() {
        let xml = r#"<message xmlns="jabber:client" to="alice@localhost/web"><result xmlns="urn:xmpp:mam:2" queryid="q1" id="A1"><forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:00Z"/><message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost" type="chat" id="m1"><body>old news</body></message></forwarded></result></message>"#;
        let (query_id, m) = parse_result(&Element::parse(xml).unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(query_id, "q1");
        assert_eq!(m.archive_id, "A1");
        assert_eq!(m.id.as_deref(), Some("m1"));
        assert_eq!(m.from.to_string(), "bob@localhost/phone");
        assert_eq!(m.body, "old news");
        assert_eq!(m.stamp.as_deref(), Some("2026-11-24T10:00:00Z"));
        let no_body = xml.replace(
            "<body>old news</body>",
            "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>",
        );
        assert_eq!(parse_result(&Element::parse(&no_body).unwrap()), Ok(None));
    }

    #[test]
    fn reads_fin() {
        let fin = Element::parse(r#"<fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first>A1</first><last>A9</last></set></fin>"#).unwrap();
        assert_eq!(
            Fin::try_from(&fin).unwrap(),
            Fin {
                complete: true,
                first: Some("A1".into())
            }
        );
    }
}
