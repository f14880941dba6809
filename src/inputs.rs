//! Inputs and default outputs: which files a command reads (files, folders, stdin, or `source/`)
//! and where its output goes when no `-o` is given (`out/`).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::UsageError;
use crate::read;

/// The folder read when no input is named.
pub const DEFAULT_SOURCE: &str = "source";
/// The folder written to when no output is named.
pub const DEFAULT_OUT: &str = "out";
/// The output file stem when several inputs go into one output.
const COMBINED_STEM: &str = "qa-convert";

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name shown to the user and stored in records (`source/x.txt`, or `-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(path) => Some(path),
        }
    }
}

/// An input's text and modification time.
pub struct Loaded {
    pub text: String,
    pub modified: Option<SystemTime>,
}

/// Expands the command line's INPUTs into files: a folder gives every supported file inside it
/// (recursively, sorted); `-` is stdin; no INPUT at all means `source/`.
pub fn resolve(args: &[PathBuf]) -> Result<Vec<Input>, UsageError> {
    if args.is_empty() {
        let source = Path::new(DEFAULT_SOURCE);
        if !source.is_dir() {
            return Err(UsageError::new("no input given, and there is no source/ folder here")
                .hint("name an article file (qa-convert parse article.txt), or put articles in source/"));
        }
        return resolve(&[source.to_path_buf()]);
    }
    let mut inputs = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            let mut files = Vec::new();
            collect_supported(arg, &mut files).map_err(|e| {
                UsageError::new(format!("{}: cannot list folder: {e}", arg.display()))
            })?;
            if files.is_empty() {
                return Err(UsageError::new(format!(
                    "{}: no article files in this folder",
                    arg.display()
                ))
                .hint("articles are .txt, .md or .html files; name a file to read another kind as text with --format text"));
            }
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else if arg.is_file() {
            inputs.push(Input::File(arg.clone()));
        } else {
            return Err(
                UsageError::new(format!("{}: no such file or folder", arg.display()))
                    .hint("check the path; with no INPUT, qa-convert reads source/"),
            );
        }
    }
    Ok(inputs)
}

fn collect_supported(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_supported(&path, files)?;
        } else if read::is_supported_path(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads an input's bytes as UTF-8 text (a leading byte-order mark is dropped by the readers).
pub fn load(input: &Input) -> Result<Loaded, UsageError> {
    let (bytes, modified) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| UsageError::new(format!("cannot read standard input: {e}")))?;
            (bytes, None)
        }
        Input::File(path) => {
            let bytes = fs::read(path)
                .map_err(|e| UsageError::new(format!("cannot read {}: {e}", path.display())))?;
            let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
            (bytes, modified)
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        UsageError::new(format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            input.name(),
            e.utf8_error().valid_up_to()
        ))
        .hint("save the article as UTF-8 and try again")
    })?;
    Ok(Loaded { text, modified })
}

/// The output path used when no `-o` is given: `out/<input stem>.<ext>` for one input file,
/// `out/qa-convert.<ext>` for several inputs or stdin.
pub fn default_output(inputs: &[Input], ext: &str) -> PathBuf {
    let stem = match inputs {
        [Input::File(path)] => path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(COMBINED_STEM),
        _ => COMBINED_STEM,
    };
    Path::new(DEFAULT_OUT).join(format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_sorted_supported_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.md", "c.pdf", ".hidden.txt", "sub/d.html"] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let inputs = resolve(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                i.path()
                    .unwrap()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, vec!["a.md", "b.txt", "sub/d.html"]);
    }

    #[test]
    fn missing_paths_and_empty_folders_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve(&[dir.path().join("nope.txt")]).unwrap_err();
        assert!(err.message.ends_with("nope.txt: no such file or folder"));
        let err = resolve(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(err.message.contains("no article files"));
        assert!(err.hint.is_some());
    }

    #[test]
    fn non_utf8_input_is_refused_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        fs::write(&path, b"caf\xe9").unwrap();
        let err = load(&Input::File(path)).err().unwrap();
        assert!(err.message.contains("not UTF-8"));
        assert!(err.hint.unwrap().contains("UTF-8"));
    }

    #[test]
    fn default_output_names_follow_the_inputs() {
        let one = [Input::File("source/mlops.txt".into())];
        assert_eq!(default_output(&one, "apkg"), Path::new("out/mlops.apkg"));
        let two = [Input::File("a.txt".into()), Input::File("b.txt".into())];
        assert_eq!(default_output(&two, "csv"), Path::new("out/qa-convert.csv"));
        assert_eq!(
            default_output(&[Input::Stdin], "pdf"),
            Path::new("out/qa-convert.pdf")
        );
    }
}
