//! Junk rules for scraped text: page chrome, image captions and credits, widgets and footers that
//! never belong to a question or an answer. Each rule judges one trimmed line on its own shape, not
//! on any one article's strings.

use std::sync::LazyLock;

use regex::Regex;

use super::wording::{CHUNK, HIGHS, ONES, ascii_word, count_words, zero_bytes};

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
    /// Longest line, in words, the rule can match: longer lines skip the rule's test, so long
    /// prose (most of every article) costs one word count, not a regex per rule.
    max_words: usize,
    test: fn(&str) -> bool,
}

/// The rules, tried in order.
const RULES: &[JunkRule] = &[
    // A line of dashes, stars or bullets alone (`-`, `***`, `———`): a separator, never text.
    JunkRule {
        junk: Junk {
            reason: "separator line",
            ends_article: false,
        },
        max_words: 1,
        test: is_separator,
    },
    // Page navigation the scraper kept: `top of page`, `bottom of page`, `Back to top`,
    // `Skip to main content`. Whole-line matches only.
    JunkRule {
        junk: Junk {
            reason: "page navigation",
            ends_article: false,
        },
        max_words: 5,
        test: is_navigation,
    },
    // An image's alternative text left as a lone short lowercase token (`ree`, `img`) or a bare
    // image file name (`diagram-2.png`). Answer text is never one tiny lowercase word.
    JunkRule {
        junk: Junk {
            reason: "image caption",
            ends_article: false,
        },
        max_words: MAX_CAPTION_WORDS,
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
        max_words: MAX_CREDIT_WORDS + 4,
        test: is_image_credit,
    },
    // Comment and rating widgets: `Comments`, `Rated 0 out of 5 stars.`, `No ratings yet`,
    // `Add a rating`, `Write a comment...`, `12 views`.
    JunkRule {
        junk: Junk {
            reason: "comment or rating widget",
            ends_article: true,
        },
        max_words: 8,
        test: is_widget,
    },
    // Ad slots and their labels: `Advertisement`, `Sponsored`, `Continue reading below`.
    JunkRule {
        junk: Junk {
            reason: "advertisement",
            ends_article: false,
        },
        max_words: 6,
        test: is_ad_label,
    },
    // Cookie notices: `We use cookies to improve your experience. Accept`, `Cookie settings`.
    // A sentence about HTTP cookies is not one: it never says "we use cookies".
    JunkRule {
        junk: Junk {
            reason: "cookie notice",
            ends_article: false,
        },
        max_words: MAX_COOKIE_WORDS,
        test: is_cookie_notice,
    },
    // Author and date lines: `Written by Jane Doe`, `By Jane Doe | March 3, 2024`,
    // `Last updated on March 3, 2024`, `7 min read`.
    JunkRule {
        junk: Junk {
            reason: "byline",
            ends_article: false,
        },
        max_words: MAX_BYLINE_WORDS,
        test: is_byline,
    },
    // A bare link on a link shortener (`https://amzn.to/…`, `bit.ly/…`): an affiliate or promo
    // link, never answer text. A bare link to documentation stays.
    JunkRule {
        junk: Junk {
            reason: "promotion",
            ends_article: false,
        },
        max_words: 1,
        test: is_short_link,
    },
    // A promo line: `Click on below for our interview book:`, `Buy our course here`.
    JunkRule {
        junk: Junk {
            reason: "promotion",
            ends_article: false,
        },
        max_words: 20,
        test: is_promotion,
    },
    // A citation line under an answer: `[src]`, `[[src1]](…) [[src2]](…)` as read from Markdown.
    JunkRule {
        junk: Junk {
            reason: "citation",
            ends_article: false,
        },
        max_words: 6,
        test: is_citation,
    },
    // A disclosure widget's label: `View Answer`, `Show solution`, `Click to reveal the answer`.
    JunkRule {
        junk: Junk {
            reason: "disclosure label",
            ends_article: false,
        },
        max_words: 6,
        test: is_disclosure_label,
    },
    // A chat assistant's or editor's remark left in the text: `Here's a refined version of your
    // answer:`, `Your answer is mostly on point, but …`, `I hope this helps!`.
    JunkRule {
        junk: Junk {
            reason: "chat or editor remark",
            ends_article: false,
        },
        max_words: 40,
        test: is_chat_remark,
    },
    // Copyright lines: `All rights reserved © 2023 by HiDevs.`, `© 2024 Example Inc`.
    JunkRule {
        junk: Junk {
            reason: "copyright line",
            ends_article: true,
        },
        max_words: 15,
        test: is_copyright,
    },
    // The site's call to action: `… be sure to follow us …`, `Check out our previous articles…`,
    // `Subscribe to our newsletter`, `Share this post`, `Related posts`.
    JunkRule {
        junk: Junk {
            reason: "call to action",
            ends_article: true,
        },
        max_words: MAX_CALL_TO_ACTION_WORDS,
        test: is_call_to_action,
    },
];

/// Classifies one line; `None` means the line is content.
pub fn classify(line: &str) -> Option<Junk> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let words = count_words(line, MAX_RULE_WORDS + 1);
    RULES
        .iter()
        .find(|rule| words <= rule.max_words && (rule.test)(line))
        .map(|rule| rule.junk)
}

/// The line in lower case, with trailing punctuation and ellipses removed.
/// The longest `max_words` of any rule.
const MAX_RULE_WORDS: usize = 60;

/// Whether the line's first word (trailing punctuation and digits aside) is one of `words`,
/// ignoring ASCII case. Lets a rule skip its regex for almost every line without allocating.
fn first_word_is(line: &str, words: &[&str]) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    let first = first.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_ascii_digit());
    words.iter().any(|w| w.eq_ignore_ascii_case(first))
}

fn bare(line: &str) -> String {
    line.trim_end_matches(['.', '!', ':', '…', ' '])
        .to_lowercase()
}

fn is_navigation(line: &str) -> bool {
    // `⬆ Back to Top`, `↑ back to top`: arrows and other symbols around the words do not count.
    let line = line.trim_matches(|c: char| !c.is_alphanumeric());
    line.len() <= 32
        && matches!(
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
    LazyLock::new(|| super::literal_regex(r"(?i)^\S+\.(png|jpe?g|gif|webp|svg|avif|bmp)$"));

/// A caption label: `Image: S3 vs EBS`, `Figure 2: the pipeline`, `Fig. 3 - drift`.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?i)^(?:image|figure|fig\.?|photo|picture|diagram|screenshot)\s*\d*\s*[:.–—-]\s*\S",
    )
});

/// Longest caption, in words.
const MAX_CAPTION_WORDS: usize = 12;

/// Words a caption label can be.
const CAPTION_OPENERS: &[&str] = &[
    "image",
    "figure",
    "fig",
    "photo",
    "picture",
    "diagram",
    "screenshot",
];

fn is_image_caption(line: &str) -> bool {
    if first_word_is(line, CAPTION_OPENERS)
        && !line.ends_with(['.', '?', '!'])
        && CAPTION.is_match(line)
    {
        return true;
    }
    let lone_token = line.len() <= 4 && line.chars().all(|c| c.is_ascii_lowercase());
    let placeholder = line.len() <= 10
        && matches!(
            bare(line).as_str(),
            "image" | "[image]" | "(image)" | "figure"
        );
    let file_name = !line.contains(char::is_whitespace) && line.contains('.');
    lone_token || placeholder || (file_name && IMAGE_FILE.is_match(line))
}

/// A credit label, a dash or colon, then the credited name.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?i)^(?:(?:image|img|photo|picture|figure|graphic|diagram)\s+)?(?:source|sources|credit|credits|courtesy|via)\s*[-–—:]\s*(?<name>\S.*)$",
    )
});
static PHOTO_BY: LazyLock<Regex> =
    LazyLock::new(|| super::literal_regex(r"(?i)^(?:photo|image|picture)\s+(?:by|from)\s+\S"));

/// Longest credited name, in words.
const MAX_CREDIT_WORDS: usize = 6;

/// Words a credit line can open with.
const CREDIT_OPENERS: &[&str] = &[
    "image", "img", "photo", "picture", "figure", "graphic", "diagram", "source", "sources",
    "credit", "credits", "courtesy", "via",
];

fn is_image_credit(line: &str) -> bool {
    if !first_word_is(line, CREDIT_OPENERS) {
        return false;
    }
    if let Some(caps) = CREDIT.captures(line) {
        let name = caps.name("name").map_or("", |m| m.as_str()).trim();
        let is_sentence = name.ends_with(['.', '?', '!']) && !name.ends_with(".com");
        return name.split_whitespace().count() <= MAX_CREDIT_WORDS && !is_sentence;
    }
    PHOTO_BY.is_match(line) && line.split_whitespace().count() <= 10 && !line.ends_with('.')
}

static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)^(?:
            comments?(?:\s*\(\d+\))? |
            \d+\s+(?:comments?|views?|likes?|shares?|replies) |
            rated\s+\d+(?:\.\d+)?\s+out\s+of\s+\d+(?:\s+stars?)? |
            no\s+ratings\s+yet |
            (?:add|leave)\s+a\s+rating |
            (?:write|leave|post|add)\s+a\s+(?:comment|reply) |
            log\s*in\s+to\s+(?:comment|reply|leave\s+a\s+comment) |
            be\s+the\s+first\s+to\s+comment |
            (?:like|reply|share|report|tweet|pin\s+it|email|print|copy\s+link) |
            improve(?:\s+(?:this\s+)?(?:article|page|post|answer))? |
            edit\s+(?:this\s+page|on\s+github) |
            suggest\s+(?:changes|an\s+edit) |
            report\s+(?:an\s+)?issue |
            advertise\s+with\s+us |
            share\s+(?:on|via)\s+\w+(?:\s+\w+)? |
            share\s+this(?:\s+(?:article|post|page))? |
            [\d.,]+\s*k?\s+(?:shares?|claps?|reactions?|upvotes?|likes?) |
            shares?\s*:?\s*[\d.,]+\s*k? |
            (?:was\s+this\s+(?:page|article|post|answer|information)\s+(?:helpful|useful) |
             did\s+you\s+find\s+this\s+(?:page\s+|article\s+|post\s+)?(?:helpful|useful))\??
        )$",
    )
});

fn is_widget(line: &str) -> bool {
    // The regex ignores case itself: only trailing punctuation needs to go.
    WIDGET.is_match(line.trim_end_matches(['.', '!', ':', '…', ' ']))
}

fn is_separator(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '-' | '*' | '_' | '=' | '~' | '–' | '—' | '•' | '·'))
}

/// Hosts that only shorten links.
const SHORTENERS: &[&str] = &[
    "amzn.to",
    "bit.ly",
    "goo.gl",
    "tinyurl.com",
    "t.co",
    "ow.ly",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "is.gd",
    "lnkd.in",
    "shorturl.at",
    "rb.gy",
    "geni.us",
];

fn is_short_link(line: &str) -> bool {
    let rest = line
        .strip_prefix("https://")
        .or_else(|| line.strip_prefix("http://"))
        .unwrap_or(line);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    SHORTENERS.iter().any(|host| {
        rest.strip_prefix(host)
            .is_some_and(|path| path.is_empty() || path.starts_with('/'))
    })
}

static PROMOTION: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)^(?:
            (?:click|tap)\s+(?:on\s+)?(?:below|here|the\s+link|this\s+link)(?-u:\b) |
            (?:buy|get|grab|order|download|check\s+out)\s+(?:our|my)\s+(?:\w+\s+){0,4}(?:book|e-?book|course)s?(?-u:\b)
        )",
    )
});

/// Words that make a line with a short link a promotion.
const PROMO_WORDS: &[&str] = &[
    "book", "books", "ebook", "course", "buy", "click", "discount", "coupon", "deal", "offer",
];

fn is_promotion(line: &str) -> bool {
    let opener = first_word_is(
        line,
        &[
            "click", "tap", "buy", "get", "grab", "order", "download", "check",
        ],
    ) && PROMOTION.is_match(line);
    // `Our interview book: https://amzn.to/…`: a short link with a sales word beside it.
    // Every shortener's host has a dot before a letter (`bit.ly`): a line without one holds no
    // short link, and most lines' only dots end sentences.
    let bytes = line.as_bytes();
    let dotted = memchr::memchr_iter(b'.', bytes)
        .any(|at| bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic));
    let linked = dotted
        && line
            .split_whitespace()
            .any(|w| w.contains('.') && is_short_link(w))
        && line.split_whitespace().any(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            PROMO_WORDS.contains(&w.as_str())
        });
    opener || linked
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(r"(?i)^(?:\[\s*(?:src|source|ref|reference)\s*\d*\s*\]\s*)+$")
});

fn is_citation(line: &str) -> bool {
    line.starts_with('[') && CITATION.is_match(line)
}

static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)^(?:
            (?:view|show|hide|see|reveal|toggle|expand) |
            click\s+(?:here\s+)?to\s+(?:see|view|show|reveal|expand)
        )\s+(?:the\s+)?(?:answer|solution|explanation|hint)s?\s*[:.]?$",
    )
});

fn is_disclosure_label(line: &str) -> bool {
    DISCLOSURE.is_match(line.trim_matches(['▶', '►', '▸', '+', ' ']))
}

static CHAT_REMARK: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)(?:
            ^your\s+answer\s+is\s+(?:mostly\s+|largely\s+|generally\s+|almost\s+)?(?:correct|right|on\s+point|good|accurate)(?-u:\b) |
            (?-u:\b)here'?s\s+(?:a|an|the|my)\s+(?:refined|revised|improved|corrected|polished|updated|rewritten|cleaner)\s+(?:version|answer) |
            ^(?:i\s+hope\s+this\s+helps|hope\s+this\s+helps|let\s+me\s+know\s+if\s+you) |
            ^as\s+an\s+ai(?:\s+language\s+model)?(?-u:\b)
        )",
    )
});

fn is_chat_remark(line: &str) -> bool {
    first_word_is(
        line,
        &[
            "your",
            "here's",
            "heres",
            "here",
            "i",
            "hope",
            "let",
            "as",
            "sure",
            "certainly",
        ],
    ) && CHAT_REMARK.is_match(line)
        || line.contains("version of your answer")
}

/// A substring searcher built once: every short line is searched for these words, and building
/// a searcher per line cost more than the search.
type Finder = LazyLock<memchr::memmem::Finder<'static>>;

static COPYRIGHT_SIGN: Finder = LazyLock::new(|| memchr::memmem::Finder::new("©"));
static RIGHTS_RESERVED: Finder = LazyLock::new(|| memchr::memmem::Finder::new("ights reserved"));
static RIGHTS_RESERVED_UPPER: Finder =
    LazyLock::new(|| memchr::memmem::Finder::new("IGHTS RESERVED"));
static COOKIE: Finder = LazyLock::new(|| memchr::memmem::Finder::new("ookie"));

fn is_copyright(line: &str) -> bool {
    let has = |finder: &Finder| finder.find(line.as_bytes()).is_some();
    let maybe = has(&COPYRIGHT_SIGN)
        || has(&RIGHTS_RESERVED)
        || has(&RIGHTS_RESERVED_UPPER)
        || line.starts_with("(c)")
        || line.starts_with("(C)")
        || first_word_is(line, &["copyright"]);
    if !maybe {
        return false;
    }
    let lower = line.to_lowercase();
    lower.contains("all rights reserved")
        || lower.starts_with('©')
        || lower.starts_with("(c) ")
        || (lower.starts_with("copyright") && lower.chars().any(|c| c.is_ascii_digit()))
}

// ASCII word boundaries: a Unicode `\b` keeps the regex off its fast DFA path, and every line of
// every article is tested.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?ix)(?:
            (?-u:\b)follow\s+(?:us|me)(?-u:\b) |
            ^thanks?\s+(?:you\s+)?for\s+reading(?-u:\b) |
            (?-u:\b)give\s+(?:it|this|us)\s+a\s+clap(?-u:\b) |
            (?-u:\b)subscribe\s+to\s+(?:our|my|the)\s+(?:newsletter|channel|blog) |
            (?-u:\b)sign\s+up\s+for\s+(?:our|my)\s+newsletter |
            (?-u:\b)check\s+out\s+(?:our|my)\s+(?:previous|other|latest|related|more)(?-u:\b) |
            (?-u:\b)share\s+this\s+(?:article|post|page|story)(?-u:\b) |
            (?-u:\b)like\s+and\s+share(?-u:\b) |
            ^(?:related|recent|popular|recommended)\s+(?:posts|articles|reading)$ |
            ^you\s+(?:may|might)\s+also\s+like(?-u:\b) |
            ^about\s+the\s+author$ |
            ^(?:also\s+read|read\s+more|read\s+next|see\s+also)\s*:
        )",
    )
});

fn is_ad_label(line: &str) -> bool {
    line.len() <= 48
        && matches!(
            bare(line).as_str(),
            "advertisement"
                | "advertisements"
                | "ad"
                | "ads"
                | "sponsored"
                | "sponsored content"
                | "continue reading below"
                | "scroll to continue with content"
                | "story continues below advertisement"
                | "article continues below advertisement"
        )
}

/// Longest cookie notice, in words.
const MAX_COOKIE_WORDS: usize = 60;

fn is_cookie_notice(line: &str) -> bool {
    if COOKIE.find(line.as_bytes()).is_none() {
        return false;
    }
    let lower = line.to_lowercase();
    [
        "we use cookies",
        "site uses cookies",
        "website uses cookies",
        "uses cookies to",
        "cookie policy",
        "cookie settings",
        "cookie preferences",
        "accept all cookies",
        "accept cookies",
        "manage cookies",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    super::literal_regex(
        r"(?x)^(?:
            (?i:written|posted|published|authored|reviewed)\s+(?i:by)\s+\S.* |
            [Bb]y\s+\p{Lu}[\w.'-]*(?:\s+\p{Lu}[\w.'-]*){0,3}(?:\s*[|·•,–—-].*)? |
            (?i:(?:last\s+)?(?:updated|published|modified))(?i:\s+on)?\s*:?\s+\S.*\d{4} |
            \d+\s+(?i:min(?:ute)?s?\s+read)
        )$",
    )
});

/// Longest byline, in words.
const MAX_BYLINE_WORDS: usize = 12;

/// Words a byline or date line can open with.
const BYLINE_OPENERS: &[&str] = &[
    "written",
    "posted",
    "published",
    "authored",
    "reviewed",
    "by",
    "last",
    "updated",
    "modified",
    "",
];

fn is_byline(line: &str) -> bool {
    first_word_is(line, BYLINE_OPENERS) && BYLINE.is_match(line)
}

/// Longest call to action, in words: a long paragraph that mentions following a guide is prose.
const MAX_CALL_TO_ACTION_WORDS: usize = 60;

/// Words [`CALL_TO_ACTION`] may open the line with (its `^` branches).
const CALL_TO_ACTION_OPENERS: &[&str] = &[
    "thank",
    "related",
    "recent",
    "popular",
    "recommended",
    "you",
    "about",
    "also",
    "read",
    "see",
];
/// Whether [`CALL_TO_ACTION`] can match `line` at all: every branch starts at the line's start
/// with one of the [`CALL_TO_ACTION_OPENERS`] or after an ASCII word boundary with one of the
/// words its other branches start with (`follow`, `give`, `subscribe`, `sign`, `check`,
/// `share`, `like`). The pattern's Unicode case folding also matches the Kelvin sign
/// for `k` and the long s for `s`: a line holding either goes on to the pattern. Nearly every
/// line is ruled out by a byte scan, without running the pattern.
fn may_call_to_action(line: &str) -> bool {
    let bytes = line.as_bytes();
    let starts_with = |at: usize, word: &str| {
        bytes
            .get(at..at + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    };
    // Both folded letters are outside ASCII: most lines are all ASCII and skip their search.
    let folded = || !line.is_ascii() && (line.contains('\u{212a}') || line.contains('\u{17f}'));
    if CALL_TO_ACTION_OPENERS.iter().any(|w| starts_with(0, w)) || folded() {
        return true;
    }
    // `b | 0x20` is the lower case of an ASCII letter and no other byte's; each letter is
    // compared only with the words it starts.
    let word_at = |at: usize| match bytes[at] | 0x20 {
        b'f' => starts_with(at, "follow"),
        b'g' => starts_with(at, "give"),
        b's' => starts_with(at, "subscribe") || starts_with(at, "sign") || starts_with(at, "share"),
        b'c' => starts_with(at, "check"),
        b'l' => starts_with(at, "like"),
        _ => false,
    };
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let may_start = |b: u8| matches!(b | 0x20, b'f' | b'g' | b's' | b'c' | b'l');
    // Eight ASCII bytes at a time as two masks (word bytes, and letters a word may start with):
    // most chunks hold no candidate word start at all.
    let mut after_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        if let Some(word) = ascii_word(&bytes[i..end]) {
            let lower = word | (ONES * 0x20);
            let within = |v: u64, low: u8, high: u8| {
                // Bytes below 0x80 plus at most 0x80 never carry into the next byte.
                let at_least = |n: u8| v.wrapping_add(ONES * u64::from(0x80 - n)) & HIGHS;
                at_least(low) & !at_least(high + 1)
            };
            let is = |v: u64, b: u8| zero_bytes(v ^ (ONES * u64::from(b)));
            let words = within(lower, b'a', b'z') | within(word, b'0', b'9') | is(word, b'_');
            let letters = is(lower, b'f')
                | is(lower, b'g')
                | is(lower, b's')
                | is(lower, b'c')
                | is(lower, b'l');
            // Their second letters (`fo`, `gi`, `su`, `si`, `sh`, `ch`, `li`): the byte after
            // the chunk's last is not in the chunk, so the last byte stays a candidate.
            let seconds = is(lower, b'o') | is(lower, b'i') | is(lower, b'u') | is(lower, b'h');
            let pairs = letters & ((seconds >> 8) | (0x80 << 56));
            let mut starts = pairs & !((words << 8) | if after_word { 0x80 } else { 0 });
            while starts != 0 {
                if word_at(i + starts.trailing_zeros() as usize / 8) {
                    return true;
                }
                starts &= starts - 1;
            }
            after_word = words >> 63 == 1;
            i = end;
            continue;
        }
        for (at, &b) in bytes[i..end].iter().enumerate() {
            if !after_word && may_start(b) && word_at(i + at) {
                return true;
            }
            after_word = is_word(b);
        }
        i = end;
    }
    false
}

fn is_call_to_action(line: &str) -> bool {
    let line = line.trim();
    may_call_to_action(line) && CALL_TO_ACTION.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<&'static str> {
        classify(line).map(|j| j.reason)
    }

    #[test]
    fn promotions_remarks_and_labels_are_junk_but_links_and_advice_are_not() {
        for (line, want) in [
            ("Click on below for our interview book:", Some("promotion")),
            ("https://amzn.to/3xYzAb", Some("promotion")),
            ("bit.ly/abc", Some("promotion")),
            ("Get our DevOps interview e-book here", Some("promotion")),
            ("Check out my Kafka book", Some("promotion")),
            (
                "Our interview book: https://amzn.to/4abc",
                Some("promotion"),
            ),
            ("See https://bit.ly/k8s-docs for the details", None),
            ("https://kubernetes.io/docs/concepts/", None),
            ("Click Save to keep the settings.", None),
            ("Get the pod list with kubectl.", None),
            (
                "Your answer is mostly correct, but here's a refined version of your answer:",
                Some("chat or editor remark"),
            ),
            ("I hope this helps!", Some("chat or editor remark")),
            ("Your answer should name the trade-offs.", None),
            ("View Answer:", Some("disclosure label")),
            ("▶ Show solution", Some("disclosure label")),
            ("Show the answer to your team.", None),
            ("[src1] [src2]", Some("citation")),
            ("[Answer]", None),
        ] {
            assert_eq!(reason(line), want, "{line}");
        }
    }

    #[test]
    fn separator_lines_are_junk_but_dashes_in_text_are_not() {
        assert_eq!(reason("-"), Some("separator line"));
        assert_eq!(reason("* * *"), None);
        assert_eq!(reason("———"), Some("separator line"));
        assert_eq!(reason("- item"), None);
    }

    #[test]
    fn navigation_lines_are_junk_but_sentences_about_pages_are_not() {
        assert_eq!(reason("top of page"), Some("page navigation"));
        assert_eq!(reason("Bottom of Page"), Some("page navigation"));
        assert_eq!(reason("Skip to main content"), Some("page navigation"));
        assert_eq!(reason("⬆ Back to Top"), Some("page navigation"));
        assert_eq!(reason("The top of page layout is set by CSS."), None);
    }

    #[test]
    fn image_captions_are_junk_but_short_words_in_sentences_are_not() {
        assert_eq!(reason("ree"), Some("image caption"));
        assert_eq!(reason("mlops-pipeline.png"), Some("image caption"));
        assert_eq!(reason("[Image]"), Some("image caption"));
        assert_eq!(reason("Image: S3 vs EBS comparison"), Some("image caption"));
        assert_eq!(
            reason("Figure 2: the training pipeline"),
            Some("image caption")
        );
        assert_eq!(
            reason("Image: a read-only template that containers start from."),
            None
        );
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
    fn the_call_to_action_prefilter_finds_a_word_start_anywhere_in_its_chunks() {
        // A word start on either side of every chunk boundary, after a space and after
        // punctuation; glued to a word before it, it starts nothing.
        for pad in 0..3 * CHUNK {
            let before = "a".repeat(pad);
            for line in [
                format!("{before} follow us"),
                format!("{before}(Subscribe to our newsletter"),
            ] {
                assert!(may_call_to_action(&line), "{line}");
            }
            let glued = format!("{before}follow us");
            assert_eq!(may_call_to_action(&glued), pad == 0, "{glued}");
        }
    }

    proptest::proptest! {
        /// The prefilter never rules out a line the full pattern matches: lines made of
        /// the pattern's own words (in any case, with the Kelvin sign and long s that case
        /// folding matches for `k` and `s`) and a few others.
        #[test]
        fn the_call_to_action_prefilter_keeps_every_match(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "follow", "us", "me", "thanks", "thank", "you", "for", "reading", "give", "it",
                "this", "a", "clap", "subscribe", "to", "our", "my", "the", "newsletter",
                "channel", "sign", "up", "check", "out", "previous", "share", "article", "post",
                "like", "and", "related", "posts", "articles", "may", "also", "about", "author",
                "read", "more", "next", "see", "see also:", "read more:", "FOLLOW", "Share",
                "chec\u{212a}", "\u{17f}hare", "\u{17f}ubscribe", "po\u{17f}ts", "models",
                "recent", "popular", "recommended", "reading", "(follow", "xfollow", "éfollow",
                "_share", "than\u{212a}s", "\u{17f}ee", "sign", "newsletter", "Thanks",
            ]), 1..7),
            upper in proptest::bool::ANY,
        ) {
            let line = words.join(" ");
            let line = if upper { line.to_uppercase() } else { line };
            if CALL_TO_ACTION.is_match(&line) {
                proptest::prop_assert!(may_call_to_action(&line), "{line}");
            }
        }
    }

    #[test]
    fn ads_cookies_bylines_and_share_counts_are_junk_but_answers_about_them_are_not() {
        assert_eq!(reason("Advertisement"), Some("advertisement"));
        assert_eq!(
            reason("We use cookies to improve your experience. Accept all cookies"),
            Some("cookie notice")
        );
        assert_eq!(
            reason("Cookies are small pieces of data the browser accepts and sends back."),
            None
        );
        assert_eq!(reason("Written by Jane Doe"), Some("byline"));
        assert_eq!(reason("By Jane Doe | March 3, 2024"), Some("byline"));
        assert_eq!(reason("Last updated on March 3, 2024"), Some("byline"));
        assert_eq!(reason("7 min read"), Some("byline"));
        assert_eq!(reason("By default, pods are not isolated."), None);
        assert_eq!(reason("1.2k shares"), Some("comment or rating widget"));
        assert_eq!(
            reason("Share on LinkedIn"),
            Some("comment or rating widget")
        );
        assert_eq!(
            reason("Was this page helpful?"),
            Some("comment or rating widget")
        );
        assert_eq!(reason("You may also like"), Some("call to action"));
        assert_eq!(
            reason("Thanks for reading! If you liked this, give it a clap and follow me for more."),
            Some("call to action")
        );
        assert_eq!(reason("About the author"), Some("call to action"));
        assert_eq!(
            reason("Also read: Top 10 Git questions"),
            Some("call to action")
        );
        assert_eq!(reason("Shares of a company are units of ownership."), None);
    }

    #[test]
    fn blank_lines_are_not_junk() {
        assert_eq!(classify("   "), None);
        assert_eq!(classify("\u{a0}"), None);
    }
}
