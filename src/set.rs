//! Study sets: a `qa-convert.toml` that names a deck, its articles (files, folders and web
//! addresses), tags and options, so that a whole bank is rebuilt with one command and committed
//! with its articles. `source/qa-convert.toml` is read when a command is given no INPUT; `--set
//! FILE` names another. Web pages of a set are kept in `.cache/` beside the file, so a rebuild
//! reads no network and gives the same bytes until `--refresh`.
//!
//! ```toml
//! deck = "MLOps"
//! tags = ["interviews"]
//! articles = [
//!   "mlops-interview-questions.txt",
//!   "https://example.org/mlops-interview-questions",
//! ]
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::{DeckArgs, DedupeArgs, InputArgs};
use crate::error::UsageError;
use crate::fetch;
use crate::inputs::DEFAULT_SOURCE;

/// The file a folder's study set is read from.
pub const FILE_NAME: &str = "qa-convert.toml";

/// The folder beside the set file that keeps its fetched pages.
pub const CACHE_DIR: &str = ".cache";

/// A study set as its file gives it. Paths are relative to the file's folder.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudySet {
    /// The deck's name (`--deck`).
    #[serde(default)]
    pub deck: Option<String>,
    /// The articles: files, folders or web addresses, in the order their sub-decks come.
    pub articles: Vec<String>,
    /// Tags on every note (`--tag`), besides those given on the command line.
    #[serde(default)]
    pub tags: Vec<String>,
    /// One deck rather than one sub-deck per article (`--flat`).
    #[serde(default)]
    pub flat: bool,
    /// The merge threshold (`--threshold`), unless the command line gives one.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Keep every question apart (`--no-dedupe`).
    #[serde(default)]
    pub no_dedupe: bool,
}

impl StudySet {
    /// Reads a set from its file's text; `name` is the file as the user knows it.
    pub fn parse(text: &str, name: &str) -> Result<StudySet, UsageError> {
        let set: StudySet = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.matches('\n').count() + 1);
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            UsageError::new(format!("{name}{at}: {}", e.message().trim_end())).hint(
                "a study set looks like: deck = \"MLOps\" and articles = [\"a.txt\", \"https://…\"]; \
see README \"Study sets\"",
            )
        })?;
        if set.articles.is_empty() {
            return Err(
                UsageError::new(format!("{name}: the set names no articles"))
                    .hint("list them: articles = [\"a.txt\", \"https://example.org/questions\"]"),
            );
        }
        if let Some(x) = set.threshold
            && !(0.0..=1.0).contains(&x)
        {
            return Err(UsageError::new(format!(
                "{name}: threshold {x} is not between 0 and 1"
            )));
        }
        Ok(set)
    }
}

/// Which set file a command reads: `--set FILE`, else `source/qa-convert.toml` when the command
/// has no INPUT and that file exists.
fn set_file(input: &InputArgs) -> Result<Option<PathBuf>, UsageError> {
    match &input.set {
        Some(_) if !input.inputs.is_empty() => {
            Err(UsageError::new("--set and INPUT both name the articles")
                .hint("give the set file alone, or the articles alone"))
        }
        Some(path) => Ok(Some(path.clone())),
        None if input.inputs.is_empty() => {
            let default = Path::new(DEFAULT_SOURCE).join(FILE_NAME);
            Ok(default.is_file().then_some(default))
        }
        None => Ok(None),
    }
}

/// Puts the study set's articles, deck and options into the command's arguments, when there is a
/// set to read; what the command line gives explicitly wins.
pub fn apply(
    input: &mut InputArgs,
    deck: Option<&mut DeckArgs>,
    dedupe: Option<&mut DedupeArgs>,
) -> Result<(), UsageError> {
    let Some(path) = set_file(input)? else {
        return Ok(());
    };
    let name = path.display().to_string();
    let text = fs::read_to_string(&path)
        .map_err(|e| UsageError::new(format!("cannot read the study set {name}: {e}")))?;
    let set = StudySet::parse(&text, &name)?;
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    input.inputs = set
        .articles
        .iter()
        .map(|article| {
            if fetch::is_url(article) {
                PathBuf::from(article)
            } else {
                folder.join(article)
            }
        })
        .collect();
    input.cache = Some(folder.join(CACHE_DIR));
    if let Some(deck) = deck {
        if deck.deck.is_none() {
            deck.deck = set.deck.clone();
        }
        let mut tags = set.tags.clone();
        tags.append(&mut deck.tags);
        deck.tags = tags;
        deck.flat |= set.flat;
        // The lock sits beside the set, even when every article is a web page.
        if deck.lock.is_none() && !deck.no_lock {
            deck.lock = Some(folder.join(crate::write::notes::lock::FILE_NAME));
        }
    }
    if let Some(dedupe) = dedupe {
        dedupe.no_dedupe |= set.no_dedupe;
        if dedupe.threshold.is_none() && !dedupe.no_dedupe {
            dedupe.threshold = set.threshold;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_names_its_deck_articles_tags_and_options() {
        let set = StudySet::parse(
            "deck = \"MLOps\"\ntags = [\"interviews\"]\nflat = true\nthreshold = 0.7\n\
articles = [\"a.txt\", \"https://example.org/q\"]\n",
            "qa-convert.toml",
        )
        .unwrap();
        assert_eq!(set.deck.as_deref(), Some("MLOps"));
        assert_eq!(set.articles, ["a.txt", "https://example.org/q"]);
        assert_eq!(set.tags, ["interviews"]);
        assert!(set.flat);
        assert_eq!(set.threshold, Some(0.7));
    }

    #[test]
    fn mistakes_in_a_set_are_named() {
        let err = StudySet::parse("articles = []\n", "s.toml").unwrap_err();
        assert!(err.message.contains("names no articles"), "{}", err.message);
        let err = StudySet::parse("deck = \"A\"\nartcles = [\"a.txt\"]\n", "s.toml").unwrap_err();
        assert!(err.message.starts_with("s.toml:2: "), "{}", err.message);
        assert!(err.hint.is_some());
        let err = StudySet::parse("articles = [\"a\"]\nthreshold = 2\n", "s.toml").unwrap_err();
        assert!(err.message.contains("between 0 and 1"), "{}", err.message);
    }
}
