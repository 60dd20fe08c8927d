//! Invitations to rooms, each a card with "Join" and "Decline": who invites (a stranger's
//! marked as such, with the address it came from), to which room, and why, all as text. Joining
//! keeps the card until the room lets us in (then the room opens) or says why not, on the card.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::invitation::Invitation;
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::ui::route;

/// The section, above the rooms; nothing when there are no invitations.
#[component]
pub fn Invitations() -> impl IntoView {
    let store = expect_context::<Store>();
    let invitations = Memo::new(move |_| store.invitations.get());
    view! {
        <Show when=move || invitations.with(|all| !all.is_empty())>
            <section class="room-invitations" data-testid="room-invitations" aria-label="Invitations to rooms">
                <h2 class="section-title">{move || format!("Invitations ({})", invitations.with(Vec::len))}</h2>
                <ul role="list">
                    <For each=move || invitations.get() key=|i| (i.room.clone(), i.received_ms)
                        children=move |invitation| view! { <InvitationCard invitation/> }/>
                </ul>
            </section>
        </Show>
    }
}

/// One invitation.
#[component]
fn InvitationCard(invitation: Invitation) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let room = invitation.room.clone();
    // Decided as shown: the roster or our room service may arrive after the invitation.
    let card = invitation.clone();
    let stranger = Memo::new(move |_| {
        let own = store.own_bare_tracked();
        let service = store.room_directory.with(|d| d.service.clone());
        store
            .contacts
            .with(|contacts| card.from_stranger(contacts, own.as_ref(), service.as_ref()))
    });
    let card = invitation.clone();
    let inviter = Memo::new(move |_| {
        let service = store.room_directory.with(|d| d.service.clone());
        match (card.vouched_inviter(service.as_ref()), &card.inviter) {
            // A semi-anonymous room hides the inviter behind their seat: their nick is all we
            // know, and anyone in the room could have picked it.
            (_, Some(named)) if named.bare() == &card.room => match named.resource() {
                Some(nick) => format!("“{nick}” in the room"),
                None => "The room".to_owned(),
            },
            (Some(jid), _) => store.display_name_tracked(&jid),
            // A room's word about who invites, from a room we cannot believe about it.
            (None, Some(named)) => format!("Someone the room calls {}", named.bare()),
            (None, None) => "Someone".to_owned(),
        }
    });
    let joining = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let watched = room.clone();
    Effect::new(move |_| {
        let status = store
            .rooms
            .with(|rooms| rooms.get(&watched).map(|r| r.with(|r| r.status.clone())));
        match status {
            Some(RoomStatus::Joined) => {
                if joining.get_untracked() {
                    route::navigate_room(&watched);
                }
                client.dismiss_invitation(&watched);
            }
            Some(RoomStatus::Refused(why) | RoomStatus::Left(why)) if joining.get_untracked() => {
                joining.set(false);
                error.set(Some(why));
            }
            _ => {}
        }
    });
    let about = StoredValue::new(room.clone());
    let accept = move |_| {
        error.set(None);
        match about.with_value(|room| client.accept_invitation(room)) {
            Ok(()) => joining.set(true),
            Err(e) => error.set(Some(format!("Could not join: {e}."))),
        }
    };
    let decline = move |_| about.with_value(|room| client.decline_invitation(room));
    let room_text = room.to_string();
    let note = stranger_note(&invitation);
    view! {
        <li class="room-invitation" class:stranger=move || stranger.get() data-testid="room-invitation"
            data-room=room_text.clone() data-mediated=invitation.mediated.to_string()
            data-stranger=move || stranger.get().to_string()>
            <p class="invitation-text">
                <strong data-testid="room-invitation-from">{move || inviter.get()}</strong>
                " invites you to "
                <strong data-testid="room-invitation-room">{room_text.clone()}</strong>
            </p>
            <Show when=move || stranger.get()>
                <p class="invitation-stranger" data-testid="room-invitation-stranger">
                    {note.clone()}
                </p>
            </Show>
            {invitation.reason.clone().map(|reason| view! {
                <p class="invitation-reason" data-testid="room-invitation-reason">{reason}</p>
            })}
            {move || error.get().map(|why| view! {
                <p class="form-error" role="alert" data-testid="room-invitation-error">{why}</p>
            })}
            <span class="request-actions">
                <button type="button" data-testid="room-invitation-accept" on:click=accept disabled=move || joining.get()>
                    {move || if joining.get() { "Joining…" } else { "Join" }}
                </button>
                <button type="button" data-testid="room-invitation-decline" on:click=decline>"Decline"</button>
            </span>
        </li>
    }
}

/// What the card says about an invitation nobody we know can be named as sending.
fn stranger_note(invitation: &Invitation) -> String {
    match &invitation.inviter {
        Some(seat) if seat.bare() == &invitation.room => {
            "Not confirmed as one of your contacts: the room hides who this is.".to_owned()
        }
        Some(inviter) if invitation.mediated => {
            format!("Not confirmed as one of your contacts: the room names {inviter}.")
        }
        Some(inviter) => format!("Not from one of your contacts: sent by {}.", inviter.bare()),
        None => "Not from one of your contacts.".to_owned(),
    }
}
