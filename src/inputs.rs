//! Inputs and default outputs: which files a command reads (files, folders, stdin, or `source/`)
//! and where its output goes when no `-o` is given (`out/`).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::UsageError;
use crate::fetch::{self, FetchOptions, PageKind};
use crate::page_cache;
use crate::read::{self, DecodeError};

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
    /// A web page, and its article's title once read (the default output is named after it).
    Url {
        url: String,
        title: Option<String>,
    },
}

impl Input {
    /// The name shown to the user and stored in records (`source/x.txt`, or `-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(path) => path.display().to_string(),
            Input::Url { url, .. } => url.clone(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin | Input::Url { .. } => None,
            Input::File(path) => Some(path),
        }
    }

    /// A web page to fetch.
    pub fn url(url: &str) -> Input {
        Input::Url {
            url: url.to_string(),
            title: None,
        }
    }
}

/// An input's text and modification time.
pub struct Loaded {
    pub text: String,
    pub modified: Option<SystemTime>,
    /// What a web page's server says it is; `None` for files and standard input.
    pub kind: Option<PageKind>,
    /// For a web page, where its bytes came from (fetched, or the study set's cache), for `-v`.
    pub origin: Option<String>,
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
    let mut seen = Seen::default();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if let Some(url) = arg.to_str().filter(|a| fetch::is_url(a)) {
            inputs.push(Input::url(url));
            continue;
        }
        // `metadata` follows links, so `/dev/stdin`, `<(…)` and named pipes are found too.
        let Ok(meta) = fs::metadata(arg) else {
            return Err(
                UsageError::new(format!("{}: no such file or folder", arg.display()))
                    .hint("check the path; with no INPUT, qa-convert reads source/"),
            );
        };
        if meta.is_dir() {
            if !seen.first_visit(&meta) {
                continue;
            }
            let mut files = Vec::new();
            collect_supported(arg, &mut seen, &mut files).map_err(|e| {
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
        } else if !meta.is_file() || seen.first_visit(&meta) {
            // A pipe has no identity worth keeping: each one named is read.
            inputs.push(Input::File(arg.clone()));
        }
    }
    Ok(inputs)
}

/// Files and folders already met, by device and inode: a folder reached again through a link is
/// not walked twice (a link to itself would never end) and a file is read once.
#[derive(Default)]
struct Seen(HashSet<(u64, u64)>);

impl Seen {
    /// True the first time this file or folder is met.
    #[cfg(unix)]
    fn first_visit(&mut self, meta: &fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.0.insert((meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn first_visit(&mut self, _meta: &fs::Metadata) -> bool {
        true
    }
}

/// Every regular file of a supported kind under `dir`, hidden ones left out. Pipes and devices
/// inside a folder are skipped: only a path named on the command line is read as a stream.
fn collect_supported(dir: &Path, seen: &mut Seen, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            // A dangling link has no metadata: nothing to read there.
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if seen.first_visit(&meta) {
                    pending.push(path);
                }
            } else if meta.is_file() && read::is_supported_path(&path) && seen.first_visit(&meta) {
                files.push(path);
            }
        }
    }
    Ok(())
}

/// Largest input read, in bytes: `/dev/zero` never ends, while a generated bank of 200,000
/// questions with the sample's long answers is about 170 MB and must still be read (DESIGN §4).
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// Reads an input's bytes and decodes them into text (see [`read::decode`]): files, pipes,
/// standard input and web pages alike, up to [`MAX_INPUT_BYTES`].
pub fn load(input: &Input, web: &FetchOptions) -> Result<Loaded, UsageError> {
    let mut kind = None;
    let mut origin = None;
    let (bytes, modified) = match input {
        Input::Url { url, .. } => {
            let (page, modified) = match &web.cache {
                Some(dir) => {
                    let cached = page_cache::load(url, dir, web.refresh, web)?;
                    origin = Some(if cached.hit {
                        format!("read from the cache, {}", cached.file.display())
                    } else {
                        format!("fetched, kept in {}", cached.file.display())
                    });
                    (cached.page, cached.modified)
                }
                None => {
                    origin = Some("fetched".to_string());
                    (fetch::fetch(url, web)?, None)
                }
            };
            kind = Some(page.kind);
            (page.bytes, modified)
        }
        Input::Stdin => (
            read_limited(io::stdin().lock())
                .map_err(|e| UsageError::new(format!("cannot read standard input: {e}")))?,
            None,
        ),
        Input::File(path) => {
            let bytes = fs::File::open(path)
                .and_then(read_limited)
                .map_err(|e| UsageError::new(format!("cannot read {}: {e}", path.display())))?;
            let modified = fs::metadata(path)
                .ok()
                .filter(fs::Metadata::is_file)
                .and_then(|m| m.modified().ok());
            (bytes, modified)
        }
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(UsageError::new(format!(
            "{}: larger than {} MB, too large for an article",
            input.name(),
            MAX_INPUT_BYTES / (1024 * 1024)
        ))
        .hint("split the article into smaller files"));
    }
    let text = read::decode(bytes).map_err(|e| {
        let error = UsageError::new(format!("{}: {e}", input.name()));
        match e {
            DecodeError::Binary(_) => error.hint(
                "qa-convert reads articles saved as text, Markdown or HTML; export the text first",
            ),
            _ => error.hint("save the article as UTF-8 and try again"),
        }
    })?;
    Ok(Loaded {
        text,
        modified,
        kind,
        origin,
    })
}

/// Reads to the end, or one byte past [`MAX_INPUT_BYTES`] so that the caller can refuse it.
fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Refuses, before anything is written, outputs that would replace one of the inputs
/// (`csv a.txt -o a.txt`, or `all --out-dir .` on an input named `a.json`): the file at the
/// output's name is the input itself, or the file an input link leads to. A link at the output's
/// name is replaced, not followed, so it never counts.
pub fn refuse_replacing_inputs(inputs: &[Input], outputs: &[&Path]) -> Result<(), UsageError> {
    for output in outputs {
        let Ok(target) = fs::symlink_metadata(output) else {
            continue;
        };
        if !target.is_file() {
            continue;
        }
        let clash = inputs
            .iter()
            .filter_map(Input::path)
            .find(|input| fs::metadata(input).is_ok_and(|input| same_inode(&input, &target)));
        if let Some(input) = clash {
            return Err(UsageError::new(format!(
                "{} would replace the input {}; nothing was written",
                output.display(),
                input.display()
            ))
            .hint("name another output with -o (or another folder with --out-dir for all)"));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// The output path used when no `-o` is given: `out/<input stem>.<ext>` for one input file,
/// `out/<page title>.<ext>` for one web page, `out/qa-convert.<ext>` for several inputs or stdin.
pub fn default_output(inputs: &[Input], ext: &str) -> PathBuf {
    let stem = match inputs {
        [Input::File(path)] => path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(COMBINED_STEM)
            .to_string(),
        [Input::Url { title, .. }] => title
            .as_deref()
            .map(file_stem_of_title)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| COMBINED_STEM.to_string()),
        _ => COMBINED_STEM.to_string(),
    };
    Path::new(DEFAULT_OUT).join(format!("{stem}.{ext}"))
}

/// Longest file stem made from a page title, in characters.
const MAX_TITLE_STEM: usize = 80;

/// A page title as a file stem: lowercase letters and digits, words joined by `-`
/// (`Top 30 MLOps Questions | Blog` → `top-30-mlops-questions-blog`).
fn file_stem_of_title(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut stem = String::new();
    for word in words {
        if stem.chars().count() + word.chars().count() >= MAX_TITLE_STEM {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word);
    }
    stem
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
    fn undecodable_input_is_refused_naming_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        for (bytes, message, hint) in [
            (&b"caf\xe9"[..], "not UTF-8", "UTF-8"),
            (
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
                "article (a PDF document)",
                "export",
            ),
        ] {
            let path = dir.path().join("slides.txt");
            fs::write(&path, bytes).unwrap();
            let err = load(&Input::File(path), &FetchOptions::default())
                .err()
                .unwrap();
            assert!(err.message.contains(message), "{}", err.message);
            assert!(err.hint.unwrap().contains(hint));
        }
    }

    #[cfg(unix)]
    #[test]
    fn self_links_are_walked_once_and_each_file_read_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.md"), "x").unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
        std::os::unix::fs::symlink("a.txt", dir.path().join("again.txt")).unwrap();
        let inputs = resolve(&[dir.path().to_path_buf(), dir.path().join("a.txt")]).unwrap();
        assert_eq!(inputs.len(), 2, "{inputs:?}");
    }

    #[cfg(unix)]
    #[test]
    fn named_pipes_are_inputs_and_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let inputs = resolve(std::slice::from_ref(&fifo)).unwrap();
        assert_eq!(inputs, vec![Input::File(fifo.clone())]);
        let writer = std::thread::spawn({
            let fifo = fifo.clone();
            move || fs::write(fifo, "Q1. What?\rYes.\r").unwrap()
        });
        let loaded = load(&inputs[0], &FetchOptions::default()).unwrap();
        writer.join().unwrap();
        assert_eq!(loaded.text, "Q1. What?\nYes.\n");
        assert_eq!(loaded.modified, None);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_that_are_inputs_are_refused_but_links_at_outputs_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        fs::write(&article, "x").unwrap();
        let inputs = [Input::File(article.clone())];
        let err = refuse_replacing_inputs(&inputs, &[&article]).unwrap_err();
        assert!(
            err.message.contains("would replace the input"),
            "{}",
            err.message
        );
        // An input reached through a link is still the file that would be replaced.
        let link_in = dir.path().join("in.txt");
        std::os::unix::fs::symlink(&article, &link_in).unwrap();
        assert!(refuse_replacing_inputs(&[Input::File(link_in)], &[&article]).is_err());
        // A link at the output's name is replaced by a new file: the input is safe.
        let link_out = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&article, &link_out).unwrap();
        assert!(refuse_replacing_inputs(&inputs, &[&link_out]).is_ok());
        assert!(refuse_replacing_inputs(&inputs, &[&dir.path().join("new.csv")]).is_ok());
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
        let page = Input::Url {
            url: "https://example.org/q".into(),
            title: Some("Top 30 MLOps Questions | The Blog".into()),
        };
        assert_eq!(
            default_output(&[page], "apkg"),
            Path::new("out/top-30-mlops-questions-the-blog.apkg")
        );
        assert_eq!(
            default_output(&[Input::url("https://example.org/q")], "csv"),
            Path::new("out/qa-convert.csv")
        );
    }
}
