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
//!
//! How the module is laid out, one concern per file:
//!
//! - `model.rs`: the parse result, [`Block`] and [`Span`], as the view consumes it.
//! - `blocks.rs`: splitting the body into lines, code blocks and (nested) quotations.
//! - `spans.rs`: the spans of one line, the directive rules and the lazy matching.
//! - `text.rs`: writing a parse back to the body text ([`to_text`]).
//! - `tests.rs`, `test_support.rs`: round-trip and robustness properties over many generated
//!   bodies, and the builders and invariant checks every test module here shares. The tests of
//!   one rule (a block, a span, the text writer) sit next to its code.

mod blocks;
mod model;
mod spans;
mod text;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

pub use model::{Block, Span};

/// The deepest nesting of quotations that is parsed as quotations.
///
/// A body of 100 000 `>` characters would otherwise nest that deep, and everything that walks the
/// result (parsing, dropping, rendering) is recursive. Real quotations rarely go past a handful of
/// levels, so a line that would open a deeper level is kept as a plain line, `>` characters and
/// all: the text is still all there, only not indented further.
pub const MAX_QUOTE_DEPTH: usize = 32;

/// Parses a message body into blocks, following XEP-0393 (see the module documentation).
///
/// Every line of the body belongs to exactly one block, so an empty body gives one empty
/// [`Block::Line`]. Never panics, for any input.
pub fn parse(body: &str) -> Vec<Block> {
    let lines: Vec<&str> = body.split('\n').collect();
    blocks::parse_blocks(&lines, 0)
}

/// The body text back from a parse, for the round-trip invariant and for copy and paste.
///
/// `to_text(&parse(body)) == body` for every `body`. Blocks built by hand are joined the same way;
/// if a quotation's `prefix_lines` and its blocks disagree on the number of lines, the extra
/// prefixes or lines are written without their partner rather than panicking.
pub fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    text::write_blocks(blocks, &mut out);
    out
}
