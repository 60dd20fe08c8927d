//! Fallback indication (XEP-0428): which part of a body is only there for clients that do not
//! understand an extension (the "> quoted" lines of a reply, the "retracted" notice). Clients
//! that do understand it hide that part.
//!
//! Ranges count Unicode code points (XEP-0426), `start` inclusive, `end` exclusive. A fallback
//! without a `<body/>` range covers the whole body.

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// Fallback elements read per message: real ones carry one or two; thousands would only make
/// reading the body slow.
const MAX_FALLBACKS: usize = 8;
/// Ranges read per fallback, for the same reason.
const MAX_RANGES: usize = 8;

/// One `<fallback for="…">` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The namespace of the extension the fallback text stands in for.
    pub for_ns: String,
    /// Code-point ranges of the body; empty means the whole body.
    pub ranges: Vec<(usize, usize)>,
}

impl Fallback {
    /// Every fallback element a message carries (well-formed ranges only).
    pub fn all_in(message: &Element) -> Vec<Fallback> {
        message
            .children()
            .filter(|c| c.is("fallback", ns::FALLBACK))
            .take(MAX_FALLBACKS)
            .filter_map(|f| {
                let for_ns = f.get_attr("for")?.to_owned();
                let ranges = f
                    .children()
                    .filter(|b| b.is("body", ns::FALLBACK))
                    .filter_map(|b| {
                        let start = b.get_attr("start")?.parse().ok()?;
                        let end = b.get_attr("end")?.parse().ok()?;
                        (start < end).then_some((start, end))
                    })
                    .take(MAX_RANGES)
                    .collect();
                Some(Fallback { for_ns, ranges })
            })
            .collect()
    }

    /// A fallback covering the whole body.
    pub fn whole(for_ns: &str) -> Fallback {
        Fallback {
            for_ns: for_ns.to_owned(),
            ranges: Vec::new(),
        }
    }
}

impl From<&Fallback> for Element {
    fn from(f: &Fallback) -> Element {
        let mut e = Element::new("fallback", ns::FALLBACK).attr("for", f.for_ns.as_str());
        for (start, end) in &f.ranges {
            e.push_child(
                Element::new("body", ns::FALLBACK)
                    .attr("start", start.to_string())
                    .attr("end", end.to_string()),
            );
        }
        e
    }
}

/// The text of `body` inside `ranges` (code points), for reading a quote back.
pub fn extract(body: &str, ranges: &[(usize, usize)]) -> String {
    let merged = merge(ranges.to_vec());
    keep_where(body, &merged, true)
}

/// `body` without the parts the fallbacks for `understood` namespaces mark. A range beyond the
/// body's end makes that fallback untrustworthy: the body is kept whole rather than cut wrongly.
pub fn strip(body: &str, fallbacks: &[Fallback], understood: &[&str]) -> String {
    let length = body.chars().count();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    for fallback in fallbacks
        .iter()
        .filter(|f| understood.contains(&f.for_ns.as_str()))
    {
        if fallback.ranges.is_empty() {
            return String::new();
        }
        if fallback.ranges.iter().any(|(_, end)| *end > length) {
            continue;
        }
        cut.extend_from_slice(&fallback.ranges);
    }
    if cut.is_empty() {
        return body.to_owned();
    }
    keep_where(body, &merge(cut), false)
}

/// `ranges` sorted and with overlaps joined, so one walk over the body applies them all.
fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The characters of `body` inside the sorted, disjoint `ranges` (`inside`) or outside them.
fn keep_where(body: &str, ranges: &[(usize, usize)], inside: bool) -> String {
    let mut next = ranges.iter().peekable();
    body.chars()
        .enumerate()
        .filter(|(i, _)| {
            while next.peek().is_some_and(|(_, end)| *end <= *i) {
                next.next();
            }
            let within = next.peek().is_some_and(|(start, _)| *start <= *i);
            within == inside
        })
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = "urn:xmpp:reply:0";

    #[test]
    fn reads_ranges_and_strips_what_it_understands() {
        let xml = r#"<message xmlns="jabber:client"><body>&gt; Anna: cake?
Yes!</body><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="14"/></fallback></message>"#;
        let message = Element::parse(xml).unwrap();
        let fallbacks = Fallback::all_in(&message);
        assert_eq!(
            fallbacks,
            [Fallback {
                for_ns: REPLY.into(),
                ranges: vec![(0, 14)]
            }]
        );
        let body = "> Anna: cake?\nYes!";
        assert_eq!(strip(body, &fallbacks, &[REPLY]), "Yes!");
        assert_eq!(strip(body, &fallbacks, &[]), body, "unknown: shown whole");
        assert_eq!(extract(body, &[(0, 14)]), "> Anna: cake?\n");
        let again = Fallback::all_in(
            &Element::new("message", "jabber:client").child((&fallbacks[0]).into()),
        );
        assert_eq!(again, fallbacks);
    }

    #[test]
    fn ranges_count_code_points_not_bytes() {
        let body = "> é🎂\nok";
        let fallbacks = [Fallback {
            for_ns: REPLY.into(),
            ranges: vec![(0, 5)],
        }];
        assert_eq!(strip(body, &fallbacks, &[REPLY]), "ok");
    }

    #[test]
    fn a_range_past_the_end_is_ignored_and_a_whole_body_fallback_hides_all() {
        let past = [Fallback {
            for_ns: REPLY.into(),
            ranges: vec![(0, 99)],
        }];
        assert_eq!(strip("short", &past, &[REPLY]), "short");
        assert_eq!(strip("gone", &[Fallback::whole(REPLY)], &[REPLY]), "");
    }

    #[test]
    fn overlapping_ranges_and_floods_of_them_cost_one_walk() {
        let body = "abcdefghij";
        let fallbacks = [Fallback {
            for_ns: REPLY.into(),
            ranges: vec![(6, 8), (0, 3), (2, 4)],
        }];
        assert_eq!(strip(body, &fallbacks, &[REPLY]), "efij");
        assert_eq!(extract(body, &[(6, 8), (0, 3), (2, 4)]), "abcdgh");
        let flood: String = (0..10_000)
            .map(|i| format!(r#"<body start="{i}" end="{}"/>"#, i + 1))
            .collect();
        let xml = format!(
            r#"<message xmlns="jabber:client"><fallback xmlns="urn:xmpp:fallback:0" for="x">{flood}</fallback></message>"#
        );
        let read = Fallback::all_in(&Element::parse(&xml).unwrap());
        assert_eq!(read[0].ranges.len(), MAX_RANGES);
    }

    #[test]
    fn inverted_or_malformed_ranges_are_dropped() {
        let xml = r#"<message xmlns="jabber:client"><fallback xmlns="urn:xmpp:fallback:0" for="x"><body start="5" end="2"/><body start="a" end="3"/></fallback></message>"#;
        let fallbacks = Fallback::all_in(&Element::parse(xml).unwrap());
        assert_eq!(fallbacks[0].ranges, []);
    }
}
