//! Who is in the room, grouped by role under headers with counts (moderators, participants,
//! visitors), each group by nick. Virtualized (`ui/virtual_list.rs`): a room of thousands puts
//! a screenful of rows in the page, like the roster. On a phone the panel is a sheet over the
//! room, opened from the header.
//!
//! Ordering is cheap enough to redo on every presence batch: the room keeps its occupants in
//! a `BTreeMap` by nick, so one pass per role gives each group in nick order already, and the
//! case-insensitive ordering is a stable, adaptive sort that does n − 1 comparisons (no
//! allocation) on that nearly sorted input; no full sort of a thousand rows per presence.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use leptos::prelude::*;

use super::occupant_row::{OccupantRow, ACTIONS_PX, OCCUPANT_ROW_PX};
use crate::store::room::{Occupant, Room};
use crate::ui::virtual_list::VirtualList;
use crate::xmpp::stanza::muc::Role;
use crate::xmpp::BareJid;

/// Height of a role's header in CSS pixels (`.occupant-group` in the stylesheet).
pub const GROUP_ROW_PX: f64 = 28.0;

/// The roles in the order they are listed, with their headers.
const GROUPS: [(Role, &str); 4] = [
    (Role::Moderator, "Moderators"),
    (Role::Participant, "Participants"),
    (Role::Visitor, "Visitors"),
    (Role::None, "Others"),
];

/// One row of the occupant list.
#[derive(Debug, Clone, PartialEq)]
pub enum OccupantListRow {
    /// A role's header and how many occupants have it.
    Group {
        /// The role.
        role: Role,
        /// Its header ("Moderators").
        title: &'static str,
        /// How many occupants have it.
        count: usize,
    },
    /// An occupant, and whether their actions are open (a taller row).
    Person {
        /// The occupant.
        occupant: Occupant,
        /// Their actions are open.
        open: bool,
    },
}

impl OccupantListRow {
    /// The row's height in CSS pixels.
    pub fn height(&self) -> f64 {
        match self {
            OccupantListRow::Group { .. } => GROUP_ROW_PX,
            OccupantListRow::Person { open: true, .. } => OCCUPANT_ROW_PX + ACTIONS_PX,
            OccupantListRow::Person { .. } => OCCUPANT_ROW_PX,
        }
    }

    /// Identity for keyed rendering: an occupant's row is rebuilt only when what it shows of
    /// them changes (opening the actions changes its height, not its identity).
    pub fn key(&self) -> String {
        match self {
            OccupantListRow::Group { role, count, .. } => format!("g\n{}\n{count}", role.name()),
            OccupantListRow::Person { occupant: o, .. } => format!(
                "o\n{}\n{}\n{}\n{}\n{}\n{}",
                o.nick,
                o.role.name(),
                o.affiliation.name(),
                o.jid.as_deref().unwrap_or_default(),
                o.occupant_id.as_deref().unwrap_or_default(),
                o.show.as_str().unwrap_or_default()
            ),
        }
    }
}

/// The rows of `occupants` (a room's, by nick): each role that anyone has under its header,
/// its occupants by nick, case-insensitively. `open`: the nick whose actions are open.
pub fn occupant_rows(
    occupants: &BTreeMap<String, Occupant>,
    open: Option<&str>,
) -> Vec<OccupantListRow> {
    let mut rows = Vec::with_capacity(occupants.len() + GROUPS.len());
    for (role, title) in GROUPS {
        let header = rows.len();
        rows.extend(occupants.values().filter(|o| o.role == role).map(|o| {
            OccupantListRow::Person {
                open: open == Some(o.nick.as_str()),
                occupant: o.clone(),
            }
        }));
        let count = rows.len() - header;
        if count == 0 {
            continue;
        }
        // Stable and adaptive: the map's order is nearly this one already.
        rows[header..].sort_by(|a, b| match (a, b) {
            (
                OccupantListRow::Person { occupant: a, .. },
                OccupantListRow::Person { occupant: b, .. },
            ) => by_nick(&a.nick, &b.nick),
            _ => Ordering::Equal,
        });
        rows.insert(header, OccupantListRow::Group { role, title, count });
    }
    rows
}

/// Nicks in case-insensitive order, without allocating.
fn by_nick(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// The side panel of `room`'s occupants.
#[component]
pub fn OccupantList(
    /// The room's address, where moderation requests go.
    jid: BareJid,
    /// The room whose occupants are listed.
    room: RwSignal<Room>,
) -> impl IntoView {
    // The occupant whose actions are open, by nick.
    let open_actions = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        open_actions.with(|open| room.with(|r| occupant_rows(&r.occupants, open.as_deref())))
    });
    let count = move || room.with(|r| r.occupants.len());
    view! {
        <aside class="occupants" aria-label="Occupants" data-testid="occupant-list">
            <h3 class="section-title">{move || format!("In the room ({})", count())}</h3>
            <VirtualList rows height=OccupantListRow::height key=OccupantListRow::key
                class="occupant-scroll" list_class="occupant-rows" label="Occupants"
                row=move |row| match row {
                    OccupantListRow::Person { occupant, .. } => {
                        view! { <OccupantRow occupant jid=jid.clone() room open_actions/> }.into_any()
                    }
                    OccupantListRow::Group { role, title, count } => view! {
                        <li class="occupant-group" data-testid="occupant-group" data-role=role.name()
                            data-count=count.to_string()>
                            <span class="group-name">{title}</span>
                            <span class="group-count">{count}</span>
                        </li>
                    }.into_any(),
                }/>
        </aside>
    }
}
