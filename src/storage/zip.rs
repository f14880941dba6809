//! A zip archive of stored (uncompressed) entries with fixed timestamps: what an `.apkg` needs.
//! The first entry's data can be built in place after a reserved header, so a large entry is never
//! copied (see [`StoredZip::around`]).
//!
//! Limits: no zip64 extension, so every entry, offset and the archive stay under 4 GiB (past that
//! is a [`ZipError::TooLarge`]); entries are stored, never deflated; no encryption, comments or
//! extra fields. Where those are needed, use the `zip` crate (as the tests do to read archives).

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("{0} is over 4 GiB, more than a zip without its 64-bit extension holds")]
    TooLarge(String),
}

/// Bytes of a local file header before the entry's name.
const LOCAL_HEADER: usize = 30;
/// DOS date of 1980-01-01, the earliest a zip can say: no clock time enters the archive.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0 of the zip format, made on Unix (so that readers apply the file mode).
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
const VERSION_NEEDED: u16 = 20;
/// Regular file, `rw-r--r--`.
const UNIX_MODE: u32 = 0o100644;

/// How many bytes to reserve before the data of a first entry called `name`.
pub fn header_len(name: &str) -> usize {
    LOCAL_HEADER + name.len()
}

/// An archive being written.
pub struct StoredZip {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

impl StoredZip {
    /// An archive whose first entry is `name`, its data already in `bytes` after
    /// [`header_len`]`(name)` reserved bytes.
    pub fn around(mut bytes: Vec<u8>, name: &str) -> Result<Self, ZipError> {
        let start = header_len(name);
        let data = &bytes[start..];
        let size = u32::try_from(data.len()).map_err(|_| ZipError::TooLarge(name.to_string()))?;
        let crc = crc32fast::hash(data);
        let entry = Entry {
            name: name.to_string(),
            crc,
            size,
            offset: 0,
        };
        let header = local_header(&entry);
        bytes[..start].copy_from_slice(&header);
        Ok(StoredZip {
            bytes,
            entries: vec![entry],
        })
    }

    /// Appends an entry.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let too_large = || ZipError::TooLarge(name.to_string());
        let entry = Entry {
            name: name.to_string(),
            crc: crc32fast::hash(data),
            size: u32::try_from(data.len()).map_err(|_| too_large())?,
            offset: u32::try_from(self.bytes.len()).map_err(|_| too_large())?,
        };
        self.bytes.extend_from_slice(&local_header(&entry));
        self.bytes.extend_from_slice(data);
        self.entries.push(entry);
        Ok(())
    }

    /// Appends the central directory and its end record; returns the archive.
    pub fn finish(mut self) -> Result<Vec<u8>, ZipError> {
        let too_large = || ZipError::TooLarge("the archive".to_string());
        let directory_start = u32::try_from(self.bytes.len()).map_err(|_| too_large())?;
        for entry in &self.entries {
            let out = &mut self.bytes;
            out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            out.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
            common_fields(out, entry);
            out.extend_from_slice(&0u16.to_le_bytes()); // comment length
            out.extend_from_slice(&0u16.to_le_bytes()); // disk number
            out.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            out.extend_from_slice(&(UNIX_MODE << 16).to_le_bytes());
            out.extend_from_slice(&entry.offset.to_le_bytes());
            out.extend_from_slice(entry.name.as_bytes());
        }
        let directory_len = self.bytes.len() as u64 - u64::from(directory_start);
        let directory_len = u32::try_from(directory_len).map_err(|_| too_large())?;
        let count = self.entries.len() as u16;
        let out = &mut self.bytes;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // this disk
        out.extend_from_slice(&0u16.to_le_bytes()); // disk of the directory
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&directory_len.to_le_bytes());
        out.extend_from_slice(&directory_start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        Ok(self.bytes)
    }
}

/// The local file header of an entry.
fn local_header(entry: &Entry) -> Vec<u8> {
    let mut out = Vec::with_capacity(header_len(&entry.name));
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common_fields(&mut out, entry);
    out.extend_from_slice(entry.name.as_bytes());
    out
}

/// The fields a local header and a directory entry share, from "version needed" to "extra length".
fn common_fields(out: &mut Vec<u8>, entry: &Entry) {
    out.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&0u16.to_le_bytes()); // method: stored
    out.extend_from_slice(&0u16.to_le_bytes()); // time: 00:00:00
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&entry.crc.to_le_bytes());
    out.extend_from_slice(&entry.size.to_le_bytes()); // compressed size
    out.extend_from_slice(&entry.size.to_le_bytes());
    out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn archive() -> Vec<u8> {
        let name = "collection.anki2";
        let mut bytes = vec![0; header_len(name)];
        bytes.extend_from_slice(b"SQLite format 3\0 and more");
        let mut zip = StoredZip::around(bytes, name).unwrap();
        zip.add("media", b"{}").unwrap();
        zip.finish().unwrap()
    }

    #[test]
    fn a_zip_reader_finds_both_entries_stored_with_their_mode_and_date() {
        let bytes = archive();
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.len(), 2);
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "collection.anki2");
        assert_eq!(first.compression(), ::zip::CompressionMethod::Stored);
        assert_eq!(first.unix_mode(), Some(UNIX_MODE));
        let date = first.last_modified().unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (1980, 1, 1));
        let mut data = Vec::new();
        first.read_to_end(&mut data).unwrap(); // checks the CRC at the end
        assert_eq!(data, b"SQLite format 3\0 and more");
        drop(first);
        let mut media = String::new();
        zip.by_name("media")
            .unwrap()
            .read_to_string(&mut media)
            .unwrap();
        assert_eq!(media, "{}");
    }

    #[test]
    fn python_zipfile_tests_the_archive_clean() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        std::fs::write(&path, archive()).unwrap();
        let status = std::process::Command::new("python3")
            .args(["-m", "zipfile", "-t"])
            .arg(&path)
            .status()
            .expect("python3 runs (the test command installs it)");
        assert!(status.success());
    }
}
