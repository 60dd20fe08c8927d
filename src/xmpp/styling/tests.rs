//! Properties of the whole parser rather than one rule: every body round-trips and obeys the
//! invariants ([`parsed`] checks them), and hostile bodies take linear work.

use super::spans::parse_line;
use super::test_support::*;
use super::text::write_spans;
use super::{parse, to_text};

/// A small deterministic generator, so the property test needs no dependency and always
/// checks the same bodies.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const ALPHABET: [char; 9] = ['*', '_', '~', '`', '>', ' ', '\n', 'a', 'b'];

#[test]
fn every_short_body_round_trips_and_obeys_the_rules() {
    // All 66 430 bodies of up to five characters from the alphabet.
    let mut bodies = vec![String::new()];
    let mut count = 0;
    for _ in 0..5 {
        let mut longer = Vec::new();
        for body in &bodies {
            for c in ALPHABET {
                let mut b = body.clone();
                b.push(c);
                parsed(&b);
                count += 1;
                longer.push(b);
            }
        }
        bodies = longer;
    }
    assert_eq!(count, 9 + 81 + 729 + 6561 + 59049);
}

#[test]
fn random_bodies_round_trip_and_obey_the_rules() {
    let mut rng = XorShift(0x5eed_1234_abcd_ef01);
    for _ in 0..20_000 {
        let len = rng.below(48);
        let body: String = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        parsed(&body);
    }
    // Longer lines with fewer line breaks, where nesting has room to happen.
    for _ in 0..2_000 {
        let len = rng.below(200);
        let body: String = (0..len)
            .map(|_| {
                let c = ALPHABET[rng.below(ALPHABET.len())];
                if c == '\n' && rng.below(8) != 0 {
                    'a'
                } else {
                    c
                }
            })
            .collect();
        parsed(&body);
    }
}

#[test]
fn adversarial_lines_take_linear_work() {
    // Each line is 100 000 characters; the scan visits each character at most once, and a
    // quadratic parser would not finish these at all.
    let n = 100_000;
    let bodies = [
        "*".repeat(n),
        " *a".repeat(n / 3),
        "*a ".repeat(n / 3),
        "*_~`".repeat(n / 4),
        "*a*a".repeat(n / 4),
        "_*".repeat(n / 2),
        "* ".repeat(n / 2),
    ];
    for body in &bodies {
        let (spans, visited) = parse_line(body);
        let chars = body.chars().count();
        assert!(visited <= chars, "visited {visited} of {chars}");
        let mut text = String::new();
        write_spans(&spans, &mut text);
        assert_eq!(&text, body);
    }
    assert_eq!(parse_line(&"*".repeat(n)).0, vec![plain(&"*".repeat(n))]);
}

#[test]
fn adversarial_bodies_parse_and_round_trip() {
    let n = 100_000;
    for body in [
        "*".repeat(n),
        ">".repeat(n),
        "> ".repeat(n / 2),
        ">\n".repeat(n / 2),
        "```\n".repeat(n / 4),
        "\n".repeat(n),
        "*a\n".repeat(n / 3),
    ] {
        let blocks = parse(&body);
        assert_eq!(to_text(&blocks), body);
        check_blocks(&blocks, 0, "(adversarial)");
    }
}
