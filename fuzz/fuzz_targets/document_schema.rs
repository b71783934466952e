//! Hostile schemas: a valid plan file whose schema the input rewrites (tables replaced by
//! views, recursive CTEs, triggers, extra tables and indexes, renamed tables and columns,
//! a schema version that lies, rows forged into `sqlite_master`), then opened. Opening
//! must answer promptly (libFuzzer's `-timeout`) with an error, or with a plan only when
//! the schema is still exactly ours; a plan that opens saves and reopens equal.
//!
//! The input is a list of three-byte operations `[op, a, b]`; `a` and `b` pick tables,
//! columns, names and counts.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use centerplan::document;
use centerplan::model::CenterType;
use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;

const TABLES: &[&str] = &[
    "plan",
    "checksum",
    "nodes",
    "lines",
    "matrix_rows",
    "matrix_cells",
    "matrix_duties",
    "job_descriptions",
    "job_duties",
    "kpis",
    "career_steps",
    "staffing",
    "staffing_forecast",
    "staffing_interval_agents",
];
const NAMES: &[&str] = &[
    "nodes",
    "extra",
    "sqlite_stat1",
    "kpis",
    "v",
    "staffing",
    "sqlite_autoindex_matrix_cells_1",
    "two\nlines",
    "名字",
    "x\"y",
];
const COLUMNS: &[&str] = &["ord", "id", "name_zh", "kind", "row_ord", "phase", "crc32"];

/// A valid plan, saved once: the file every input starts from.
static ORIGINAL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let plan = centerplan::templates::template(CenterType::Hybrid, "模糊");
    document::to_bytes(&plan).expect("a template saves")
});

static SCRATCH: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!("centerplan-fuzz-schema-{}.db", std::process::id()))
});

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL of one operation. Only DDL and small writes: nothing here runs long itself.
fn operation(op: u8, a: u8, b: u8) -> String {
    let table = quoted(TABLES[a as usize % TABLES.len()]);
    let other = quoted(TABLES[b as usize % TABLES.len()]);
    let name = quoted(NAMES[b as usize % NAMES.len()]);
    let column = quoted(COLUMNS[b as usize % COLUMNS.len()]);
    let recursive = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) \
                     SELECT n AS ord, randomblob(1000) AS id FROM r ORDER BY id";
    match op % 14 {
        0 => format!("DROP TABLE {table}; CREATE VIEW {table} AS {recursive};"),
        1 => format!("DROP TABLE {table}; CREATE VIEW {table} AS SELECT * FROM {other};"),
        2 => format!("CREATE TRIGGER {name} AFTER INSERT ON {table} BEGIN SELECT 1; END;"),
        3 => format!("CREATE INDEX {name} ON {table} ({column});"),
        4 => format!("CREATE TABLE {name} (x);"),
        5 => format!("ALTER TABLE {table} RENAME TO {name};"),
        6 => format!("ALTER TABLE {table} RENAME COLUMN {column} TO {name};"),
        7 => format!("DROP TABLE {table};"),
        8 => format!("PRAGMA user_version = {};", b % 4),
        9 => format!("CREATE VIEW {name} AS {recursive};"),
        10 => format!("ALTER TABLE {table} ADD COLUMN {name} TEXT;"),
        // Forged schema rows: SQL that does not match the row's type or name.
        11 => format!(
            "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = \
             'CREATE VIEW ' || name || ' AS {}' WHERE name = {};",
            recursive.replace('\'', "''"),
            table.replace('\'', "''").replace('"', "'"),
        ),
        12 => format!(
            "PRAGMA writable_schema = ON; \
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {}) \
             INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) \
             SELECT 'view', 'v' || i, 'v' || i, 0, 'CREATE VIEW v' || i || ' AS SELECT 1' FROM c;",
            u32::from(b) * 64 + 1
        ),
        _ => format!("CREATE TABLE {name} (x INTEGER, y AS (x * x) STORED);"),
    }
}

fn schema_of(bytes: &[u8]) -> Option<Vec<(String, String, String, Option<String>)>> {
    std::fs::write(&*SCRATCH, bytes).ok()?;
    let conn = Connection::open(&*SCRATCH).ok()?;
    let mut statement = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
        .ok()?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .ok()?;
    rows.collect::<Result<_, _>>().ok()
}

fn mutate(data: &[u8]) -> Option<Vec<u8>> {
    std::fs::write(&*SCRATCH, &*ORIGINAL).ok()?;
    {
        let conn = Connection::open(&*SCRATCH).ok()?;
        for chunk in data.chunks(3).take(16) {
            let (op, a, b) = (
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            );
            // Many operations fail (a table already gone, a name taken): that is fine.
            let _ = conn.execute_batch(&operation(op, a, b));
            // After forged view rows, every later statement makes SQLite parse thousands
            // of views: seconds spent building the input, not opening it (it timed out
            // here; tests/fuzz_regressions.rs, `document_schema`). Stop building.
            if op % 14 == 12 {
                break;
            }
        }
    }
    std::fs::read(&*SCRATCH).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = mutate(data) else {
        return;
    };
    let opened = document::from_bytes(&bytes);
    if let Ok(plan) = opened {
        // Only our exact schema may open: the same objects, with the same SQL.
        assert_eq!(
            schema_of(&bytes),
            schema_of(&ORIGINAL),
            "a foreign schema opened"
        );
        let saved = document::to_bytes(&plan).expect("an opened plan saves");
        assert_eq!(
            document::from_bytes(&saved).expect("a saved plan opens"),
            plan
        );
    }
});
