//! Inline spans: the text of a paragraph, list item, table cell or heading, with its code,
//! emphasis, links and maths. A span tree ([`Inline`]) for writers; flat [`Run`]s for readers,
//! which meet styles one text node at a time and build the tree at the end.
//!
//! In JSON a text with no markup is a plain string (`"A pod."`); any other text is an array of
//! spans, plain strings for plain text and one-key objects for the rest:
//! `["Use ", {"code": "ls -l"}, " or ", {"link": {"url": "https://…", "text": "the manual"}}]`.

use serde::{Deserialize, Serialize};

/// One inline span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "InlineRepr")]
pub enum Inline {
    /// Plain words: `A pod is`.
    Text(String),
    /// Inline code, from `` `ls -l` `` or `<code>ls -l</code>`.
    Code(String),
    /// Bold, from `**always**` or `<strong>`.
    Strong(Text),
    /// Italic, from `*often*` or `<em>`.
    Emphasis(Text),
    /// A link, from `[the manual](https://…)` or `<a href>`.
    Link {
        /// Where it points.
        url: String,
        /// What it says.
        text: Text,
    },
    /// TeX maths, from `$x^2$` (inline) or `$$x^2$$` (display, on a line of its own).
    Math {
        /// Set apart on its own line rather than in the sentence.
        display: bool,
        /// The TeX source, without its dollars.
        tex: String,
    },
}

/// Rich text: a sequence of spans, adjacent plain text merged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(from = "TextRepr")]
pub struct Text(Vec<Inline>);

impl Text {
    /// The text of these spans; plain words merge with the ones before them.
    pub fn new(spans: impl IntoIterator<Item = Inline>) -> Text {
        let mut out: Vec<Inline> = Vec::new();
        for span in spans {
            match (out.last_mut(), span) {
                (_, Inline::Text(s)) if s.is_empty() => {}
                (Some(Inline::Text(last)), Inline::Text(s)) => last.push_str(&s),
                (_, span) => out.push(span),
            }
        }
        Text(out)
    }

    /// The spans, in reading order.
    pub fn spans(&self) -> &[Inline] {
        &self.0
    }

    /// True when there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text when it has no markup (`Some("")` when empty).
    pub fn as_plain(&self) -> Option<&str> {
        match self.0.as_slice() {
            [] => Some(""),
            [Inline::Text(s)] => Some(s),
            _ => None,
        }
    }

    /// The text as plain words, as readers compared it and dedupe reads it: inline code keeps its
    /// backticks (`` `ls` ``), maths its dollars, a link its words (not its URL), emphasis goes.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        self.plain_into(&mut |s| out.push_str(s));
        out
    }

    /// [`Text::plain`], borrowed when the text has no markup.
    pub fn plain_cow(&self) -> std::borrow::Cow<'_, str> {
        match self.as_plain() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(self.plain()),
        }
    }

    /// [`Text::plain`], fed piece by piece.
    pub fn plain_into(&self, feed: &mut dyn FnMut(&str)) {
        for span in &self.0 {
            match span {
                Inline::Text(s) => feed(s),
                Inline::Code(s) => {
                    feed("`");
                    feed(s);
                    feed("`");
                }
                Inline::Strong(t) | Inline::Emphasis(t) | Inline::Link { text: t, .. } => {
                    t.plain_into(feed)
                }
                Inline::Math { display, tex } => {
                    let dollars = if *display { "$$" } else { "$" };
                    feed(dollars);
                    feed(tex);
                    feed(dollars);
                }
            }
        }
    }

    /// The text as flat runs, each with the marks it sits under.
    pub fn runs(&self) -> Vec<Run> {
        let mut out = Vec::new();
        runs_into(&self.0, &Marks::default(), &mut out);
        out
    }

    /// The span tree of flat runs: links outermost, then bold, then italic.
    pub fn from_runs(runs: &[Run]) -> Text {
        Text::new(tree(runs, 0))
    }

    /// The part of the text whose [`Text::plain`] is `plain[range]`; a code or maths span cut in
    /// two becomes plain text.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Text {
        let mut out = Vec::new();
        let mut at = 0;
        for run in self.runs() {
            let plain = run.leaf.plain();
            let (start, end) = (at, at + plain.len());
            at = end;
            let (a, b) = (range.start.max(start), range.end.min(end));
            if a >= b {
                continue;
            }
            if a == start && b == end {
                out.push(run);
            } else if let Some(part) = plain.get(a - start..b - start) {
                out.push(Run {
                    marks: run.marks,
                    leaf: Leaf::Text(part.to_string()),
                });
            }
        }
        Text::from_runs(&out)
    }

    /// The text with white space runs made one space and none at either end, like readers
    /// normalise plain text; falls back to that plain text when the spans cannot say it.
    pub fn normalised(&self) -> Text {
        if let Some(plain) = self.as_plain() {
            return Text::from(plain.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        let plain = self.plain();
        let want: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut runs = self.runs();
        let mut space_before = true;
        for run in &mut runs {
            if let Leaf::Text(s) = &mut run.leaf {
                *s = collapse_space(s, &mut space_before);
            } else {
                // Inside code and maths a run of white space is one space, as in plain text.
                let (Leaf::Code(s) | Leaf::Math(_, s)) = &mut run.leaf else {
                    continue;
                };
                *s = collapse_space(s, &mut false);
                space_before = false;
            }
        }
        // A space the last run ended on.
        while let Some(last) = runs.last_mut() {
            match &mut last.leaf {
                Leaf::Text(s) if s.trim_end().is_empty() => {
                    runs.pop();
                }
                Leaf::Text(s) => {
                    s.truncate(s.trim_end().len());
                    break;
                }
                _ => break,
            }
        }
        let text = Text::from_runs(&runs);
        if text.plain() == want {
            text
        } else {
            Text::from(want)
        }
    }
}

/// `s` with each run of white space made one space; `in_space` says whether a space comes just
/// before `s` (then a leading run is dropped) and is left saying whether `s` ends in one.
fn collapse_space(s: &str, in_space: &mut bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_whitespace() {
            out.push(c);
            *in_space = false;
        } else if !*in_space {
            out.push(' ');
            *in_space = true;
        }
    }
    out
}

impl From<String> for Text {
    /// One span in a vector of exactly one: most paragraphs and items are plain, and a reader
    /// makes one per paragraph (a vector grown by pushing holds four).
    fn from(text: String) -> Text {
        if text.is_empty() {
            Text(Vec::new())
        } else {
            Text(vec![Inline::Text(text)])
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

/// The marks a run of text sits under.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// Inside a link to this URL.
    pub link: Option<String>,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emphasis: bool,
}

/// What a run holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaf {
    /// Plain words.
    Text(String),
    /// Inline code.
    Code(String),
    /// Maths, inline (`false`) or display (`true`).
    Math(bool, String),
}

impl Leaf {
    /// The leaf as [`Text::plain`] writes it.
    pub fn plain(&self) -> String {
        match self {
            Leaf::Text(s) => s.clone(),
            Leaf::Code(s) => format!("`{s}`"),
            Leaf::Math(false, s) => format!("${s}$"),
            Leaf::Math(true, s) => format!("$${s}$$"),
        }
    }
}

/// A stretch of text under one set of marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Link, bold, italic.
    pub marks: Marks,
    /// The text.
    pub leaf: Leaf,
}

fn runs_into(spans: &[Inline], marks: &Marks, out: &mut Vec<Run>) {
    for span in spans {
        let leaf = match span {
            Inline::Text(s) => Leaf::Text(s.clone()),
            Inline::Code(s) => Leaf::Code(s.clone()),
            Inline::Math { display, tex } => Leaf::Math(*display, tex.clone()),
            Inline::Strong(t) => {
                let inner = Marks {
                    strong: true,
                    ..marks.clone()
                };
                runs_into(&t.0, &inner, out);
                continue;
            }
            Inline::Emphasis(t) => {
                let inner = Marks {
                    emphasis: true,
                    ..marks.clone()
                };
                runs_into(&t.0, &inner, out);
                continue;
            }
            Inline::Link { url, text } => {
                let inner = Marks {
                    link: Some(url.clone()),
                    ..marks.clone()
                };
                runs_into(&text.0, &inner, out);
                continue;
            }
        };
        out.push(Run {
            marks: marks.clone(),
            leaf,
        });
    }
}

/// Spans of `runs` from mark level `level` down: 0 groups by link, 1 by bold, 2 by italic.
fn tree(runs: &[Run], level: u8) -> Vec<Inline> {
    let key = |r: &Run| match level {
        0 => r.marks.link.clone(),
        1 => r.marks.strong.then(String::new),
        2 => r.marks.emphasis.then(String::new),
        _ => None,
    };
    if level > 2 {
        return runs
            .iter()
            .map(|r| match &r.leaf {
                Leaf::Text(s) => Inline::Text(s.clone()),
                Leaf::Code(s) => Inline::Code(s.clone()),
                Leaf::Math(display, tex) => Inline::Math {
                    display: *display,
                    tex: tex.clone(),
                },
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let k = key(&runs[i]);
        let mut j = i + 1;
        while j < runs.len() && key(&runs[j]) == k {
            j += 1;
        }
        let inner = tree(&runs[i..j], level + 1);
        match k {
            None => out.extend(inner),
            Some(url) => out.push(match level {
                0 => Inline::Link {
                    url,
                    text: Text::new(inner),
                },
                1 => Inline::Strong(Text::new(inner)),
                _ => Inline::Emphasis(Text::new(inner)),
            }),
        }
        i = j;
    }
    out
}

/// Serialised as [`TextRepr`] would be, without copying the text into one first: the JSON of a
/// large bank writes every answer's text.
impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_plain() {
            Some(s) => serializer.serialize_str(s),
            None => serializer.collect_seq(&self.0),
        }
    }
}

/// Serialised as [`InlineRepr`] would be (plain text a string, any other span a one-key object
/// named as [`Tagged`]'s variants are), without copying the span first.
impl Serialize for Inline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStructVariant;
        const TAGGED: &str = "Tagged";
        match self {
            Inline::Text(s) => serializer.serialize_str(s),
            Inline::Code(s) => serializer.serialize_newtype_variant(TAGGED, 0, "code", s),
            Inline::Strong(t) => serializer.serialize_newtype_variant(TAGGED, 1, "strong", t),
            Inline::Emphasis(t) => serializer.serialize_newtype_variant(TAGGED, 2, "emphasis", t),
            Inline::Link { url, text } => {
                let mut link = serializer.serialize_struct_variant(TAGGED, 3, "link", 2)?;
                link.serialize_field("url", url)?;
                link.serialize_field("text", text)?;
                link.end()
            }
            Inline::Math {
                display: false,
                tex,
            } => serializer.serialize_newtype_variant(TAGGED, 4, "math", tex),
            Inline::Math { display: true, tex } => {
                serializer.serialize_newtype_variant(TAGGED, 5, "display_math", tex)
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum TextRepr {
    Plain(String),
    Spans(Vec<Inline>),
}

impl From<TextRepr> for Text {
    fn from(repr: TextRepr) -> Text {
        match repr {
            TextRepr::Plain(s) => Text::from(s),
            TextRepr::Spans(spans) => Text::new(spans),
        }
    }
}

impl From<Text> for TextRepr {
    fn from(text: Text) -> TextRepr {
        match text.as_plain() {
            Some(s) => TextRepr::Plain(s.to_string()),
            None => TextRepr::Spans(text.0),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum InlineRepr {
    Text(String),
    Tagged(Tagged),
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tagged {
    Code(String),
    Strong(Text),
    Emphasis(Text),
    Link { url: String, text: Text },
    Math(String),
    DisplayMath(String),
}

impl From<InlineRepr> for Inline {
    fn from(repr: InlineRepr) -> Inline {
        match repr {
            InlineRepr::Text(s) => Inline::Text(s),
            InlineRepr::Tagged(Tagged::Code(s)) => Inline::Code(s),
            InlineRepr::Tagged(Tagged::Strong(t)) => Inline::Strong(t),
            InlineRepr::Tagged(Tagged::Emphasis(t)) => Inline::Emphasis(t),
            InlineRepr::Tagged(Tagged::Link { url, text }) => Inline::Link { url, text },
            InlineRepr::Tagged(Tagged::Math(tex)) => Inline::Math {
                display: false,
                tex,
            },
            InlineRepr::Tagged(Tagged::DisplayMath(tex)) => Inline::Math { display: true, tex },
        }
    }
}

impl From<Inline> for InlineRepr {
    fn from(inline: Inline) -> InlineRepr {
        InlineRepr::Tagged(match inline {
            Inline::Text(s) => return InlineRepr::Text(s),
            Inline::Code(s) => Tagged::Code(s),
            Inline::Strong(t) => Tagged::Strong(t),
            Inline::Emphasis(t) => Tagged::Emphasis(t),
            Inline::Link { url, text } => Tagged::Link { url, text },
            Inline::Math {
                display: false,
                tex,
            } => Tagged::Math(tex),
            Inline::Math { display: true, tex } => Tagged::DisplayMath(tex),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rich() -> Text {
        Text::new([
            Inline::Text("Use ".into()),
            Inline::Code("ls".into()),
            Inline::Text(", ".into()),
            Inline::Strong(Text::new([
                Inline::Text("very ".into()),
                Inline::Emphasis("often".into()),
            ])),
            Inline::Text(" see ".into()),
            Inline::Link {
                url: "https://example.com/".into(),
                text: "the docs".into(),
            },
            Inline::Text(" and ".into()),
            Inline::Math {
                display: false,
                tex: "x^2".into(),
            },
        ])
    }

    #[test]
    fn plain_text_keeps_code_ticks_and_maths_dollars() {
        assert_eq!(
            rich().plain(),
            "Use `ls`, very often see the docs and $x^2$"
        );
    }

    #[test]
    fn json_is_a_string_when_plain_and_spans_otherwise() {
        assert_eq!(serde_json::to_string(&Text::from("A.")).unwrap(), r#""A.""#);
        let json = serde_json::to_string(&rich()).unwrap();
        assert_eq!(
            json,
            r#"["Use ",{"code":"ls"},", ",{"strong":["very ",{"emphasis":"often"}]}," see ",{"link":{"url":"https://example.com/","text":"the docs"}}," and ",{"math":"x^2"}]"#
        );
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rich());
    }

    #[test]
    fn runs_round_trip_into_the_same_tree() {
        assert_eq!(Text::from_runs(&rich().runs()), rich());
    }

    #[test]
    fn slicing_by_plain_offsets_keeps_spans() {
        let text = rich();
        let plain = text.plain();
        let from = plain.find("very").unwrap();
        let cut = text.slice(from..plain.len());
        assert_eq!(cut.plain(), &plain[from..]);
        assert!(matches!(cut.spans()[0], Inline::Strong(_)));
        // Half a code span is plain text.
        let half = text.slice(5..7);
        assert_eq!(half.as_plain(), Some("ls"));
    }

    #[test]
    fn normalising_collapses_space_across_spans() {
        let text = Text::new([
            Inline::Text("  a  ".into()),
            Inline::Strong(" b ".into()),
            Inline::Text("  c ".into()),
        ]);
        let n = text.normalised();
        assert_eq!(n.plain(), "a b c");
        assert!(matches!(n.spans()[1], Inline::Strong(_)));
    }
}
