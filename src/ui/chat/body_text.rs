//! A message body as DOM text, with links (ARCHITECTURE.md, "Invariants"): only `http:`, `https:` and `xmpp:`
//! become links, opened with `rel="noopener noreferrer"`; everything else stays plain text.
//! `/me` at the start makes an action line (XEP-0245).

use leptos::prelude::*;

/// A piece of a body: text, or a link to show as itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text, shown as a text node.
    Text(String),
    /// An `http:`, `https:` or `xmpp:` URL, shown as a link to itself.
    Link(String),
}

const SCHEMES: &[&str] = &["https://", "http://", "xmpp:"];
/// Punctuation that usually ends the sentence around a link rather than the link itself.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\''];

/// Splits `body` into text and links, keeping every character (whitespace included).
pub fn segments(body: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut text = String::new();
    let mut rest = body;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let lower = word.to_ascii_lowercase();
        let is_link = SCHEMES
            .iter()
            .any(|s| lower.starts_with(s) && lower.len() > s.len());
        if is_link {
            let link = word.trim_end_matches(TRAILING);
            if !text.is_empty() {
                out.push(Segment::Text(std::mem::take(&mut text)));
            }
            out.push(Segment::Link(link.to_owned()));
            text.push_str(&word[link.len()..]);
        } else {
            text.push_str(word);
        }
        let space_end = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        text.push_str(&after[..space_end]);
        rest = &after[space_end..];
    }
    if !text.is_empty() {
        out.push(Segment::Text(text));
    }
    out
}

/// The action text of a `/me` message ("/me waves" → "waves"), if it is one.
pub fn me_action(body: &str) -> Option<&str> {
    body.strip_prefix("/me ")
        .filter(|rest| !rest.trim().is_empty())
}

/// Renders `body`: text nodes and safe links, never HTML from the network.
#[component]
pub fn BodyText(
    /// The text as received: never parsed as HTML.
    body: String,
) -> impl IntoView {
    segments(&body)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Link(href) => {
                let label = href.clone();
                view! { <a href=href target="_blank" rel="noopener noreferrer">{label}</a> }
                    .into_any()
            }
        })
        .collect_view()
}
