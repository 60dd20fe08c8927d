//! The roster as the list shows it, as plain data: contacts under their group's header (groups
//! by name, contacts by name), collapsed groups folded, the filter and "online only" applied;
//! and which of those rows the scrolled viewport needs (the list is virtualized: only those
//! rows are in the DOM, so 10,000 contacts cost what 20 do).
//!
//! Everything here is O(n) per change, after one O(n log n) sort per roster change: typing in
//! the filter at 10,000 contacts stays instant (a browser test guards the scaling).

use std::collections::HashSet;

use crate::store::Contact;
use crate::xmpp::BareJid;

/// Height of a contact row in CSS pixels (`.contact` in the stylesheet says the same).
pub const CONTACT_ROW_PX: f64 = 52.0;
/// Height of a group header row in CSS pixels (`.roster-group`).
pub const GROUP_ROW_PX: f64 = 30.0;
/// The header of contacts in no roster group, shown when other groups exist.
pub const UNGROUPED: &str = "Contacts";

/// A contact with what sorting and filtering need, computed once per roster change.
#[derive(Debug, Clone, PartialEq)]
pub struct SortedContact {
    /// The roster entry.
    pub contact: Contact,
    /// The group it is listed under: its first roster group, or [`UNGROUPED`].
    pub group: String,
    /// Lower-cased name and address, what the filter searches.
    haystack: String,
}

/// Sorts the roster by group (named groups A–Z, then the ungrouped), then by name.
pub fn sort_contacts<'a>(contacts: impl Iterator<Item = &'a Contact>) -> Vec<SortedContact> {
    let mut sorted: Vec<SortedContact> = contacts
        .map(|contact| {
            let name = contact.display_name().to_lowercase();
            SortedContact {
                group: contact
                    .groups
                    .iter()
                    .min()
                    .cloned()
                    .unwrap_or_else(|| UNGROUPED.to_owned()),
                haystack: format!("{name}\n{}", contact.jid),
                contact: contact.clone(),
            }
        })
        .collect();
    sorted.sort_by_cached_key(|c| {
        let ungrouped = c.contact.groups.is_empty();
        (ungrouped, c.group.to_lowercase(), c.haystack.clone())
    });
    sorted
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterRow {
    /// A group's header: its name, how many of its contacts pass the filter, whether folded.
    Group {
        /// The group's name, or [`UNGROUPED`].
        name: String,
        /// How many of its contacts pass the filter and "online only", folded or not.
        count: usize,
        /// Folded: its contacts are not listed.
        collapsed: bool,
    },
    /// A contact, under the group header before it.
    Contact(Contact),
}

impl RosterRow {
    /// Identity for keyed rendering: a contact row is rebuilt only when its roster entry changes.
    pub fn key(&self) -> String {
        match self {
            RosterRow::Group {
                name,
                count,
                collapsed,
            } => format!("g\n{name}\n{count}\n{collapsed}"),
            RosterRow::Contact(c) => format!(
                "c\n{}\n{}\n{}\n{}",
                c.jid,
                c.name.as_deref().unwrap_or_default(),
                c.groups.join("\t"),
                c.ask_pending
            ),
        }
    }

    /// The row's height in CSS pixels.
    pub fn height(&self) -> f64 {
        match self {
            RosterRow::Group { .. } => GROUP_ROW_PX,
            RosterRow::Contact(_) => CONTACT_ROW_PX,
        }
    }
}

/// What the user asked to see.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterView {
    /// The filter box's text; empty shows everyone. A filter also opens folded groups.
    pub filter: String,
    /// "Online only": contacts without an available resource are not listed.
    pub online_only: bool,
    /// The names of the groups folded by the user.
    pub collapsed: HashSet<String>,
}

/// The rows to show. Group headers appear only when some contact has a group (a roster
/// without groups is a plain list). `is_online` is asked only with "online only" on.
pub fn build_rows(
    sorted: &[SortedContact],
    view: &RosterView,
    is_online: impl Fn(&BareJid) -> bool,
) -> Vec<RosterRow> {
    let needle = view.filter.trim().to_lowercase();
    let with_headers = sorted.iter().any(|c| !c.contact.groups.is_empty());
    let mut rows = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let group = &sorted[start].group;
        let end = start
            + sorted[start..]
                .iter()
                .take_while(|c| &c.group == group)
                .count();
        let header_at = rows.len();
        let collapsed = needle.is_empty() && view.collapsed.contains(group);
        let mut count = 0;
        for entry in &sorted[start..end] {
            if !needle.is_empty() && !entry.haystack.contains(&needle) {
                continue;
            }
            if view.online_only && !is_online(&entry.contact.jid) {
                continue;
            }
            count += 1;
            if !collapsed {
                rows.push(RosterRow::Contact(entry.contact.clone()));
            }
        }
        // A group the filter empties disappears; a folded one keeps its header.
        if with_headers && count > 0 {
            rows.insert(
                header_at,
                RosterRow::Group {
                    name: group.clone(),
                    count,
                    collapsed,
                },
            );
        }
        start = end;
    }
    rows
}

/// Where each row starts (CSS pixels from the top of the list), plus the total height last.
pub fn row_offsets(rows: &[RosterRow]) -> Vec<f64> {
    crate::ui::virtual_list::row_offsets(rows, RosterRow::height)
}

pub use crate::ui::virtual_list::visible_rows;
