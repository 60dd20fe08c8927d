//! A contact's picture: their avatar when one is known, else their initials on a colour
//! derived from their address (XEP-0392), so everyone is recognisable at a glance and the
//! same person has the same colour in every XEP-0392 client.

use leptos::prelude::*;
use sha1::{Digest, Sha1};

use crate::xmpp::BareJid;

/// Up to two initials of `name` ("Ada Lovelace" → "AL", "bob@localhost" → "B").
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '@' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let picked: Vec<&str> = match words.as_slice() {
        [] => Vec::new(),
        [one] => vec![one],
        // An address: the local part only.
        [first, ..] if name.contains('@') => vec![first],
        [first, .., last] => vec![first, last],
    };
    picked
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// XEP-0392 §5.1: the hue angle (degrees) of `jid`: the first two bytes of its SHA-1, little
/// endian, scaled to the circle.
pub fn hue(jid: &BareJid) -> f64 {
    hue_of(&jid.to_string())
}

/// XEP-0392 §5.1 for any identifier: a room's occupant is coloured from its occupant id
/// (XEP-0421) when the room gives one, else from its nick.
pub fn hue_of(text: &str) -> f64 {
    let digest = Sha1::digest(text.as_bytes());
    f64::from(u16::from_le_bytes([digest[0], digest[1]])) / 65536.0 * 360.0
}

/// The initials of `name` on the XEP-0392 colour of `seed`, `size` CSS pixels round: a room's
/// occupant, who has no address of ours to look a picture up by. Decorative, like [`Avatar`].
#[component]
pub fn InitialsAvatar(
    /// What the colour derives from (an occupant id, a nick).
    seed: String,
    /// The name shown next to it, whose initials it shows.
    name: String,
    /// Width and height in CSS pixels.
    #[prop(default = 28)]
    size: u32,
) -> impl IntoView {
    let colour = format!("hsl({}, 50%, 30%)", hue_of(&seed).round() as u16);
    let px = format!("{size}px");
    let font = format!("{}px", size * 2 / 5);
    view! {
        <span class="avatar" aria-hidden="true" style:width=px.clone() style:height=px
            style:font-size=font style:background-color=colour>
            {initials(&name)}
        </span>
    }
}

/// A round avatar of `size` CSS pixels; decorative (the name is always written next to it).
#[component]
pub fn Avatar(
    /// Whose avatar: picks the colour (XEP-0392) and the published picture.
    jid: BareJid,
    /// The name shown next to it: its initials stand in when there is no picture.
    name: String,
    /// Width and height in CSS pixels.
    #[prop(default = 32)]
    size: u32,
    /// The picture (a `data:` URL); by default the one the contact published, if any.
    #[prop(optional, into)]
    image: Option<Signal<Option<String>>>,
) -> impl IntoView {
    // Dark enough for white initials on every hue (WCAG AA contrast).
    let colour = format!("hsl({}, 50%, 30%)", hue(&jid).round() as u16);
    let letters = initials(&name);
    let px = format!("{size}px");
    let font = format!("{}px", size * 2 / 5);
    // Without an explicit picture, the one the store knows for `jid` (XEP-0084 / XEP-0153).
    let store = use_context::<crate::store::Store>();
    let jid_attr = jid.to_string();
    // A memo, so another contact's new avatar does not rebuild this one's <img>.
    let picture = Memo::new(move |_| match image {
        Some(image) => image.get(),
        None => store.and_then(|store| store.avatars.with(|a| a.get(&jid).cloned())),
    });
    view! {
        <span class="avatar" data-testid="avatar" data-jid=jid_attr aria-hidden="true" style:width=px.clone() style:height=px
            style:font-size=font style:background-color=colour>
            {move || match picture.get() {
                Some(url) => view! { <img src=url alt=""/> }.into_any(),
                None => letters.clone().into_any(),
            }}
        </span>
    }
}
