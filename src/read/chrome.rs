//! Page chrome in HTML: which elements are not the article. Judged by element (`nav`, `aside`,
//! `script`), by ARIA role, and by the words in class and id names (`share-buttons`,
//! `related-posts`, `cookie-banner`), never by one site's markup.

use scraper::node::Element;

/// Why an element is page chrome rather than article, if it is.
pub fn junk_reason(e: &Element) -> Option<&'static str> {
    let by_name = match e.name() {
        "nav" => Some("page navigation"),
        "header" => Some("page header"),
        "footer" => Some("page footer"),
        "aside" => Some("sidebar"),
        "head" | "script" | "style" | "noscript" | "template" | "link" | "meta" => {
            Some("script or style")
        }
        "form" | "button" | "input" | "select" | "textarea" | "dialog" => Some("form or button"),
        "img" | "picture" | "svg" | "video" | "audio" | "canvas" | "iframe" | "object"
        | "embed" | "map" => Some("embedded media"),
        "figcaption" => Some("image caption"),
        _ => None,
    };
    if by_name.is_some() {
        return by_name;
    }
    if let Some(role) = e.attr("role") {
        let role = role.to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "search"
        ) {
            return Some("page chrome");
        }
    }
    // Hidden elements are not dropped: FAQ accordions hide their answers (`hidden`,
    // `display: none`) until a click, and those answers are the article.
    let names = e.classes().chain(e.id());
    for name in names {
        let lower = name.to_ascii_lowercase();
        if HIDDEN_CLASSES.contains(&lower.as_str()) {
            return Some("screen-reader text");
        }
        let tokens: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let part_of_content = tokens.iter().any(|t| CONTENT_PARTS.contains(t));
        if tokens.iter().any(|t| JUNK_TOKENS.contains(t))
            || (!part_of_content && tokens.iter().any(|t| CHROME_TOKENS.contains(t)))
        {
            return Some("widget, ad or related links");
        }
    }
    None
}

/// Class or id words that mark widgets, ads and page chrome: `share-buttons`, `related-posts`,
/// `author-box`, `cookie-banner`, `ad-slot`, `comments`, `toc`.
const JUNK_TOKENS: &[&str] = &[
    "comment",
    "comments",
    "respond",
    "reply",
    "disqus",
    "share",
    "sharing",
    "sharedaddy",
    "social",
    "related",
    "recommended",
    "popular",
    "trending",
    "author",
    "bio",
    "byline",
    "tags",
    "sidebar",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adsbygoogle",
    "sponsored",
    "sponsor",
    "promo",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "toc",
    "rating",
    "ratings",
    "pagination",
    "pager",
    "skip",
    "cta",
];

/// Class or id words for page chrome (`site-header`, `entry-footer`, `post-meta`, `main-menu`)
/// that also name parts of content components (`accordion-header`, `card-header`): they count
/// only when no word of [`CONTENT_PARTS`] stands beside them.
const CHROME_TOKENS: &[&str] = &["header", "footer", "nav", "navbar", "menu", "meta"];

/// Words of content components whose header or footer holds the question or answer.
const CONTENT_PARTS: &[&str] = &[
    "accordion",
    "card",
    "panel",
    "faq",
    "question",
    "answer",
    "collapse",
    "item",
    "table",
    "tab",
];

/// Whole class names of text meant for screen readers only (`Share on X (opens in new window)`).
const HIDDEN_CLASSES: &[&str] = &[
    "sr-only",
    "screen-reader-text",
    "visually-hidden",
    "visuallyhidden",
    "hidden",
];

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn reason(html: &str) -> Option<&'static str> {
        let doc = Html::parse_fragment(html);
        let el = doc
            .root_element()
            .descendent_elements()
            .nth(1)
            .expect("an element");
        junk_reason(el.value())
    }

    #[test]
    fn chrome_words_count_outside_content_components_only() {
        assert!(reason(r#"<div class="share-buttons">x</div>"#).is_some());
        assert!(reason(r#"<div class="site-header">x</div>"#).is_some());
        assert!(reason(r#"<nav>x</nav>"#).is_some());
        assert!(reason(r#"<div role="navigation">x</div>"#).is_some());
        assert_eq!(reason(r#"<h2 class="accordion-header">x</h2>"#), None);
        assert_eq!(reason(r#"<div class="entry-content">x</div>"#), None);
        assert_eq!(reason(r#"<div class="answer" hidden>x</div>"#), None);
    }
}
