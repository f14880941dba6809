//! The files the writer makes, opened with SQLite itself: `PRAGMA integrity_check` passes and every
//! row and index entry reads back as written, for page sizes from 512 to 65536 bytes, trees of
//! several levels and payloads that spill to overflow pages.

use super::*;
use proptest::prelude::*;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;

/// One row of the test table `t (id integer primary key, a integer, b text, c integer)`.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    a: i64,
    b: Option<String>,
    c: i64,
}

const TABLE_SQL: &str = "CREATE TABLE t (id integer primary key, a integer, b text, c integer)";

fn write(page_size: usize, rows: &[Row]) -> Vec<u8> {
    // A prefix of an odd length: pages need not start aligned in the buffer.
    let mut db = Database::new(page_size, PREFIX);
    let mut table = db.table("t", TABLE_SQL);
    for row in rows {
        let b = row.b.as_deref().map_or(Value::Null, Value::Text);
        table.push(
            row.id,
            &[Value::Null, Value::Int(row.a), b, Value::Int(row.c)],
        );
    }
    table.finish();
    let mut by_a: Vec<[i64; 2]> = rows.iter().map(|r| [r.a, r.id]).collect();
    by_a.sort();
    db.index("t_a", "t", "CREATE INDEX t_a ON t (a)", &by_a)
        .unwrap();
    let mut by_c_a: Vec<[i64; 3]> = rows.iter().map(|r| [r.c, r.a, r.id]).collect();
    by_c_a.sort();
    db.index("t_c_a", "t", "CREATE INDEX t_c_a ON t (c, a)", &by_c_a)
        .unwrap();
    db.table("empty", "CREATE TABLE empty (x integer)").finish();
    db.index::<2>("empty_x", "empty", "CREATE INDEX empty_x ON empty (x)", &[])
        .unwrap();
    let bytes = db.finish().expect("schema fits");
    assert!(bytes[..PREFIX].iter().all(|&b| b == 0));
    bytes[PREFIX..].to_vec()
}

const PREFIX: usize = 7;

/// Opens database bytes with SQLite, from a temporary folder kept for the connection's life.
pub(crate) fn open(bytes: &[u8]) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    std::fs::write(&path, bytes).unwrap();
    let db = Connection::open(&path).unwrap();
    (dir, db)
}

/// Opens the file with SQLite, checks its integrity and reads every row back.
fn check(page_size: usize, rows: &[Row]) {
    let bytes = write(page_size, rows);
    assert_eq!(bytes.len() % page_size, 0);
    let (_dir, db) = open(&bytes);
    let size: i64 = db.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert_eq!(size as usize, page_size);
    let problems: Vec<String> = db
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(problems, ["ok"]);
    let read: Vec<(i64, i64, Sql, i64)> = db
        .prepare("SELECT id, a, b, c FROM t ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read.len(), rows.len());
    for (row, (id, a, b, c)) in rows.iter().zip(read) {
        assert_eq!((row.id, row.a, row.c), (id, a, c));
        assert_eq!(row.b.clone().map_or(Sql::Null, Sql::Text), b);
    }
    // The indexes are found and used by the query planner, and give the same answers.
    if let Some(row) = rows.get(rows.len() / 2) {
        let via_index: i64 = db
            .query_row(
                "SELECT count(*) FROM t INDEXED BY t_c_a WHERE c = ?1 AND a = ?2",
                [row.c, row.a],
                |r| r.get(0),
            )
            .unwrap();
        let expected = rows.iter().filter(|r| r.c == row.c && r.a == row.a).count();
        assert_eq!(via_index as usize, expected);
    }
}

fn rows_from(ids: Vec<i64>, values: Vec<(i64, Option<String>, i64)>) -> Vec<Row> {
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .zip(values)
        .map(|(id, (a, b, c))| Row { id, a, b, c })
        .collect()
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        "[a-z ]{0,40}".prop_map(Some),
        "\\PC{0,300}".prop_map(Some),
        // Long enough to spill onto one or several overflow pages at every page size tried.
        (0usize..70_000).prop_map(|n| Some("é".repeat(n / 2))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn sqlite_reads_back_every_row_and_finds_the_file_sound(
        page_size in prop::sample::select(vec![512usize, 1024, 4096, 8192, 65536]),
        ids in prop::collection::vec(any::<i64>(), 0..300),
        values in prop::collection::vec((any::<i64>(), text(), -3i64..3), 300),
    ) {
        check(page_size, &rows_from(ids, values));
    }
}

#[test]
fn deep_trees_of_small_pages_are_sound() {
    // 512-byte pages: about 20 rows a leaf and 30 entries an index page, so 20,000 rows need three
    // levels in the table and in each index.
    let rows: Vec<Row> = (0..20_000)
        .map(|i| Row {
            id: i * 3 + 1,
            a: (i * 7919) % 1000 - 500,
            b: Some(format!("row {i}")),
            c: i % 5,
        })
        .collect();
    check(512, &rows);
}

#[test]
fn payloads_at_the_spill_boundaries_read_back() {
    // U = 1024: a table leaf keeps 989 bytes local. Record = 5-byte header (3 bytes for the text's
    // serial type) + a (2 bytes) + text + c (0 bytes), so text lengths around 982 cross it.
    let rows: Vec<Row> = (0..40)
        .map(|i| Row {
            id: i + 1,
            a: 300,
            b: Some("x".repeat(960 + i as usize)),
            c: 0,
        })
        .chain((0..6).map(|i| Row {
            id: 100 + i,
            a: 1,
            b: Some("y".repeat(1020 * (i as usize + 1) + i as usize)),
            c: 1,
        }))
        .collect();
    check(1024, &rows);
}

#[test]
fn an_empty_table_reads_back_empty() {
    check(4096, &[]);
}

#[test]
fn a_schema_larger_than_the_first_page_is_an_error() {
    let mut db = Database::new(512, 0);
    for i in 0..20 {
        db.table(&format!("t{i}"), &format!("CREATE TABLE t{i} (x)"))
            .finish();
    }
    assert!(matches!(db.finish(), Err(SqliteError::SchemaTooLarge(20))));
}

#[test]
#[should_panic(expected = "increasing rowid order")]
fn rows_out_of_order_are_refused() {
    let mut db = Database::new(4096, 0);
    let mut table = db.table("t", "CREATE TABLE t (x)");
    table.push(2, &[Value::Int(1)]);
    table.push(1, &[Value::Int(1)]);
}

#[test]
fn an_index_entry_too_long_to_stay_on_its_page_is_an_error() {
    // 512-byte pages keep at most 102 bytes of an index cell in place; twelve 8-byte integers
    // and their header need 110.
    let mut db = Database::new(512, 0);
    let error = db
        .index("big", "t", "CREATE INDEX big ON t (a)", &[[i64::MAX; 12]])
        .unwrap_err();
    assert!(matches!(
        error,
        SqliteError::IndexCellTooLarge { len: 110, max: 102 }
    ));
}
