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

/// Writes every file of the set or, on failure before the renames, none: see [`Staging`].
pub fn write_set(files: &[(&Path, &[u8])]) -> Result<(), FileError> {
    let targets: Vec<&Path> = files.iter().map(|(path, _)| *path).collect();
    let mut staging = Staging::begin(&targets)?;
    for (path, bytes) in files {
        staging
            .stage(path, |out| out.write_all(bytes))
            .map_err(|error| match error {
                StageError::File(error) => error,
                StageError::Writer(error) => FileError {
                    path: path.to_path_buf(),
                    error,
                },
            })?;
    }
    staging.commit()
}

/// A set of files on its way to disk, each written to a temporary file beside its target and
/// synced as soon as it is made, so that no file need be held in memory while the next one is
/// made. Only when all are staged, [`Staging::commit`] renames them over their targets and syncs
/// the folders; dropping an uncommitted set (a failure on the way) leaves the old files as they
/// were and no temporary file behind. Missing parent folders are created, and each folder is
/// locked against another run from [`Staging::begin`] to the end. Devices and pipes (`-o
/// /dev/stdout`, a FIFO) are written into directly, after the rest of the set is in place: what
/// goes to them is held until then.
pub struct Staging {
    staged: Vec<Staged>,
    special: Vec<(PathBuf, Vec<u8>)>,
    dirs: Vec<PathBuf>,
    locks: Vec<FolderLock>,
}

/// Why a file of a [`Staging`] could not be made: its writer failed (`E`), or the disk did.
#[derive(Debug)]
pub enum StageError<E> {
    /// The writer's own error.
    Writer(E),
    /// Writing the temporary file failed.
    File(FileError),
}

impl Staging {
    /// Prepares a set for these targets: creates their folders and locks them.
    pub fn begin(targets: &[&Path]) -> Result<Staging, FileError> {
        let mut dirs: Vec<PathBuf> = Vec::with_capacity(targets.len());
        for path in targets.iter().filter(|path| !is_special(path)) {
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
        Ok(Staging {
            staged: Vec::with_capacity(targets.len()),
            special: Vec::new(),
            dirs,
            locks,
        })
    }

    /// Makes the file for `path` with `make`, which writes its bytes into a buffered sink; the
    /// file is synced before this returns. `make`'s own error comes back as
    /// [`StageError::Writer`]; a failure of the disk (even one `make` saw and passed on) as
    /// [`StageError::File`], naming `path`. The set is unchanged by a failure, and may be dropped.
    pub fn stage<T, E>(
        &mut self,
        path: &Path,
        make: impl FnOnce(&mut dyn Write) -> Result<T, E>,
    ) -> Result<T, StageError<E>> {
        let file_error = |error| {
            StageError::File(FileError {
                path: path.to_path_buf(),
                error,
            })
        };
        if is_special(path) {
            let mut bytes = Vec::new();
            let made = make(&mut bytes).map_err(StageError::Writer)?;
            self.special.push((path.to_path_buf(), bytes));
            return Ok(made);
        }
        let existing = fs::symlink_metadata(path).ok();
        if existing.as_ref().is_some_and(fs::Metadata::is_dir) {
            return Err(file_error(io::Error::from(io::ErrorKind::IsADirectory)));
        }
        let (temp, file) = create_temp(&parent(path)).map_err(file_error)?;
        let staged = Staged {
            temp,
            target: path.to_path_buf(),
        };
        let mut sink = Sink {
            out: io::BufWriter::with_capacity(1 << 16, file),
            error: None,
        };
        let made = make(&mut sink);
        let Sink { out, error } = sink;
        let finished = match (made, error) {
            (_, Some(error)) => Err(file_error(error)),
            (Err(error), None) => Err(StageError::Writer(error)),
            (Ok(made), None) => (|| {
                let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
                // A replaced regular file keeps its permissions; a symlink is replaced by a new
                // file.
                if let Some(meta) = existing.filter(fs::Metadata::is_file) {
                    keep_permissions(&file, &meta)?;
                }
                file.sync_all()?;
                Ok(made)
            })()
            .map_err(file_error),
        };
        if finished.is_ok() {
            self.staged.push(staged);
        } else {
            staged.discard();
        }
        finished
    }

    /// [`Staging::stage`], the file then renamed (or, for a device, written) before every file
    /// staged so far: the lock, made last, still lands before the deck it goes with.
    pub fn stage_first<T, E>(
        &mut self,
        path: &Path,
        make: impl FnOnce(&mut dyn Write) -> Result<T, E>,
    ) -> Result<T, StageError<E>> {
        let (staged, special) = (self.staged.len(), self.special.len());
        let made = self.stage(path, make)?;
        if self.staged.len() > staged {
            self.staged.rotate_right(1);
        }
        if self.special.len() > special {
            self.special.rotate_right(1);
        }
        Ok(made)
    }

    /// Renames every staged file over its target, syncs the folders, gives the folders back, then
    /// writes what goes to devices and pipes.
    pub fn commit(mut self) -> Result<(), FileError> {
        let staged = std::mem::take(&mut self.staged);
        for (k, temp) in staged.iter().enumerate() {
            if let Err(error) = fs::rename(&temp.temp, &temp.target) {
                staged[k..].iter().for_each(Staged::discard);
                return Err(FileError {
                    path: temp.target.clone(),
                    error,
                });
            }
        }
        for dir in &self.dirs {
            sync_dir(dir);
        }
        self.locks.clear();
        for (path, bytes) in std::mem::take(&mut self.special) {
            write_special(&path, &bytes).map_err(|error| FileError { path, error })?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.staged.iter().for_each(Staged::discard);
    }
}

/// The buffered temporary file a writer writes into, keeping the first error of the disk so that
/// it is reported as the file's, whatever the writer made of it.
struct Sink {
    out: io::BufWriter<fs::File>,
    error: Option<io::Error>,
}

impl Sink {
    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        result.map_err(|error| {
            let kind = error.kind();
            let message = error.to_string();
            self.error.get_or_insert(error);
            io::Error::new(kind, message)
        })
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf);
        self.keep(written)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let written = self.out.write_all(buf);
        self.keep(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.out.flush();
        self.keep(flushed)
    }
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
    fn a_staged_file_is_on_disk_before_the_next_is_made_and_lands_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.json"));
        fs::write(&a, b"old a").unwrap();
        let mut staging = Staging::begin(&[&a, &b]).unwrap();
        let rows = staging
            .stage(&a, |out| {
                for row in 0..3 {
                    writeln!(out, "row {row}")?;
                }
                Ok::<_, io::Error>(3)
            })
            .unwrap();
        assert_eq!(rows, 3);
        // The first file waits on disk, not in memory, while the second is made.
        let temps: Vec<String> = names(dir.path())
            .into_iter()
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        assert_eq!(temps.len(), 1, "{temps:?}");
        let temp = fs::read(dir.path().join(&temps[0])).unwrap();
        assert_eq!(temp, b"row 0\nrow 1\nrow 2\n");
        staging.stage(&b, |out| out.write_all(b"{}")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        staging.commit().unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"row 0\nrow 1\nrow 2\n");
        assert_eq!(fs::read(&b).unwrap(), b"{}");
        assert_eq!(names(dir.path()), vec!["a.csv", "b.json"]);
    }

    #[test]
    fn a_file_staged_first_is_renamed_before_those_staged_earlier() {
        // The deck is made before the lock, yet the lock lands first: when the deck's rename
        // fails, the lock is in place and the deck is not.
        let dir = tempfile::tempdir().unwrap();
        let (deck, lock) = (dir.path().join("deck.apkg"), dir.path().join("x.lock"));
        let mut staging = Staging::begin(&[&lock, &deck]).unwrap();
        staging.stage(&deck, |out| out.write_all(b"deck")).unwrap();
        staging
            .stage_first(&lock, |out| out.write_all(b"lock"))
            .unwrap();
        // A folder in the deck's way once it is staged: its rename fails.
        fs::create_dir_all(deck.join("inner")).unwrap();
        let err = staging.commit().unwrap_err();
        assert_eq!(err.path, deck);
        assert_eq!(fs::read(&lock).unwrap(), b"lock");
        assert!(deck.is_dir());
    }

    #[test]
    fn a_failing_writer_leaves_the_old_files_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.json"));
        fs::write(&a, b"old a").unwrap();
        fs::write(&b, b"old b").unwrap();
        let mut staging = Staging::begin(&[&a, &b]).unwrap();
        staging.stage(&a, |out| out.write_all(b"new a")).unwrap();
        let err = staging
            .stage(&b, |out| {
                out.write_all(b"half of b")?;
                Err::<(), _>(io::Error::other("the writer gave up"))
            })
            .unwrap_err();
        assert!(matches!(err, StageError::Writer(_)), "{err:?}");
        drop(staging);
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert_eq!(fs::read(&b).unwrap(), b"old b");
        assert_eq!(names(dir.path()), vec!["a.csv", "b.json"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_the_files_error_even_when_the_writer_hides_it() {
        // /dev/full fails every write with "no space left": whatever the writer then does with
        // the error (here: nothing), the sink keeps it, so the file's error is reported.
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut sink = Sink {
            out: io::BufWriter::with_capacity(4, full),
            error: None,
        };
        let hidden = (|| {
            sink.write_all(b"more than four bytes")?;
            sink.flush()
        })();
        assert!(hidden.is_err());
        assert_eq!(
            sink.error.map(|e| e.kind()),
            Some(io::ErrorKind::StorageFull)
        );
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
