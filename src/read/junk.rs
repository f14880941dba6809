//! Junk rules for scraped text: page chrome, image captions and credits, widgets and footers that
//! never belong to a question or an answer. Each rule judges one trimmed line on its own shape, not
//! on any one article's strings.

use std::sync::LazyLock;

use regex::Regex;

/// Why a line is junk, and whether it marks the start of the page footer (after the last answer,
/// everything from such a line on is dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Junk {
    pub reason: &'static str,
    pub ends_article: bool,
}

/// One junk rule.
struct JunkRule {
    junk: Junk,
    test: fn(&str) -> bool,
}

/// The rules, tried in order.
const RULES: &[JunkRule] = &[
    // Page navigation the scraper kept: `top of page`, `bottom of page`, `Back to top`,
    // `Skip to main content`. Whole-line matches only.
    JunkRule {
        junk: Junk {
            reason: "page navigation",
            ends_article: false,
        },
        test: is_navigation,
    },
    // An image's alternative text left as a lone short lowercase token (`ree`, `img`) or a bare
    // image file name (`diagram-2.png`). Answer text is never one tiny lowercase word.
    JunkRule {
        junk: Junk {
            reason: "image caption",
            ends_article: false,
        },
        test: is_image_caption,
    },
    // An image credit: `Source - ProjectPro`, `Image source: Docker docs`, `Photo by A on Unsplash`.
    // A short label, a dash or colon and a short name with no full stop: a sentence that merely
    // mentions a source ("Source code lives in Git.") is not one.
    JunkRule {
        junk: Junk {
            reason: "image credit",
            ends_article: false,
        },
        test: is_image_credit,
    },
    // Comment and rating widgets: `Comments`, `Rated 0 out of 5 stars.`, `No ratings yet`,
    // `Add a rating`, `Write a comment...`, `12 views`.
    JunkRule {
        junk: Junk {
            reason: "comment or rating widget",
            ends_article: true,
        },
        test: is_widget,
    },
    // Copyright lines: `All rights reserved © 2023 by HiDevs.`, `© 2024 Example Inc`.
    JunkRule {
        junk: Junk {
            reason: "copyright line",
            ends_article: true,
        },
        test: is_copyright,
    },
    // The site's call to action: `… be sure to follow us …`, `Check out our previous articles…`,
    // `Subscribe to our newsletter`, `Share this post`, `Related posts`.
    JunkRule {
        junk: Junk {
            reason: "call to action",
            ends_article: true,
        },
        test: is_call_to_action,
    },
];

/// Classifies one line; `None` means the line is content.
pub fn classify(line: &str) -> Option<Junk> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    RULES
        .iter()
        .find(|rule| (rule.test)(line))
        .map(|rule| rule.junk)
}

/// The line in lower case, with trailing punctuation and ellipses removed.
fn bare(line: &str) -> String {
    line.trim_end_matches(['.', '!', ':', '…', ' '])
        .to_lowercase()
}

fn is_navigation(line: &str) -> bool {
    matches!(
        bare(line).as_str(),
        "top of page"
            | "bottom of page"
            | "back to top"
            | "scroll to top"
            | "go to top"
            | "skip to content"
            | "skip to main content"
            | "jump to content"
            | "toggle navigation"
            | "open menu"
            | "close menu"
    )
}

static IMAGE_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\S+\.(png|jpe?g|gif|webp|svg|avif|bmp)$").unwrap());

fn is_image_caption(line: &str) -> bool {
    let lone_token = line.chars().count() <= 4 && line.chars().all(|c| c.is_ascii_lowercase());
    let placeholder = matches!(
        bare(line).as_str(),
        "image" | "[image]" | "(image)" | "figure"
    );
    lone_token || placeholder || IMAGE_FILE.is_match(line)
}

/// A credit label, a dash or colon, then the credited name.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:image|img|photo|picture|figure|graphic|diagram)\s+)?(?:source|sources|credit|credits|courtesy|via)\s*[-–—:]\s*(?<name>\S.*)$",
    )
    .unwrap()
});
static PHOTO_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:photo|image|picture)\s+(?:by|from)\s+\S").unwrap());

/// Longest credited name, in words.
const MAX_CREDIT_WORDS: usize = 6;

fn is_image_credit(line: &str) -> bool {
    if let Some(caps) = CREDIT.captures(line) {
        let name = caps.name("name").map_or("", |m| m.as_str()).trim();
        let is_sentence = name.ends_with(['.', '?', '!']) && !name.ends_with(".com");
        return name.split_whitespace().count() <= MAX_CREDIT_WORDS && !is_sentence;
    }
    PHOTO_BY.is_match(line) && line.split_whitespace().count() <= 10 && !line.ends_with('.')
}

static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            comments?(?:\s*\(\d+\))? |
            \d+\s+(?:comments?|views?|likes?|shares?|replies) |
            rated\s+\d+(?:\.\d+)?\s+out\s+of\s+\d+(?:\s+stars?)? |
            no\s+ratings\s+yet |
            (?:add|leave)\s+a\s+rating |
            (?:write|leave|post|add)\s+a\s+(?:comment|reply) |
            log\s*in\s+to\s+(?:comment|reply|leave\s+a\s+comment) |
            be\s+the\s+first\s+to\s+comment |
            (?:like|reply|share|report)
        )$",
    )
    .unwrap()
});

fn is_widget(line: &str) -> bool {
    WIDGET.is_match(&bare(line))
}

fn is_copyright(line: &str) -> bool {
    let lower = line.to_lowercase();
    let short = line.split_whitespace().count() <= 15;
    short
        && (lower.contains("all rights reserved")
            || lower.starts_with('©')
            || lower.starts_with("(c) ")
            || (lower.starts_with("copyright") && lower.chars().any(|c| c.is_ascii_digit())))
}

static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:
            \bfollow\s+us\b |
            \bsubscribe\s+to\s+(?:our|my|the)\s+(?:newsletter|channel|blog) |
            \bsign\s+up\s+for\s+(?:our|my)\s+newsletter |
            \bcheck\s+out\s+(?:our|my)\s+(?:previous|other|latest|related|more)\b |
            \bshare\s+this\s+(?:article|post|page|story)\b |
            \blike\s+and\s+share\b |
            ^(?:related|recent|popular)\s+(?:posts|articles)$
        )",
    )
    .unwrap()
});

fn is_call_to_action(line: &str) -> bool {
    CALL_TO_ACTION.is_match(line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<&'static str> {
        classify(line).map(|j| j.reason)
    }

    #[test]
    fn navigation_lines_are_junk_but_sentences_about_pages_are_not() {
        assert_eq!(reason("top of page"), Some("page navigation"));
        assert_eq!(reason("Bottom of Page"), Some("page navigation"));
        assert_eq!(reason("Skip to main content"), Some("page navigation"));
        assert_eq!(reason("The top of page layout is set by CSS."), None);
    }

    #[test]
    fn image_captions_are_junk_but_short_words_in_sentences_are_not() {
        assert_eq!(reason("ree"), Some("image caption"));
        assert_eq!(reason("mlops-pipeline.png"), Some("image caption"));
        assert_eq!(reason("[Image]"), Some("image caption"));
        assert_eq!(reason("No."), None);
        assert_eq!(reason("Yes"), None);
        assert_eq!(reason("MLOps"), None);
        assert_eq!(reason("The image is stored as a png file."), None);
    }

    #[test]
    fn credits_are_junk_but_sentences_mentioning_source_are_not() {
        assert_eq!(reason("Source - ProjectPro"), Some("image credit"));
        assert_eq!(reason("Source - Analytics Vidhya"), Some("image credit"));
        assert_eq!(reason("Image source: docker.com"), Some("image credit"));
        assert_eq!(
            reason("Photo by Jane Doe on Unsplash"),
            Some("image credit")
        );
        assert_eq!(reason("Source code is kept under version control."), None);
        assert_eq!(
            reason("Source: the data comes from many systems, which makes lineage hard to track."),
            None
        );
        assert_eq!(
            reason("Open source - and free - tools are popular in MLOps."),
            None
        );
    }

    #[test]
    fn widgets_are_junk_but_sentences_about_comments_are_not() {
        for line in [
            "Comments",
            "Rated 0 out of 5 stars.",
            "No ratings yet",
            "Add a rating",
            "Write a comment...",
            "12 views",
        ] {
            assert_eq!(reason(line), Some("comment or rating widget"), "{line}");
        }
        assert_eq!(reason("Comments in code explain why, not what."), None);
        assert_eq!(
            reason("Reviewers leave comments on every pull request."),
            None
        );
        assert!(classify("Comments").unwrap().ends_article);
    }

    #[test]
    fn copyright_lines_are_junk_but_licensing_answers_are_not() {
        assert_eq!(
            reason("All rights reserved © 2023 by HiDevs."),
            Some("copyright line")
        );
        assert_eq!(reason("© 2024 Example Inc"), Some("copyright line"));
        assert_eq!(reason("Copyright 2021 Example"), Some("copyright line"));
        assert_eq!(
            reason("Copyright law decides who may reuse a trained model's weights."),
            None
        );
    }

    #[test]
    fn calls_to_action_are_junk_but_advice_is_not() {
        assert_eq!(
            reason("To improve your chances, be sure to follow us for more interview questions."),
            Some("call to action")
        );
        assert_eq!(
            reason("Check out our previous articles by clicking on the links below."),
            Some("call to action")
        );
        assert_eq!(reason("Related posts"), Some("call to action"));
        assert_eq!(
            reason("Follow the steps below to create the pipeline."),
            None
        );
        assert_eq!(
            reason("Check out the code from the repository first."),
            None
        );
    }

    #[test]
    fn blank_lines_are_not_junk() {
        assert_eq!(classify("   "), None);
        assert_eq!(classify("\u{a0}"), None);
    }
}
