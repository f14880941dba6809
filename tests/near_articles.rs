//! Properties on generated near-articles: articles built from the layouts readers know (numbered
//! questions, headings, bold lines, lists, code, quotes, HTML), then broken the way real files
//! are (any line ends, any encoding, unclosed fences and tags, deep nesting, stray bytes). Every
//! reader must read each one without a panic and give questions that point into the input;
//! well-formed articles keep every question whatever their line ends and encoding.

use proptest::prelude::*;
use qa_convert::dedupe;
use qa_convert::read::{self, Format};

/// One piece of an article, as source text of its format.
fn piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "process", "thread", "cache", "index", "deadlock", "mutex", "kernel", "socket", "ß",
        "数据", "<b>", "&amp;", "`x`", "*", "_", "|", "\u{200b}", "\u{feff}",
    ]);
    let words = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
    let depth = 0usize..300;
    prop_oneof![
        (1u32..200, words.clone()).prop_map(|(n, w)| format!("Q{n}. What is a {w}?\n")),
        (1u32..200, words.clone()).prop_map(|(n, w)| format!("{n}. How does {w} work?\n")),
        words.clone().prop_map(|w| format!("## What is {w}?\n")),
        words.clone().prop_map(|w| format!("**Why {w}?**\n")),
        words
            .clone()
            .prop_map(|w| format!("A {w} is a thing that holds {w}.\n\n")),
        words.clone().prop_map(|w| format!("- {w}\n- {w} again\n")),
        words
            .clone()
            .prop_map(|w| format!("```rust\nlet {w} = 1;\n")),
        (depth.clone(), words.clone()).prop_map(|(d, w)| format!("{}{w}\n", "> ".repeat(d))),
        (depth.clone(), words.clone()).prop_map(|(d, w)| format!("{}{w}\n", "  - ".repeat(d))),
        (depth.clone(), words.clone())
            .prop_map(|(d, w)| format!("{}<h3>What is {w}?</h3><p>{w}</p>", "<div>".repeat(d))),
        words
            .clone()
            .prop_map(|w| format!("<li><strong>What is {w}?</strong><p>{w}")),
        Just("</div></ul></table><script>if (a < b) {".to_string()),
        Just("<!-- unclosed comment".to_string()),
        Just("<a href=\"x>y\" title='q'>link</a>".to_string()),
        Just("---\ntitle: x\n".to_string()),
        Just("\r".to_string()),
        Just("\u{0}".to_string()),
        Just("\t\u{b}\u{c}\u{7f}".to_string()),
    ]
}

fn near_article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// Every question of a reading is non-empty and points at a line of the input.
fn check(text: &str, format: Format) {
    let Ok(reading) = read::read(text, "near", format) else {
        return;
    };
    let lines = text.split(['\n', '\r']).count().max(1);
    for question in &reading.document.questions {
        assert!(
            !question.question.trim().is_empty(),
            "{format}: empty question"
        );
        assert!(
            (1..=lines + 1).contains(&question.source.line),
            "{format}: line {} of {lines}",
            question.source.line
        );
    }
    for warning in &reading.warnings {
        assert!(
            (1..=lines + 1).contains(&warning.line),
            "{format}: {warning:?}"
        );
    }
    let documents = [reading.document];
    let clusters = dedupe::dedupe(&documents, &dedupe::Options::default());
    let members: usize = clusters.iter().map(|c| c.members.len()).sum();
    assert_eq!(members, documents[0].questions.len());
}

/// A well-formed numbered article of `n` questions.
fn numbered(n: u32) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "Q{i}. What is item number {i}?\nItem {i} is the one after {}.\n\n",
                i - 1
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_reader_survives_near_articles(text in near_article()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            check(&text, format);
        }
        if let Ok(format) = read::detect(None, &text) {
            check(&text, format);
        }
    }

    #[test]
    fn bytes_of_any_kind_decode_or_are_refused_without_a_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        head in prop::sample::select(vec![&b""[..], b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\0\0", b"%PDF-", b"PK\x03\x04"]),
    ) {
        let mut input = head.to_vec();
        input.extend(bytes);
        if let Ok(text) = read::decode(input) {
            prop_assert!(!text.replace("\r\n", "").contains('\r'), "a lone CR is left");
            check(&text, Format::Text);
        }
    }

    #[test]
    fn line_ends_and_encodings_keep_every_question(
        n in 1u32..30,
        line_end in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        encoding in 0usize..4,
    ) {
        let text = numbered(n).replace('\n', line_end);
        let bytes: Vec<u8> = match encoding {
            0 => text.into_bytes(),
            1 => [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat(),
            2 => [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        };
        let text = read::decode(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let format = read::detect(None, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let reading = read::read(&text, "numbered", format).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(reading.document.questions.len(), n as usize);
        let last = &reading.document.questions[n as usize - 1];
        prop_assert_eq!(last.source.line, 3 * n as usize - 2);
    }
}
