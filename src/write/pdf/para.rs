//! Line breaking: shaped glyphs into lines no wider than a measure, at the break opportunities of
//! Unicode's line breaking algorithm (UAX #14); a word or URL wider than the measure is broken
//! between characters rather than left to run out of the column.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::text::{Shaped, Span, Usage, width};

/// A line as a range of a paragraph's glyphs, trailing spaces excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRange {
    pub start: usize,
    pub end: usize,
}

/// Shapes `spans` and breaks them into lines at most `measure` points wide at `size`.
pub fn break_spans(
    spans: &[Span],
    size: f32,
    measure: f32,
    usage: &mut Usage,
) -> (Vec<Shaped>, Vec<LineRange>) {
    let mut glyphs = Vec::new();
    usage.shape(spans, &mut glyphs);
    let mut text = String::with_capacity(glyphs.len());
    text.extend(glyphs.iter().map(|g| g.ch));
    let lines = break_glyphs(&text, &glyphs, size, measure);
    (glyphs, lines)
}

/// Breaks glyphs (whose characters are `text`) greedily into lines.
pub fn break_glyphs(text: &str, glyphs: &[Shaped], size: f32, measure: f32) -> Vec<LineRange> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_width = 0.0;
    let mut seg_start = 0;
    let mut byte_to_glyph = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for (byte, opportunity) in linebreaks(text) {
        if opportunity == BreakOpportunity::Allowed && breaks_short_slash_word(text, byte) {
            continue;
        }
        // The glyph index where the next segment starts.
        let mut seg_end = glyphs.len();
        while let Some(&(i, b)) = byte_to_glyph.peek() {
            if b >= byte {
                seg_end = i;
                break;
            }
            byte_to_glyph.next();
        }
        let segment = &glyphs[seg_start..seg_end];
        let trimmed = trim_end(segment);
        let seg_width = width(segment, size);
        let trimmed_width = width(&segment[..trimmed], size);
        if line_start < seg_start && line_width + trimmed_width > measure {
            lines.push(finish(glyphs, line_start, seg_start));
            line_start = seg_start;
            line_width = 0.0;
        }
        if line_start == seg_start && trimmed_width > measure {
            // Too wide on its own: break between characters, keeping at least one per line.
            let mut chunk_start = seg_start;
            let mut chunk_width = 0.0;
            for (i, g) in glyphs
                .iter()
                .enumerate()
                .take(seg_start + trimmed)
                .skip(seg_start)
            {
                let w = g.glyph.advance * size;
                if i > chunk_start && chunk_width + w > measure {
                    lines.push(LineRange {
                        start: chunk_start,
                        end: i,
                    });
                    chunk_start = i;
                    chunk_width = 0.0;
                }
                chunk_width += w;
            }
            line_start = chunk_start;
            line_width = width(&glyphs[chunk_start..seg_end], size);
        } else {
            line_width += seg_width;
        }
        seg_start = seg_end;
        if opportunity == BreakOpportunity::Mandatory && seg_end < glyphs.len() {
            lines.push(finish(glyphs, line_start, seg_end));
            line_start = seg_end;
            line_width = 0.0;
        }
    }
    if line_start < glyphs.len() || lines.is_empty() {
        lines.push(finish(glyphs, line_start, glyphs.len()));
    }
    lines
}

/// Longest word with a slash that is kept whole (`CI/CD`, `and/or`); longer ones, URLs and
/// paths, may break after a slash.
const SHORT_SLASH_WORD: usize = 16;

/// True for a break after a slash inside a short word: `CI/` at a line's end reads badly.
fn breaks_short_slash_word(text: &str, byte: usize) -> bool {
    let (before, after) = text.split_at(byte);
    if !before.ends_with('/') {
        return false;
    }
    let head = before
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .count();
    let tail = after.chars().take_while(|c| !c.is_whitespace()).count();
    head + tail <= SHORT_SLASH_WORD
}

fn trim_end(glyphs: &[Shaped]) -> usize {
    glyphs.len() - glyphs.iter().rev().take_while(|g| g.is_space()).count()
}

fn finish(glyphs: &[Shaped], start: usize, end: usize) -> LineRange {
    LineRange {
        start,
        end: start + trim_end(&glyphs[start..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::FontId;
    use super::*;

    fn lines_of(text: &str, measure: f32) -> Vec<String> {
        let mut usage = Usage::default();
        let spans = [Span::new(FontId::Regular, text)];
        let (glyphs, lines) = break_spans(&spans, 10.0, measure, &mut usage);
        lines
            .iter()
            .map(|l| glyphs[l.start..l.end].iter().map(|g| g.ch).collect())
            .collect()
    }

    #[test]
    fn breaks_between_words_within_the_measure() {
        let lines = lines_of("the quick brown fox jumps over the lazy dog", 80.0);
        assert!(lines.len() > 1);
        assert_eq!(
            lines.join(" "),
            "the quick brown fox jumps over the lazy dog"
        );
        let mut usage = Usage::default();
        for line in &lines {
            let mut g = Vec::new();
            usage.shape(&[Span::new(FontId::Regular, line.as_str())], &mut g);
            assert!(width(&g, 10.0) <= 80.0, "{line:?} too wide");
        }
    }

    #[test]
    fn long_words_are_broken_between_characters() {
        let word = "a".repeat(100);
        let lines = lines_of(&word, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn short_words_with_a_slash_stay_whole_but_urls_break() {
        for measure in 40..140 {
            let lines = lines_of("use your continuous CI/CD pipeline", measure as f32);
            assert!(lines.iter().any(|l| l.contains("CI/CD")), "{lines:?}");
        }
        let url = "https://example.com/docs/guide/chapter/section/page.html";
        let lines = lines_of(url, 120.0);
        assert!(lines.len() > 1);
        assert!(lines[0].ends_with('/'), "{lines:?}");
    }

    #[test]
    fn a_no_break_space_is_not_a_break() {
        for measure in 70..200 {
            let lines = lines_of("as we saw in section 12.\u{a0}Whatever", measure as f32);
            assert!(!lines.iter().any(|l| l.ends_with("12.")), "{lines:?}");
        }
    }

    #[test]
    fn line_feeds_are_mandatory_breaks() {
        assert_eq!(lines_of("one\ntwo", 500.0), ["one", "two"]);
    }
}
