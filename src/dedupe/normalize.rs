//! Normalisation: turns a question (or an answer) into the terms that carry its meaning, so that
//! rewordings of one question end up with the same terms.
//!
//! Case, punctuation, stop words and the words that only frame a question ("What is", "Explain",
//! "How do you") go; words are stemmed; compounds split (`model/concept`, `CI/CD`); abbreviations
//! and synonyms meet (`ML` ↔ `machine learning`, `vs` ↔ `difference`). Identifiers, numbers and
//! negations are kept as they are, because "L1 regularization" is not "L2 regularization".

use rust_stemmers::{Algorithm, Stemmer};

use super::fasthash::{FastMap, FastSet};

/// A term id, interned by [`Normalizer`].
pub type Term = u32;

/// What a term tells about its question, beyond how rare it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary content word (`drift`, `kubernet`).
    Content,
    /// A word with a digit (`l1`, `python3`, `404`): two questions naming different identifiers
    /// ask different things however much else they share.
    Identifier,
    /// `not`, `no`, `without`, `never`: a question and its negation are not the same question.
    Negation,
    /// A word that picks one facet of a topic (`type`, `benefit`, `step`, `why`): "What are the
    /// types of X?" asks something else than "What is X?", so it counts more.
    Facet,
    /// A generic word that frames more than it asks (`way`, `work`, `use`, `example`): it counts,
    /// but little.
    Weak,
}

/// Words that never carry a question's meaning: function words and the words that frame a
/// question ("what is", "explain", "how can you", "tell me about").
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "between", "briefly", "by", "can", "could", "define", "definition", "describe", "description",
    "detail", "details", "did", "discuss", "do", "does", "doing", "done", "each", "elaborate",
    "explain", "explained", "following", "for", "from", "had", "has", "have", "how", "i",
    "if", "in", "into", "is", "it", "its", "me", "mean", "meant", "might",
    "must", "my", "of", "on", "or", "our", "over", "perform", "please", "same", "shall", "should",
    "so", "such", "tell", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "through", "to", "understand", "understanding", "up", "us",
    "via", "was", "we", "were", "what", "whats", "when", "where", "which", "while", "who", "whom",
    "will", "with", "within", "would", "you", "your", "yours",
];

/// Imperatives that frame a question only when they open it: "List the stages…", "Name three…"
/// ("a linked list" and "state management" keep their words).
const LEADING_FRAMES: &[&str] = &["give", "list", "mention", "name", "state"];

/// Words that deny: kept, as the one term `not`.
const NEGATIONS: &[&str] = &["not", "no", "never", "without", "cannot", "nor"];

/// Multi-word terms and abbreviations that name one thing, longest first at each position:
/// every spelling becomes the one term on the right.
const PHRASES: &[(&[&str], &str)] = &[
    (&["machine", "learning", "operations"], "mlops"),
    (&["ml", "ops"], "mlops"),
    (&["dev", "ops"], "devops"),
    (&["machine", "learning"], "ml"),
    (&["artificial", "intelligence"], "ai"),
    (&["deep", "learning"], "dl"),
    (&["continuous", "integration"], "ci"),
    (&["continuous", "deployment"], "cd"),
    (&["continuous", "delivery"], "cd"),
    (&["natural", "language", "processing"], "nlp"),
    (&["large", "language", "models"], "llm"),
    (&["large", "language", "model"], "llm"),
    (&["llms"], "llm"),
    (&["convolutional", "neural", "networks"], "cnn"),
    (&["convolutional", "neural", "network"], "cnn"),
    (&["cnns"], "cnn"),
    (&["recurrent", "neural", "networks"], "rnn"),
    (&["recurrent", "neural", "network"], "rnn"),
    (&["rnns"], "rnn"),
    (&["neural", "networks"], "nn"),
    (&["neural", "network"], "nn"),
    (&["support", "vector", "machines"], "svm"),
    (&["support", "vector", "machine"], "svm"),
    (&["principal", "component", "analysis"], "pca"),
    (&["stochastic", "gradient", "descent"], "sgd"),
    (&["object", "oriented", "programming"], "oop"),
    (&["application", "programming", "interfaces"], "api"),
    (&["application", "programming", "interface"], "api"),
    (&["apis"], "api"),
    (&["operating", "systems"], "os"),
    (&["operating", "system"], "os"),
    (&["k8s"], "kubernetes"),
    (&["js"], "javascript"),
    (&["db"], "database"),
    (&["dbs"], "database"),
    (&["dbms"], "database"),
    (&["rdbms"], "database"),
    (&["1st"], "first"),
    (&["2nd"], "second"),
    (&["3rd"], "third"),
    (&["4th"], "fourth"),
    (&["5th"], "fifth"),
    (&["nth"], "n"),
    (&["pros"], "benefit"),
    (&["cons"], "drawback"),
];

/// Stems that ask the same thing, mapped onto one stem: "differ"/"difference"/"vs"/"compare" all
/// ask for a comparison; "advantages"/"benefits" for the upside.
const STEM_SYNONYMS: &[(&str, &str)] = &[
    ("vs", "differ"),
    ("versus", "differ"),
    ("compar", "differ"),
    ("contrast", "differ"),
    ("distinguish", "differ"),
    ("differenti", "differ"),
    ("advantag", "benefit"),
    ("merit", "benefit"),
    ("disadvantag", "drawback"),
    ("downsid", "drawback"),
    ("build", "creat"),
    ("construct", "creat"),
    ("avoid", "prevent"),
    ("mitig", "prevent"),
    ("deal", "handl"),
    ("tackl", "handl"),
    ("purpos", "role"),
    ("get", "find"),
    ("fetch", "find"),
    ("retriev", "find"),
];

/// Stems that frame rather than ask: they count a little.
#[rustfmt::skip]
const WEAK_STEMS: &[&str] = &[
    "approach", "common", "concept", "exampl", "key", "main", "method", "some", "techniqu", "term",
    "use", "various", "way", "work", "import",
];

/// The part a term plays in its question, beyond what the term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Detail added at the end ("… with an example?"): counts less, like a scope.
    Aside,
    /// Scope named at the end ("… in DBMS?", "… for MLOps?"): "What is normalization in DBMS?"
    /// asks what "What is normalization?" asks, so it counts less.
    Scope,
    /// Any other term.
    Plain,
    /// The verb a how-question asks about ("How do you *delete* duplicate rows?"): finding
    /// duplicates is another question, so it counts more.
    Ask,
}

/// Auxiliaries and pronouns of "how do you / how can we / how would one" frames.
const HOW_AUX: &[&str] = &[
    "can", "could", "do", "does", "should", "would", "will", "might",
];
const HOW_SUBJECT: &[&str] = &["you", "we", "i", "one"];
/// Prepositions that open a closing scope ("in DBMS", "for machine learning").
const SCOPE_WORDS: &[&str] = &["in", "for", "within", "with"];
/// A scope is at most this many words before the end.
const MAX_SCOPE_WORDS: usize = 2;

/// Where a question's own words start (after "Write a query to"), and the word index of the verb
/// it asks about ("How do you *create*", "How to *create*", "Write a program to *reverse*").
fn question_frame(words: &[&str]) -> (usize, Option<usize>) {
    let w = |i: usize| words.get(i).copied().unwrap_or("");
    if w(0) == "write" && matches!(w(1), "a" | "an" | "the") && w(3) == "to" {
        return (4, Some(4));
    }
    if LEADING_FRAMES.contains(&w(0)) && (is_stop(w(1)) || w(1) == "some") {
        return (1, None);
    }
    if w(0) == "how" {
        if w(1) == "to" {
            return (0, Some(2));
        }
        if HOW_AUX.contains(&w(1)) && HOW_SUBJECT.contains(&w(2)) {
            return (0, Some(3));
        }
    }
    (0, None)
}

/// Where a closing scope ("in DBMS") or aside ("with an example") starts, if the question ends
/// with one, and which it is.
fn scope_start(words: &[&str]) -> Option<(usize, Role)> {
    let last = words.iter().rposition(|w| SCOPE_WORDS.contains(w))?;
    let rest = words.len() - last - 1;
    // "… with an example", "… with try/except" add detail rather than name a domain.
    let role = if words[last] == "with" {
        Role::Aside
    } else {
        Role::Scope
    };
    (last > 1 && (1..=MAX_SCOPE_WORDS).contains(&rest)).then_some((last + 1, role))
}

/// Stems that pick a facet of a topic.
#[rustfmt::skip]
const FACET_STEMS: &[&str] = &[
    "architectur", "benefit", "best", "categori", "challeng", "compon", "drawback", "kind", "limit",
    "practic", "principl", "risk", "stage", "step", "type", "whi",
];

/// Size of the compound filter in 64-bit words (64 KiB: stays in cache).
const FILTER_WORDS: usize = 1 << 13;

/// A 64-bit hash of a word: its bit in the compound filter, and its key among question words.
fn word_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = super::fasthash::FxHasher::default();
    hasher.write(word.as_bytes());
    hasher.finish()
}

fn filter_bit(hash: u64) -> usize {
    // The high bits of the multiply-based hash mix best.
    (hash >> 45) as usize % (FILTER_WORDS * 64)
}

/// Interns terms and remembers how each word normalises, so that a word is stemmed once however
/// often it appears.
pub struct Normalizer {
    stemmer: Stemmer,
    /// Acronyms the questions use (`GIL`), lower-cased: their spelled-out form
    /// ("Global Interpreter Lock") becomes the acronym.
    acronyms: FastSet<String>,
    /// Lower-case word → its term, or `None` for a stop word.
    words: FastMap<String, Option<Term>>,
    /// A one-hash Bloom filter over the words questions use, so that "trade off" meets
    /// "tradeoff": most word pairs are not compounds, and this answers "no" from a table small
    /// enough to stay in cache.
    question_words: Vec<u64>,
    /// The 64-bit hashes of the words questions use, to confirm what the filter lets through
    /// (small fixed-size keys: cheaper than a table of strings at 100,000 questions).
    question_word_hashes: FastSet<u64>,
    terms: FastMap<String, Term>,
    /// The first words of [`PHRASES`], to skip the phrase table for most words.
    phrase_starts: FastSet<&'static str>,
    /// Scratch space for joining two words.
    joined: String,
    names: Vec<String>,
    /// Per term: the first word that produced it, to show people instead of a stem.
    shown: Vec<String>,
    kinds: Vec<Kind>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    pub fn new() -> Normalizer {
        Normalizer::with_capacity(0)
    }

    /// A normaliser with room for about `words` distinct words, so that its tables need not grow
    /// (and rehash) while a large corpus is read.
    pub fn with_capacity(words: usize) -> Normalizer {
        Normalizer {
            stemmer: Stemmer::create(Algorithm::English),
            acronyms: Default::default(),
            words: FastMap::with_capacity_and_hasher(words, Default::default()),
            question_words: vec![0; FILTER_WORDS],
            question_word_hashes: FastSet::with_capacity_and_hasher(words, Default::default()),
            terms: FastMap::with_capacity_and_hasher(words, Default::default()),
            joined: String::new(),
            phrase_starts: PHRASES.iter().map(|(phrase, _)| phrase[0]).collect(),
            names: Vec::new(),
            shown: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// Learns the acronyms and words of a question, so that other questions spelling them
    /// differently meet them. Call for every question before asking for terms.
    pub fn learn(&mut self, text: &str) {
        self.learn_and_lower(text);
    }

    /// [`Normalizer::learn`], returning the lowered text to pass to
    /// [`Normalizer::question_terms_of_lowered`]: one read of the question text instead of two,
    /// which counts when 100,000 questions no longer fit in cache.
    pub fn learn_and_lower(&mut self, text: &str) -> String {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let letters = word.len();
            // Two-letter acronyms (CI, CD, ML) are too ambiguous to spot by initials ("create
            // infrastructure" is not CI): the common ones are in PHRASES instead.
            if (3..=5).contains(&letters) && word.chars().all(|c| c.is_ascii_uppercase()) {
                self.acronyms.insert(word.to_ascii_lowercase());
            }
        }
        let lowered = lower(text);
        for word in words(&lowered) {
            let hash = word_hash(word);
            let bit = filter_bit(hash);
            self.question_words[bit / 64] |= 1 << (bit % 64);
            self.question_word_hashes.insert(hash);
        }
        lowered
    }

    /// The terms of a text, in order, repeats kept.
    pub fn terms(&mut self, text: &str) -> Vec<Term> {
        self.terms_with_roles(text)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    /// The terms of a question as a set sorted by term, each with the role it plays (the
    /// strongest, when a term occurs twice).
    pub fn question_terms(&mut self, text: &str) -> Vec<(Term, Role)> {
        self.question_terms_of_lowered(&lower(text))
    }

    /// [`Normalizer::question_terms`] of a text that [`Normalizer::learn_and_lower`] lowered.
    pub fn question_terms_of_lowered(&mut self, lowered: &str) -> Vec<(Term, Role)> {
        let mut terms = self.terms_with_roles_of_lowered(lowered);
        terms.sort_unstable_by_key(|&(t, role)| (t, std::cmp::Reverse(role)));
        terms.dedup_by_key(|(t, _)| *t);
        terms
    }

    fn terms_with_roles(&mut self, text: &str) -> Vec<(Term, Role)> {
        self.terms_with_roles_of_lowered(&lower(text))
    }

    fn terms_with_roles_of_lowered(&mut self, lowered: &str) -> Vec<(Term, Role)> {
        let words = words(lowered);
        let (start, ask) = question_frame(&words);
        let scope = scope_start(&words);
        let role = |i: usize| {
            if Some(i) == ask {
                Role::Ask
            } else if let Some((s, scope_role)) = scope
                && i >= s
            {
                scope_role
            } else {
                Role::Plain
            }
        };
        let mut terms = Vec::with_capacity(words.len());
        let mut i = start;
        while i < words.len() {
            if let Some((len, replacement)) = self.phrase_at(&words[i..]) {
                // Through `word`, so that `database` from `DBMS` meets the stem of `databases`.
                terms.extend(self.word(replacement).map(|t| (t, role(i))));
                i += len;
                continue;
            }
            if let Some((len, acronym)) = self.acronym_at(&words[i..]) {
                terms.extend(self.word(&acronym).map(|t| (t, role(i))));
                i += len;
                continue;
            }
            if let Some(joined) = self.compound_at(&words[i..]) {
                terms.extend(self.word(&joined).map(|t| (t, role(i))));
                i += 2;
                continue;
            }
            if let Some(term) = self.word(words[i]) {
                terms.push((term, role(i)));
            }
            i += 1;
        }
        terms
    }

    /// The longest phrase starting the words, with how many words it takes.
    fn phrase_at(&self, words: &[&str]) -> Option<(usize, &'static str)> {
        let first = words.first()?;
        if !self.phrase_starts.contains(first) {
            return None;
        }
        phrase_at(words)
    }

    /// A known acronym spelled out at the start of `words` ("global interpreter lock" → `gil`).
    fn acronym_at(&self, words: &[&str]) -> Option<(usize, String)> {
        if self.acronyms.is_empty() {
            return None;
        }
        for len in (3..=5.min(words.len())).rev() {
            let span = &words[..len];
            if is_stop(span[0]) || is_stop(span[len - 1]) {
                continue;
            }
            let initials: String = span.iter().filter_map(|w| w.chars().next()).collect();
            if self.acronyms.contains(&initials) {
                return Some((len, initials));
            }
        }
        None
    }

    /// Two words that the questions also write as one ("trade off" → `tradeoff`).
    fn compound_at(&mut self, words: &[&str]) -> Option<String> {
        let [first, second, ..] = words else {
            return None;
        };
        if first.len() < 2 || second.len() < 2 || is_stop(first) || is_stop(second) {
            return None;
        }
        self.joined.clear();
        self.joined.push_str(first);
        self.joined.push_str(second);
        let hash = word_hash(&self.joined);
        let bit = filter_bit(hash);
        if self.question_words[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.question_word_hashes
            .contains(&hash)
            .then(|| self.joined.clone())
    }

    /// The terms of a text as a sorted set.
    pub fn term_set(&mut self, text: &str) -> Vec<Term> {
        let mut terms = self.terms(text);
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// How many distinct terms have been seen.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True before any term was seen.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The readable form of a term (its stem), for reports.
    pub fn name(&self, term: Term) -> &str {
        self.names.get(term as usize).map_or("?", String::as_str)
    }

    /// The term as a person reads it: the first word that produced it (`pipelines`, not `pipelin`).
    pub fn shown(&self, term: Term) -> &str {
        self.shown.get(term as usize).map_or("?", String::as_str)
    }

    /// What kind of term it is.
    pub fn kind(&self, term: Term) -> Kind {
        self.kinds
            .get(term as usize)
            .copied()
            .unwrap_or(Kind::Content)
    }

    fn word(&mut self, word: &str) -> Option<Term> {
        if let Some(known) = self.words.get(word) {
            return *known;
        }
        let term = self.classify(word);
        self.words.insert(word.to_string(), term);
        term
    }

    fn classify(&mut self, word: &str) -> Option<Term> {
        if is_stop(word) {
            return None;
        }
        if NEGATIONS.contains(&word) {
            return Some(self.intern("not", word, Kind::Negation));
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            return Some(self.intern(word, word, Kind::Identifier));
        }
        // Names like `MLOps` and `AIOps` are not plurals: stemming would only make them unreadable.
        let stem = if word.ends_with("ops") {
            word.to_string()
        } else {
            self.stemmer.stem(word).into_owned()
        };
        let stem = STEM_SYNONYMS
            .iter()
            .find(|(from, _)| *from == stem)
            .map_or(stem.as_str(), |(_, to)| to)
            .to_string();
        let kind = if WEAK_STEMS.contains(&stem.as_str()) {
            Kind::Weak
        } else if FACET_STEMS.contains(&stem.as_str()) {
            Kind::Facet
        } else {
            Kind::Content
        };
        Some(self.intern(&stem, word, kind))
    }

    fn intern(&mut self, name: &str, shown: &str, kind: Kind) -> Term {
        if let Some(&term) = self.terms.get(name) {
            return term;
        }
        let term = Term::try_from(self.names.len()).unwrap_or(Term::MAX);
        self.terms.insert(name.to_string(), term);
        self.names.push(name.to_string());
        self.shown.push(shown.to_string());
        self.kinds.push(kind);
        term
    }
}

/// The content words of the opening of an answer, lightly stemmed and hashed, as a sorted set: a
/// cheap fingerprint to compare two answers by. It needs no shared vocabulary, so answers are read
/// only for the few pairs whose questions are nearly alike, and skips the full stemmer, which
/// would cost more than all the rest.
pub fn answer_fingerprint(text: &str, max_terms: usize) -> Vec<u64> {
    use std::hash::Hasher;
    let lower = text.to_lowercase();
    let mut hashes: Vec<u64> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_stop(w))
        .take(max_terms)
        .map(|w| {
            let mut hasher = super::fasthash::FxHasher::default();
            hasher.write(light_stem(w).as_bytes());
            hasher.finish()
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Strips the commonest English endings, so that `deploys`, `deployed` and `deploying` meet.
fn light_stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    word
}

fn is_stop(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The longest phrase starting the words, with how many words it takes.
fn phrase_at(words: &[&str]) -> Option<(usize, &'static str)> {
    PHRASES
        .iter()
        .filter(|(phrase, _)| {
            phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| p == w)
        })
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(phrase, to)| (phrase.len(), *to))
}

/// The text in lower case, symbols that name things spelled out (`C++` → `cpp`, `A/B` → `ab`),
/// contractions opened (`don't` → `do not`). [`words`] then splits it at everything that is not
/// a letter or digit, which also splits `model/concept` and `CI/CD`.
fn lower(text: &str) -> String {
    let mut lower = text.to_lowercase();
    let special = |c: char| matches!(c, '+' | '#' | '.' | '/' | '\'' | '’') || c == 'c';
    for (from, to) in [
        ("c++", " cpp "),
        ("c#", " csharp "),
        (".net", " dotnet "),
        ("node.js", " nodejs "),
        ("a/b", " ab "),
        ("can't", "can not"),
        ("can’t", "can not"),
        ("won't", "will not"),
        ("won’t", "will not"),
        ("n't", " not"),
        ("n’t", " not"),
        ("cannot", "can not"),
    ] {
        if !lower.contains(special) {
            break;
        }
        if lower.contains(from) {
            lower = lower.replace(from, to);
        }
    }
    lower
}

/// The words of a lowered text.
fn words(lowered: &str) -> Vec<&str> {
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut n = Normalizer::new();
        let terms = n.terms(text);
        terms.iter().map(|&t| n.name(t).to_string()).collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn question_frames_fall_away() {
        assert_eq!(
            names("How do you create Infrastructure in MLOps?"),
            ["creat", "infrastructur", "mlops"]
        );
        assert_eq!(
            names("How to build infrastructure for MLOps?"),
            ["creat", "infrastructur", "mlops"]
        );
        assert_eq!(
            names("Explain model/concept drift."),
            names("What is model or concept drift?")
        );
    }

    #[test]
    fn abbreviations_and_compounds_meet() {
        assert_eq!(
            names("How can you create CI/CD pipelines for Machine Learning?"),
            ["creat", "ci", "cd", "pipelin", "ml"]
        );
        assert_eq!(
            names("continuous integration and continuous delivery"),
            ["ci", "cd"]
        );
    }

    #[test]
    fn comparisons_meet() {
        let mut a = names("What is the difference between MLOps and DevOps?");
        let mut b = names("MLOps vs DevOps");
        let mut c = names("How does DevOps differ from MLOps?");
        a.sort();
        b.sort();
        c.sort();
        assert_eq!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn identifiers_and_negations_stay() {
        assert_eq!(names("What is L1 regularization?"), ["l1", "regular"]);
        assert_eq!(
            names("Why can't you use Python 2?"),
            ["whi", "not", "use", "python", "2"]
        );
    }

    #[test]
    fn acronyms_and_compounds_the_questions_use_meet_their_other_spellings() {
        let mut n = Normalizer::new();
        n.learn("What is the GIL?");
        n.learn("What is the bias-variance tradeoff?");
        let mut names = |text: &str| {
            let terms = n.terms(text);
            terms
                .iter()
                .map(|&t| n.name(t).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("What is the Global Interpreter Lock?"), ["gil"]);
        assert_eq!(
            names("Explain the bias–variance trade-off."),
            ["bias", "varianc", "tradeoff"]
        );
    }

    #[test]
    fn leading_imperatives_frame_only_before_a_function_word() {
        assert_eq!(names("List the stages of a pipeline"), ["stage", "pipelin"]);
        assert_eq!(names("List vs tuple"), ["list", "differ", "tupl"]);
    }
}
