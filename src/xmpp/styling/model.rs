//! What a parse gives: the [`Block`]s of a body and the [`Span`]s of each line.
//!
//! The types keep every character of the body, directives and quote markers included, so the
//! view can dim them and [`to_text`](super::to_text) can give the body back unchanged.

/// One styled run of text inside a line.
///
/// The styled variants hold their directive characters, so the text of a line is always the
/// concatenation of the text of its spans (see [`to_text`](super::to_text)).
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
    /// empty; the backticks themselves are not stored, and [`to_text`](super::to_text) (like the view, which shows
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
