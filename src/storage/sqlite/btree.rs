//! B-tree pages built bottom-up from keys that arrive in order: leaves packed one after another,
//! then interior levels over them. Cells are laid down from the end of each page without gaps, so
//! every page is exactly what SQLite's own integrity check expects (no free blocks, no fragments).

use super::SqliteError;
use super::record::{self, Value, put_varint, varint_len};

const LEAF_TABLE: u8 = 0x0d;
const INTERIOR_TABLE: u8 = 0x05;
const LEAF_INDEX: u8 = 0x0a;
const INTERIOR_INDEX: u8 = 0x02;

/// SQLite reads at least four bytes of any cell.
const MIN_CELL: usize = 4;
/// The longest varint: the worst case of a key in a table interior cell.
const MAX_VARINT: usize = 9;

/// Bytes of zeroed buffer taken at first: at least the allocator's largest
/// threshold for mapping memory of its own (32 MiB in glibc), so the buffer comes from the
/// system already zero and only the pages written are ever touched: no copy as the file grows
/// (a mapped buffer grows by remapping), no second zeroing, and memory in use stays the file's
/// size (README "Design choices").
pub const RESERVE: usize = 32 << 20;

/// The database file as it grows: whole pages, page 1 first, after `start` bytes that belong to
/// whoever holds the buffer. `bytes` is zero past `len`.
pub struct Pages {
    pub bytes: Vec<u8>,
    pub start: usize,
    pub page_size: usize,
    /// Where the file ends in `bytes`.
    pub len: usize,
}

impl Pages {
    /// A file of one zeroed page after `start` bytes.
    pub fn new(start: usize, page_size: usize) -> Self {
        Pages {
            bytes: vec![0; RESERVE.max(start + page_size)],
            start,
            page_size,
            len: start + page_size,
        }
    }

    /// How many pages the file has so far.
    pub fn count(&self) -> u32 {
        ((self.len - self.start) / self.page_size) as u32
    }

    /// Appends a zeroed page and returns its number (pages count from 1).
    fn append(&mut self) -> u32 {
        self.len += self.page_size;
        if self.len > self.bytes.len() {
            // Zeroes only the new page: the capacity `Vec` reserves beyond it is address space
            // (a mapped buffer is remapped, not copied), so memory in use stays the file's size.
            self.bytes.resize(self.len, 0);
        }
        self.count()
    }

    /// The file, after the `start` bytes.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.bytes.truncate(self.len);
        self.bytes
    }

    fn offset(&self, page: u32) -> usize {
        self.start + (page as usize - 1) * self.page_size
    }
}

/// A page being filled: cells go down from its end, their pointers up from its header.
pub struct PageWriter {
    page: u32,
    /// Where the b-tree header starts within the page: 100 on page 1 (after the file header).
    header: usize,
    kind: u8,
    cells: usize,
    /// Offset within the page of the lowest cell written so far.
    content: usize,
}

impl PageWriter {
    fn start(pages: &mut Pages, kind: u8) -> Self {
        let page = pages.append();
        Self::on(pages, page, 0, kind)
    }

    /// A writer for a page that already exists (page 1, whose first 100 bytes are the file header).
    pub fn on(pages: &Pages, page: u32, header: usize, kind: u8) -> Self {
        PageWriter {
            page,
            header,
            kind,
            cells: 0,
            content: pages.page_size,
        }
    }

    fn header_len(&self) -> usize {
        if self.kind == INTERIOR_TABLE || self.kind == INTERIOR_INDEX {
            12
        } else {
            8
        }
    }

    /// Whether one more cell of `len` bytes (and its pointer) fits.
    fn fits(&self, len: usize) -> bool {
        self.header + self.header_len() + 2 * (self.cells + 1) + len.max(MIN_CELL) <= self.content
    }

    /// Reserves the next cell of `len` bytes and returns its range within the file.
    fn add_cell(&mut self, pages: &mut Pages, len: usize) -> std::ops::Range<usize> {
        debug_assert!(self.fits(len));
        self.content -= len.max(MIN_CELL);
        let base = pages.offset(self.page);
        let pointer = base + self.header + self.header_len() + 2 * self.cells;
        pages.bytes[pointer..pointer + 2].copy_from_slice(&(self.content as u16).to_be_bytes());
        self.cells += 1;
        base + self.content..base + self.content + len
    }

    /// Writes the page header; `right` is the right-most child of an interior page.
    fn finish(self, pages: &mut Pages, right: Option<u32>) -> u32 {
        let at = pages.offset(self.page) + self.header;
        let header = &mut pages.bytes[at..at + self.header_len()];
        header[0] = self.kind;
        header[1..3].fill(0); // no free blocks
        header[3..5].copy_from_slice(&(self.cells as u16).to_be_bytes());
        // A cell area starting at 65536 is written as 0.
        header[5..7].copy_from_slice(&(self.content as u16).to_be_bytes());
        header[7] = 0; // no fragmented bytes
        if let Some(right) = right {
            header[8..12].copy_from_slice(&right.to_be_bytes());
        }
        self.page
    }
}

/// How many payload bytes stay on the page; the rest goes to overflow pages. `max_local` is
/// `U - 35` for table leaves and `(U - 12) * 64 / 255 - 23` for index pages (file format §1.6).
fn local_len(payload: usize, usable: usize, max_local: usize) -> usize {
    if payload <= max_local {
        return payload;
    }
    let min_local = (usable - 12) * 32 / 255 - 23;
    let spill = min_local + (payload - min_local) % (usable - 4);
    if spill <= max_local { spill } else { min_local }
}

/// Writes the part of a payload that does not stay on its page into a chain of overflow pages and
/// returns the first page's number.
fn overflow(pages: &mut Pages, rest: &[u8]) -> u32 {
    let per_page = pages.page_size - 4;
    let first = pages.count() + 1;
    let chunks = rest.len().div_ceil(per_page);
    for (i, chunk) in rest.chunks(per_page).enumerate() {
        let page = pages.append();
        let at = pages.offset(page);
        let next = if i + 1 < chunks { page + 1 } else { 0 };
        pages.bytes[at..at + 4].copy_from_slice(&next.to_be_bytes());
        pages.bytes[at + 4..at + 4 + chunk.len()].copy_from_slice(chunk);
    }
    first
}

/// A table b-tree filled with rows in increasing rowid order.
pub struct TableTree {
    leaf: PageWriter,
    last_rowid: Option<i64>,
    /// Finished leaves and the largest rowid on each.
    children: Vec<(u32, i64)>,
    scratch: Vec<u8>,
}

impl TableTree {
    pub fn new(pages: &mut Pages) -> Self {
        TableTree {
            leaf: PageWriter::start(pages, LEAF_TABLE),
            last_rowid: None,
            children: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// A tree whose only page is `leaf`: the schema table on page 1.
    pub fn on_page(leaf: PageWriter) -> Self {
        TableTree {
            leaf: PageWriter {
                kind: LEAF_TABLE,
                ..leaf
            },
            last_rowid: None,
            children: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// The leaf being filled: the only page of the file, besides page 1, still to change.
    pub fn open_page(&self) -> u32 {
        self.leaf.page
    }

    /// Appends a row. Rowids must increase; a row that does not fit the current leaf starts the
    /// next one, or (`single_page`) is refused with `false`.
    pub fn push(
        &mut self,
        pages: &mut Pages,
        rowid: i64,
        values: &[Value],
        single_page: bool,
    ) -> bool {
        assert!(
            self.last_rowid.is_none_or(|last| rowid > last),
            "rows must arrive in increasing rowid order"
        );
        let layout = record::layout(values);
        let usable = pages.page_size;
        let local = local_len(layout.total, usable, usable - 35);
        let spills = local < layout.total;
        let head = varint_len(layout.total as u64) + varint_len(rowid as u64);
        let cell_len = head + local + if spills { 4 } else { 0 };
        if !self.leaf.fits(cell_len) {
            if single_page {
                return false;
            }
            // A leaf that cannot take a row holds rows, so it has a last one.
            let last = self.last_rowid.unwrap_or_default();
            let full = std::mem::replace(&mut self.leaf, PageWriter::start(pages, LEAF_TABLE));
            self.children.push((full.finish(pages, None), last));
        }
        let first_overflow = if spills {
            self.scratch.resize(layout.total, 0);
            record::write(&mut self.scratch, values, layout);
            let rest = std::mem::take(&mut self.scratch);
            let first = overflow(pages, &rest[local..]);
            self.scratch = rest;
            Some(first)
        } else {
            None
        };
        let cell = self.leaf.add_cell(pages, cell_len);
        let out = &mut pages.bytes[cell];
        let mut at = put_varint(out, layout.total as u64);
        at += put_varint(&mut out[at..], rowid as u64);
        match first_overflow {
            None => record::write(&mut out[at..], values, layout),
            Some(page) => {
                out[at..at + local].copy_from_slice(&self.scratch[..local]);
                out[at + local..].copy_from_slice(&page.to_be_bytes());
            }
        }
        self.last_rowid = Some(rowid);
        true
    }

    /// Finishes the leaves and builds the interior levels; returns the root page.
    pub fn finish(mut self, pages: &mut Pages) -> u32 {
        let leaf = self.leaf.finish(pages, None);
        if self.children.is_empty() {
            return leaf;
        }
        self.children.push((
            leaf,
            // A tree of several leaves holds rows.
            self.last_rowid.unwrap_or_default(),
        ));
        let mut level = self.children;
        // Each interior cell is a child page number and a key varint; the last child of each page
        // is its right-most pointer and takes no cell.
        let per_page = (pages.page_size - 12) / (2 + 4 + MAX_VARINT) + 1;
        while level.len() > 1 {
            let mut next = Vec::new();
            let mut rest = level.as_slice();
            for size in even_sizes(level.len(), level.len().div_ceil(per_page)) {
                let (group, tail) = rest.split_at(size);
                rest = tail;
                let mut page = PageWriter::start(pages, INTERIOR_TABLE);
                for &(child, key) in &group[..size - 1] {
                    let cell = page.add_cell(pages, 4 + varint_len(key as u64));
                    let out = &mut pages.bytes[cell];
                    out[..4].copy_from_slice(&child.to_be_bytes());
                    put_varint(&mut out[4..], key as u64);
                }
                let (right, key) = group[size - 1];
                next.push((page.finish(pages, Some(right)), key));
            }
            level = next;
        }
        level[0].0
    }
}

/// Builds an index b-tree over `entries`, already sorted in SQLite's order (each entry is the
/// indexed columns, then the rowid; all integers). Returns the root page.
///
/// Index records of a few integers always stay on their page; an entry too long for that (which
/// would need overflow pages, never written here) is refused with [`SqliteError::IndexCellTooLarge`].
pub fn index_tree<const W: usize>(
    pages: &mut Pages,
    entries: &[[i64; W]],
) -> Result<u32, SqliteError> {
    debug_assert!(entries.is_sorted(), "index entries must be sorted");
    let record_len = |entry: &[i64; W]| record::ints_len(entry);
    // Cells hold the record after its length varint (and, inside, a child page number).
    let cell_max = entries
        .iter()
        .map(|e| {
            let len = record_len(e);
            varint_len(len as u64) + len
        })
        .max()
        .unwrap_or(0);
    let usable = pages.page_size;
    let max_local = (usable - 12) * 64 / 255 - 23;
    if cell_max > max_local {
        return Err(SqliteError::IndexCellTooLarge {
            len: cell_max,
            max: max_local,
        });
    }
    // Thousands of cells of a few integers each: written by `record::write_ints` (the same bytes
    // as `record::write`, without measuring each value twice).
    let write_cell = |pages: &mut Pages, page: &mut PageWriter, child: Option<u32>, entry| {
        let total = record::ints_len(entry);
        let ptr = if child.is_some() { 4 } else { 0 };
        let cell = page.add_cell(pages, ptr + varint_len(total as u64) + total);
        let out = &mut pages.bytes[cell];
        if let Some(child) = child {
            out[..4].copy_from_slice(&child.to_be_bytes());
        }
        let at = ptr + put_varint(&mut out[ptr..], total as u64);
        record::write_ints(&mut out[at..], entry);
    };

    // Leaves: k leaves hold all entries but the k - 1 that divide them, which go one level up.
    let leaf_cap = (usable - 8) / (cell_max.max(MIN_CELL) + 2);
    let leaves = (entries.len() + 1).div_ceil(leaf_cap + 1).max(1);
    let mut children = Vec::with_capacity(leaves);
    let mut dividers = Vec::with_capacity(leaves);
    let mut next = 0;
    for (i, size) in even_sizes(entries.len() + 1 - leaves, leaves).enumerate() {
        let mut page = PageWriter::start(pages, LEAF_INDEX);
        for entry in &entries[next..next + size] {
            write_cell(pages, &mut page, None, entry);
        }
        children.push(page.finish(pages, None));
        next += size;
        if i + 1 < leaves {
            dividers.push(next);
            next += 1;
        }
    }

    // Interior levels: a page of n children holds the n - 1 dividers between them, each in a cell
    // with the child on its left; the dividers between pages go one level up again.
    let per_page = (usable - 12) / (4 + cell_max.max(MIN_CELL) + 2) + 1;
    while children.len() > 1 {
        let count = children.len().div_ceil(per_page);
        let mut up_children = Vec::with_capacity(count);
        let mut up_dividers = Vec::with_capacity(count);
        let mut first = 0;
        for (i, size) in even_sizes(children.len(), count).enumerate() {
            let mut page = PageWriter::start(pages, INTERIOR_INDEX);
            for k in first..first + size - 1 {
                write_cell(pages, &mut page, Some(children[k]), &entries[dividers[k]]);
            }
            up_children.push(page.finish(pages, Some(children[first + size - 1])));
            first += size;
            if i + 1 < count {
                up_dividers.push(dividers[first - 1]);
            }
        }
        children = up_children;
        dividers = up_dividers;
    }
    Ok(children[0])
}

/// `total` split into `parts` sizes that differ by at most one, larger ones first.
fn even_sizes(total: usize, parts: usize) -> impl Iterator<Item = usize> {
    let (base, extra) = (total / parts, total % parts);
    (0..parts).map(move |i| base + usize::from(i < extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_payload_follows_the_spill_rule() {
        // U = 4096: X = 4061 for table leaves, M = 489.
        assert_eq!(local_len(4061, 4096, 4061), 4061);
        // K = M + (P - M) % (U - 4) is kept when it fits, else only M.
        assert_eq!(local_len(4062, 4096, 4061), 489);
        assert_eq!(local_len(5000, 4096, 4061), 489 + (5000 - 489) % 4092);
        assert_eq!(local_len(489 + 4092, 4096, 4061), 489);
    }

    #[test]
    fn sizes_are_even_and_add_up() {
        assert_eq!(even_sizes(10, 3).collect::<Vec<_>>(), [4, 3, 3]);
        assert_eq!(even_sizes(0, 1).collect::<Vec<_>>(), [0]);
    }
}
