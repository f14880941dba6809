//! Writers: turn the record model into output files. This file holds what every writer shares:
//! where output goes and how it is written without ever leaving a half-written file.

pub mod anki;
pub mod csv;
pub mod json;
pub mod notes;
pub mod pdf;
mod table;

pub use table::{
    ANKI, CSV, JSON, Options, PDF, WRITERS, WriteError, WriteFn, Writer, Written, nouns,
};

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where a writer's bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    /// Writes all of `bytes`: to stdout, or atomically to the file.
    pub(crate) fn write(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout => {
                let mut stdout = io::stdout().lock();
                stdout.write_all(bytes)?;
                stdout.flush()
            }
            Output::File(path) => write_atomically(path, bytes),
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader of
/// `path` sees the old file or the new one, never a part, and a failure leaves the old file as it
/// was. Creates missing parent folders.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // `-o /dev/stdout`, a FIFO or a terminal: not a file to replace (renaming over it would put a
    // regular file where the device was), so write into it directly. A symlink to a regular file
    // is followed, so the link stays and its target gets the new content.
    let resolved;
    let path = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut target = fs::OpenOptions::new().write(true).open(path)?;
            return target.write_all(bytes).and_then(|()| target.flush());
        }
        Ok(_) => {
            resolved = fs::canonicalize(path)?;
            resolved.as_path()
        }
        Err(_) => path,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".qa-convert-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    set_output_permissions(temp.as_file(), path)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives the new file the permissions a plain `File::create` would: those of the file it replaces,
/// else read-write for the owner and readable by others (0644). Temporary files start at 0600,
/// which would hide a deck or PDF from other users and from tools run as another user.
#[cfg(unix)]
fn set_output_permissions(file: &fs::File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match fs::metadata(path) {
        Ok(existing) => existing.permissions().mode() & 0o7777,
        Err(_) => 0o644,
    };
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_output_permissions(_file: &fs::File, _path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_creates_folders_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/deep/x.json");
        write_atomically(&path, b"first version").unwrap();
        write_atomically(&path, b"2nd").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"2nd");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec!["x.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others_or_keep_their_old_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.csv");
        write_atomically(&fresh, b"a").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), 0o644);

        let private = dir.path().join("private.csv");
        fs::write(&private, b"old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&private, b"new").unwrap();
        assert_eq!(mode(&private), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_symlinks_are_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        // A link to /dev/null stands for `-o /dev/stdout`; should this regress, only the link in
        // the temporary folder is replaced, never the device.
        let device = dir.path().join("device");
        std::os::unix::fs::symlink("/dev/null", &device).unwrap();
        write_atomically(&device, b"gone").unwrap();
        assert!(
            fs::symlink_metadata(&device)
                .unwrap()
                .file_type()
                .is_symlink()
        );

        let target = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        fs::write(&path, b"old").unwrap();
        // A directory where the file should go makes the rename fail.
        let blocked = dir.path().join("blocked");
        fs::create_dir_all(blocked.join("inner")).unwrap();
        assert!(write_atomically(&blocked, b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert!(blocked.join("inner").is_dir());
    }
}
