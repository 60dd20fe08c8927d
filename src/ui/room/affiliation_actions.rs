//! The affiliation changes among an occupant's actions (the "⋯" in the occupant list): grant
//! or revoke membership (admins and owners), make or unmake admins and owners (owners), for
//! someone whose real address the room shows. The room's presence then changes their row.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::affiliations::affiliation_actions;
use crate::store::room::{Occupant, Room};
use crate::xmpp::BareJid;

/// Whether we may change `occupant`'s affiliation in any way (tracked).
pub fn any_affiliation_action(room: RwSignal<Room>, occupant: &Occupant) -> Memo<bool> {
    let target = occupant.clone();
    Memo::new(move |_| room.with(|r| !affiliation_actions(r, &target).is_empty()))
}

/// The buttons; each closes the actions once pressed.
#[component]
pub fn AffiliationButtons(
    /// The room's address.
    jid: BareJid,
    /// The room's state.
    room: RwSignal<Room>,
    /// The occupant the buttons are about.
    occupant: Occupant,
    /// The reason typed in the actions, passed on with the change.
    reason: RwSignal<String>,
    /// The occupant whose actions are open: closed after a change.
    open_actions: RwSignal<Option<String>>,
) -> impl IntoView {
    let client = expect_client();
    let target = occupant.clone();
    let actions = Memo::new(move |_| room.with(|r| affiliation_actions(r, &target)));
    let user = occupant.jid.as_deref().and_then(|j| BareJid::parse(j).ok());
    let about = StoredValue::new((jid, user));
    view! {
        <For each=move || actions.get() key=|a| (a.testid, a.to.name())
            children=move |action| {
                let change = move |_| {
                    about.with_value(|(room, user)| {
                        if let Some(user) = user {
                            let _ = client.change_affiliation(room, user, action.to, &reason.get_untracked());
                        }
                    });
                    open_actions.set(None);
                };
                view! {
                    <button type="button" data-testid=action.testid data-to=action.to.name() on:click=change>
                        {action.label}
                    </button>
                }
            }/>
    }
}
