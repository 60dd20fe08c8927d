//! Message archive management (XEP-0313 v2): the query we send, the results and the `<fin/>`.

use super::date::DateTime;
use super::delay::Delay;
use super::muc::OccupantId;
use super::{Message, ParseError};
use crate::xmpp::content::Content;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// A query of our archive: one conversation (`with`) or all of them, one page of `max`
/// messages (XEP-0313 §4, XEP-0059 §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveQuery {
    /// Our id for the query: results carrying another are not ours.
    pub query_id: String,
    /// The conversation; `None` asks for all of them (the catch-up).
    pub with: Option<BareJid>,
    /// Which page.
    pub page: Page,
    /// The most messages the page may hold.
    pub max: u32,
}

/// Which page of the archive a query asks for. Results always come oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// The newest messages (`<before/>` empty).
    Latest,
    /// The messages just older than this archive id (scrolling back).
    Before(String),
    /// The messages just newer than this archive id (catching up).
    After(String),
    /// The oldest messages (no `<before/>` or `<after/>`): catching up on an archive that was
    /// empty.
    FromStart,
}

impl From<&ArchiveQuery> for Element {
    fn from(q: &ArchiveQuery) -> Element {
        let field = |var: &str, value: &str| {
            Element::new("field", ns::DATA_FORMS)
                .attr("var", var)
                .child(Element::new("value", ns::DATA_FORMS).text(value))
        };
        let mut form = Element::new("x", ns::DATA_FORMS)
            .attr("type", "submit")
            .child(field("FORM_TYPE", ns::MAM).attr("type", "hidden"));
        if let Some(with) = &q.with {
            form.push_child(field("with", &with.to_string()));
        }
        let mut set = Element::new("set", ns::RSM)
            .child(Element::new("max", ns::RSM).text(q.max.to_string()));
        match &q.page {
            Page::Latest => set.push_child(Element::new("before", ns::RSM)),
            Page::Before(id) => set.push_child(Element::new("before", ns::RSM).text(id.as_str())),
            Page::After(id) => set.push_child(Element::new("after", ns::RSM).text(id.as_str())),
            Page::FromStart => {}
        }
        Element::new("query", ns::MAM)
            .attr("queryid", q.query_id.as_str())
            .child(form)
            .child(set)
    }
}

/// Where our archive stood when we last knew we had everything in it (XEP-0313 §4.3): after a
/// fresh reconnect the session asks for what came after, so no gap remains.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArchiveAnchor {
    /// The archive was empty: catching up starts from its beginning.
    Empty,
    /// Everything up to this archive id is known.
    After(String),
}

impl ArchiveAnchor {
    /// The page that starts right after the anchor.
    pub fn next_page(&self) -> Page {
        match self {
            ArchiveAnchor::Empty => Page::FromStart,
            ArchiveAnchor::After(id) => Page::After(id.clone()),
        }
    }
}

/// One archived message, unwrapped from its `<result/><forwarded/>` envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedMessage {
    /// The archive's id for it (XEP-0359 stanza-id), used for paging and deduplication.
    pub archive_id: String,
    /// The id the sender gave the message, if any.
    pub id: Option<String>,
    /// The sender's XEP-0359 origin id.
    pub origin_id: Option<String>,
    /// Its sender: us (from any device) or the peer.
    pub from: Jid,
    /// Its recipient, if the archived message names one.
    pub to: Option<Jid>,
    /// When the archive stored it (the `<delay/>` of its `<forwarded/>`, XEP-0297/XEP-0203).
    pub stamp: Option<DateTime>,
    /// What it means for the conversation: a text, a correction, a retraction, reactions, or a
    /// read marker.
    pub content: Content,
    /// In a room's archive: the room's stable id for the author (XEP-0421), if it gave one.
    pub occupant_id: Option<String>,
}

impl ArchivedMessage {
    /// The text it shows, when it is a text or a correction.
    pub fn body(&self) -> Option<&str> {
        self.content.body()
    }
}

/// `<result queryid=… id=…>` inside a message: which query it answers and the message, if it
/// means something for a conversation (archived chat states and receipts are skipped:
/// `Ok(None)`).
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
    let message = Message::try_from(inner)?;
    let Some(content) = Content::of(&message) else {
        return Ok(None);
    };
    let from = message.from.ok_or(ParseError::MissingAttribute("from"))?;
    // A malformed or doubled occupant id is not the room's: the message stands without it.
    let occupant_id = OccupantId::from_stanza(inner)
        .ok()
        .flatten()
        .map(|id| id.id);
    Ok(Some((
        query_id,
        ArchivedMessage {
            archive_id,
            id: message.id,
            origin_id: message.origin_id,
            from,
            to: message.to,
            content,
            stamp: forwarded
                .get_child("delay", ns::DELAY)
                .and_then(|d| Delay::try_from(d).ok())
                .map(|d| d.stamp),
            occupant_id,
        },
    )))
}

/// What `<fin/>` says about the page: whether it reached the end of the archive in the
/// direction asked, and the ids of its oldest and newest messages (to ask for the next page).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fin {
    /// The archive has nothing more in the direction asked.
    pub complete: bool,
    /// The archive id of the page's oldest message (XEP-0059 `<first/>`).
    pub first: Option<String>,
    /// The archive id of the page's newest message (XEP-0059 `<last/>`).
    pub last: Option<String>,
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
            last: e
                .get_child("set", ns::RSM)
                .and_then(|s| s.get_child("last", ns::RSM))
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
            with: Some(BareJid::parse("bob@localhost").unwrap()),
            page: Page::Latest,
            max: 50,
        };
        assert_eq!(
            Element::from(&q).to_string(),
            r#"<query xmlns="urn:xmpp:mam:2" queryid="q1"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field><field var="with"><value>bob@localhost</value></field></x><set xmlns="http://jabber.org/protocol/rsm"><max>50</max><before/></set></query>"#
        );
    }

    #[test]
    fn builds_a_catch_up_query_over_all_conversations() {
        let q = ArchiveQuery {
            query_id: "q2".into(),
            with: None,
            page: Page::After("A7".into()),
            max: 100,
        };
        assert_eq!(
            Element::from(&q).to_string(),
            r#"<query xmlns="urn:xmpp:mam:2" queryid="q2"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field></x><set xmlns="http://jabber.org/protocol/rsm"><max>100</max><after>A7</after></set></query>"#
        );
        let from_start = ArchiveQuery {
            page: Page::FromStart,
            ..q
        };
        assert!(!Element::from(&from_start).to_string().contains("after"));
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
        assert_eq!(
            m.content,
            Content::Text(crate::xmpp::content::Text::plain("old news"))
        );
        assert_eq!(
            m.stamp.map(|s| s.to_string()).as_deref(),
            Some("2026-11-24T10:00:00Z")
        );
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
                first: Some("A1".into()),
                last: Some("A9".into()),
            }
        );
    }
}
