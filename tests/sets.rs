//! Several articles on one topic as one study set: one deck with a sub-deck per article, article
//! tags, one note for a question several articles ask, and a third article added later — checked
//! by importing into the real Anki backend (`tests/common/anki_backend.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

mod common;

use common::anki_backend::{import_apkg, learn, new_and_updated, note_asking, notes};
use common::{anki_into, qa, titles};

const FIRST: &str = "Top Interview Questions on MLOps\n\n\
Q1. What is a feature store?\n\nA central place where a team keeps its model features.\n\n\
Q2. Why version data?\n\nTo reproduce any model from the data it was trained on.\n";

const SECOND: &str = "Platform Questions\n\n\
Q1. What is a model registry?\n\nA catalogue of trained models and their versions.\n\n\
Q2. What is a feature store?\n\nA service that serves the same features online and offline.\n";

const THIRD: &str = "Monitoring in Production\n\n\
Q1. What is data drift?\n\nThe input data changes over time, away from the training data.\n\n\
Q2. What is a model registry?\n\nWhere trained models are stored with their metadata and stage.\n";

/// A topic folder (`MLOps/`) of articles beside the learner's collection.
struct Topic {
    dir: tempfile::TempDir,
}

impl Topic {
    fn new(articles: &[(&str, &str)]) -> Topic {
        let topic = Topic {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::create_dir(topic.folder()).unwrap();
        for (name, text) in articles {
            topic.add(name, text, 1_700_000_000);
        }
        topic
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("MLOps")
    }

    /// Saves an article with this modification time (its notes' change time).
    fn add(&self, name: &str, text: &str, modified: u64) {
        let path = self.folder().join(name);
        fs::write(&path, text).unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(modified))
            .unwrap();
    }

    /// `qa-convert anki MLOps/ -o deck.apkg` with `args`; returns the deck's path.
    fn deck(&self, args: &[&str]) -> PathBuf {
        let deck = self.dir.path().join("deck.apkg");
        qa().arg("anki")
            .arg(self.folder())
            .arg("-o")
            .arg(&deck)
            .args(args)
            .assert()
            .success();
        deck
    }

    fn collection(&self) -> PathBuf {
        self.dir.path().join("collection.anki2")
    }

    fn import(&self, deck: &Path) -> Value {
        import_apkg(&self.collection(), deck)
    }
}

fn decks(state: &Value) -> Vec<&str> {
    state["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect()
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn two_articles_make_one_deck_with_a_sub_deck_each_and_one_note_per_shared_question() {
    let topic = Topic::new(&[("a.txt", FIRST), ("b.txt", SECOND)]);
    let state = topic.import(&topic.deck(&["--tag", "interviews"]));
    assert_eq!(new_and_updated(&state), (3, 0), "log: {}", state["log"]);
    let (a, b) = (
        "MLOps::Top Interview Questions on MLOps",
        "MLOps::Platform Questions",
    );
    for deck in ["MLOps", a, b] {
        assert!(decks(&state).contains(&deck), "decks: {:?}", decks(&state));
    }
    // The shared question: one note, in the sub-deck of the article that asks it first, naming
    // the other article, tagged with both.
    let shared = note_asking(&state, "What is a feature store?");
    assert_eq!(shared["decks"], json!([a]));
    assert_eq!(
        shared["fields"]["Source"],
        "Q1 · Top Interview Questions on MLOps<br>also in: Q2 · Platform Questions"
    );
    assert_eq!(
        shared["tags"],
        json!([
            "interviews",
            "platform-questions",
            "top-interview-questions-on-mlops"
        ])
    );
    // Both articles' answers are on the note.
    let answers = format!(
        "{}{}",
        shared["fields"]["Answer"], shared["fields"]["Also asked as"]
    );
    assert!(answers.contains("online and offline"), "{answers}");
    assert!(answers.contains("keeps its model features"), "{answers}");
    let registry = note_asking(&state, "What is a model registry?");
    assert_eq!(registry["decks"], json!([b]));
    assert_eq!(
        registry["tags"],
        json!(["interviews", "platform-questions"])
    );
    assert_eq!(registry["fields"]["Source"], "Q1 · Platform Questions");
}

/// The Anki-style CSV of several articles puts each note in its article's sub-deck too.
#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn the_csv_puts_each_note_in_its_articles_sub_deck() {
    let topic = Topic::new(&[("a.txt", FIRST), ("b.txt", SECOND)]);
    // A CSV needs the note type in the collection (the deck of any article brings it).
    let other = tempfile::tempdir().unwrap();
    let article = other.path().join("c.txt");
    fs::write(
        &article,
        "Containers\n\nQ1. What is a pod?\n\nThe smallest unit Kubernetes schedules.\n",
    )
    .unwrap();
    let deck = other.path().join("c.apkg");
    anki_into(&article, &deck);
    topic.import(&deck);
    let csv = topic.dir.path().join("deck.csv");
    qa().arg("csv")
        .arg(topic.folder())
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();
    let state = common::anki_backend::check_py(&[
        "csv".as_ref(),
        topic.collection().as_os_str(),
        csv.as_os_str(),
    ]);
    assert_eq!(new_and_updated(&state), (3, 0), "log: {}", state["log"]);
    assert_eq!(
        note_asking(&state, "What is a feature store?")["decks"],
        json!(["MLOps::Top Interview Questions on MLOps"])
    );
    assert_eq!(
        note_asking(&state, "What is a model registry?")["decks"],
        json!(["MLOps::Platform Questions"])
    );
}

#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn flat_puts_every_note_in_the_one_deck_and_still_tags_its_article() {
    let topic = Topic::new(&[("a.txt", FIRST), ("b.txt", SECOND)]);
    let state = topic.import(&topic.deck(&["--flat", "--deck", "Interviews::MLOps"]));
    assert_eq!(new_and_updated(&state), (3, 0), "log: {}", state["log"]);
    for note in notes(&state) {
        assert_eq!(note["decks"], json!(["Interviews::MLOps"]), "{note:#}");
    }
    assert!(!decks(&state).iter().any(|d| d.contains("Platform")));
    assert_eq!(
        note_asking(&state, "Why version data?")["tags"],
        json!(["top-interview-questions-on-mlops"])
    );
}

/// A third article joins the set later: its new questions become new notes in its own sub-deck,
/// the question it shares joins the existing note, and no note of the first deck is duplicated,
/// dropped from the package or loses its reviews.
#[test]
#[ignore = "needs the Anki backend: run scripts/test, or set QA_CONVERT_ANKI_PYTHON"]
fn adding_a_third_article_later_neither_duplicates_nor_orphans_notes() {
    let topic = Topic::new(&[("a.txt", FIRST), ("b.txt", SECOND)]);
    let first = topic.import(&topic.deck(&[]));
    assert_eq!(new_and_updated(&first), (3, 0), "log: {}", first["log"]);
    let learned = learn(&topic.collection());

    // Saved after the learner's reviews, as a new article is.
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    topic.add("c.txt", THIRD, now + 100);
    let deck = topic.deck(&[]);
    let after = topic.import(&deck);
    // Only "What is data drift?" is new; the registry note, which the third article also asks,
    // is updated; the others are untouched.
    assert_eq!(new_and_updated(&after), (1, 1), "log: {}", after["log"]);
    assert_eq!(notes(&after).len(), 4, "{:#}", after["notes"]);
    for note in notes(&learned) {
        let same = notes(&after)
            .iter()
            .find(|n| n["guid"] == note["guid"])
            .unwrap_or_else(|| panic!("note {} is gone", note["fields"]["Question"]));
        assert_eq!(same["id"], note["id"], "the note was replaced");
        assert_eq!(same["cards"], note["cards"], "scheduling changed");
        assert_eq!(same["decks"], note["decks"], "the note moved");
    }
    let drift = note_asking(&after, "What is data drift?");
    assert_eq!(drift["decks"], json!(["MLOps::Monitoring in Production"]));
    assert_eq!(drift["tags"], json!(["monitoring-in-production"]));
    let registry = note_asking(&after, "What is a model registry?");
    assert_eq!(
        registry["fields"]["Source"],
        "Q1 · Platform Questions<br>also in: Q2 · Monitoring in Production"
    );

    // Every note of the first deck is in the new one: none orphaned in the collection.
    let fresh = topic.dir.path().join("fresh.anki2");
    let all = import_apkg(&fresh, &deck);
    for note in notes(&learned) {
        assert!(
            notes(&all).iter().any(|n| n["guid"] == note["guid"]),
            "{} is no longer in the deck",
            note["fields"]["Question"]
        );
    }
    // Built again with nothing changed: nothing to import.
    let again = topic.import(&topic.deck(&[]));
    assert_eq!(new_and_updated(&again), (0, 0), "log: {}", again["log"]);
}

#[test]
fn dedupe_shows_which_articles_each_cluster_spans() {
    let topic = Topic::new(&[("a.txt", FIRST), ("b.txt", SECOND)]);
    let output = qa()
        .args(["dedupe", "--json"])
        .arg(topic.folder())
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let clusters = json["clusters"].as_array().unwrap();
    let shared = clusters
        .iter()
        .find(|c| c["canonical"] == "What is a feature store?")
        .unwrap();
    let files: Vec<String> = shared["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f.as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(files, ["a.txt", "b.txt"]);
    let report = qa().arg("dedupe").arg(topic.folder()).output().unwrap();
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(
        report.contains("across 2 articles: Top Interview Questions on MLOps · Platform Questions"),
        "{report}"
    );
}

/// The decks a package declares (name → description), read from its collection.
fn package_decks(apkg: &Path) -> Vec<(String, String)> {
    let file = fs::File::open(apkg).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut collection = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("collection.anki2").unwrap(),
        &mut collection,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    fs::write(&path, collection).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    let decks: String = db
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .unwrap();
    let decks: Value = serde_json::from_str(&decks).unwrap();
    let mut out: Vec<(String, String)> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["desc"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Every file of a folder with its bytes, by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A study set of a saved article and a web page: one command builds the deck; the page is kept
/// in `.cache/`, so the rebuild reads no network and gives the same bytes, until `--refresh`.
#[test]
fn a_study_set_names_deck_articles_and_tags_and_rebuilds_offline() {
    use common::web::{Reply, Server};
    let page = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/web/mlops-page.html"
    ))
    .unwrap();
    let server = Server::start(vec![("/q", Reply::Page(200, "text/html", page))]);
    let url = server.url("/q");
    let topic = Topic::new(&[("a.txt", FIRST)]);
    let set = topic.folder().join("qa-convert.toml");
    fs::write(
        &set,
        format!(
            "# MLOps interview preparation\ndeck = \"Interviews::MLOps\"\ntags = [\"interviews\"]\n\
articles = [\n  \"a.txt\",\n  \"{url}\",\n]\n"
        ),
    )
    .unwrap();
    let build = |out: &str, extra: &[&str]| {
        common::web::qa_direct()
            .current_dir(topic.dir.path())
            .args(["all", "--set", "MLOps/qa-convert.toml", "--out-dir", out])
            .args(extra)
            .assert()
            .success();
        topic.dir.path().join(out)
    };
    let first = build("first", &[]);
    assert_eq!(server.requests().len(), 1);
    let cached: Vec<_> = fs::read_dir(topic.folder().join(".cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(cached[0].ends_with(".html"), "{cached:?}");
    assert!(topic.folder().join("qa-convert.lock").is_file());

    let decks = package_decks(&first.join("qa-convert.apkg"));
    let names: Vec<&str> = decks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Default",
            "Interviews::MLOps",
            "Interviews::MLOps::Top Interview Questions on MLOps",
            "Interviews::MLOps::Top MLOps Interview Questions",
        ]
    );
    let listing = &decks[1].1;
    assert!(listing.contains("2 articles"), "{listing}");
    assert!(
        listing.contains(&format!("<a href=\"{url}\">")),
        "{listing}"
    );
    assert!(listing.contains("a.txt"), "{listing}");
    let json: Value =
        serde_json::from_slice(&fs::read(first.join("qa-convert.json")).unwrap()).unwrap();
    assert_eq!(json["documents"][1]["file"], url.as_str());

    // Rebuilt: from the cache, byte for byte the same.
    let second = build("second", &[]);
    assert_eq!(server.requests().len(), 1, "the rebuild fetched the page");
    assert_eq!(files(&first), files(&second));
    // -v says where each page came from.
    let output = common::web::qa_direct()
        .current_dir(topic.dir.path())
        .args(["-v", "parse", "--set", "MLOps/qa-convert.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{url}: read from the cache, ")),
        "{stderr}"
    );
    assert_eq!(server.requests().len(), 1);
    // --refresh fetches again.
    build("third", &["--refresh"]);
    assert_eq!(server.requests().len(), 2);
}

/// `qa-convert all` with no INPUT reads `source/qa-convert.toml` when there is one.
#[test]
fn all_reads_the_set_in_source_when_present() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    fs::create_dir(&source).unwrap();
    fs::write(source.join("a.txt"), FIRST).unwrap();
    fs::write(source.join("b.txt"), SECOND).unwrap();
    fs::write(source.join("not-in-the-set.txt"), THIRD).unwrap();
    fs::write(
        source.join("qa-convert.toml"),
        "deck = \"MLOps\"\narticles = [\"b.txt\", \"a.txt\"]\nflat = true\n",
    )
    .unwrap();
    let output = qa().current_dir(dir.path()).arg("all").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("deck \"MLOps\""), "{stderr}");
    let json: Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/qa-convert.json")).unwrap()).unwrap();
    let titles = titles(&json);
    assert_eq!(
        titles,
        ["Platform Questions", "Top Interview Questions on MLOps"]
    );
    let decks = package_decks(&dir.path().join("out/qa-convert.apkg"));
    assert_eq!(decks.len(), 2, "--flat from the set: {decks:?}");
}

/// The deck's summary counts its article sub-decks in words that agree with the number: articles
/// that share one title share one sub-deck.
#[test]
fn the_summary_counts_sub_decks_in_the_singular_and_the_plural() {
    let dir = tempfile::tempdir().unwrap();
    let retitled = SECOND.replace("Platform Questions", "Top Interview Questions on MLOps");
    for (name, text) in [
        ("a.txt", FIRST),
        ("b.txt", retitled.as_str()),
        ("c.txt", THIRD),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let summary = |articles: &[&str]| {
        let output = qa()
            .current_dir(dir.path())
            .arg("anki")
            .args(articles)
            .args(["--no-lock", "-o", "deck.apkg"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        stderr
    };
    let one = summary(&["a.txt", "b.txt"]);
    assert!(one.contains(", 1 article sub-deck)"), "{one}");
    let two = summary(&["a.txt", "c.txt"]);
    assert!(two.contains(", 2 article sub-decks)"), "{two}");
}
