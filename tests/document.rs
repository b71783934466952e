//! `.centerplan` documents: round trips, every way a file can be bad, and saves that fail.

use std::fs;
use std::path::{Path, PathBuf};

use centerplan::document::{self, APPLICATION_ID, DocumentError, SCHEMA_VERSION};
use centerplan::error::Failure;
use centerplan::interchange;
use centerplan::model::Plan;
use expect_test::{Expect, expect};
use proptest::prelude::*;
use rusqlite::Connection;

use crate::support;

/// A fresh directory holding one saved copy of the sizeable plan, `plan.centerplan`.
fn saved_plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.centerplan");
    document::save(&support::sizeable_plan(), &path).unwrap();
    (dir, path)
}

/// The names in `dir`, sorted: shows stray temp or journal files.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Opens `path`, expects an error, and checks that neither the file's bytes nor the
/// directory's contents changed. Returns the error and its message with the directory
/// replaced by `$DIR` so that snapshots are stable.
fn open_fails(path: &Path) -> (DocumentError, String) {
    let dir = path.parent().unwrap();
    let before = fs::read(path).ok();
    let names_before = listing(dir);
    let err = document::open(path).expect_err("opening should fail");
    assert_eq!(
        fs::read(path).ok(),
        before,
        "open changed the bytes of {}",
        path.display()
    );
    assert_eq!(
        listing(dir),
        names_before,
        "open left files beside {}",
        path.display()
    );
    let message = err.to_string().replace(&dir.display().to_string(), "$DIR");
    (err, message)
}

/// Runs SQL on a saved file, as another program (or a hostile sender) might.
fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn check_message(path: &Path, code: &str, message: Expect) {
    let (err, text) = open_fails(path);
    assert_eq!(err.code(), code, "{text}");
    assert_eq!(err.path(), path);
    message.assert_eq(&text);
}

// ---------------------------------------------------------------------------------------
// Round trips

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_plan_survives_a_file(plan in support::plan()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.centerplan");
        document::save(&plan, &path).unwrap();
        prop_assert_eq!(document::open(&path).unwrap(), plan);
        prop_assert_eq!(listing(dir.path()), vec!["p.centerplan".to_owned()]);
    }
}

proptest! {
    #[test]
    fn any_plan_survives_bytes(plan in support::plan()) {
        let bytes = document::to_bytes(&plan).unwrap();
        prop_assert_eq!(document::from_bytes(&bytes).unwrap(), plan);
    }

    #[test]
    fn any_plan_survives_json(plan in support::plan()) {
        let json = interchange::to_json(&plan);
        prop_assert_eq!(interchange::from_json(&json).unwrap(), plan);
    }

    /// Damage anywhere in a real file: opening returns a plan or an error, never panics,
    /// and never writes.
    #[test]
    fn damaged_bytes_never_panic_or_change(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let (dir, path) = saved_plan();
        let mut bytes = fs::read(&path).unwrap();
        for (index, value) in flips {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        fs::write(&path, &bytes).unwrap();
        let _ = document::open(&path);
        prop_assert_eq!(fs::read(&path).unwrap(), bytes);
        prop_assert_eq!(listing(dir.path()), vec!["plan.centerplan".to_owned()]);
    }

    #[test]
    fn random_bytes_are_not_sqlite(bytes in proptest::collection::vec(any::<u8>(), 1..4096)) {
        prop_assume!(!bytes.starts_with(b"SQLite format 3\0"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.centerplan");
        fs::write(&path, &bytes).unwrap();
        let (err, _) = open_fails(&path);
        prop_assert!(matches!(err, DocumentError::NotSqlite { .. }), "{err}");
    }
}

#[test]
fn the_saved_file_is_a_checked_centerplan_database() {
    let (_dir, path) = saved_plan();
    let conn = Connection::open(&path).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let application_id: u32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let user_version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (integrity.as_str(), application_id, user_version),
        ("ok", APPLICATION_ID, SCHEMA_VERSION)
    );
    // Normalized tables, not one blob: the chart's rows are rows.
    let nodes: i64 = conn
        .query_row("SELECT count(*) FROM nodes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(nodes, support::sizeable_plan().chart.nodes.len() as i64);
}

#[test]
fn saving_twice_over_the_same_path_replaces_the_plan() {
    let (dir, path) = saved_plan();
    let mut plan = support::sizeable_plan();
    plan.name = "第二版".to_owned();
    plan.chart.nodes.truncate(3);
    document::save(&plan, &path).unwrap();
    assert_eq!(document::open(&path).unwrap(), plan);
    document::save(&plan, &path).unwrap();
    assert_eq!(document::open(&path).unwrap(), plan);
    assert_eq!(listing(dir.path()), ["plan.centerplan"]);
}

#[test]
fn saves_are_deterministic() {
    // Same plan, same bytes: saves are deterministic, so unchanged plans diff clean.
    let plan = support::sizeable_plan();
    assert_eq!(
        document::to_bytes(&plan).unwrap(),
        document::to_bytes(&plan).unwrap()
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_file_permissions_and_writes_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = saved_plan();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.centerplan");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let mut plan = support::sizeable_plan();
    plan.name = "via link".to_owned();
    document::save(&plan, &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(document::open(&path).unwrap().name, "via link");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(listing(dir.path()), ["link.centerplan", "plan.centerplan"]);
}

// ---------------------------------------------------------------------------------------
// Failed saves

#[test]
fn a_save_into_a_missing_directory_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("plan.centerplan");
    let err = document::save(&support::sizeable_plan(), &path).unwrap_err();
    assert_eq!(
        (err.code(), err.operation()),
        ("document.io", document::Operation::Save)
    );
    assert!(
        err.to_string()
            .starts_with(&format!("cannot save {}: no such file", path.display())),
        "{err}"
    );
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn a_save_whose_rename_fails_removes_its_temp_file() {
    // The target is a non-empty directory: the temp file is written, then the rename
    // fails (even for root), and the temp file must go.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan.centerplan");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep"), "x").unwrap();
    let err = document::save(&support::sizeable_plan(), &target).unwrap_err();
    assert_eq!(err.code(), "document.io", "{err}");
    assert_eq!(listing(dir.path()), ["plan.centerplan"]);
    assert_eq!(listing(&target), ["keep"]);
}

#[test]
fn a_document_whose_name_is_near_the_limit_still_saves() {
    // 254 bytes is a legal name; the temp file beside it must not need a longer one.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{}.centerplan", "计".repeat(81)));
    assert_eq!(path.file_name().unwrap().len(), 254);
    document::save(&support::sizeable_plan(), &path).unwrap();
    document::save(&support::sizeable_plan(), &path).unwrap();
    assert_eq!(document::open(&path).unwrap(), support::sizeable_plan());
    assert_eq!(listing(dir.path()).len(), 1);
}

#[cfg(unix)]
#[test]
fn a_save_into_a_read_only_directory_leaves_the_original() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = saved_plan();
    let before = fs::read(&path).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let mut changed = support::sizeable_plan();
    changed.name = "changed".to_owned();
    let result = document::save(&changed, &path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // Root writes into read-only directories anyway; then the save must be complete.
    match result {
        Err(err) => {
            assert_eq!(err.code(), "document.read-only", "{err}");
            assert_eq!(fs::read(&path).unwrap(), before);
        }
        Ok(()) => assert_eq!(document::open(&path).unwrap(), changed),
    }
    assert_eq!(listing(dir.path()), ["plan.centerplan"]);
}

/// A folder no one may create files in, root included: sysfs refuses new files to
/// everyone (permissions do not bind root, so a `chmod 555` folder proves nothing then).
#[cfg(target_os = "linux")]
fn read_only_folder() -> &'static Path {
    let sys = Path::new("/sys/kernel");
    assert!(sys.is_dir(), "the test needs sysfs mounted at /sys");
    sys
}

#[cfg(target_os = "linux")]
#[test]
fn a_save_or_create_into_a_read_only_folder_says_the_folder_is_read_only() {
    // It said "permission denied (os error 13) at path …/.x.centerplan.AbC123.tmp",
    // naming a temp file the user never asked for.
    let path = read_only_folder().join("plan.centerplan");
    for result in [
        document::save(&support::sizeable_plan(), &path),
        document::create(&support::sizeable_plan(), &path),
    ] {
        let err = result.unwrap_err();
        assert_eq!(
            (err.code(), err.operation()),
            ("document.read-only", document::Operation::Save)
        );
        expect!["cannot save /sys/kernel/plan.centerplan: the folder /sys/kernel is read-only (save to another folder)"]
            .assert_eq(&err.to_string());
    }
}

// ---------------------------------------------------------------------------------------
// Creating a document only where there is none

#[test]
fn create_refuses_anything_already_at_the_path_and_leaves_it() {
    let (dir, path) = saved_plan();
    let before = fs::read(&path).unwrap();
    let err = document::create(&support::sizeable_plan(), &path).unwrap_err();
    assert_eq!(
        (err.code(), err.operation()),
        ("document.exists", document::Operation::Save)
    );
    assert_eq!(
        err.to_string(),
        format!("cannot create {}: the file already exists", path.display())
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    // A symlink, even a dangling one, is something there: create never writes through it.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.centerplan");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        let err = document::create(&support::sizeable_plan(), &link).unwrap_err();
        assert_eq!(err.code(), "document.exists", "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }
    let fresh = dir.path().join("fresh.centerplan");
    document::create(&support::sizeable_plan(), &fresh).unwrap();
    assert_eq!(document::open(&fresh).unwrap(), support::sizeable_plan());
    assert!(listing(dir.path()).iter().all(|n| !n.ends_with(".tmp")));
}

#[test]
fn two_creates_racing_for_one_path_never_both_succeed() {
    // `centerplan new` checked that the path was free, then saved by renaming over it:
    // two of them racing both "succeeded" and the second silently replaced the first.
    let dir = tempfile::tempdir().unwrap();
    for round in 0..20 {
        let path = dir.path().join(format!("race-{round}.centerplan"));
        let barrier = std::sync::Barrier::new(2);
        let names = ["first", "second"];
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = names
                .iter()
                .map(|name| {
                    let (path, barrier) = (&path, &barrier);
                    scope.spawn(move || {
                        let mut plan = support::sizeable_plan();
                        plan.name = (*name).to_owned();
                        barrier.wait();
                        document::create(&plan, path).map(|()| plan)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let (won, lost): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        assert_eq!((won.len(), lost.len()), (1, 1), "round {round}");
        let err = lost.into_iter().next().unwrap().unwrap_err();
        assert_eq!(err.code(), "document.exists", "{err}");
        let winner = won.into_iter().next().unwrap().unwrap();
        assert_eq!(document::open(&path).unwrap(), winner, "round {round}");
    }
    assert!(listing(dir.path()).iter().all(|n| !n.ends_with(".tmp")));
}

// ---------------------------------------------------------------------------------------
// Files another program holds or left mid-write: said so, never called damaged

#[test]
fn a_plan_locked_by_another_program_says_it_is_locked() {
    // It waited five seconds, then said "the file is damaged (database is locked)".
    let (_dir, path) = saved_plan();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = std::time::Instant::now();
    let (err, message) = open_fails(&path);
    let waited = started.elapsed();
    assert_eq!(err.code(), "document.locked", "{message}");
    expect!["cannot open $DIR/plan.centerplan: the file is locked by another program (close it there, then try again)"]
        .assert_eq(&message);
    assert!(
        waited >= document::BUSY_WAIT && waited < document::BUSY_WAIT * 3,
        "waited {waited:?}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(document::open(&path).unwrap(), support::sizeable_plan());
}

/// `path` as a program that was killed half-way through a write leaves it: some changed
/// pages already in the file, the original ones in a hot `-journal` beside it.
fn leave_mid_write(path: &Path) {
    let dir = path.parent().unwrap();
    let (scratch, scratch_journal) = (dir.join("writer.db"), dir.join("writer.db-journal"));
    fs::copy(path, &scratch).unwrap();
    let writer = Connection::open(&scratch).unwrap();
    // A one-page cache makes SQLite spill changed pages into the file before the commit,
    // after syncing the journal that can undo them: a hot journal once the writer is gone.
    writer
        .execute_batch(
            "PRAGMA cache_size = 1; BEGIN;
             UPDATE nodes SET name_en = name_en || printf('%.2000c', 'x');",
        )
        .unwrap();
    fs::copy(&scratch, path).unwrap();
    let journal = fs::read(&scratch_journal).unwrap();
    assert!(!journal.is_empty(), "the writer journaled nothing");
    fs::write(format!("{}-journal", path.display()), journal).unwrap();
    writer.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    fs::remove_file(&scratch).unwrap();
}

#[test]
fn a_hot_journal_says_the_file_was_left_mid_write_not_damaged() {
    // It said "the file is damaged (attempt to write a readonly database)".
    let (_dir, path) = saved_plan();
    let before = fs::read(&path).unwrap();
    leave_mid_write(&path);
    assert_ne!(fs::read(&path).unwrap(), before, "the file is mid-write");
    let (err, message) = open_fails(&path);
    assert_eq!(err.code(), "document.hot-journal", "{message}");
    expect!["cannot open $DIR/plan.centerplan: the file was left mid-write by another program (its journal $DIR/plan.centerplan-journal is beside it: open the file once in that program or in sqlite3 to finish rolling the write back)"]
        .assert_eq(&message);
    // As the message says: once SQLite rolls the write back, the plan is whole.
    let conn = Connection::open(&path).unwrap();
    conn.query_row("PRAGMA user_version", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(document::open(&path).unwrap(), support::sizeable_plan());
}

// ---------------------------------------------------------------------------------------
// Bad files: each gets its own variant, and keeps its bytes

#[test]
fn a_missing_file_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.centerplan");
    let err = document::open(&path).unwrap_err();
    assert_eq!(err.code(), "document.not-found");
    assert_eq!(
        err.to_string(),
        format!("cannot open {}: no such file", path.display())
    );
    assert!(
        listing(dir.path()).is_empty(),
        "open must not create the file"
    );
}

#[test]
fn an_empty_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.centerplan");
    fs::write(&path, b"").unwrap();
    check_message(
        &path,
        "document.empty",
        expect!["cannot open $DIR/a.centerplan: the file is empty"],
    );
}

#[test]
fn a_text_file_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.centerplan");
    fs::write(&path, interchange::to_json(&support::sizeable_plan())).unwrap();
    check_message(
        &path,
        "document.not-sqlite",
        expect!["cannot open $DIR/a.centerplan: not a SQLite database"],
    );
}

#[test]
fn a_file_cut_inside_the_header_is_corrupt() {
    let (_dir, path) = saved_plan();
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..40]).unwrap();
    check_message(
        &path,
        "document.corrupt",
        expect![
            "cannot open $DIR/plan.centerplan: the file is damaged (the file ends inside the database header (40 bytes))"
        ],
    );
}

#[test]
fn a_database_cut_in_half_is_corrupt() {
    let (_dir, path) = saved_plan();
    let bytes = fs::read(&path).unwrap();
    assert!(
        bytes.len() > 8 * 4096,
        "the test needs a file of many pages"
    );
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let (err, message) = open_fails(&path);
    assert!(matches!(err, DocumentError::Corrupt { .. }), "{message}");
    assert!(
        message.starts_with("cannot open $DIR/plan.centerplan: the file is damaged ("),
        "{message}"
    );
}

#[test]
fn another_programs_database_is_not_centerplan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    tamper(&path, "PRAGMA application_id = 42; CREATE TABLE t (x);");
    check_message(
        &path,
        "document.not-centerplan",
        expect!["cannot open $DIR/other.db: not a Centerplan document (application id 0x0000002a)"],
    );
}

#[test]
fn a_file_from_a_newer_centerplan_says_so() {
    let (_dir, path) = saved_plan();
    tamper(
        &path,
        &format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1),
    );
    let (err, _) = open_fails(&path);
    assert!(
        matches!(err, DocumentError::NewerVersion { found, supported, .. } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err}"
    );
    check_message(
        &path,
        "document.newer-version",
        expect![
            "cannot open $DIR/plan.centerplan: made by a newer Centerplan (schema 8, this build reads up to 7)"
        ],
    );
}

#[test]
fn an_older_schema_is_migrated_in_memory_only() {
    // Schema 0 is "ours but empty": migrating it runs in a private copy, finds no plan
    // row, and the file stays exactly as it was. (With a table in it, it is not schema 0:
    // see `a_schema_zero_file_with_a_table_is_refused`.)
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.centerplan");
    tamper(&path, &format!("PRAGMA application_id = {APPLICATION_ID};"));
    check_message(
        &path,
        "document.corrupt",
        expect!["cannot open $DIR/old.centerplan: the file is damaged (table plan has no row)"],
    );
}

#[test]
fn a_file_missing_a_table_is_corrupt() {
    let (_dir, path) = saved_plan();
    tamper(&path, "DROP TABLE kpis;");
    check_message(
        &path,
        "document.corrupt",
        expect!["cannot open $DIR/plan.centerplan: the file is damaged (no such table: kpis)"],
    );
}

/// Writes `sql` into a saved file and checks the open error names `table`, `row`, `column`.
fn check_bad_field(sql: &str, table: &str, row: i64, column: &str, message: Expect) {
    let (_dir, path) = saved_plan();
    tamper(&path, sql);
    let (err, text) = open_fails(&path);
    match &err {
        DocumentError::BadField {
            table: t,
            row: r,
            column: c,
            ..
        } => {
            assert_eq!((*t, *r, *c), (table, row, column), "{text}");
        }
        other => panic!("expected a bad field, got {other}"),
    }
    assert_eq!(err.code(), "document.bad-field");
    message.assert_eq(&text);
}

#[test]
fn bad_values_in_rows_name_table_row_and_column() {
    check_bad_field(
        "UPDATE nodes SET kind = 'boss' WHERE ord = 3",
        "nodes",
        3,
        "kind",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table nodes, row 3, column kind: unknown node kind "boss""#
        ]],
    );
    check_bad_field(
        "UPDATE nodes SET function = 'ceo' WHERE ord = 0",
        "nodes",
        0,
        "function",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table nodes, row 0, column function: unknown function "ceo""#
        ]],
    );
    check_bad_field(
        "UPDATE nodes SET collapsed = 7 WHERE ord = 1",
        "nodes",
        1,
        "collapsed",
        expect![
            "cannot open $DIR/plan.centerplan: bad value in table nodes, row 1, column collapsed: expected 0 or 1, found 7"
        ],
    );
    check_bad_field(
        "UPDATE nodes SET rank = 1 << 40 WHERE ord = 2",
        "nodes",
        2,
        "rank",
        expect![
            "cannot open $DIR/plan.centerplan: bad value in table nodes, row 2, column rank: 1099511627776 is out of range"
        ],
    );
    check_bad_field(
        "UPDATE nodes SET name_en = CAST(x'ff00' AS TEXT) WHERE ord = 4",
        "nodes",
        4,
        "name_en",
        expect![
            "cannot open $DIR/plan.centerplan: bad value in table nodes, row 4, column name_en: text is not valid UTF-8"
        ],
    );
    check_bad_field(
        "UPDATE plan SET center_type = 'bank'",
        "plan",
        1,
        "center_type",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table plan, row 1, column center_type: unknown center type "bank""#
        ]],
    );
    check_bad_field(
        "UPDATE lines SET kind = 'solid'",
        "lines",
        0,
        "kind",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table lines, row 0, column kind: unknown line kind "solid""#
        ]],
    );
    check_bad_field(
        "UPDATE matrix_cells SET phase = 'launch' WHERE row_ord = 0 AND phase = 'start'",
        "matrix_cells",
        2,
        "phase",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table matrix_cells, row 2, column phase: unknown phase "launch""#
        ]],
    );
    check_bad_field(
        "UPDATE matrix_cells SET raci = 'X' WHERE rowid = 1",
        "matrix_cells",
        1,
        "raci",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table matrix_cells, row 1, column raci: unknown RACI letter "X""#
        ]],
    );
    check_bad_field(
        "UPDATE matrix_duties SET row_ord = 99 WHERE rowid = 1",
        "matrix_duties",
        1,
        "row_ord",
        expect![
            "cannot open $DIR/plan.centerplan: bad value in table matrix_duties, row 1, column row_ord: no matrix row 99"
        ],
    );
    check_bad_field(
        "UPDATE job_duties SET audience = 'everyone'",
        "job_duties",
        1,
        "audience",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table job_duties, row 1, column audience: unknown audience "everyone""#
        ]],
    );
    check_bad_field(
        "UPDATE kpis SET audience = ''",
        "kpis",
        0,
        "audience",
        expect![[
            r#"cannot open $DIR/plan.centerplan: bad value in table kpis, row 0, column audience: unknown audience """#
        ]],
    );
    check_bad_field(
        "UPDATE career_steps SET stage = -1",
        "career_steps",
        0,
        "stage",
        expect![
            "cannot open $DIR/plan.centerplan: bad value in table career_steps, row 0, column stage: -1 is out of range"
        ],
    );
}

#[test]
fn from_bytes_names_its_input_as_bytes() {
    let err = document::from_bytes(b"hello").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot open <bytes>: not a SQLite database"
    );
    let err = document::from_bytes(b"").unwrap_err();
    assert_eq!(err.code(), "document.empty");
}

#[test]
fn every_error_code_is_distinct_and_namespaced() {
    let plan: Plan = support::sizeable_plan();
    let bytes = document::to_bytes(&plan).unwrap();
    let mut codes = vec![
        document::from_bytes(b"").unwrap_err().code(),
        document::from_bytes(b"not sqlite").unwrap_err().code(),
        document::from_bytes(&bytes[..50]).unwrap_err().code(),
        document::open(Path::new("/nonexistent/x.centerplan"))
            .unwrap_err()
            .code(),
    ];
    let mut wrong_id = bytes.clone();
    wrong_id[68..72].copy_from_slice(&7u32.to_be_bytes());
    codes.push(document::from_bytes(&wrong_id).unwrap_err().code());
    let mut newer = bytes.clone();
    newer[60..64].copy_from_slice(&(SCHEMA_VERSION + 5).to_be_bytes());
    codes.push(document::from_bytes(&newer).unwrap_err().code());
    expect![[r#"
        [
            "document.empty",
            "document.not-sqlite",
            "document.corrupt",
            "document.not-found",
            "document.not-centerplan",
            "document.newer-version",
        ]
    "#]]
    .assert_debug_eq(&codes);
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 6);
}

#[test]
fn a_damaged_byte_anywhere_is_caught_by_the_checksum() {
    // SQLite's integrity check misses damage inside a value or in a page's unused space;
    // the file checksum catches it. Damage every page in turn, past the header; the one
    // page it cannot cover is its own (there only the stored value is checked, and damage
    // to the page's unused bytes changes nothing in the document).
    let (_dir, path) = saved_plan();
    let checksum_page: usize = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'checksum'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let original = fs::read(&path).unwrap();
    let page_size = 4096;
    for page in (0..original.len() / page_size).filter(|&page| page + 1 != checksum_page) {
        for offset in [200, page_size / 2, page_size - 16] {
            let at = page * page_size + offset;
            let mut bytes = original.clone();
            bytes[at] ^= 0x5a;
            fs::write(&path, &bytes).unwrap();
            let (err, message) = open_fails(&path);
            // Damage inside a value may also read as a bad value, which names the field,
            // and damage to the schema's SQL as a schema that is not ours.
            assert!(
                matches!(
                    err,
                    DocumentError::Corrupt { .. }
                        | DocumentError::BadField { .. }
                        | DocumentError::ForeignSchema { .. }
                ),
                "byte {at}: {message}"
            );
        }
    }
}

#[test]
fn a_valid_edit_made_outside_centerplan_is_reported() {
    let (_dir, path) = saved_plan();
    tamper(&path, "UPDATE nodes SET name_en = 'Renamed' WHERE ord = 0");
    check_message(
        &path,
        "document.corrupt",
        expect![
            "cannot open $DIR/plan.centerplan: the file is damaged (its bytes do not match its checksum (damaged, or changed outside Centerplan))"
        ],
    );
}

#[test]
fn integrity_failures_read_as_one_line() {
    let (_dir, path) = saved_plan();
    let mut bytes = fs::read(&path).unwrap();
    // Scramble the cell pointers of the nodes table's page: many problems at once.
    for byte in &mut bytes[3 * 4096 + 8..3 * 4096 + 200] {
        *byte = 0xff;
    }
    fs::write(&path, &bytes).unwrap();
    let (_, message) = open_fails(&path);
    assert!(!message.contains('\n'), "{message}");
}

// ---------------------------------------------------------------------------------------
// Hostile schemas: a `.centerplan` is data, not a query plan

/// Like [`open_fails`], but on another thread, failing the test instead of hanging the
/// suite if `open` does not return within a generous bound.
fn open_fails_promptly(path: &Path) -> (DocumentError, String) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    std::thread::spawn(move || sender.send(open_fails(&owned)));
    receiver
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("opening {} did not return within 10 s", path.display()))
}

/// Tampers a saved plan with `sql` and checks the open error's code and message.
fn check_hostile(sql: &str, code: &str, message: Expect) {
    let (_dir, path) = saved_plan();
    tamper(&path, sql);
    let (err, text) = open_fails_promptly(&path);
    assert_eq!(err.code(), code, "{text}");
    assert_eq!(err.path(), path);
    assert!(!text.contains('\n'), "{text}");
    message.assert_eq(&text);
}

/// The known attack: a view in place of `nodes` whose recursive CTE never ends. A plain
/// `SELECT ... ORDER BY ord` on it runs forever while SQLite's temp sort file grows until
/// the disk is full; the schema check refuses it before any statement reads it.
#[test]
fn a_recursive_view_in_place_of_nodes_is_refused_at_once() {
    check_hostile(
        "DROP TABLE nodes;
         CREATE VIEW nodes AS
           WITH RECURSIVE r(ord, id, parent, kind, name_zh, name_en, rank, planned, filled,
                            function, collapsed) AS (
             SELECT 0, 'n', NULL, 'unit', '', '', NULL, 0, 0, NULL, 0
             UNION ALL
             SELECT ord + 1, id, parent, kind, randomblob(1000), name_en, rank, planned,
                    filled, function, collapsed FROM r
           )
           SELECT * FROM r;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: view nodes where schema 7 has a table"
        ],
    );
}

#[test]
fn a_trigger_is_refused() {
    check_hostile(
        "CREATE TRIGGER spy AFTER INSERT ON nodes BEGIN SELECT 1; END;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: trigger spy (on table nodes) is not in schema 7"
        ],
    );
}

#[test]
fn an_extra_table_is_refused() {
    check_hostile(
        "CREATE TABLE extra (x);",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: table extra is not in schema 7"
        ],
    );
}

#[test]
fn an_extra_index_is_refused() {
    check_hostile(
        "CREATE INDEX by_name ON nodes (name_zh);",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: index by_name (on table nodes) is not in schema 7"
        ],
    );
}

#[test]
fn a_renamed_column_is_refused() {
    check_hostile(
        "ALTER TABLE nodes RENAME COLUMN name_zh TO nom;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: table nodes has column nom where schema 7 has name_zh"
        ],
    );
}

#[test]
fn a_renamed_table_is_refused() {
    check_hostile(
        "ALTER TABLE kpis RENAME TO kpis_old;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: table kpis_old is not in schema 7"
        ],
    );
}

#[test]
fn a_view_with_an_odd_name_is_named_on_one_line() {
    check_hostile(
        "CREATE VIEW \"two\nlines\" AS SELECT 1;",
        "document.foreign-schema",
        expect![[
            r#"cannot open $DIR/plan.centerplan: not a Centerplan schema: view "two\nlines" is not in schema 7"#
        ]],
    );
}

/// A file claiming schema 1 must hold schema 1: the staffing tables of schema 2 in it
/// mean it is not what it says (and a migration would run over them).
#[test]
fn a_schema_one_file_with_schema_two_tables_is_refused() {
    check_hostile(
        "ALTER TABLE plan DROP COLUMN name_en; PRAGMA user_version = 1;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: table staffing is from schema 2, but the file claims schema 1"
        ],
    );
}

#[test]
fn a_schema_zero_file_with_a_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.centerplan");
    tamper(
        &path,
        &format!("PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE legacy (x);"),
    );
    let (err, text) = open_fails_promptly(&path);
    assert_eq!(err.code(), "document.foreign-schema");
    expect![
        "cannot open $DIR/old.centerplan: not a Centerplan schema: table legacy is not in schema 0"
    ]
    .assert_eq(&text);
}

/// Schema 1 carries the checksum table too, so its checksum is verified like schema 2's.
#[test]
fn a_schema_one_file_is_checked_against_its_checksum() {
    check_hostile(
        "DROP TABLE staffing; DROP TABLE staffing_forecast; DROP TABLE staffing_interval_agents;
         ALTER TABLE plan DROP COLUMN name_en; DROP TABLE manual_chapter; DROP TABLE rule;
         DROP TABLE rule_shift; DROP TABLE control; DROP TABLE control_revision;
         DROP TABLE logo; DROP TABLE release; DROP TABLE staffing_channel_inputs;
         DROP TABLE staffing_channel; DROP TABLE staffing_channel_agents;
         DROP TABLE staffing_shrinkage; PRAGMA user_version = 1;",
        "document.corrupt",
        expect![
            "cannot open $DIR/plan.centerplan: the file is damaged (its bytes do not match its checksum (damaged, or changed outside Centerplan))"
        ],
    );
}

/// SQLite parses the whole schema on the first statement: 200,000 views (8 MB) take
/// seconds and hundreds of megabytes. Their size is refused from the file's pages first.
#[test]
fn a_schema_of_many_views_is_refused_before_sqlite_parses_it() {
    check_hostile(
        "PRAGMA writable_schema = ON;
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000)
         INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql)
           SELECT 'view', 'v' || i, 'v' || i, 0, 'CREATE VIEW v' || i || ' AS SELECT 1' FROM c;",
        "document.foreign-schema",
        expect![
            "cannot open $DIR/plan.centerplan: not a Centerplan schema: sqlite_master holds more than 65536 bytes, far more than any Centerplan schema"
        ],
    );
}

/// A WAL-mode file would make a read-only open look for (and create) `-wal` and `-shm`
/// files beside it; Centerplan never writes one.
#[test]
fn a_wal_mode_file_is_refused() {
    check_hostile(
        "PRAGMA journal_mode = WAL;",
        "document.corrupt",
        expect![
            "cannot open $DIR/plan.centerplan: the file is damaged (its header asks for file format 2/2, which Centerplan never writes)"
        ],
    );
}
