//! Writes SQLite database files directly, page by page, for tables that are filled once with rows
//! in rowid order and integer indexes over them: what an Anki collection needs, at the speed of
//! a memory copy instead of SQLite's row-by-row inserts (README "Design choices").
//!
//! - `record.rs`: the record format and varints;
//! - `btree.rs`: table and index b-trees, built bottom-up.
//!
//! The file is in SQLite's format 4, UTF-8, rollback journal mode, with no free pages; the tests
//! open what it writes with SQLite itself and run `PRAGMA integrity_check`.
//!
//! Limits: pages of 512 to 65536 bytes; the whole schema fits on page 1; table rows arrive in
//! rowid order and hold only NULL, integers and text; index entries are a few integers each and
//! stay on their page (a longer one is an error). It never writes free pages, WAL mode,
//! auto-vacuum, `WITHOUT ROWID` tables, real or blob values, text in indexes, views or triggers,
//! and it cannot update a file it wrote. Where those are needed, use SQLite itself (`rusqlite`, as
//! the tests do).

mod btree;
pub mod record;
#[cfg(test)]
pub(crate) mod tests;

pub use record::Value;

use btree::{PageWriter, Pages, TableTree};

/// What the file header says wrote it: SQLite 3.46.0, whose format this follows.
const WRITER_VERSION: u32 = 3_046_000;

/// Why a database could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SqliteError {
    #[error("the schema of {0} tables and indexes does not fit on the first page")]
    SchemaTooLarge(usize),
    #[error("an index entry of {len} bytes is longer than the {max} an index page holds in place")]
    IndexCellTooLarge { len: usize, max: usize },
}

/// A database being written: tables and indexes one after another, then [`Database::finish`].
pub struct Database {
    pages: Pages,
    schema: Vec<SchemaRow>,
}

/// One row of `sqlite_schema`.
struct SchemaRow {
    kind: &'static str,
    name: String,
    table: String,
    root: u32,
    sql: String,
}

impl Database {
    /// An empty database of `page_size`-byte pages (a power of two from 512 to 65536). The buffer
    /// [`Database::finish`] returns starts with `prefix` zero bytes before the file: room for a
    /// container's header, so that the file is never copied to go after it.
    pub fn new(page_size: usize, prefix: usize) -> Self {
        assert!(
            page_size.is_power_of_two() && (512..=65536).contains(&page_size),
            "SQLite pages are 512 to 65536 bytes, a power of two"
        );
        // Page 1: the file header and the schema table, written last.
        Database {
            pages: Pages::new(prefix, page_size),
            schema: Vec::new(),
        }
    }

    /// Starts a table created by `sql` (`CREATE TABLE name (…)`); its rows follow with
    /// [`Table::push`]. The table is in the schema once [`Table::finish`] is called.
    pub fn table(&mut self, name: &str, sql: &str) -> Table<'_> {
        Table {
            tree: TableTree::new(&mut self.pages),
            name: name.to_string(),
            sql: sql.to_string(),
            db: self,
        }
    }

    /// Adds an index created by `sql` on `table`, holding `entries`: for each row, the indexed
    /// columns then the rowid, sorted as SQLite orders them (integers, so as arrays).
    pub fn index<const W: usize>(
        &mut self,
        name: &str,
        table: &str,
        sql: &str,
        entries: &[[i64; W]],
    ) -> Result<(), SqliteError> {
        let root = btree::index_tree(&mut self.pages, entries)?;
        self.schema.push(SchemaRow {
            kind: "index",
            name: name.to_string(),
            table: table.to_string(),
            root,
            sql: sql.to_string(),
        });
        Ok(())
    }

    /// Writes the schema and the file header; returns the prefix and the whole file.
    pub fn finish(mut self) -> Result<Vec<u8>, SqliteError> {
        let page_one = PageWriter::on(&self.pages, 1, 100, 0);
        let mut schema = TableTree::on_page(page_one);
        for (rowid, row) in self.schema.iter().enumerate() {
            let values = [
                Value::Text(row.kind),
                Value::Text(&row.name),
                Value::Text(&row.table),
                Value::Int(row.root.into()),
                Value::Text(&row.sql),
            ];
            if !schema.push(&mut self.pages, rowid as i64 + 1, &values, true) {
                return Err(SqliteError::SchemaTooLarge(self.schema.len()));
            }
        }
        let root = schema.finish(&mut self.pages);
        debug_assert_eq!(root, 1);
        self.write_header();
        Ok(self.pages.into_bytes())
    }

    /// The 100-byte file header (file format §1.3).
    fn write_header(&mut self) {
        let page_count = self.pages.count();
        let page_size = self.pages.page_size;
        let start = self.pages.start;
        let header = &mut self.pages.bytes[start..start + 100];
        header[..16].copy_from_slice(b"SQLite format 3\0");
        // 65536 is written as 1.
        let size_field = if page_size == 65536 {
            1
        } else {
            page_size as u16
        };
        header[16..18].copy_from_slice(&size_field.to_be_bytes());
        header[18] = 1; // write version: rollback journal
        header[19] = 1; // read version
        header[20] = 0; // reserved bytes per page
        header[21] = 64; // maximum embedded payload fraction (fixed)
        header[22] = 32; // minimum embedded payload fraction (fixed)
        header[23] = 32; // leaf payload fraction (fixed)
        header[72..92].fill(0); // reserved for expansion
        let mut put = |at: usize, v: u32| header[at..at + 4].copy_from_slice(&v.to_be_bytes());
        put(24, 1); // file change counter
        put(28, page_count); // database size in pages, valid: see offset 92
        put(32, 0); // no freelist
        put(36, 0);
        put(40, 1); // schema cookie
        put(44, 4); // schema format 4
        put(48, 0); // default page cache size
        put(52, 0); // no auto-vacuum
        put(56, 1); // UTF-8
        put(60, 0); // user version
        put(64, 0); // not incremental vacuum
        put(68, 0); // application id
        put(92, 1); // version-valid-for: the change counter above
        put(96, WRITER_VERSION);
    }
}

/// A table being filled, row by row in increasing rowid order.
pub struct Table<'a> {
    db: &'a mut Database,
    tree: TableTree,
    name: String,
    sql: String,
}

impl Table<'_> {
    /// Appends a row. `values` are the columns in order; an `INTEGER PRIMARY KEY` column is
    /// [`Value::Null`], its value being the rowid.
    ///
    /// # Panics
    /// When `rowid` is not greater than the previous row's.
    pub fn push(&mut self, rowid: i64, values: &[Value]) {
        self.tree.push(&mut self.db.pages, rowid, values, false);
    }

    /// The file so far (after the prefix). Only page 1 and the page being filled still change.
    pub fn file(&self) -> &[u8] {
        let pages = &self.db.pages;
        &pages.bytes[pages.start..pages.len]
    }

    /// How many bytes at the start of [`Table::file`] are final but for page 1: those before the
    /// page being filled.
    pub fn settled(&self) -> usize {
        (self.tree.open_page() as usize - 1) * self.db.pages.page_size
    }

    /// Ends the table and enters it in the schema.
    pub fn finish(self) {
        let root = self.tree.finish(&mut self.db.pages);
        self.db.schema.push(SchemaRow {
            kind: "table",
            table: self.name.clone(),
            name: self.name,
            root,
            sql: self.sql,
        });
    }
}
