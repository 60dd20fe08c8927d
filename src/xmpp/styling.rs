//! XEP-0393 Message Styling: the `*strong*`, `_emphasis_`, `~strike~`, `` `code` ``, ```` ``` ````
//! code block and `> quote` conventions of message bodies, parsed into blocks and spans.
//!
//! The parser follows XEP-0393 version 1.1.1. It first splits the body into blocks, then parses
//! the child blocks of quotations and the spans of each line, and leaves code blocks untouched:
//!
//! - **Lines.** Blocks are separated by `\n` (XML has already normalised `\r\n`; a stray `\r` is
//!   kept as text). Every line outside a code block is its own [`Block::Line`]; spans never cross
//!   a line break.
//! - **Code blocks.** A line beginning with ```` ``` ```` opens a [`Block::Pre`]; it runs up to and
//!   including the next line that is exactly ```` ``` ````, or to the end of the enclosing block
//!   (the body, or the quotation it sits in). Nothing inside is styled.
//! - **Quotations.** Consecutive lines beginning with `>` form a [`Block::Quote`]. Each loses that
//!   `>` and then the first character after it if that is whitespace; what remains is parsed again
//!   as blocks, so `>>` nests and a quotation can hold a code block.
//! - **Spans.** An opening directive (`*`, `_`, `~` or a backtick) must be at the start of the line,
//!   right after whitespace, or right after a different opening directive (the start of the span
//!   it is nested in), and must not be followed by whitespace. Its closing directive is the first
//!   later directive of the same character, in the same line and the same parent span, that is not
//!   preceded by whitespace and leaves some text between the two ("lazy" matching). A directive
//!   that does not follow these rules, or finds no closing directive, is plain text. Nothing inside
//!   a `` `code` `` span is styled.
//!
//! The directive characters stay in the parse (as [`Span::Directive`], the backticks of
//! [`Span::Code`], the `prefix_lines` of a quotation, the fences of a code block) so that the view
//! can show them dimmed, as the XEP recommends, instead of silently dropping characters the sender
//! typed. It follows that `to_text(&parse(body)) == body` for every body ([`to_text`],
//! [`parse`]): the tests check it over many generated bodies, and copy and paste relies on it.
//!
//! Bodies come from anyone, so parsing never panics and stays linear-ish in the body's length:
//! every character of a line is looked at once, and finding a closing directive is a binary search
//! in a precomputed list. Quotations nest at most [`MAX_QUOTE_DEPTH`] deep.
//!
//! Where the XEP leaves room, this parser reads it as follows:
//!
//! - An opening directive immediately followed by the same character (`**`) opens nothing. The XEP
//!   lists `**` and `****` as unstyled; without this rule `****` would be a strong `*`. As a
//!   consequence Markdown's `**bold**` stays plain.
//! - "Whitespace" is Rust's [`char::is_whitespace`] (Unicode `White_Space`, which includes every
//!   category Z character), as the XEP's glossary defines it.
//! - Only the first character after a quotation's `>` is trimmed, and only if it is whitespace
//!   (the rule since version 0.2.0; earlier versions trimmed all leading spaces).
//! - Any line that begins with ```` ``` ```` opens a code block, even ```` ```a``` ````; only a
//!   line that is exactly ```` ``` ```` closes one.

/// The deepest nesting of quotations that is parsed as quotations.
///
/// A body of 100 000 `>` characters would otherwise nest that deep, and everything that walks the
/// result (parsing, dropping, rendering) is recursive. Real quotations rarely go past a handful of
/// levels, so a line that would open a deeper level is kept as a plain line, `>` characters and
/// all: the text is still all there, only not indented further.
pub const MAX_QUOTE_DEPTH: usize = 32;

/// One styled run of text inside a line.
///
/// The styled variants hold their directive characters, so the text of a line is always the
/// concatenation of the text of its spans (see [`to_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Text shown as is (it may still contain links; the view finds them). Never empty, and never
    /// next to another `Plain` in the same list.
    Plain(String),
    /// `*strong*`: the children start and end with [`Span::Directive`]`('*')`, with the styled
    /// spans in between, so the view can dim the asterisks and embolden the rest.
    Strong(Vec<Span>),
    /// `_emphasis_`: like [`Span::Strong`], framed by `Directive('_')`.
    Emphasis(Vec<Span>),
    /// `~strike~`: like [`Span::Strong`], framed by `Directive('~')`.
    Strike(Vec<Span>),
    /// `` `code` ``: nothing inside is styled. The string is the text between the backticks, never
    /// empty; the backticks themselves are not stored, and [`to_text`] (like the view, which shows
    /// them dimmed) puts one on each side.
    Code(String),
    /// A styling directive character itself (`*`, `_` or `~`), to be shown dimmed. It only appears
    /// as the first or last child of a [`Span::Strong`], [`Span::Emphasis`] or [`Span::Strike`];
    /// a directive character that styles nothing is part of a [`Span::Plain`].
    Directive(char),
}

/// A block of the body: a line, a code block or a quotation.
///
/// Blocks are separated by line breaks, which belong to no block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// One line of text, as spans; the line break after it is not included. An empty line has no
    /// spans.
    Line(Vec<Span>),
    /// A ```` ``` ```` code block, kept raw so the view can show it monospaced and unwrapped.
    Pre {
        /// The opening line, e.g. ```` ```rust ````: the view may dim it or use what follows the
        /// fence as a hint.
        opening: String,
        /// The lines between the fences, exactly as sent.
        lines: Vec<String>,
        /// The closing line (always ```` ``` ````), or `None` when the block ran to the end of
        /// the body or of the quotation holding it.
        closing: Option<String>,
    },
    /// Consecutive quoted lines.
    Quote {
        /// What was cut from the start of each quoted line: the `>` and the single whitespace
        /// character after it if there was one (e.g. `"> "`, `">"`, `">\t"`). One entry per line,
        /// kept so the text round-trips and the view can dim the markers.
        prefix_lines: Vec<String>,
        /// The quoted lines, prefixes removed, parsed again as blocks (nested quotations
        /// included). Together they span exactly as many lines as `prefix_lines` has entries.
        blocks: Vec<Block>,
    },
}

/// Parses a message body into blocks, following XEP-0393 (see the module documentation).
///
/// Every line of the body belongs to exactly one block, so an empty body gives one empty
/// [`Block::Line`]. Never panics, for any input.
pub fn parse(body: &str) -> Vec<Block> {
    let lines: Vec<&str> = body.split('\n').collect();
    parse_blocks(&lines, 0)
}

/// The body text back from a parse, for the round-trip invariant and for copy and paste.
///
/// `to_text(&parse(body)) == body` for every `body`. Blocks built by hand are joined the same way;
/// if a quotation's `prefix_lines` and its blocks disagree on the number of lines, the extra
/// prefixes or lines are written without their partner rather than panicking.
pub fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    write_blocks(blocks, &mut out);
    out
}

fn parse_blocks(lines: &[&str], depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        if depth < MAX_QUOTE_DEPTH && line.starts_with('>') {
            let mut prefix_lines = Vec::new();
            let mut inner = Vec::new();
            while let Some((prefix, rest)) = lines.get(i).and_then(|l| split_quote_prefix(l)) {
                prefix_lines.push(prefix.to_owned());
                inner.push(rest);
                i += 1;
            }
            blocks.push(Block::Quote {
                prefix_lines,
                blocks: parse_blocks(&inner, depth + 1),
            });
        } else if line.starts_with("```") {
            i += 1;
            let mut body = Vec::new();
            let mut closing = None;
            while let Some(&l) = lines.get(i) {
                i += 1;
                if l == "```" {
                    closing = Some(l.to_owned());
                    break;
                }
                body.push(l.to_owned());
            }
            blocks.push(Block::Pre {
                opening: line.to_owned(),
                lines: body,
                closing,
            });
        } else {
            blocks.push(Block::Line(parse_line(line).0));
            i += 1;
        }
    }
    blocks
}

/// Splits a quoted line into its prefix (`>` plus one whitespace character, if any) and the rest;
/// `None` if the line is not quoted.
fn split_quote_prefix(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('>')?;
    let cut = match rest.chars().next() {
        Some(c) if c.is_whitespace() => 1 + c.len_utf8(),
        _ => 1,
    };
    line.split_at_checked(cut)
}

/// The span directive characters, in the order of [`kind`]'s indices.
const DIRECTIVES: [char; 4] = ['*', '_', '~', '`'];

fn kind(c: char) -> Option<usize> {
    DIRECTIVES.iter().position(|&d| d == c)
}

/// Parses one line into spans. Also returns how many character positions the scan visited, which
/// the tests use to check that the work is linear (it is at most the number of characters).
fn parse_line(line: &str) -> (Vec<Span>, usize) {
    let chars: Vec<char> = line.chars().collect();
    // For each directive kind, the positions where it could close a span (not preceded by
    // whitespace), in increasing order: finding a closing directive is then a binary search
    // instead of a scan, so a line full of unmatched openers stays O(n log n).
    let mut closers: [Vec<usize>; 4] = Default::default();
    let mut prev: Option<char> = None;
    for (pos, &c) in chars.iter().enumerate() {
        if let (Some(k), Some(p)) = (kind(c), prev) {
            if !p.is_whitespace() {
                if let Some(list) = closers.get_mut(k) {
                    list.push(pos);
                }
            }
        }
        prev = Some(c);
    }
    let mut scanner = LineScanner {
        chars,
        closers,
        visited: 0,
    };
    let end = scanner.chars.len();
    let spans = scanner.spans(0, end);
    (spans, scanner.visited)
}

struct LineScanner {
    chars: Vec<char>,
    closers: [Vec<usize>; 4],
    visited: usize,
}

impl LineScanner {
    /// The spans of the characters `start..end`, which are a whole line or the inside of a span.
    ///
    /// Each position is visited once: a span's inside is parsed by the recursive call and the
    /// loop resumes after its closing directive. The recursion is at most four deep, because lazy
    /// matching means a span never contains a whole span of its own kind (the inner one's closing
    /// directive would have closed the outer one first) and code spans have no children.
    fn spans(&mut self, start: usize, end: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let mut plain_from = start;
        let mut pos = start;
        while pos < end {
            self.visited += 1;
            let Some((c, close)) = self.opening_at(pos, start, end) else {
                pos += 1;
                continue;
            };
            self.push_plain(&mut out, plain_from, pos);
            let span = if c == '`' {
                Span::Code(self.text(pos + 1, close))
            } else {
                let mut children = vec![Span::Directive(c)];
                children.extend(self.spans(pos + 1, close));
                children.push(Span::Directive(c));
                match c {
                    '*' => Span::Strong(children),
                    '_' => Span::Emphasis(children),
                    _ => Span::Strike(children),
                }
            };
            out.push(span);
            pos = close + 1;
            plain_from = pos;
        }
        self.push_plain(&mut out, plain_from, end);
        out
    }

    /// If the character at `pos` opens a span within `start..end`, its directive and the position
    /// of the matching closing directive.
    fn opening_at(&self, pos: usize, start: usize, end: usize) -> Option<(char, usize)> {
        let c = *self.chars.get(pos)?;
        let k = kind(c)?;
        // At the start of the line or of the enclosing span (that is, right after a different
        // opening directive), or after whitespace.
        if pos > start {
            let before = *self.chars.get(pos.checked_sub(1)?)?;
            if !before.is_whitespace() {
                return None;
            }
        }
        // Followed by something inside the range that is neither whitespace nor the same
        // directive (`**` and `****` are plain).
        if pos + 1 >= end {
            return None;
        }
        let after = *self.chars.get(pos + 1)?;
        if after.is_whitespace() || after == c {
            return None;
        }
        // The first possible closing directive with at least one character between the two.
        let list = self.closers.get(k)?;
        let close = *list.get(list.partition_point(|&q| q < pos + 2))?;
        (close < end).then_some((c, close))
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars
            .get(from..to)
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    fn push_plain(&self, out: &mut Vec<Span>, from: usize, to: usize) {
        if from < to {
            out.push(Span::Plain(self.text(from, to)));
        }
    }
}

fn write_blocks(blocks: &[Block], out: &mut String) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_block(block, out);
    }
}

fn write_block(block: &Block, out: &mut String) {
    match block {
        Block::Line(spans) => write_spans(spans, out),
        Block::Pre {
            opening,
            lines,
            closing,
        } => {
            out.push_str(opening);
            for line in lines.iter().chain(closing) {
                out.push('\n');
                out.push_str(line);
            }
        }
        Block::Quote {
            prefix_lines,
            blocks,
        } => {
            let inner = to_text(blocks);
            let mut prefixes = prefix_lines.iter();
            for (i, line) in inner.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                if let Some(prefix) = prefixes.next() {
                    out.push_str(prefix);
                }
                out.push_str(line);
            }
            for prefix in prefixes {
                out.push('\n');
                out.push_str(prefix);
            }
        }
    }
}

fn write_spans(spans: &[Span], out: &mut String) {
    for span in spans {
        match span {
            Span::Plain(text) => out.push_str(text),
            Span::Strong(children) | Span::Emphasis(children) | Span::Strike(children) => {
                write_spans(children, out)
            }
            Span::Code(text) => {
                out.push('`');
                out.push_str(text);
                out.push('`');
            }
            Span::Directive(c) => out.push(*c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Builders that read like the markup: `strong(&[plain("hi")])` is `*hi*`.

    fn plain(text: &str) -> Span {
        Span::Plain(text.to_owned())
    }

    fn framed(c: char, inner: &[Span]) -> Vec<Span> {
        let mut children = vec![Span::Directive(c)];
        children.extend_from_slice(inner);
        children.push(Span::Directive(c));
        children
    }

    fn strong(inner: &[Span]) -> Span {
        Span::Strong(framed('*', inner))
    }

    fn emphasis(inner: &[Span]) -> Span {
        Span::Emphasis(framed('_', inner))
    }

    fn strike(inner: &[Span]) -> Span {
        Span::Strike(framed('~', inner))
    }

    fn code(text: &str) -> Span {
        Span::Code(text.to_owned())
    }

    fn line(spans: &[Span]) -> Block {
        Block::Line(spans.to_vec())
    }

    fn plain_line(text: &str) -> Block {
        line(&[plain(text)])
    }

    fn quote(prefixes: &[&str], blocks: &[Block]) -> Block {
        Block::Quote {
            prefix_lines: prefixes.iter().map(|p| p.to_string()).collect(),
            blocks: blocks.to_vec(),
        }
    }

    fn pre(opening: &str, lines: &[&str], closed: bool) -> Block {
        Block::Pre {
            opening: opening.to_owned(),
            lines: lines.iter().map(|l| l.to_string()).collect(),
            closing: closed.then(|| "```".to_owned()),
        }
    }

    /// Parses, checks the round trip and every structural invariant, and returns the blocks.
    fn parsed(body: &str) -> Vec<Block> {
        let blocks = parse(body);
        assert_eq!(to_text(&blocks), body, "round trip of {body:?}: {blocks:?}");
        check_blocks(&blocks, 0, body);
        blocks
    }

    /// The spans of a one-line body, shown as HTML-ish markup with the directives in place, so
    /// the tables below read like the XEP's own examples.
    fn shown(body: &str) -> String {
        let blocks = parsed(body);
        let [Block::Line(spans)] = blocks.as_slice() else {
            panic!("{body:?} is not a single line: {blocks:?}");
        };
        let mut out = String::new();
        show_spans(spans, &mut out);
        out
    }

    fn show_spans(spans: &[Span], out: &mut String) {
        for span in spans {
            let (tag, children) = match span {
                Span::Plain(text) => {
                    out.push_str(text);
                    continue;
                }
                Span::Directive(c) => {
                    out.push(*c);
                    continue;
                }
                Span::Code(text) => {
                    out.push_str(&format!("<code>`{text}`</code>"));
                    continue;
                }
                Span::Strong(children) => ("b", children),
                Span::Emphasis(children) => ("i", children),
                Span::Strike(children) => ("s", children),
            };
            out.push_str(&format!("<{tag}>"));
            show_spans(children, out);
            out.push_str(&format!("</{tag}>"));
        }
    }

    fn check_blocks(blocks: &[Block], depth: usize, body: &str) {
        assert!(depth <= MAX_QUOTE_DEPTH, "{body:?}: too deep");
        assert!(
            !blocks.is_empty(),
            "{body:?}: a block list covers at least one line"
        );
        for block in blocks {
            match block {
                Block::Line(spans) => {
                    let text = to_text(std::slice::from_ref(block));
                    assert!(!text.contains('\n'), "{body:?}: line break in a line");
                    assert!(!text.starts_with("```"), "{body:?}: a fence line is a line");
                    if depth < MAX_QUOTE_DEPTH {
                        assert!(!text.starts_with('>'), "{body:?}: a quoted line is a line");
                    }
                    check_spans(spans, &[], body);
                }
                Block::Pre {
                    opening,
                    lines,
                    closing,
                } => {
                    assert!(opening.starts_with("```"), "{body:?}: {opening:?}");
                    assert!(!opening.contains('\n'));
                    for l in lines {
                        assert!(l != "```", "{body:?}: a closing fence inside a code block");
                        assert!(!l.contains('\n'));
                    }
                    assert!(closing.as_deref().is_none_or(|c| c == "```"));
                }
                Block::Quote {
                    prefix_lines,
                    blocks,
                } => {
                    assert!(depth < MAX_QUOTE_DEPTH, "{body:?}: quote past the limit");
                    for prefix in prefix_lines {
                        let rest = prefix.strip_prefix('>').expect("prefix starts with >");
                        let mut chars = rest.chars();
                        assert!(chars.next().is_none_or(char::is_whitespace), "{prefix:?}");
                        assert!(chars.next().is_none(), "{prefix:?}");
                    }
                    let inner = to_text(blocks);
                    assert_eq!(inner.split('\n').count(), prefix_lines.len(), "{body:?}");
                    check_blocks(blocks, depth + 1, body);
                }
            }
        }
    }

    /// Checks the rules a parsed span list must obey, from the outside: plain runs are non-empty
    /// and merged, directives frame styled spans, a span's inside is neither empty nor padded with
    /// whitespace, and no span nests inside one of its own kind.
    fn check_spans(spans: &[Span], ancestors: &[char], body: &str) {
        let mut previous_plain = false;
        for span in spans {
            let is_plain = matches!(span, Span::Plain(_));
            assert!(
                !(is_plain && previous_plain),
                "{body:?}: adjacent plain spans"
            );
            previous_plain = is_plain;
            let (c, children) = match span {
                Span::Plain(text) => {
                    assert!(!text.is_empty(), "{body:?}: empty plain span");
                    continue;
                }
                Span::Directive(c) => panic!("{body:?}: loose directive {c:?}"),
                Span::Code(text) => {
                    assert!(!ancestors.contains(&'`'));
                    check_inside(text, body);
                    continue;
                }
                Span::Strong(children) => ('*', children),
                Span::Emphasis(children) => ('_', children),
                Span::Strike(children) => ('~', children),
            };
            assert!(!ancestors.contains(&c), "{body:?}: {c:?} inside {c:?}");
            let [Span::Directive(open), inner @ .., Span::Directive(close)] = children.as_slice()
            else {
                panic!("{body:?}: {span:?} is not framed by directives");
            };
            assert_eq!((*open, *close), (c, c), "{body:?}");
            let mut text = String::new();
            write_spans(inner, &mut text);
            check_inside(&text, body);
            let mut nested = ancestors.to_vec();
            nested.push(c);
            check_spans(inner, &nested, body);
        }
    }

    fn check_inside(text: &str, body: &str) {
        let first = text.chars().next().expect("spans are never empty");
        let last = text.chars().last().expect("spans are never empty");
        assert!(
            !first.is_whitespace(),
            "{body:?}: opening directive before whitespace"
        );
        assert!(
            !last.is_whitespace(),
            "{body:?}: closing directive after whitespace"
        );
    }

    // Blocks.

    #[test]
    fn a_plain_body_is_one_plain_line() {
        assert_eq!(parsed("hello world"), vec![plain_line("hello world")]);
    }

    #[test]
    fn an_empty_body_is_one_empty_line() {
        assert_eq!(parsed(""), vec![line(&[])]);
    }

    #[test]
    fn every_line_is_a_block_including_empty_ones() {
        assert_eq!(
            parsed("a\n\nb\n"),
            vec![plain_line("a"), line(&[]), plain_line("b"), line(&[])]
        );
        assert_eq!(parsed("\n"), vec![line(&[]), line(&[])]);
    }

    #[test]
    fn a_code_block_is_raw_and_ends_at_its_closing_fence() {
        assert_eq!(
            parsed("```\ncode *not bold*\n```"),
            vec![pre("```", &["code *not bold*"], true)]
        );
        assert_eq!(
            parsed("```rust\nfn main() {}\n```\nafter *b*"),
            vec![
                pre("```rust", &["fn main() {}"], true),
                line(&[plain("after "), strong(&[plain("b")])]),
            ]
        );
    }

    #[test]
    fn a_code_block_without_a_closing_fence_runs_to_the_end_of_the_body() {
        assert_eq!(parsed("```\na\nb"), vec![pre("```", &["a", "b"], false)]);
        assert_eq!(parsed("```"), vec![pre("```", &[], false)]);
        assert_eq!(parsed("```\n"), vec![pre("```", &[""], false)]);
    }

    #[test]
    fn only_a_line_of_exactly_three_backticks_closes_a_code_block() {
        assert_eq!(
            parsed("```\n``` \n````\n x\n```\nafter"),
            vec![
                pre("```", &["``` ", "````", " x"], true),
                plain_line("after")
            ]
        );
    }

    #[test]
    fn any_line_beginning_with_three_backticks_opens_a_code_block() {
        assert_eq!(parsed("```a```"), vec![pre("```a```", &[], false)]);
        assert_eq!(parsed("````\na\n```"), vec![pre("````", &["a"], true)]);
        // Not at the start of the line: spans, and here nothing matches.
        assert_eq!(parsed(" ```x```"), vec![plain_line(" ```x```")]);
    }

    #[test]
    fn quote_markers_inside_a_code_block_are_text() {
        assert_eq!(
            parsed("```\n> not a quote\n```"),
            vec![pre("```", &["> not a quote"], true)]
        );
    }

    #[test]
    fn quotes_nest_and_end_at_the_first_unquoted_line() {
        assert_eq!(
            parsed("> quote\n>> nested\nafter"),
            vec![
                quote(
                    &["> ", ">"],
                    &[plain_line("quote"), quote(&["> "], &[plain_line("nested")])]
                ),
                plain_line("after"),
            ]
        );
    }

    #[test]
    fn the_xep_nested_quotation_example() {
        assert_eq!(
            parsed(">> That that is, is.\n> Said the old hermit of Prague.\n\nWho?"),
            vec![
                quote(
                    &[">", "> "],
                    &[
                        quote(&["> "], &[plain_line("That that is, is.")]),
                        plain_line("Said the old hermit of Prague."),
                    ]
                ),
                line(&[]),
                plain_line("Who?"),
            ]
        );
    }

    #[test]
    fn only_one_whitespace_character_after_the_marker_is_cut() {
        assert_eq!(
            parsed(">quote"),
            vec![quote(&[">"], &[plain_line("quote")])]
        );
        assert_eq!(
            parsed(">  two spaces"),
            vec![quote(&["> "], &[plain_line(" two spaces")])]
        );
        assert_eq!(
            parsed(">\ttab"),
            vec![quote(&[">\t"], &[plain_line("tab")])]
        );
        assert_eq!(
            parsed(">\u{3000}wide"),
            vec![quote(&[">\u{3000}"], &[plain_line("wide")])]
        );
        assert_eq!(parsed(">"), vec![quote(&[">"], &[line(&[])])]);
        assert_eq!(parsed("> "), vec![quote(&["> "], &[line(&[])])]);
    }

    #[test]
    fn a_space_between_markers_still_nests() {
        assert_eq!(
            parsed("> > nested"),
            vec![quote(&["> "], &[quote(&["> "], &[plain_line("nested")])])]
        );
    }

    #[test]
    fn an_unquoted_line_separates_two_quotes() {
        assert_eq!(
            parsed("> a\n\n> b"),
            vec![
                quote(&["> "], &[plain_line("a")]),
                line(&[]),
                quote(&["> "], &[plain_line("b")]),
            ]
        );
    }

    #[test]
    fn lines_in_a_quote_have_spans() {
        assert_eq!(
            parsed("> *b* _i_"),
            vec![quote(
                &["> "],
                &[line(&[
                    strong(&[plain("b")]),
                    plain(" "),
                    emphasis(&[plain("i")]),
                ])]
            )]
        );
    }

    #[test]
    fn a_code_block_in_a_quote_ends_with_the_quote() {
        // The XEP's "no closing preformatted text sequence" example.
        assert_eq!(
            parsed("> ```\n> (println \"Hello, world!\")\n\nThe entire blockquote is a preformatted text block, but this line is plaintext!"),
            vec![
                quote(
                    &["> ", "> "],
                    &[pre("```", &["(println \"Hello, world!\")"], false)]
                ),
                line(&[]),
                plain_line(
                    "The entire blockquote is a preformatted text block, but this line is plaintext!"
                ),
            ]
        );
        assert_eq!(
            parsed("> ```\nnot quoted"),
            vec![
                quote(&["> "], &[pre("```", &[], false)]),
                plain_line("not quoted")
            ]
        );
    }

    #[test]
    fn a_code_block_in_a_quote_closes_with_a_quoted_fence() {
        assert_eq!(
            parsed("> ```\n> pre *x*\n> ```\n> not pre *x*"),
            vec![quote(
                &["> ", "> ", "> ", "> "],
                &[
                    pre("```", &["pre *x*"], true),
                    line(&[plain("not pre "), strong(&[plain("x")])]),
                ]
            )]
        );
        assert_eq!(
            parsed(">```\n>a\n>```"),
            vec![quote(&[">", ">", ">"], &[pre("```", &["a"], true)])]
        );
    }

    #[test]
    fn a_code_block_at_top_level_keeps_quoted_looking_lines() {
        // The code block is found first, so the quoted-looking lines inside are raw.
        assert_eq!(
            parsed("```\n> a\n> ```\n```"),
            vec![pre("```", &["> a", "> ```"], true)]
        );
    }

    #[test]
    fn quotes_nest_at_most_max_quote_depth_deep() {
        let markers = ">".repeat(MAX_QUOTE_DEPTH + 5);
        let body = format!("{markers} x");
        let blocks = parsed(&body);
        let mut depth = 0;
        let mut current = blocks.as_slice();
        while let [Block::Quote { blocks, .. }] = current {
            depth += 1;
            current = blocks;
        }
        assert_eq!(depth, MAX_QUOTE_DEPTH);
        assert_eq!(current, [plain_line(&format!("{} x", ">".repeat(5)))]);
    }

    // Spans.

    #[test]
    fn strong_and_emphasis_keep_their_directives() {
        assert_eq!(
            parsed("*bold* and _it_"),
            vec![Block::Line(vec![
                Span::Strong(vec![
                    Span::Directive('*'),
                    Span::Plain("bold".into()),
                    Span::Directive('*'),
                ]),
                Span::Plain(" and ".into()),
                Span::Emphasis(vec![
                    Span::Directive('_'),
                    Span::Plain("it".into()),
                    Span::Directive('_'),
                ]),
            ])]
        );
    }

    #[test]
    fn strike_through() {
        assert_eq!(
            parsed("~strike~"),
            vec![line(&[strike(&[plain("strike")])])]
        );
    }

    #[test]
    fn nothing_is_styled_inside_a_code_span() {
        assert_eq!(parsed("`code *x*`"), vec![line(&[code("code *x*")])]);
    }

    #[test]
    fn spans_nest() {
        assert_eq!(
            parsed("*a _b_ c*"),
            vec![line(&[strong(&[
                plain("a "),
                emphasis(&[plain("b")]),
                plain(" c"),
            ])])]
        );
    }

    #[test]
    fn a_directive_inside_a_word_opens_nothing() {
        assert_eq!(parsed("not*bold*"), vec![plain_line("not*bold*")]);
        assert_eq!(
            parsed("snake_case_name"),
            vec![plain_line("snake_case_name")]
        );
    }

    #[test]
    fn an_opening_directive_followed_by_whitespace_opens_nothing() {
        assert_eq!(parsed("* not bold*"), vec![plain_line("* not bold*")]);
    }

    #[test]
    fn an_unclosed_directive_is_plain() {
        assert_eq!(parsed("*unclosed"), vec![plain_line("*unclosed")]);
    }

    #[test]
    fn an_empty_span_is_plain() {
        assert_eq!(parsed("**"), vec![plain_line("**")]);
        assert_eq!(parsed("``"), vec![plain_line("``")]);
    }

    #[test]
    fn spans_do_not_cross_line_breaks() {
        assert_eq!(parsed("*a\nb*"), vec![plain_line("*a"), plain_line("b*")]);
    }

    #[test]
    fn the_xep_examples() {
        for (body, expected) in [
            // §5.2: styled as indicated.
            ("*strong*", "<b>*strong*</b>"),
            ("plain *strong* plain", "plain <b>*strong*</b> plain"),
            (
                "*strong* plain *strong*",
                "<b>*strong*</b> plain <b>*strong*</b>",
            ),
            ("*strong*plain*", "<b>*strong*</b>plain*"),
            ("* plain *strong*", "* plain <b>*strong*</b>"),
            // §5.2: nothing styled.
            ("not strong*", "not strong*"),
            ("*not strong", "*not strong"),
            ("*not *strong", "*not *strong"),
            ("**", "**"),
            ("****", "****"),
            // Glossary and span sections.
            ("_emphasized span_", "<i>_emphasized span_</i>"),
            (
                "_emphasized span containing *strong span*_",
                "<i>_emphasized span containing <b>*strong span*</b>_</i>",
            ),
            ("span one *span two*", "span one <b>*span two*</b>"),
            (
                "Everyone ~dis~likes cake.",
                "Everyone <s>~dis~</s>likes cake.",
            ),
            (
                "The full title is _Twelfth Night, or What You Will_ but",
                "The full title is <i>_Twelfth Night, or What You Will_</i> but",
            ),
            (
                "*most* people shorten it.",
                "<b>*most*</b> people shorten it.",
            ),
            ("This is `monospace`", "This is <code>`monospace`</code>"),
            (
                "This is `*monospace*`",
                "This is <code>`*monospace*`</code>",
            ),
            (
                "This is *`monospace and bold`*",
                "This is <b>*<code>`monospace and bold`</code>*</b>",
            ),
            (
                "Wow, I can write in `monospace`!",
                "Wow, I can write in <code>`monospace`</code>!",
            ),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn matching_is_lazy_and_spans_cannot_overlap() {
        for (body, expected) in [
            // The first possible closing directive wins, even inside what looks like a span.
            ("*a *b* c*", "<b>*a *b*</b> c*"),
            ("*a*b*", "<b>*a*</b>b*"),
            ("*this cannot _overlap*_", "<b>*this cannot _overlap*</b>_"),
            ("*`a*`", "<b>*`a*</b>`"),
            ("*a `b* c`", "<b>*a `b*</b> c`"),
            // A closing directive after whitespace is skipped, not a stop.
            ("*a * b*", "<b>*a * b*</b>"),
            ("a * b * c", "a * b * c"),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn an_opening_directive_may_follow_a_different_opening_directive() {
        for (body, expected) in [
            ("*_a_*", "<b>*<i>_a_</i>*</b>"),
            ("_*a*_", "<i>_<b>*a*</b>_</i>"),
            ("~_*a*_~", "<s>~<i>_<b>*a*</b>_</i>~</s>"),
            ("*~_`a`_~*", "<b>*<s>~<i>_<code>`a`</code>_</i>~</s>*</b>"),
            (
                "_no pre `with *children*`_",
                "<i>_no pre <code>`with *children*`</code>_</i>",
            ),
            // But not a directive that opened nothing.
            ("~*a*", "~*a*"),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn a_doubled_directive_opens_nothing() {
        // The second directive is not after whitespace either, so it opens nothing as well.
        for body in [
            "***", "**bold**", "***a***", "__a__", "~~a~~", "``a``", "**a*",
        ] {
            assert_eq!(shown(body), body, "{body:?}");
        }
    }

    #[test]
    fn whitespace_is_unicode_whitespace() {
        // U+3000 IDEOGRAPHIC SPACE before, U+00A0 NO-BREAK SPACE inside.
        assert_eq!(shown("a\u{3000}*b*"), "a\u{3000}<b>*b*</b>");
        assert_eq!(shown("*\u{a0}b*"), "*\u{a0}b*");
        assert_eq!(shown("*b\u{a0}*"), "*b\u{a0}*");
        assert_eq!(shown("a\t_b_"), "a\t<i>_b_</i>");
    }

    #[test]
    fn non_ascii_text_is_kept_whole() {
        assert_eq!(
            shown("*héllo* 😀 _wörld_ `ç`"),
            "<b>*héllo*</b> 😀 <i>_wörld_</i> <code>`ç`</code>"
        );
    }

    #[test]
    fn several_code_spans_on_a_line() {
        assert_eq!(
            parsed("`a` `b` *c*"),
            vec![line(&[
                code("a"),
                plain(" "),
                code("b"),
                plain(" "),
                strong(&[plain("c")]),
            ])]
        );
    }

    // The round trip and robustness.

    #[test]
    fn to_text_of_hand_built_blocks_does_not_panic() {
        let odd = vec![
            quote(&["> ", "> ", "> "], &[plain_line("one line")]),
            quote(&[], &[plain_line("a"), plain_line("b")]),
            line(&[Span::Directive('*')]),
        ];
        assert_eq!(to_text(&odd), "> one line\n> \n> \na\nb\n*");
        assert_eq!(to_text(&[]), "");
    }

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
}
