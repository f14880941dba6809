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

/// Bytes reserved after each entry for what follows it (see [`StoredZip::push_with_crc`]).
const ROOM_AFTER: usize = 1024;

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
    #[cfg(test)]
    pub fn add_deflated(&mut self, name: &str, data: &[u8], level: u32) -> Result<(), ZipError> {
        self.add_deflation(name, data, Deflation::new(level))
    }

    /// [`StoredZip::add_deflated`] with the pieces `early` has already deflated (or is deflating)
    /// while the data was written: the same bytes, sooner.
    pub fn add_deflation(
        &mut self,
        name: &str,
        data: &[u8],
        early: Deflation,
    ) -> Result<(), ZipError> {
        let level = early.level;
        let pieces: Vec<&[u8]> = data.chunks(DEFLATE_PIECE).collect();
        let last = pieces.len().saturating_sub(1);
        let mut early = early.running;
        // A piece sent early is taken only if it is not the last (which ends the stream).
        early.retain(|(index, _)| *index < last);
        let deflated: Vec<Deflated> = std::thread::scope(|scope| {
            let running: Vec<_> = pieces
                .iter()
                .enumerate()
                .map(|(i, piece)| {
                    (!early.iter().any(|(index, _)| *index == i))
                        .then(|| scope.spawn(move || deflate_piece(piece, level, i == last)))
                })
                .collect();
            let mut early = early.into_iter().peekable();
            running
                .into_iter()
                .map(|thread| match thread {
                    Some(thread) => thread.join(),
                    // The early pieces, in the order sent, fill the gaps in order.
                    None => early.next().map_or_else(
                        || unreachable!("a piece neither sent early nor deflated now"),
                        |(_, thread)| thread.join(),
                    ),
                })
                .map(|joined| joined.unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut compressed = Vec::new();
        let mut crc = crc32fast::Hasher::new();
        let mut results = Vec::with_capacity(deflated.len());
        for piece in deflated {
            results.push(piece.map_err(|e| ZipError::Deflate(name.to_string(), e))?);
        }
        compressed.reserve_exact(results.iter().map(|(bytes, _)| bytes.len()).sum());
        for (bytes, piece_crc) in &results {
            compressed.extend_from_slice(bytes);
            crc.combine(piece_crc);
        }
        drop(results);
        if pieces.is_empty() {
            compressed =
                deflate(&[], level, true).map_err(|e| ZipError::Deflate(name.to_string(), e))?;
        }
        self.push_with_crc(name, data.len(), crc.finalize(), &compressed, 8)
    }

    fn push(
        &mut self,
        name: &str,
        data: &[u8],
        stored: &[u8],
        method: u16,
    ) -> Result<(), ZipError> {
        self.push_with_crc(name, data.len(), crc32fast::hash(data), stored, method)
    }

    fn push_with_crc(
        &mut self,
        name: &str,
        size: usize,
        crc: u32,
        stored: &[u8],
        method: u16,
    ) -> Result<(), ZipError> {
        let too_large = || ZipError::TooLarge(name.to_string());
        let entry = Entry {
            name: name.to_string(),
            crc,
            method,
            compressed: u32::try_from(stored.len()).map_err(|_| too_large())?,
            size: u32::try_from(size).map_err(|_| too_large())?,
            offset: u32::try_from(self.bytes.len()).map_err(|_| too_large())?,
        };
        // The archive's end (directory entries and the end record) and small entries such as a
        // package's `media` follow: room for them too, so that the archive is never copied.
        self.bytes
            .reserve(2 * header_len(name) + stored.len() + ROOM_AFTER);
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

/// A piece deflated, and the CRC-32 of its data.
type Deflated = Result<(Vec<u8>, crc32fast::Hasher), flate2::CompressError>;

/// An entry's pieces deflated while the rest of its data is still being written: each final piece
/// is copied and deflated on a thread of its own at once, so that deflating overlaps the writing
/// (README "Design choices"). [`StoredZip::add_deflation`] deflates the others and joins them all.
pub struct Deflation {
    level: u32,
    /// Pieces sent early, in increasing order.
    running: Vec<(usize, std::thread::JoinHandle<Deflated>)>,
}

impl Deflation {
    /// No piece sent yet; `level` as in [`StoredZip::add_deflated`].
    pub fn new(level: u32) -> Self {
        Deflation {
            level,
            running: Vec::new(),
        }
    }

    /// Bytes of data in a piece: the data's bytes from `index * PIECE` are the piece `index`.
    pub const PIECE: usize = DEFLATE_PIECE;

    /// The piece after the last one sent: what [`Deflation::send`] expects next.
    pub fn next(&self) -> usize {
        self.running.last().map_or(0, |(index, _)| index + 1)
    }

    /// Starts deflating piece `index` (pieces are sent in increasing order), whose
    /// [`Deflation::PIECE`] bytes are final and followed by more data.
    pub fn send(&mut self, index: usize, piece: &[u8]) {
        debug_assert_eq!(piece.len(), DEFLATE_PIECE);
        debug_assert!(index >= self.next());
        let piece = piece.to_vec();
        let level = self.level;
        let thread = std::thread::spawn(move || deflate_piece(&piece, level, false));
        self.running.push((index, thread));
    }
}

/// A piece deflated as [`deflate`] does it, with its CRC-32.
fn deflate_piece(piece: &[u8], level: u32, last: bool) -> Deflated {
    let mut crc = crc32fast::Hasher::new();
    crc.update(piece);
    Ok((deflate(piece, level, last)?, crc))
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
    fn pieces_deflated_early_give_the_bytes_of_pieces_deflated_at_the_end() {
        let text = |len: usize| -> Vec<u8> {
            let mut x = 7u32;
            (0..len)
                .map(|i| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    if i % 3 == 0 {
                        (x >> 24) as u8
                    } else {
                        b"qa note "[i % 8]
                    }
                })
                .collect()
        };
        // A partial last piece; and a data of whole pieces, whose last is sent early (and must be
        // deflated again as the end of the stream).
        for (len, early) in [
            (DEFLATE_PIECE * 3 + 1000, &[1, 2][..]),
            (DEFLATE_PIECE * 3, &[1, 2][..]),
            (DEFLATE_PIECE * 3 + 5, &[2][..]),
        ] {
            let data = text(len);
            let mut whole = StoredZip::default();
            whole.add_deflated("c", &data, 1).unwrap();
            let mut deflation = Deflation::new(1);
            for &i in early {
                assert!(deflation.next() <= i);
                deflation.send(i, &data[i * DEFLATE_PIECE..(i + 1) * DEFLATE_PIECE]);
            }
            let mut streamed = StoredZip::default();
            streamed.add_deflation("c", &data, deflation).unwrap();
            assert!(
                streamed.finish().unwrap() == whole.finish().unwrap(),
                "{len} bytes, {early:?} early"
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
