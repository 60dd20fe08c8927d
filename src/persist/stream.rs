//! The stream's state (`sessionStorage`, per tab): the XEP-0198 id and counters and the
//! stanzas the server has not acknowledged, so a reloaded page resumes the stream or at least
//! sends its messages again, once.

use super::{decode, encode, legacy};
use crate::xmpp::sm::Resumption;

/// The current version of the stored form.
pub const VERSION: u32 = 1;

/// The stored form of `resumption`.
pub fn write(resumption: &Resumption) -> String {
    encode(VERSION, resumption)
}

/// What a previous page stored, in this version's form or the previous release's.
pub fn read(stored: &str) -> Option<Resumption> {
    decode(VERSION, stored).or_else(|| legacy::stream(stored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::jid::{FullJid, Jid};
    use crate::xmpp::sm::{CarriedRoom, StreamManagement, Unacked};
    use crate::xmpp::stanza::mam::ArchiveAnchor;
    use crate::xmpp::BareJid;

    fn resumption() -> Resumption {
        let mut sm = StreamManagement::new();
        sm.set_resume_id(Some("sm-1".into()));
        sm.track_sent(Unacked {
            frame: r#"<message xmlns="jabber:client" to="bob@localhost" id="m1" type="chat"><body>a &lt;b&gt; &amp; "c"</body></message>"#.into(),
            message_id: Some("m1".into()),
        });
        let mut resumption = sm.resumption(FullJid::parse("alice@localhost/web").unwrap());
        resumption.anchor = Some(ArchiveAnchor::After("A9".into()));
        resumption.rooms = vec![CarriedRoom {
            room: BareJid::parse("lobby@conference.localhost").unwrap(),
            nick: "alice".into(),
            joined: true,
            leaving: false,
            archived: true,
            last_stanza_id: Some("room-archive-id-7".into()),
            on_this_page: false,
            password: None,
        }];
        resumption
    }

    #[test]
    fn round_trips() {
        let stored = write(&resumption());
        assert!(stored.starts_with(r#"{"v":1,"#), "{stored}");
        assert_eq!(read(&stored), Some(resumption()));
    }

    /// A room read back from storage belongs to a page that has none of its lines: its archive
    /// is read from the latest page, not from where the stored page had got to.
    #[test]
    fn a_stored_room_is_not_on_the_page_that_reads_it() {
        let mut carried = resumption();
        carried.rooms[0].on_this_page = true;
        let read = read(&write(&carried)).expect("read");
        assert!(!read.rooms[0].on_this_page);
        assert!(read.rooms[0].archived);
        assert_eq!(
            read.rooms[0].last_stanza_id.as_deref(),
            Some("room-archive-id-7")
        );
    }

    /// A room's password travels from one session to the next within the page, but is never
    /// written to storage.
    #[test]
    fn a_rooms_password_is_never_stored() {
        let mut carried = resumption();
        carried.rooms[0].password = Some("cauldronburn".into());
        let stored = write(&carried);
        assert!(!stored.contains("cauldronburn"), "{stored}");
        assert_eq!(read(&stored).expect("read").rooms[0].password, None);
    }

    /// A stream stored before rooms were carried still resumes, in no room.
    #[test]
    fn a_stream_stored_without_rooms_reads_as_in_none() {
        let mut stored: serde_json::Value = serde_json::from_str(&write(&resumption())).unwrap();
        stored["data"].as_object_mut().unwrap().remove("rooms");
        let read = read(&stored.to_string()).expect("read");
        assert!(read.can_resume());
        assert!(read.rooms.is_empty());
    }

    /// What the previous release stored: its unacknowledged message is not lost.
    #[test]
    fn reads_the_previous_releases_form() {
        let old = r#"<resumption xmlns="urn:palaver:resumption:0" jid="alice@localhost/web" inbound="3" acked="1" previd="sm-1" archive="A9"><stanza message-id="m1">&lt;message xmlns="jabber:client" to="bob@localhost" id="m1" type="chat"&gt;&lt;body&gt;kept&lt;/body&gt;&lt;/message&gt;</stanza></resumption>"#;
        let read = read(old).expect("read");
        assert!(read.can_resume());
        assert_eq!(
            read.unacked_messages(),
            vec![(
                "m1".to_owned(),
                Jid::parse("bob@localhost").unwrap(),
                "kept".to_owned()
            )]
        );
    }

    #[test]
    fn anything_else_is_dropped() {
        for stored in [
            "",
            "not xml",
            "<resumption/>",
            r#"{"v":99,"data":{}}"#,
            r#"{"v":1,"data":{"jid":"@@"}}"#,
        ] {
            assert_eq!(read(stored), None, "{stored}");
        }
    }
}
