//! Putting output files on disk so that nothing is lost: a set of files is staged as temporary
//! files beside their targets and renamed into place together, under a lock against another run
//! writing into the same folder. A symlink at a target is replaced, never written through; new
//! files get the umask's permissions, replaced files keep theirs without special bits.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a writer's bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output, as it is (a terminal, a pipe, a file).
    Stdout,
    /// A file, replaced whole.
    File(PathBuf),
}

impl Output {
    /// Writes all of `bytes`: to stdout, or atomically to the file.
    pub fn write(&self, bytes: &[u8]) -> Result<(), FileError> {
        match self {
            Output::Stdout => write_stdout(bytes).map_err(|error| FileError {
                path: PathBuf::from("standard output"),
                error,
            }),
            Output::File(path) => write_atomically(path, bytes),
        }
    }
}

fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

/// A file that could not be written: its final name (never the temporary one) and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {}", path.display(), os_text(error))]
pub struct FileError {
    /// The file's final name.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub error: io::Error,
}

impl FileError {
    /// Whether the user can fix it (permissions, a full or read-only disk, a folder in the way),
    /// and how.
    pub fn hint(&self) -> Option<&'static str> {
        use io::ErrorKind::*;
        Some(match self.error.kind() {
            PermissionDenied | ReadOnlyFilesystem => {
                "choose a folder you may write to with -o (or --out-dir for all)"
            }
            StorageFull | QuotaExceeded | FileTooLarge => {
                "free some space on that disk, or write elsewhere with -o (or --out-dir for all)"
            }
            NotADirectory | IsADirectory | AlreadyExists | InvalidFilename | NotFound => {
                "check the output path: a file or folder of that name is in the way"
            }
            _ => return None,
        })
    }
}

/// The operating system's words for an error, without any path a library put in.
fn os_text(error: &io::Error) -> String {
    match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => error.kind().to_string(),
    }
}

/// Name prefix and suffix of the temporary files; files of this shape left by an interrupted run
/// are removed by the next run that writes into the same folder.
const TEMP_PREFIX: &str = ".qa-convert-";
const TEMP_SUFFIX: &str = ".tmp";
/// The lock file taken while a run stages and renames its files in a folder.
const LOCK_NAME: &str = ".qa-convert.lock";

/// Writes `bytes` to `path` as a set of one: see [`write_set`].
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_set(&[(path, bytes)])
}

/// Writes every file of the set or, on failure before the renames, none: each is written to a
/// temporary file beside its target and synced; only when all are, they are renamed over their
/// targets and the folders synced. A failure leaves the old files as they were and no temporary
/// file behind. Missing parent folders are created. Devices and pipes (`-o /dev/stdout`, a FIFO)
/// are written into directly, after the rest of the set is in place.
pub fn write_set(files: &[(&Path, &[u8])]) -> Result<(), FileError> {
    let (special, regular): (Vec<_>, Vec<_>) = files.iter().partition(|(path, _)| is_special(path));
    let mut dirs: Vec<PathBuf> = Vec::with_capacity(regular.len());
    for (path, _) in &regular {
        let dir = parent(path);
        fs::create_dir_all(&dir).map_err(|error| FileError {
            path: dir.clone(),
            error,
        })?;
        // One name per folder (`out` and `/work/out` are one), or the run would wait for itself.
        dirs.push(fs::canonicalize(&dir).unwrap_or(dir));
    }
    dirs.sort();
    dirs.dedup();
    // Folders in a fixed order, so that two runs sharing several cannot wait for each other.
    let mut locks = Vec::with_capacity(dirs.len());
    for dir in &dirs {
        let lock = FolderLock::take(dir).map_err(|error| FileError {
            path: dir.clone(),
            error,
        })?;
        remove_stale_temp_files(dir);
        locks.push(lock);
    }
    let mut staged: Vec<Staged> = Vec::with_capacity(regular.len());
    for (path, bytes) in &regular {
        match stage(path, bytes) {
            Ok(temp) => staged.push(temp),
            Err(error) => {
                staged.iter().for_each(Staged::discard);
                return Err(FileError {
                    path: path.to_path_buf(),
                    error,
                });
            }
        }
    }
    for (k, temp) in staged.iter().enumerate() {
        if let Err(error) = fs::rename(&temp.temp, &temp.target) {
            staged[k..].iter().for_each(Staged::discard);
            return Err(FileError {
                path: temp.target.clone(),
                error,
            });
        }
    }
    for dir in &dirs {
        sync_dir(dir);
    }
    drop(locks);
    for (path, bytes) in special {
        write_special(path, bytes).map_err(|error| FileError {
            path: path.to_path_buf(),
            error,
        })?;
    }
    Ok(())
}

/// A target that is not a file to replace: a device, a pipe or a terminal, or anything under
/// `/dev` and `/proc` (`/dev/stdout` may lead to a regular file, but renaming over it would
/// replace the system's link).
fn is_special(path: &Path) -> bool {
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return true;
    }
    fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

fn write_special(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let stdout = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
    if stdout.iter().any(|s| path == Path::new(s)) {
        // Our own standard output, whatever it is (a file opened for appending stays so).
        return write_stdout(bytes);
    }
    let mut target = fs::OpenOptions::new().write(true).open(path)?;
    target.write_all(bytes)?;
    target.flush()
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file written and synced, waiting to be renamed over its target.
struct Staged {
    temp: PathBuf,
    target: PathBuf,
}

impl Staged {
    fn discard(&self) {
        let _ = fs::remove_file(&self.temp);
    }
}

fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let existing = fs::symlink_metadata(path).ok();
    if existing.as_ref().is_some_and(fs::Metadata::is_dir) {
        return Err(io::Error::from(io::ErrorKind::IsADirectory));
    }
    let (temp, mut file) = create_temp(&parent(path))?;
    let staged = Staged {
        temp,
        target: path.to_path_buf(),
    };
    let written = (|| {
        file.write_all(bytes)?;
        // A replaced regular file keeps its permissions; a symlink is replaced by a new file.
        if let Some(meta) = existing.filter(fs::Metadata::is_file) {
            keep_permissions(&file, &meta)?;
        }
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(staged),
        Err(error) => {
            staged.discard();
            Err(error)
        }
    }
}

/// A new file of our temporary shape in `dir`, created as `File::create` would, so that the
/// umask decides its permissions.
fn create_temp(dir: &Path) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{TEMP_PREFIX}{}-{n}{TEMP_SUFFIX}", std::process::id());
        let path = dir.join(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The old file's read, write and execute bits; never setuid, setgid or sticky.
#[cfg(unix)]
fn keep_permissions(file: &fs::File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = old.permissions().mode() & 0o777;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(file: &fs::File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

/// Removes temporary files an interrupted run left in `dir`. Only called under the folder's lock,
/// so no other run is writing them.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX));
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the renames in `dir` durable: a crash after the run cannot bring back the old names.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// An exclusive lock on a folder for writing, held through a lock file that is removed when the
/// lock is given back.
struct FolderLock {
    file: fs::File,
    path: PathBuf,
}

impl FolderLock {
    /// Waits until no other run holds the folder, then holds it.
    fn take(dir: &Path) -> io::Result<FolderLock> {
        let path = dir.join(LOCK_NAME);
        loop {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            file.lock()?;
            // The run before may have removed the file between our open and our lock: a lock on a
            // file no longer at `path` holds nothing, so open it anew.
            if same_file(&file, &path) {
                return Ok(FolderLock { file, path });
            }
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn atomic_write_creates_folders_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/deep/x.json");
        write_atomically(&path, b"first version").unwrap();
        write_atomically(&path, b"2nd").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"2nd");
        assert_eq!(names(path.parent().unwrap()), vec!["x.json"]);
    }

    #[test]
    fn a_failing_set_leaves_every_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.json"));
        fs::write(&a, b"old a").unwrap();
        fs::write(&b, b"old b").unwrap();
        // A folder where the last file should go: staging fails after the others were staged.
        let blocked = dir.path().join("c.pdf");
        fs::create_dir_all(blocked.join("inner")).unwrap();
        let err = write_set(&[(&a, b"new a"), (&b, b"new b"), (&blocked, b"pdf")]).unwrap_err();
        assert_eq!(err.path, blocked);
        assert!(err.hint().is_some());
        assert!(!err.to_string().contains(TEMP_PREFIX), "{err}");
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert_eq!(fs::read(&b).unwrap(), b"old b");
        assert_eq!(names(dir.path()), vec!["a.csv", "b.json", "c.pdf"]);
    }

    #[test]
    fn temporary_files_of_an_interrupted_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".qa-convert-4242-0.tmp");
        fs::write(&stale, b"half a deck").unwrap();
        fs::write(dir.path().join(".other.tmp"), b"not ours").unwrap();
        write_atomically(&dir.path().join("x.csv"), b"x").unwrap();
        assert_eq!(names(dir.path()), vec![".other.tmp", "x.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn replaced_files_keep_their_mode_without_special_bits() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let private = dir.path().join("private.csv");
        fs::write(&private, b"old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&private, b"new").unwrap();
        assert_eq!(mode(&private), 0o600);
        let setuid = dir.path().join("setuid.csv");
        fs::write(&setuid, b"old").unwrap();
        fs::set_permissions(&setuid, fs::Permissions::from_mode(0o4755)).unwrap();
        write_atomically(&setuid, b"new").unwrap();
        assert_eq!(mode(&setuid), 0o755);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_replaced_and_devices_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("important.conf");
        let link = dir.path().join("x.csv");
        fs::write(&victim, b"keep me").unwrap();
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(fs::read(&link).unwrap(), b"new");
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        // A link to a device is written through: the device stays, so does the link.
        let device = dir.path().join("device");
        std::os::unix::fs::symlink("/dev/null", &device).unwrap();
        write_atomically(&device, b"gone").unwrap();
        assert!(
            fs::symlink_metadata(&device)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn the_folder_lock_is_exclusive_and_removed_after() {
        let dir = tempfile::tempdir().unwrap();
        let lock = FolderLock::take(dir.path()).unwrap();
        let other = fs::File::open(dir.path().join(LOCK_NAME)).unwrap();
        assert!(other.try_lock().is_err());
        drop(lock);
        assert!(names(dir.path()).is_empty());
    }
}
