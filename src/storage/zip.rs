//! A zip archive with fixed timestamps, its entries stored or deflated: what an `.apkg` needs.
//!
//! Limits: no zip64 extension, so every entry, offset and the archive stay under 4 GiB (past that
//! is a [`ZipError::TooLarge`]); no encryption, comments or extra fields. Where those are needed,
//! use the `zip` crate (as the tests do to read archives).

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("{0} is over 4 GiB, more than a zip without its 64-bit extension holds")]
    TooLarge(String),
    #[error("deflating {0}: {1}")]
    Deflate(String, flate2::CompressError),
}

/// Bytes of input deflated as one piece: pieces are deflated on their own threads and joined, so a
/// 13 MB collection takes a fraction of the time on several cores. The size is fixed, never the
/// number of cores, so every machine writes the same bytes.
const DEFLATE_PIECE: usize = 2 << 20;

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
#[derive(Default)]
pub struct StoredZip {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    crc: u32,
    /// 0: stored; 8: deflated.
    method: u16,
    compressed: u32,
    size: u32,
    offset: u32,
}

impl StoredZip {
    /// Appends an entry, stored as it is.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        self.push(name, data, data, 0)
    }

    /// Appends an entry deflated at `level` (0–9; 1 is fast and takes most of the gain).
    ///
    /// Each [`DEFLATE_PIECE`] of the data is deflated on its own (as pigz does): every piece but the
    /// last ends in a sync flush, on a byte boundary and not final, so the pieces joined are one
    /// valid deflate stream; only matches across a piece boundary are lost.
    pub fn add_deflated(&mut self, name: &str, data: &[u8], level: u32) -> Result<(), ZipError> {
        let pieces: Vec<&[u8]> = data.chunks(DEFLATE_PIECE).collect();
        let last = pieces.len().saturating_sub(1);
        let deflated: Vec<Result<Vec<u8>, flate2::CompressError>> = std::thread::scope(|scope| {
            let running: Vec<_> = pieces
                .iter()
                .enumerate()
                .map(|(i, piece)| scope.spawn(move || deflate(piece, level, i == last)))
                .collect();
            running
                .into_iter()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e))
                })
                .collect()
        });
        let mut compressed = Vec::new();
        for piece in deflated {
            compressed
                .extend_from_slice(&piece.map_err(|e| ZipError::Deflate(name.to_string(), e))?);
        }
        if pieces.is_empty() {
            compressed =
                deflate(&[], level, true).map_err(|e| ZipError::Deflate(name.to_string(), e))?;
        }
        self.push(name, data, &compressed, 8)
    }

    fn push(
        &mut self,
        name: &str,
        data: &[u8],
        stored: &[u8],
        method: u16,
    ) -> Result<(), ZipError> {
        let too_large = || ZipError::TooLarge(name.to_string());
        let entry = Entry {
            name: name.to_string(),
            crc: crc32fast::hash(data),
            method,
            compressed: u32::try_from(stored.len()).map_err(|_| too_large())?,
            size: u32::try_from(data.len()).map_err(|_| too_large())?,
            offset: u32::try_from(self.bytes.len()).map_err(|_| too_large())?,
        };
        self.bytes.extend_from_slice(&local_header(&entry));
        self.bytes.extend_from_slice(stored);
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

/// Raw deflate of `data`: the end of the stream when `last`, else a sync flush.
fn deflate(data: &[u8], level: u32, last: bool) -> Result<Vec<u8>, flate2::CompressError> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let mut compress = Compress::new(Compression::new(level), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(data.len() / 3 + 1024);
    loop {
        let consumed = compress.total_in() as usize;
        let status = compress.compress_vec(&data[consumed..], &mut out, flush)?;
        let done = if last {
            status == Status::StreamEnd
        } else {
            compress.total_in() as usize == data.len() && out.len() < out.capacity()
        };
        if done {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
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
    out.extend_from_slice(&entry.method.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // time: 00:00:00
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&entry.crc.to_le_bytes());
    out.extend_from_slice(&entry.compressed.to_le_bytes());
    out.extend_from_slice(&entry.size.to_le_bytes());
    out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn archive() -> Vec<u8> {
        let mut zip = StoredZip::default();
        zip.add_deflated("collection.anki2", b"SQLite format 3\0 and more", 1)
            .unwrap();
        zip.add("media", b"{}").unwrap();
        zip.finish().unwrap()
    }

    #[test]
    fn deflated_pieces_join_into_one_stream_that_inflates_back() {
        use std::io::Read;
        // Three pieces and a bit, text that compresses and bytes that do not.
        let mut data: Vec<u8> = (0..DEFLATE_PIECE * 3 + 1000)
            .map(|i| b"note text, "[i % 11])
            .collect();
        let mut x = 1u32;
        for b in &mut data[DEFLATE_PIECE..DEFLATE_PIECE + 50_000] {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            *b = (x >> 24) as u8;
        }
        for data in [&data[..], b"", b"small"] {
            let mut zip = StoredZip::default();
            zip.add_deflated("a", data, 1).unwrap();
            let bytes = zip.finish().unwrap();
            let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut back = Vec::new();
            archive.by_index(0).unwrap().read_to_end(&mut back).unwrap();
            assert!(
                back == data,
                "{} bytes came back as {}",
                data.len(),
                back.len()
            );
        }
    }

    #[test]
    fn a_zip_reader_finds_both_entries_with_their_method_mode_and_date() {
        let bytes = archive();
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.len(), 2);
        assert_eq!(
            zip.by_name("media").unwrap().compression(),
            ::zip::CompressionMethod::Stored
        );
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "collection.anki2");
        assert_eq!(first.compression(), ::zip::CompressionMethod::Deflated);
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
