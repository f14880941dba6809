//! The note type's look: card templates and CSS that read well on a phone and in night mode.
//!
//! The templates and fields are part of the note type's shape. Anki matches note types by id and,
//! when an incoming note type's fields or templates differ from the one it holds, imports a renamed
//! copy and stops updating the learner's notes. So change the field list or templates only together
//! with a new note type name (and so a new id); CSS may change freely, with [`NOTETYPE_MOD`]
//! moved forward so that Anki takes the new look.

/// The note type's name; its id is derived from it.
pub const NOTETYPE_NAME: &str = "qa-convert Q&A";

/// Fields, in order. The first is the sort field.
pub const FIELDS: [&str; 4] = ["Question", "Answer", "Also asked as", "Source"];

/// When the note type last changed (seconds since the epoch). A fixed date, never the wall clock:
/// Anki replaces its copy of the note type only when this is newer.
// 2026-12-02: numbered lists, tables, quotes, inline code; a long answer's folded rest.
pub const NOTETYPE_MOD: i64 = 1_796_169_600;

/// The front of the card: the question.
pub const FRONT: &str = "<div class=\"qa\"><div class=\"qa-question\">{{Question}}</div></div>";

/// The back: the question again, a rule, the answer, other phrasings and where it came from.
pub const BACK: &str = "<div class=\"qa\"><div class=\"qa-question\">{{Question}}</div>\n\
<hr id=\"answer\">\n\
<div class=\"qa-answer\">{{Answer}}</div>\n\
{{#Also asked as}}<div class=\"qa-also\"><div class=\"qa-label\">Also asked as</div>{{Also asked as}}</div>{{/Also asked as}}\n\
{{#Source}}<div class=\"qa-source\">{{Source}}</div>{{/Source}}</div>";

/// Card CSS: one column of readable width (every part shares the same left edge), system fonts,
/// comfortable line height, lists and code that fit a phone screen, and colours for night mode
/// (Anki desktop and AnkiMobile set `.nightMode`, AnkiDroid `.night_mode`, on the card's body).
/// Code keeps its lines (`white-space: pre`) and scrolls sideways: wrapped code would lose its
/// indentation, which is the structure a reader needs.
pub const CSS: &str = r#".card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 18px;
  line-height: 1.5;
  color: #1f2328;
  background: #ffffff;
  text-align: left;
  margin: 0;
  padding: 16px;
}
.qa { max-width: 680px; margin: 0 auto; }
.qa-question { font-size: 1.2em; font-weight: 600; line-height: 1.35; }
#answer { margin: 14px 0; border: 0; border-top: 1px solid #d0d7de; }
.qa-answer p { margin: 0 0 0.7em; }
.qa-answer ul { margin: 0 0 0.7em; padding-left: 1.3em; }
.qa-answer li { margin: 0.25em 0; }
.qa-answer b { color: #0b4f8a; }
pre {
  background: #f6f8fa;
  border-radius: 6px;
  padding: 10px 12px;
  margin: 0 0 0.7em;
  overflow-x: auto;
  white-space: pre;
  font-size: 0.85em;
  line-height: 1.4;
}
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.qa-also {
  margin-top: 1em;
  padding: 6px 12px;
  border-left: 3px solid #d0d7de;
  font-size: 0.9em;
  color: #3d444d;
}
.qa-label { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em; color: #656d76; }
.qa-alts { margin: 0.2em 0 0; padding-left: 1.2em; }
.qa-alts li { margin: 0.15em 0; }
.qa-more { margin-top: 0.5em; }
.qa-more summary, .qa-rest summary { cursor: pointer; color: #0b4f8a; font-weight: 600; }
.qa-rest { margin: 0 0 0.7em; }
.qa-rest[open] summary { margin-bottom: 0.5em; }
.qa-alt { margin: 0.6em 0 0.2em; font-weight: 600; }
.qa-alt-answer { margin: 0 0 0.5em; }
.qa-alt-answer p, .qa-alt-answer ul { margin: 0.2em 0; }
.qa-source { margin-top: 1.2em; font-size: 0.75em; color: #656d76; }
.qa-answer ol { margin: 0 0 0.7em; padding-left: 1.7em; }
.qa-answer li > ul, .qa-answer li > ol { margin: 0.15em 0 0; }
.qa-answer h4 { font-size: 1em; margin: 0.9em 0 0.35em; }
.qa-answer :not(pre) > code {
  font-size: 0.9em;
  background: #f6f8fa;
  border-radius: 4px;
  padding: 0.1em 0.3em;
}
.qa-answer a { color: #0969da; }
.qa-answer img { max-width: 100%; height: auto; }
.qa-answer blockquote {
  margin: 0 0 0.7em;
  padding-left: 0.9em;
  border-left: 3px solid #d0d7de;
  color: #3d444d;
}
.qa-table { overflow-x: auto; margin: 0 0 0.7em; }
.qa-table table { border-collapse: collapse; font-size: 0.9em; }
.qa-table th, .qa-table td {
  border: 1px solid #d0d7de;
  padding: 4px 8px;
  vertical-align: top;
  min-width: 4em;
}
.qa-table th { background: #f6f8fa; }
@media (max-width: 480px) {
  .card { font-size: 16px; line-height: 1.45; padding: 12px; }
  pre { font-size: 0.8em; }
}
.nightMode.card, .nightMode .card, .night_mode.card, .night_mode .card {
  color: #e6edf3;
  background: #1e1f22;
}
.nightMode .qa-answer b, .night_mode .qa-answer b,
.nightMode .qa-more summary, .night_mode .qa-more summary,
.nightMode .qa-rest summary, .night_mode .qa-rest summary { color: #79c0ff; }
.nightMode pre, .night_mode pre,
.nightMode .qa-answer :not(pre) > code, .night_mode .qa-answer :not(pre) > code,
.nightMode .qa-table th, .night_mode .qa-table th { background: #2d2f34; }
.nightMode .qa-answer a, .night_mode .qa-answer a { color: #79c0ff; }
.nightMode .qa-table th, .nightMode .qa-table td,
.night_mode .qa-table th, .night_mode .qa-table td { border-color: #3d444d; }
.nightMode .qa-answer blockquote, .night_mode .qa-answer blockquote {
  color: #c9d1d9;
  border-left-color: #3d444d;
}
.nightMode #answer, .night_mode #answer { border-top-color: #3d444d; }
.nightMode .qa-also, .night_mode .qa-also { color: #c9d1d9; border-left-color: #3d444d; }
.nightMode .qa-label, .nightMode .qa-source,
.night_mode .qa-label, .night_mode .qa-source { color: #9198a1; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use sha1::{Digest, Sha1};

    /// The note type's shape (fields and templates) is pinned: changing it makes Anki import a
    /// renamed copy of the note type and stop updating the learner's notes. If this fails, the
    /// change needs a new note type name, not a new pinned value.
    #[test]
    fn note_type_shape_is_pinned() {
        let mut shape = Sha1::new();
        for part in FIELDS.iter().chain([&FRONT, &BACK]) {
            shape.update(part.as_bytes());
            shape.update(b"\0");
        }
        let digest: String = shape.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, "cf3cc44f1ec51a61");
    }
}
