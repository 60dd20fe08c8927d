//! Avatars: XEP-0084 (PEP metadata pushed to us, the image fetched from the data node and
//! verified against its hash), the XEP-0153 vCard fallback, and publishing ours. Only roster
//! contacts' avatars are fetched, only from them, and only images that hash to their id.

mod common;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::{alice_config, Harness};
use palaver::xmpp::stanza::avatar::sha1_hex;
use palaver::xmpp::xml::Element;
use palaver::xmpp::{ApiMisuse, BareJid, Event};

/// A few bytes standing in for a PNG (only the hash is checked, not the pixels).
const IMAGE: &[u8] = b"\x89PNG\r\n\x1a\n a tiny avatar";

fn online() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h
}

fn metadata_event(from: &str, hash: &str, bytes: usize) -> String {
    format!(
        r#"<message xmlns="jabber:client" from="{from}" to="alice@localhost/web" type="headline"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:avatar:metadata"><item id="{hash}"><metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="{bytes}" id="{hash}" type="image/png" width="96" height="96"/></metadata></item></items></event></message>"#
    )
}

fn data_answer(id: &str, from: &str, hash: &str, data: &[u8]) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="{from}" to="alice@localhost/web"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:avatar:data"><item id="{hash}"><data xmlns="urn:xmpp:avatar:data">{}</data></item></items></pubsub></iq>"#,
        BASE64.encode(data)
    )
}

fn bob() -> BareJid {
    BareJid::parse("bob@localhost").unwrap()
}

#[test]
fn a_contacts_metadata_brings_their_verified_image() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.recv_ok(&metadata_event("bob@localhost", &hash, IMAGE.len()));
    let request = h.sent_one();
    let id = request.get_attr("id").unwrap().to_owned();
    assert_eq!(
        request.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get" to="bob@localhost"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:avatar:data"><item id="{hash}"/></items></pubsub></iq>"#
        )
    );
    // The same announcement again while the image is on its way asks nothing more.
    h.recv_ok(&metadata_event("bob@localhost", &hash, IMAGE.len()));
    assert!(h.take_sent().is_empty());
    h.take_events();
    h.recv_ok(&data_answer(&id, "bob@localhost", &hash, IMAGE));
    let events = h.take_events();
    let [Event::Avatar {
        jid,
        avatar: Some(avatar),
    }] = events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!(jid, &bob());
    assert_eq!(avatar.data, IMAGE);
    assert_eq!(avatar.mime, "image/png");
    assert!(avatar.data_url().starts_with("data:image/png;base64,"));
}

#[test]
fn an_image_that_does_not_match_its_hash_is_not_shown() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.recv_ok(&metadata_event("bob@localhost", &hash, IMAGE.len()));
    let id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.take_events();
    h.recv_ok(&data_answer(
        &id,
        "bob@localhost",
        &hash,
        b"something else entirely",
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Dropped { reason }] if reason.contains("not matching its hash")),
        "{events:?}"
    );
}

#[test]
fn avatars_of_strangers_and_answers_from_others_are_ignored() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    // Not in the roster: asking their server would tell them we are online.
    h.recv_ok(&metadata_event("mallory@evil.example", &hash, IMAGE.len()));
    assert!(h.take_sent().is_empty());
    // A full JID is no PEP service.
    h.recv_ok(&metadata_event("bob@localhost/phone", &hash, IMAGE.len()));
    assert!(h.take_sent().is_empty());
    h.recv_ok(&metadata_event("bob@localhost", &hash, IMAGE.len()));
    let id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.take_events();
    h.recv_ok(&data_answer(&id, "mallory@evil.example", &hash, IMAGE));
    h.recv_ok(&data_answer(&id, "bob@localhost/phone", &hash, IMAGE));
    assert!(h
        .take_events()
        .iter()
        .all(|e| matches!(e, Event::Dropped { .. })));
}

#[test]
fn an_empty_metadata_item_takes_the_avatar_away() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.recv_ok(&metadata_event("bob@localhost", &hash, IMAGE.len()));
    let id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.recv_ok(&data_answer(&id, "bob@localhost", &hash, IMAGE));
    h.take_events();
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:avatar:metadata"><item id="current"><metadata xmlns="urn:xmpp:avatar:metadata"/></item></items></event></message>"#);
    assert_eq!(
        h.take_events(),
        [Event::Avatar {
            jid: bob(),
            avatar: None
        }]
    );
}

#[test]
fn the_vcard_photo_hash_in_presence_is_the_fallback() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.recv_ok(&format!(
        r#"<presence xmlns="jabber:client" from="bob@localhost/desk"><x xmlns="vcard-temp:x:update"><photo>{hash}</photo></x></presence>"#
    ));
    let request = h.sent_one();
    let id = request.get_attr("id").unwrap().to_owned();
    assert_eq!(
        request.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get" to="bob@localhost"><vCard xmlns="vcard-temp"/></iq>"#
        )
    );
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="bob@localhost"><vCard xmlns="vcard-temp"><FN>Bob</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>{}</BINVAL></PHOTO></vCard></iq>"#,
        BASE64.encode(IMAGE)
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Avatar { avatar: Some(a), .. }] if a.data == IMAGE),
        "{events:?}"
    );
    // The next presence with the same hash asks nothing.
    h.recv_ok(&format!(
        r#"<presence xmlns="jabber:client" from="bob@localhost/desk"><show>away</show><x xmlns="vcard-temp:x:update"><photo>{hash}</photo></x></presence>"#
    ));
    assert!(h.take_sent().is_empty());
}

#[test]
fn publishing_ours_sends_the_image_then_the_metadata() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.session
        .set_avatar("image/png", IMAGE.to_vec(), 96, 96)
        .unwrap();
    h.drain();
    let data = h.sent_one();
    let data_id = data.get_attr("id").unwrap().to_owned();
    assert_eq!(
        data.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{data_id}" type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:data"><item id="{hash}"><data xmlns="urn:xmpp:avatar:data">{}</data></item></publish></pubsub></iq>"#,
            BASE64.encode(IMAGE)
        )
    );
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{data_id}" from="alice@localhost"/>"#
    ));
    let metadata = h.sent_one();
    let metadata_id = metadata.get_attr("id").unwrap().to_owned();
    assert_eq!(
        metadata.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{metadata_id}" type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:metadata"><item id="{hash}"><metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="{}" id="{hash}" height="96" type="image/png" width="96"/></metadata></item></publish></pubsub></iq>"#,
            IMAGE.len()
        )
    );
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{metadata_id}"/>"#
    ));
    assert_eq!(h.take_events(), [Event::AvatarPublished]);
}

#[test]
fn our_own_metadata_shows_our_avatar_and_bad_images_are_refused_before_sending() {
    let mut h = online();
    let hash = sha1_hex(IMAGE);
    h.recv_ok(&metadata_event("alice@localhost", &hash, IMAGE.len()));
    let request: Element = h.sent_one();
    assert_eq!(request.get_attr("to"), None, "our own PEP service: no 'to'");
    assert_eq!(
        h.session
            .set_avatar("image/svg+xml", b"<svg/>".to_vec(), 1, 1),
        Err(ApiMisuse::InvalidAvatar)
    );
    h.drain();
    assert!(h.take_sent().is_empty());
}

/// Logs in; the account's disco#info answers with `features` (raw `<feature/>`s).
fn online_with_account_features(features: &str) -> Harness {
    let mut h = Harness::new(alice_config(true));
    let roster_id = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" subscription="both"/></query></iq>"#
    ));
    let account_query = h
        .take_sent()
        .into_iter()
        .map(|f| Element::parse(&f).unwrap())
        .find(|e| {
            e.get_attr("to") == Some("alice@localhost")
                && e.get_child("query", "http://jabber.org/protocol/disco#info")
                    .is_some()
        })
        .expect("our account is asked what it supports");
    let id = account_query.get_attr("id").unwrap();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="alice@localhost"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="account" type="registered"/>{features}</query></iq>"#
    ));
    h.take_events();
    h.take_sent();
    h
}

/// Publishes IMAGE and answers the data and metadata publications; returns what follows.
fn publish_and_answer(h: &mut Harness) {
    h.session
        .set_avatar("image/png", IMAGE.to_vec(), 96, 96)
        .unwrap();
    h.drain();
    for _ in 0..2 {
        let id = h.sent_one().get_attr("id").unwrap().to_owned();
        h.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
        ));
    }
}

#[test]
fn without_a_bridging_server_the_vcard_photo_is_written_too_and_announced() {
    let mut h = online_with_account_features("");
    publish_and_answer(&mut h);
    // XEP-0153 §3.1: read the vCard, change only its photo, write it back.
    let read = h.sent_one();
    assert_eq!(read.get_attr("type"), Some("get"));
    assert!(read.get_child("vCard", "vcard-temp").is_some());
    assert_eq!(read.get_attr("to"), None);
    let read_id = read.get_attr("id").unwrap().to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{read_id}"><vCard xmlns="vcard-temp"><FN>Alice</FN></vCard></iq>"#
    ));
    let write = h.sent_one();
    assert_eq!(write.get_attr("type"), Some("set"));
    let vcard = write.get_child("vCard", "vcard-temp").expect("a vCard");
    assert!(
        vcard.get_child("FN", "vcard-temp").is_some(),
        "the rest is kept"
    );
    assert_eq!(
        palaver::xmpp::stanza::avatar::vcard_photo(vcard),
        Some(("image/png".to_owned(), IMAGE.to_vec()))
    );
    let write_id = write.get_attr("id").unwrap().to_owned();
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{write_id}"/>"#
    ));
    assert_eq!(h.take_events(), [Event::AvatarPublished]);
    // XEP-0153 §4.2: our presence now carries the photo's hash.
    let presence = h.sent_one();
    assert!(presence.is("presence", "jabber:client"));
    let photo = presence
        .get_child("x", "vcard-temp:x:update")
        .and_then(|x| x.get_child("photo", "vcard-temp:x:update"))
        .expect("the photo hash");
    assert_eq!(photo.text_content(), sha1_hex(IMAGE));
}

#[test]
fn a_bridging_server_gets_only_the_avatar() {
    let mut h = online_with_account_features(r#"<feature var="urn:xmpp:pep-vcard-conversion:0"/>"#);
    publish_and_answer(&mut h);
    assert_eq!(h.take_events(), [Event::AvatarPublished]);
    assert!(
        h.take_sent().is_empty(),
        "no vCard write, no extra presence"
    );
}

#[test]
fn a_vcard_that_cannot_be_read_is_never_overwritten() {
    // A read that fails for another reason than "no vCard yet" says so and writes nothing:
    // writing a vCard with only the photo would erase the rest of it.
    let mut h = online_with_account_features("");
    publish_and_answer(&mut h);
    let read_id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{read_id}"><error type="wait"><resource-constraint xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::AvatarPublishFailed { error }] if error.condition == "resource-constraint"),
        "{events:?}"
    );
    assert!(h.take_sent().is_empty(), "no vCard written");
}

#[test]
fn without_a_vcard_yet_one_with_only_the_photo_is_written() {
    let mut h = online_with_account_features("");
    publish_and_answer(&mut h);
    let read_id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{read_id}"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let write = h.sent_one();
    assert_eq!(write.get_attr("type"), Some("set"));
    let vcard = write.get_child("vCard", "vcard-temp").expect("a vCard");
    assert_eq!(
        palaver::xmpp::stanza::avatar::vcard_photo(vcard),
        Some(("image/png".to_owned(), IMAGE.to_vec()))
    );
}
