//! The real Anki backend (the `anki` Python package, driven by `tests/anki/check.py`) for tests
//! outside `tests/anki.rs`: import a deck into a collection and read back what Anki holds.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

/// The Python with `anki` installed; a loud failure when it is not configured.
pub fn anki_python() -> PathBuf {
    match std::env::var_os("QA_CONVERT_ANKI_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "QA_CONVERT_ANKI_PYTHON is not set: this test needs the Anki backend \
(scripts/test creates .venv with anki==26.9.3 and sets it)"
        ),
    }
}

/// Runs check.py with these arguments and returns its JSON report.
pub fn check_py(args: &[&std::ffi::OsStr]) -> Value {
    let output = Process::new(anki_python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/check.py"))
        .args(args)
        .output()
        .expect("running tests/anki/check.py");
    assert!(
        output.status.success(),
        "check.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check.py prints JSON")
}

/// Imports the `.apkg` at `deck` into the collection at `collection` (created when missing).
pub fn import_apkg(collection: &Path, deck: &Path) -> Value {
    check_py(&["apkg".as_ref(), collection.as_os_str(), deck.as_os_str()])
}

/// What a learner does: tags, an edit and one review on every note (check.py `learn`).
pub fn learn(collection: &Path) -> Value {
    check_py(&["learn".as_ref(), collection.as_os_str()])
}

/// How many notes the import added and updated.
pub fn new_and_updated(state: &Value) -> (u64, u64) {
    let log = |name: &str| state["log"][name].as_u64().unwrap();
    (log("new"), log("updated"))
}

/// The notes the collection holds.
pub fn notes(state: &Value) -> &Vec<Value> {
    state["notes"].as_array().unwrap()
}

/// The one note asking `question`; fails listing the notes when there is none or several.
pub fn note_asking<'a>(state: &'a Value, question: &str) -> &'a Value {
    let found: Vec<&Value> = notes(state)
        .iter()
        .filter(|n| n["fields"]["Question"] == question)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one note asking {question:?}, got:\n{:#}",
        state["notes"]
    );
    found[0]
}
