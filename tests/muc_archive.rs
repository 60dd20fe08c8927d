//! A room's archive (XEP-0313 against the room, XEP-0045 §7.2.14): joining, we ask the room what
//! it is (its occupant ids count only if it says it gives them); a room that keeps an archive is joined again (a fresh session, a reload) with no
//! history and read from its archive instead: from the last message this page has, or its latest
//! page on a page that has none. Results count only for the query we sent, from that room, said
//! in that room, at most a page of them.

mod common;

use common::muc::{coven, receive, self_presence, stanza, HANDLED_IN_COVEN};
use common::sm::{bind_result, drop_connection, next_session, parse_all};
use common::Harness;
use palaver::xmpp::xml::Element;
use palaver::xmpp::{ApiMisuse, Event, Resumption, RoomFeatures, RoomMessage};

const COVEN: &str = "coven@chat.shakespeare.lit";

/// XEP-0045 Example 10 (a room's disco#info), with the archive and occupant ids of today's
/// rooms.
fn room_info(id: &str, extra: &str) -> String {
    stanza(&format!(
        "<iq from='{COVEN}' id='{id}' to='hag66@shakespeare.lit/pda' type='result'>\
         <query xmlns='http://jabber.org/protocol/disco#info'>\
         <identity category='conference' name='A Dark Cave' type='text'/>\
         <feature var='http://jabber.org/protocol/muc'/>\
         <feature var='muc_passwordprotected'/><feature var='muc_public'/>{extra}\
         </query></iq>"
    ))
}

/// The IQ we sent asking `COVEN` something in namespace `ns`: (its id, its payload).
fn request_to_room(sent: &[String], ns: &str) -> Option<(String, Element)> {
    parse_all(sent).into_iter().find_map(|e| {
        let payload = e.children().find(|c| c.ns() == ns)?.clone();
        (e.is("iq", "jabber:client") && e.get_attr("to") == Some(COVEN))
            .then(|| (e.get_attr("id").unwrap_or_default().to_owned(), payload))
    })
}

/// The archive query we sent to the room: (IQ id, query id, the RSM `<set/>` as text).
fn archive_query(sent: &[String]) -> (String, String, String) {
    let (id, query) =
        request_to_room(sent, "urn:xmpp:mam:2").expect("an archive query to the room");
    let query_id = query.get_attr("queryid").expect("a query id").to_owned();
    let set = query
        .get_child("set", "http://jabber.org/protocol/rsm")
        .expect("paged")
        .to_string();
    (id, query_id, set)
}

/// XEP-0313 Example 6 (a room's archived message), for our query `query_id`.
fn archived(query_id: &str, archive_id: &str, nick: &str, body: &str) -> String {
    stanza(&format!(
        "<message id='aeb213' to='hag66@shakespeare.lit/pda' from='{COVEN}'>\
         <result xmlns='urn:xmpp:mam:2' queryid='{query_id}' id='{archive_id}'>\
         <forwarded xmlns='urn:xmpp:forward:0'>\
         <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>\
         <message xmlns='jabber:client' from='{COVEN}/{nick}' type='groupchat' id='m-{archive_id}'>\
         <body>{body}</body>\
         <occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ-{nick}'/>\
         </message></forwarded></result></message>"
    ))
}

/// The room's `<fin/>` for the page asked with IQ `id`.
fn fin(id: &str, complete: bool, last: Option<&str>) -> String {
    let set = last.map_or(String::new(), |last| {
        format!("<set xmlns='http://jabber.org/protocol/rsm'><last>{last}</last></set>")
    });
    stanza(&format!(
        "<iq type='result' id='{id}' from='{COVEN}'>\
         <fin xmlns='urn:xmpp:mam:2' complete='{complete}'>{set}</fin></iq>"
    ))
}

fn room_messages(events: &[Event]) -> Vec<&RoomMessage> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::RoomMessage(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// The room's answer to what it is (it keeps an archive, gives occupant ids), then a live
/// message with the room's archive id `room-5`.
fn archived_and_heard(h: &mut Harness, disco_id: &str) {
    h.recv_ok(&room_info(
        disco_id,
        "<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:occupant-id:0'/>",
    ));
    receive(
        h,
        &[&format!(
            "<message from='{COVEN}/secondwitch' type='groupchat' id='live-5'><body>Fillet of a fenny snake</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='{COVEN}' id='room-5'/></message>"
        )],
    );
}

/// The next connection after a drop: the resume is refused, so a fresh session binds and joins
/// the rooms again.
fn rejoined_afresh(resumption: Resumption) -> Harness {
    let resumable = resumption.can_resume();
    let mut next = next_session(resumption);
    let sent = next.take_sent();
    if !resumable {
        // The previous session never had stream management enabled: straight to binding.
        let bind = parse_all(&sent).pop().expect("a bind request");
        next.recv_ok(&bind_result(bind.get_attr("id").expect("bind has an id")));
        return next;
    }
    next.recv_ok(&format!(
        r#"<failed xmlns="urn:xmpp:sm:3" h="{}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#,
        HANDLED_IN_COVEN
    ));
    let bind = next.sent_one();
    let bind_id = bind.get_attr("id").expect("bind has an id").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    next
}

/// The coven joined, its disco#info asked as we joined: (harness, the disco request's id).
fn in_coven_asked_what_it_is() -> (Harness, String) {
    let mut h = common::sm::online_with_sm();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let (id, _) = request_to_room(&sent, "http://jabber.org/protocol/disco#info")
        .expect("joining, the room is asked what it is");
    assert!(
        sent.last().is_some_and(|f| f.starts_with("<presence")),
        "asked before the join, so answered before the room lets us in: {sent:?}"
    );
    h.recv_ok(&self_presence(COVEN, "thirdwitch"));
    h.take_sent();
    h.take_events();
    (h, id)
}

#[test]
fn joining_we_ask_the_room_what_it_is_and_hear_it_keeps_an_archive() {
    let (mut h, id) = in_coven_asked_what_it_is();
    h.recv_ok(&room_info(
        &id,
        "<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:occupant-id:0'/>",
    ));
    assert_eq!(
        h.take_events(),
        [Event::RoomFeatures {
            room: coven(),
            features: RoomFeatures {
                archived: true,
                occupant_ids: true,
                moderation: None,
            },
        }]
    );
    // A room without them says so too.
    let (mut h, id) = in_coven_asked_what_it_is();
    h.recv_ok(&room_info(&id, ""));
    assert_eq!(
        h.take_events(),
        [Event::RoomFeatures {
            room: coven(),
            features: RoomFeatures::default(),
        }]
    );
}

#[test]
fn only_the_room_answers_what_the_room_is() {
    let (mut h, id) = in_coven_asked_what_it_is();
    let forged = room_info(&id, "<feature var='urn:xmpp:mam:2'/>")
        .replace(&format!("from='{COVEN}'"), "from='mallory@evil.example'");
    h.recv_ok(&forged);
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Dropped { .. }]),
        "{events:?}"
    );
}

#[test]
fn a_fresh_session_joins_an_archived_room_with_no_history_and_reads_from_our_last_message() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    let mut next = rejoined_afresh(drop_connection(&mut h));
    let sent = next.take_sent();
    // Asked again what the room is, before joining it.
    let (disco_id, _) = request_to_room(&sent, "http://jabber.org/protocol/disco#info")
        .expect("the room asked what it is");
    // §7.2.14: no history replayed, the archive read instead.
    let join = parse_all(&sent)
        .into_iter()
        .find(|e| e.is("presence", "jabber:client"))
        .expect("the room joined again");
    let history = join
        .get_child("x", "http://jabber.org/protocol/muc")
        .and_then(|x| x.get_child("history", "http://jabber.org/protocol/muc"))
        .expect("a history limit");
    assert_eq!(
        (history.get_attr("maxchars"), history.get_attr("maxstanzas")),
        (Some("0"), Some("0"))
    );
    next.recv_ok(&room_info(
        &disco_id,
        "<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:occupant-id:0'/>",
    ));
    next.take_events();
    // In again: the archive is asked for what came after room-5, a page of 100.
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (iq_id, query_id, set) = archive_query(&next.take_sent());
    assert_eq!(
        set,
        r#"<set xmlns="http://jabber.org/protocol/rsm"><max>100</max><after>room-5</after></set>"#
    );
    next.take_events();
    // Two messages said while we were away; the page is not the last.
    next.recv_ok(&archived(
        &query_id,
        "room-6",
        "firstwitch",
        "Thrice the brinded cat hath mew'd.",
    ));
    next.recv_ok(&archived(
        &query_id,
        "room-7",
        "thirdwitch",
        "Thrice and once the hedge-pig whined.",
    ));
    assert_eq!(next.take_events(), [], "told once the page is complete");
    next.recv_ok(&fin(&iq_id, false, Some("room-7")));
    let events = next.take_events();
    let messages = room_messages(&events);
    assert_eq!(messages.len(), 2, "{events:?}");
    assert_eq!(
        (
            messages[0].nick.as_deref(),
            messages[0].stanza_id.as_deref(),
            messages[0].occupant_id.as_deref(),
            messages[0].content.body(),
            messages[0].own,
        ),
        (
            Some("firstwitch"),
            Some("room-6"),
            Some("occ-firstwitch"),
            Some("Thrice the brinded cat hath mew'd."),
            false
        )
    );
    assert!(
        messages[0].stamp.is_some(),
        "history, stamped by the archive"
    );
    assert!(messages[1].own, "said by our nick: ours");
    // The next page starts after the newest of this one.
    let (iq_id, _, set) = archive_query(&next.take_sent());
    assert_eq!(
        set,
        r#"<set xmlns="http://jabber.org/protocol/rsm"><max>100</max><after>room-7</after></set>"#
    );
    next.recv_ok(&fin(&iq_id, true, None));
    assert_eq!(room_messages(&next.take_events()).len(), 0);
    assert_eq!(
        next.take_sent(),
        Vec::<String>::new(),
        "complete: no more pages"
    );
}

#[test]
fn a_room_without_an_archive_is_joined_again_with_its_history_and_no_query() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    h.recv_ok(&room_info(&disco_id, ""));
    let mut next = rejoined_afresh(drop_connection(&mut h));
    let join = parse_all(&next.take_sent())
        .into_iter()
        .find(|e| e.is("presence", "jabber:client"))
        .expect("the room joined again");
    let muc = join
        .get_child("x", "http://jabber.org/protocol/muc")
        .expect("a join");
    assert!(muc
        .get_child("history", "http://jabber.org/protocol/muc")
        .is_none());
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    assert!(request_to_room(&next.take_sent(), "urn:xmpp:mam:2").is_none());
}

#[test]
fn a_reloaded_page_reads_the_rooms_latest_page() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    // What the page stored as it went away, read by the next page.
    let stored = serde_json::to_string(&drop_connection(&mut h)).unwrap();
    let read: Resumption = serde_json::from_str(&stored).unwrap();
    let mut next = rejoined_afresh(read);
    next.take_sent();
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (_, _, set) = archive_query(&next.take_sent());
    assert_eq!(
        set, r#"<set xmlns="http://jabber.org/protocol/rsm"><max>50</max><before/></set>"#,
        "this page shows none of the room's lines: the latest ones"
    );
}

#[test]
fn results_count_only_for_our_query_from_that_room_said_there_and_a_page_at_most() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    let mut next = rejoined_afresh(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (iq_id, query_id, _) = archive_query(&next.take_sent());
    next.take_events();
    // Another query id; a message said in another room, put in this one's results.
    next.recv_ok(&archived("not-ours", "room-6", "firstwitch", "forged"));
    next.recv_ok(
        &archived(&query_id, "room-7", "firstwitch", "from elsewhere").replace(
            &format!("from='{COVEN}/firstwitch'"),
            "from='other@chat.shakespeare.lit/firstwitch'",
        ),
    );
    // More than a page.
    for n in 0..105 {
        next.recv_ok(&archived(
            &query_id,
            &format!("p-{n}"),
            "firstwitch",
            "again",
        ));
    }
    let dropped = next
        .take_events()
        .iter()
        .filter(|e| matches!(e, Event::Dropped { .. }))
        .count();
    assert_eq!(dropped, 2 + 5, "the forged ones and those beyond the page");
    next.recv_ok(&fin(&iq_id, true, None));
    let events = next.take_events();
    let messages = room_messages(&events);
    assert_eq!(messages.len(), 100);
    assert!(messages.iter().all(|m| m.content.body() == Some("again")));
}

#[test]
fn a_live_message_during_the_catch_up_does_not_move_where_the_next_one_starts() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    let mut next = rejoined_afresh(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (_, query_id, _) = archive_query(&next.take_sent());
    next.recv_ok(&archived(&query_id, "room-6", "firstwitch", "read"));
    // A live line while the pages are still coming: the connection drops before the fin.
    receive(
        &mut next,
        &[&format!(
            "<message from='{COVEN}/secondwitch' type='groupchat' id='live-9'><body>live</body>\
             <stanza-id xmlns='urn:xmpp:sid:0' by='{COVEN}' id='room-9'/></message>"
        )],
    );
    let mut third = rejoined_afresh(drop_connection(&mut next));
    third.take_sent();
    third.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (_, _, set) = archive_query(&third.take_sent());
    assert!(
        set.contains("<after>room-5</after>"),
        "still from before the unread pages: {set}"
    );
}

#[test]
fn an_archive_refusing_us_is_a_line_in_the_log() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    let mut next = rejoined_afresh(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (iq_id, _, _) = archive_query(&next.take_sent());
    next.take_events();
    next.recv_ok(&stanza(&format!(
        "<iq type='error' id='{iq_id}' from='{COVEN}'><error type='cancel'>\
         <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    )));
    let events = next.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Dropped { reason }] if reason.contains("archive")),
        "{events:?}"
    );
    assert_eq!(next.take_sent(), Vec::<String>::new());
}

#[test]
fn an_occupant_id_is_the_rooms_only_when_the_room_says_it_gives_them() {
    let line = format!(
        "<message from='{COVEN}/firstwitch' type='groupchat' id='x1'><body>who am I?</body>\
         <occupant-id xmlns='urn:xmpp:occupant-id:0' id='written-by-firstwitch'/></message>"
    );
    let occupant_id_of = |extra: &str| {
        let (mut h, id) = in_coven_asked_what_it_is();
        h.recv_ok(&room_info(&id, extra));
        h.take_events();
        let events = receive(&mut h, &[&line]);
        room_messages(&events)[0].occupant_id.clone()
    };
    // XEP-0421 §4: a room that gives ids replaces any an occupant wrote; one that does not
    // passes them on, so there the id is only what firstwitch wrote.
    assert_eq!(
        occupant_id_of("<feature var='urn:xmpp:occupant-id:0'/>").as_deref(),
        Some("written-by-firstwitch")
    );
    assert_eq!(occupant_id_of(""), None);
}

#[test]
fn scrolling_back_reads_the_page_before_the_oldest_line_and_hands_it_over_whole() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    h.take_events();
    h.session
        .load_older_room_lines(&coven(), "room-5")
        .expect("in an archived room");
    h.drain();
    let (iq_id, query_id, set) = archive_query(&h.take_sent());
    assert!(
        set.contains("<max>50</max>") && set.contains("<before>room-5</before>"),
        "the 50 just before our oldest line: {set}"
    );
    // One read at a time.
    assert_eq!(
        h.session.load_older_room_lines(&coven(), "room-5"),
        Err(ApiMisuse::Busy)
    );
    h.recv_ok(&archived(
        &query_id,
        "room-3",
        "firstwitch",
        "Thrice the brinded cat hath mew'd.",
    ));
    h.recv_ok(&archived(
        &query_id,
        "room-4",
        "secondwitch",
        "Thrice and once the hedge-pig whined.",
    ));
    let events = h.take_events();
    assert!(events.is_empty(), "held until the page ends: {events:?}");
    h.recv_ok(&fin(&iq_id, false, Some("room-4")));
    let events = h.take_events();
    let [Event::RoomOlderLines {
        room,
        messages,
        complete: false,
    }] = events.as_slice()
    else {
        panic!("one page of older lines: {events:?}");
    };
    assert_eq!(*room, coven());
    let ids: Vec<_> = messages.iter().map(|m| m.stanza_id.as_deref()).collect();
    assert_eq!(ids, [Some("room-3"), Some("room-4")], "oldest first");
    assert!(
        messages.iter().all(|m| m.stamp.is_some()),
        "stamped by the room"
    );
    // Reading back never moves where a catch-up starts: still after the newest line.
    let mut next = rejoined_afresh(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    let (_, _, set) = archive_query(&next.take_sent());
    assert!(set.contains("<after>room-5</after>"), "{set}");
}

#[test]
fn the_start_of_the_archive_says_so_and_a_refusal_ends_the_wait_too() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    archived_and_heard(&mut h, &disco_id);
    h.take_events();
    h.session.load_older_room_lines(&coven(), "room-5").unwrap();
    h.drain();
    let (iq_id, _, _) = archive_query(&h.take_sent());
    h.recv_ok(&fin(&iq_id, true, None));
    assert_eq!(
        h.take_events(),
        [Event::RoomOlderLines {
            room: coven(),
            messages: Vec::new(),
            complete: true,
        }]
    );
    h.session.load_older_room_lines(&coven(), "room-5").unwrap();
    h.drain();
    let (iq_id, _, _) = archive_query(&h.take_sent());
    h.recv_ok(&stanza(&format!(
        "<iq type='error' id='{iq_id}' from='{COVEN}'><error type='cancel'>\
         <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    )));
    assert_eq!(
        h.take_events(),
        [Event::RoomOlderLines {
            room: coven(),
            messages: Vec::new(),
            complete: true,
        }]
    );
}

#[test]
fn only_a_joined_room_that_keeps_an_archive_is_read_back() {
    let (mut h, disco_id) = in_coven_asked_what_it_is();
    h.recv_ok(&room_info(&disco_id, ""));
    assert_eq!(
        h.session.load_older_room_lines(&coven(), "room-5"),
        Err(ApiMisuse::NoRoomArchive)
    );
    let elsewhere = palaver::xmpp::BareJid::parse("elsewhere@chat.shakespeare.lit").unwrap();
    assert_eq!(
        h.session.load_older_room_lines(&elsewhere, "room-5"),
        Err(ApiMisuse::NotInRoom)
    );
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
}
