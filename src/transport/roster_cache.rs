//! The local copy of the roster, with its version (RFC 6121 §2.6), so the next login sends
//! that version and a server with nothing new answers with an empty result instead of the
//! whole roster: a big roster is not downloaded again at every reload.
//!
//! Like the conversation cache, only for a login with "keep me logged in" (on a shared computer
//! a login without it leaves no roster behind), only when the server versions rosters, saved
//! as the page goes away and erased at logout.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::store::Store;
use crate::xmpp::stanza::RosterQuery;
use crate::xmpp::xml::Element;
use crate::xmpp::{BareJid, RosterItem};

const STORAGE_KEY: &str = "palaver.roster";
const STORAGE_NS: &str = "urn:palaver:roster:0";

thread_local! {
    /// The version of the roster the store shows, as the server last named it in this session.
    static VERSION: RefCell<Option<String>> = const { RefCell::new(None) };
    /// What was loaded at login, to show if the server says it is current.
    static LOADED: RefCell<Option<RosterQuery>> = const { RefCell::new(None) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A new session starts: nothing is known of its roster until the server answers, so nothing
/// is saved before (an empty store must never be kept under a version).
pub fn begin() {
    VERSION.with(|v| *v.borrow_mut() = None);
    LOADED.with(|l| *l.borrow_mut() = None);
}

/// Notes the roster's version from a roster result or push.
pub fn note_version(ver: Option<&str>) {
    if let Some(ver) = ver {
        VERSION.with(|v| *v.borrow_mut() = Some(ver.to_owned()));
    }
}

/// The roster saved for `account`, for the login's `Config::cached_roster`.
pub fn load(account: &BareJid) -> Option<RosterQuery> {
    let stored = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let root = Element::parse(&stored).ok()?;
    if !root.is("roster", STORAGE_NS) || root.get_attr("account") != Some(&account.to_string()) {
        return None;
    }
    let query = root
        .children()
        .next()
        .and_then(|q| RosterQuery::try_from(q).ok())?;
    query.ver.as_ref()?;
    LOADED.with(|l| *l.borrow_mut() = Some(query.clone()));
    Some(query)
}

/// The server says the saved roster is current: show it.
pub fn restore(store: &Store) {
    let Some(query) = LOADED.with(|l| l.borrow_mut().take()) else {
        return;
    };
    note_version(query.ver.as_deref());
    store.contacts.set(
        query
            .items
            .into_iter()
            .map(|item| (item.jid.clone(), item.into()))
            .collect(),
    );
}

/// Saves the roster the store shows, with its version, if this login keeps things.
pub fn save(store: &Store) {
    if !super::reconnect::request().is_some_and(|r| r.remember) {
        return;
    }
    let (Some(account), Some(ver)) = (
        store
            .own_jid
            .with_untracked(|own| own.as_ref().map(|o| o.bare().clone())),
        VERSION.with(|v| v.borrow().clone()),
    ) else {
        return;
    };
    let items: Vec<RosterItem> = store.contacts.with_untracked(|contacts| {
        contacts
            .values()
            .map(|c| RosterItem {
                jid: c.jid.clone(),
                name: c.name.clone(),
                subscription: c.subscription,
                ask_pending: c.ask_pending,
                approved: false,
                groups: c.groups.clone(),
            })
            .collect()
    });
    let query = Element::from(&RosterQuery {
        ver: Some(ver),
        items,
    });
    let root = Element::new("roster", STORAGE_NS)
        .attr("account", account.to_string())
        .child(query);
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, &root.to_string());
    }
}

/// Forgets the saved roster (logout, refused keys).
pub fn clear() {
    VERSION.with(|v| *v.borrow_mut() = None);
    LOADED.with(|l| *l.borrow_mut() = None);
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
