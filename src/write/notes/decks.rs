//! How the notes of several articles are laid out in Anki: one sub-deck per article under the deck
//! (`MLOps::Top Interview Questions on MLOps`), or the one deck with `--flat`; every note tagged
//! with a slug of each article it comes from; deck descriptions naming the articles and where they
//! came from. One article keeps one deck and no article tag, as it always had.
//!
//! A note's deck is the sub-deck of the article that asks its question first (the cluster's
//! canonical member). Deck ids come from deck names, never from the order of the articles, so a
//! third article added later leaves the first two sub-decks' ids as they were.

use std::path::Path;

use super::{html, ids};
use crate::model::{Cluster, Document};

/// One deck of the package: the deck itself, or one article's sub-deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckEntry {
    /// The deck's full name, `::` between levels.
    pub name: String,
    /// The deck id, from its name.
    pub id: i64,
    /// The deck's description as Anki shows it above the study button (HTML).
    pub description: String,
}

/// Where each article's notes go and how they are tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The deck first, then each article's sub-deck in article order (none with `--flat` or one
    /// article).
    pub decks: Vec<DeckEntry>,
    /// By document: the index into `decks` of its sub-deck.
    deck_of: Vec<usize>,
    /// By document: its tag, when there are several articles.
    tag_of: Vec<Option<String>>,
}

impl Layout {
    /// The layout of `documents` under the deck called `name`.
    pub fn new(name: &str, documents: &[Document], flat: bool) -> Layout {
        let several = documents.len() > 1;
        let mut decks = vec![DeckEntry {
            name: name.to_string(),
            id: ids::named_id("deck", name),
            description: if several {
                list_description(documents)
            } else {
                String::new()
            },
        }];
        let mut deck_of = Vec::with_capacity(documents.len());
        for document in documents {
            if !several || flat {
                deck_of.push(0);
                continue;
            }
            let sub = format!("{name}::{}", level_name(document));
            match decks.iter().position(|d| d.name == sub) {
                Some(index) => {
                    // Two articles of one title share a sub-deck; its description names both.
                    let from = source_description(document);
                    let entry = &mut decks[index];
                    entry.description.push_str("<br>");
                    entry.description.push_str(&from);
                    deck_of.push(index);
                }
                None => {
                    deck_of.push(decks.len());
                    decks.push(DeckEntry {
                        id: ids::named_id("deck", &sub),
                        name: sub,
                        description: source_description(document),
                    });
                }
            }
        }
        let tag_of = documents
            .iter()
            .map(|d| several.then(|| slug(article_name(d))))
            .collect();
        Layout {
            decks,
            deck_of,
            tag_of,
        }
    }

    /// The id of the deck that holds the cluster's note: its first article's.
    pub fn deck_id(&self, cluster: &Cluster) -> i64 {
        let doc = cluster.canonical().doc;
        self.decks[self.deck_of.get(doc).copied().unwrap_or(0)].id
    }

    /// The article tags of a cluster's note: one per article it spans, in order of first
    /// appearance, none twice.
    pub fn tags<'a>(&'a self, cluster: &Cluster) -> Vec<&'a str> {
        let mut tags: Vec<&str> = Vec::new();
        for doc in cluster.documents() {
            if let Some(Some(tag)) = self.tag_of.get(doc)
                && !tags.contains(&tag.as_str())
            {
                tags.push(tag);
            }
        }
        tags
    }

    /// Whether notes carry article tags (several articles).
    pub fn tags_articles(&self) -> bool {
        self.tag_of.iter().any(Option::is_some)
    }
}

/// An article's title, else its file name (`-` for standard input); a URL with no title is named
/// by its URL.
pub fn article_name(document: &Document) -> &str {
    let title = document.title.trim();
    if !title.is_empty() {
        return title;
    }
    if is_url(&document.file) {
        return &document.file;
    }
    Path::new(&document.file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&document.file)
}

/// Whether an article's name is a web address (`https://…`) rather than a file.
pub fn is_url(file: &str) -> bool {
    file.starts_with("https://") || file.starts_with("http://")
}

/// An article's name as one deck level: `::` would open another level, so it becomes `:`.
fn level_name(document: &Document) -> String {
    let name: String = article_name(document)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let mut name = name.trim().to_string();
    while name.contains("::") {
        name = name.replace("::", ":");
    }
    name
}

/// A tag made of the article's name: lowercase words joined by `-`, letters and digits only
/// (`Top Interview Questions on MLOps` → `top-interview-questions-on-mlops`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            // An apostrophe joins (`what's` → `whats`); anything else separates words.
            gap = true;
        }
    }
    if out.is_empty() {
        out.push_str("article");
    }
    out
}

/// Where an article came from, for a description: its URL as a link, else its file name (never
/// a path, which would show the learner's folders to everyone the deck is shared with).
fn source_html(document: &Document) -> String {
    if is_url(&document.file) {
        let url = html::escape(&document.file);
        format!("<a href=\"{url}\">{url}</a>")
    } else {
        let name = Path::new(&document.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&document.file);
        html::escape(name)
    }
}

/// A sub-deck's description: the article and where it came from.
fn source_description(document: &Document) -> String {
    format!(
        "{} — {}",
        html::escape(article_name(document)),
        source_html(document)
    )
}

/// The deck's description with several articles: each article and where it came from.
fn list_description(documents: &[Document]) -> String {
    let mut out = format!("Questions from {} articles:<ul>", documents.len());
    for document in documents {
        out.push_str("<li>");
        out.push_str(&source_description(document));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterMember, QuestionRef};

    fn doc(file: &str, title: &str) -> Document {
        Document {
            file: file.into(),
            title: title.into(),
            questions: Vec::new(),
            modified: None,
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(
            slug("Top Interview Questions on MLOps"),
            "top-interview-questions-on-mlops"
        );
        assert_eq!(slug("  What's new: C++ & Rust! "), "whats-new-c-rust");
        assert_eq!(slug("Café crème"), "café-crème");
        assert_eq!(slug("!!!"), "article");
    }

    #[test]
    fn several_articles_get_one_sub_deck_each_and_a_listing() {
        let docs = [
            doc("x/a.txt", "Top MLOps Questions"),
            doc("https://example.org/q", "Platform: A::B"),
            doc("x/c.txt", "Top MLOps Questions"),
        ];
        let layout = Layout::new("MLOps", &docs, false);
        let names: Vec<&str> = layout.decks.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "MLOps",
                "MLOps::Top MLOps Questions",
                "MLOps::Platform: A:B"
            ]
        );
        assert_eq!(layout.deck_of, [1, 2, 1]);
        assert!(layout.decks[0].description.contains("3 articles"));
        assert!(
            layout.decks[2]
                .description
                .contains("<a href=\"https://example.org/q\">")
        );
        assert_eq!(layout.decks[1].description.matches("— ").count(), 2);
        let cluster = Cluster {
            members: [2, 1, 0]
                .map(|doc| ClusterMember {
                    at: QuestionRef { doc, question: 0 },
                    similarity: 1.0,
                })
                .to_vec(),
        };
        assert_eq!(layout.deck_id(&cluster), layout.decks[1].id);
        assert_eq!(
            layout.tags(&cluster),
            ["top-mlops-questions", "platform-a-b"]
        );
        let flat = Layout::new("MLOps", &docs, true);
        assert_eq!(flat.decks.len(), 1);
        assert_eq!(flat.deck_id(&cluster), flat.decks[0].id);
        assert!(flat.tags_articles());
    }

    #[test]
    fn one_article_keeps_one_deck_and_no_tag() {
        let layout = Layout::new("T", &[doc("a.txt", "T")], false);
        assert_eq!(layout.decks.len(), 1);
        assert_eq!(layout.decks[0].description, "");
        assert!(!layout.tags_articles());
    }
}
