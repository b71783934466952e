//! `.centerplan` documents: a [`Plan`] stored as an SQLite database.
//!
//! The file is an ordinary SQLite database with normalized tables (one per list of the
//! model, each with an `ord` column for its order), `PRAGMA application_id` set to
//! [`APPLICATION_ID`] so other tools and we ourselves can tell it apart from any other
//! SQLite file, and `PRAGMA user_version` holding the schema version. The schema lives in
//! numbered migrations under `migrations/`, embedded at compile time.
//!
//! Three promises matter more than anything else here, because a plan holds weeks of work
//! and consultants open files that clients send:
//!
//! - **A save is all or nothing.** [`save`] builds the database in memory, copies it into
//!   a temp file beside the target in one transaction, fsyncs it, renames it over the
//!   target and fsyncs the directory. A crash or failure at any moment leaves either the
//!   old file or the new one, never a mix; a failed save removes its temp file.
//! - **Opening never writes.** [`open`] checks the header bytes itself, opens the file
//!   read-only, and when an older schema must be migrated it copies the database into
//!   memory first. A bad file gets a specific [`DocumentError`] and keeps its bytes.
//! - **A file is data, not a query plan.** Before any statement reads a row, the schema
//!   must be exactly ours (derived from the migrations), and every statement is bounded
//!   by a step budget, so a view, trigger or schema bomb in a stranger's file never runs.
//!
//! The plan may be invalid (dangling ids, cycles, two leads): the schema has no foreign
//! keys between plan entities and the loader does not judge them, so every representable
//! plan round-trips exactly. [`crate::validate`]-style checks belong elsewhere.

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::config::DbConfig;
use rusqlite::types::FromSql;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use rusqlite_migration::{M, Migrations};

use crate::control::{Confidentiality, DocumentControl, Logo, LogoFormat, Revision, Signoff};
use crate::limits::{self, LimitError};
use crate::manual::{Chapter, ChapterKind, EditedText, EditedTexts, ManualPlan};
use crate::model::{
    Audience, CareerStep, CenterType, Channel, ChannelResult, Duty, ForecastInterval, Function,
    Headcount, JobDescription, Kpi, Line, LineKind, MatrixRow, Node, NodeId, NodeKind, OrgChart,
    Phase, Plan, Raci, Rank, ResponsibilityMatrix, Settings, ShrinkageCause, Staffing,
    StaffingInputs, StaffingResult, Text,
};
use crate::rules::{ClockTime, Rules, Shift};

/// `PRAGMA application_id` of every `.centerplan` file: "CPLN" in ASCII.
pub const APPLICATION_ID: u32 = 0x4350_4C4E;

/// The schema migrations, in order; migration N (1-based) brings a file to schema N.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_staffing.sql")),
    M::up(include_str!("../migrations/0003_center_name_en.sql")),
    M::up(include_str!("../migrations/0004_manual_chapters.sql")),
    M::up(include_str!("../migrations/0005_center_rules.sql")),
    M::up(include_str!("../migrations/0006_document_control.sql")),
    M::up(include_str!("../migrations/0007_staffing_channels.sql")),
];

/// The newest schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The 16 bytes every SQLite database starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Size of the SQLite database header, which holds the two pragmas we check.
const HEADER_LEN: usize = 100;
/// Byte offsets of `user_version` and `application_id` in the header (big-endian u32s).
const USER_VERSION_OFFSET: usize = 60;
const APPLICATION_ID_OFFSET: usize = 68;

/// What the program was doing when a [`DocumentError`] happened; the CLI maps opening
/// failures and saving failures to different exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Open,
    Save,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Operation::Open => "open",
            Operation::Save => "save",
        })
    }
}

/// Why a document could not be opened or saved. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("cannot open {}: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot {operation} {}: {}", path.display(), lowercase_first(&source.to_string()))]
    Io {
        path: PathBuf,
        operation: Operation,
        source: io::Error,
    },
    #[error("cannot open {}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("cannot open {}: not a SQLite database", path.display())]
    NotSqlite { path: PathBuf },
    #[error("cannot open {}: not a Centerplan document (application id {application_id:#010x})", path.display())]
    NotCenterplan { path: PathBuf, application_id: u32 },
    #[error("cannot open {}: made by a newer Centerplan (schema {found}, this build reads up to {supported})", path.display())]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("cannot open {}: the file is damaged ({detail})", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("cannot open {}: bad value in table {table}, row {row}, column {column}: {message}", path.display())]
    BadField {
        path: PathBuf,
        table: &'static str,
        row: i64,
        column: &'static str,
        message: String,
    },
    /// SQLite itself failed while writing the temp file (e.g. the disk is full).
    #[error("cannot save {}: {detail}", path.display())]
    Write { path: PathBuf, detail: String },
    /// The file's schema is not exactly the one its `user_version` claims: an object that
    /// is not ours (a view or trigger in place of a table, an extra table or index), or
    /// one of ours defined differently. `object` names it (`view nodes`).
    #[error("cannot open {}: not a Centerplan schema: {object} {detail}", path.display())]
    ForeignSchema {
        path: PathBuf,
        object: String,
        detail: String,
    },
    /// The file or the plan exceeds one of the [`limits`](crate::limits): too large, or
    /// a value outside its range (which is not a matter of size, and is not called one).
    #[error("cannot {operation} {}: {}", path.display(), limit_detail(source))]
    Limit {
        path: PathBuf,
        operation: Operation,
        source: LimitError,
    },
    /// Another program holds a lock on the file (it is writing it, or keeps a transaction
    /// open on it), still after waiting [`BUSY_WAIT`].
    #[error("cannot open {}: the file is locked by another program (close it there, then try again)", path.display())]
    Locked { path: PathBuf },
    /// A program writing the file stopped half-way (it crashed or was killed) and left
    /// its rollback journal, `<file>-journal`, beside it: until that journal is rolled
    /// back the file holds a mix of old and new pages. The file is not damaged.
    #[error("cannot open {}: the file was left mid-write by another program (its journal {}-journal is beside it: open the file once in that program or in sqlite3 to finish rolling the write back)", path.display(), path.display())]
    HotJournal { path: PathBuf },
    /// The folder a file was to be written in accepts no new file (no write permission,
    /// or a read-only disk). The target, if any, is untouched.
    #[error("cannot save {}: the folder {} is read-only (save to another folder)", path.display(), directory.display())]
    ReadOnly { path: PathBuf, directory: PathBuf },
    /// [`create`] found something already at the path; it is left as it was.
    #[error("cannot create {}: the file already exists", path.display())]
    Exists { path: PathBuf },
}

/// A limit's message: sizes are "too large", a value out of range says only that.
fn limit_detail(source: &LimitError) -> String {
    match source {
        LimitError::OutOfRange { .. } => source.to_string(),
        _ => format!("too large: {source}"),
    }
}

/// How long opening waits for another program's lock on the file before it reports
/// [`DocumentError::Locked`]. A Centerplan save never locks the document (it renames a
/// finished file over it), so a lock is another program's, usually a short transaction.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

impl crate::error::Failure for DocumentError {
    fn code(&self) -> &'static str {
        match self {
            DocumentError::NotFound { .. } => "document.not-found",
            DocumentError::Io { .. } => "document.io",
            DocumentError::Empty { .. } => "document.empty",
            DocumentError::NotSqlite { .. } => "document.not-sqlite",
            DocumentError::NotCenterplan { .. } => "document.not-centerplan",
            DocumentError::NewerVersion { .. } => "document.newer-version",
            DocumentError::Corrupt { .. } => "document.corrupt",
            DocumentError::BadField { .. } => "document.bad-field",
            DocumentError::ForeignSchema { .. } => "document.foreign-schema",
            DocumentError::Write { .. } => "document.write",
            DocumentError::Limit { .. } => "document.limit",
            DocumentError::Locked { .. } => "document.locked",
            DocumentError::HotJournal { .. } => "document.hot-journal",
            DocumentError::ReadOnly { .. } => "document.read-only",
            DocumentError::Exists { .. } => "document.exists",
        }
    }

    /// Names the file; leaves out SQLite's own wording of damage, which the CLI's line
    /// keeps for a developer but tells a user nothing they can act on.
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        let file = self.path().display();
        let zh_action = match self.operation() {
            Operation::Open => "打开",
            Operation::Save => "保存",
        };
        // "cannot save FILE: REASON", in the reader's language.
        let failed = |reason: String| match lang {
            Lang::Zh => format!("无法{zh_action} {file}：{reason}"),
            Lang::En => format!("cannot {} {file}: {reason}", self.operation()),
        };
        match (self, lang) {
            (DocumentError::Io { source, .. }, lang) => {
                failed(crate::error::io_reason(source, lang))
            }
            (DocumentError::Corrupt { .. } | DocumentError::BadField { .. }, Lang::En) => {
                format!(
                    "cannot open {file}: the file is damaged (open a backup copy or the recovery copy instead)"
                )
            }
            (
                DocumentError::Limit {
                    source: source @ LimitError::OutOfRange { .. },
                    ..
                },
                lang,
            ) => failed(crate::error::Failure::message(source, lang)),
            (DocumentError::Limit { source, .. }, lang) => {
                let reason = crate::error::Failure::message(source, lang);
                failed(match lang {
                    Lang::Zh => format!("方案超出大小上限：{reason}"),
                    Lang::En => format!("the plan is too large: {reason}"),
                })
            }
            (_, Lang::En) => self.to_string(),
            (DocumentError::NotFound { .. }, Lang::Zh) => format!("无法打开 {file}：文件不存在"),
            (DocumentError::Empty { .. }, Lang::Zh) => format!("无法打开 {file}：文件是空的"),
            (DocumentError::NotSqlite { .. }, Lang::Zh) => {
                format!("无法打开 {file}：这不是 SQLite 数据库，不是 Centerplan 方案文件")
            }
            (DocumentError::NotCenterplan { application_id, .. }, Lang::Zh) => format!(
                "无法打开 {file}：这不是 Centerplan 方案文件（应用标识 {application_id:#010x}）"
            ),
            (
                DocumentError::NewerVersion {
                    found, supported, ..
                },
                Lang::Zh,
            ) => format!(
                "无法打开 {file}：该文件由更新版本的 Centerplan 创建（结构版本 {found}，本版本最高读取 {supported}），请升级后再打开"
            ),
            (DocumentError::Corrupt { .. } | DocumentError::BadField { .. }, Lang::Zh) => {
                format!("无法打开 {file}：文件已损坏（请改为打开备份或恢复副本）")
            }
            (DocumentError::ForeignSchema { object, .. }, Lang::Zh) => format!(
                "无法打开 {file}：文件中含有不属于 Centerplan 的数据库结构（{object}），出于安全不予读取"
            ),
            (DocumentError::Write { detail, .. }, Lang::Zh) => {
                format!("无法保存 {file}：写入失败（{detail}）")
            }
            (DocumentError::Locked { .. }, Lang::Zh) => {
                format!("无法打开 {file}：文件被另一个程序锁定（请先在该程序中关闭它，再重试）")
            }
            (DocumentError::HotJournal { .. }, Lang::Zh) => format!(
                "无法打开 {file}：另一个程序写入该文件时中断，留下了未完成的日志 {file}-journal（请在该程序或 sqlite3 中打开一次该文件，以撤回未完成的写入）"
            ),
            (DocumentError::ReadOnly { directory, .. }, Lang::Zh) => format!(
                "无法保存 {file}：文件夹 {} 是只读的（请保存到其他文件夹）",
                directory.display()
            ),
            (DocumentError::Exists { .. }, Lang::Zh) => {
                format!("无法创建 {file}：文件已存在")
            }
        }
    }
}

impl DocumentError {
    /// The file at fault.
    pub fn path(&self) -> &Path {
        match self {
            DocumentError::NotFound { path }
            | DocumentError::Io { path, .. }
            | DocumentError::Empty { path }
            | DocumentError::NotSqlite { path }
            | DocumentError::NotCenterplan { path, .. }
            | DocumentError::NewerVersion { path, .. }
            | DocumentError::Corrupt { path, .. }
            | DocumentError::BadField { path, .. }
            | DocumentError::ForeignSchema { path, .. }
            | DocumentError::Write { path, .. }
            | DocumentError::Limit { path, .. }
            | DocumentError::Locked { path }
            | DocumentError::HotJournal { path }
            | DocumentError::ReadOnly { path, .. }
            | DocumentError::Exists { path } => path,
        }
    }

    /// Whether the error happened while opening or while saving.
    pub fn operation(&self) -> Operation {
        match self {
            DocumentError::Io { operation, .. } | DocumentError::Limit { operation, .. } => {
                *operation
            }
            DocumentError::Write { .. }
            | DocumentError::ReadOnly { .. }
            | DocumentError::Exists { .. } => Operation::Save,
            _ => Operation::Open,
        }
    }

    fn path_mut(&mut self) -> &mut PathBuf {
        match self {
            DocumentError::NotFound { path }
            | DocumentError::Io { path, .. }
            | DocumentError::Empty { path }
            | DocumentError::NotSqlite { path }
            | DocumentError::NotCenterplan { path, .. }
            | DocumentError::NewerVersion { path, .. }
            | DocumentError::Corrupt { path, .. }
            | DocumentError::BadField { path, .. }
            | DocumentError::ForeignSchema { path, .. }
            | DocumentError::Write { path, .. }
            | DocumentError::Limit { path, .. }
            | DocumentError::Locked { path }
            | DocumentError::HotJournal { path }
            | DocumentError::ReadOnly { path, .. }
            | DocumentError::Exists { path } => path,
        }
    }
}

/// OS messages start with a capital ("Permission denied"); ours are lowercase throughout.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A failure found while reading or writing the tables, before the path is attached.
#[derive(Debug)]
enum Fault {
    Sqlite(rusqlite::Error),
    Corrupt(String),
    ForeignSchema {
        object: String,
        detail: String,
    },
    BadField {
        table: &'static str,
        row: i64,
        column: &'static str,
        message: String,
    },
}

impl From<rusqlite::Error> for Fault {
    fn from(err: rusqlite::Error) -> Fault {
        Fault::Sqlite(err)
    }
}

impl From<rusqlite_migration::Error> for Fault {
    fn from(err: rusqlite_migration::Error) -> Fault {
        match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => Fault::Sqlite(err),
            other => Fault::Corrupt(format!("cannot migrate the schema: {other}")),
        }
    }
}

impl Fault {
    /// While opening, any SQLite failure means the file is not what its header claims.
    fn opening(self, path: &Path) -> DocumentError {
        let path = path.to_owned();
        match self {
            Fault::Sqlite(err)
                if err.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
            {
                DocumentError::Corrupt {
                    path,
                    detail: "reading it takes more work than a plan of its size can need"
                        .to_owned(),
                }
            }
            // Neither is damage: another program holds the file, or left it mid-write.
            Fault::Sqlite(err)
                if matches!(
                    err.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                DocumentError::Locked { path }
            }
            Fault::Sqlite(err)
                if err.sqlite_error().map(|e| e.extended_code)
                    == Some(rusqlite::ffi::SQLITE_READONLY_ROLLBACK) =>
            {
                DocumentError::HotJournal { path }
            }
            Fault::Sqlite(err) => DocumentError::Corrupt {
                path,
                detail: sqlite_detail(&err),
            },
            Fault::Corrupt(detail) => DocumentError::Corrupt { path, detail },
            Fault::ForeignSchema { object, detail } => DocumentError::ForeignSchema {
                path,
                object,
                detail,
            },
            Fault::BadField {
                table,
                row,
                column,
                message,
            } => DocumentError::BadField {
                path,
                table,
                row,
                column,
                message,
            },
        }
    }

    fn saving(self, path: &Path) -> DocumentError {
        let detail = match self {
            Fault::Sqlite(err) => sqlite_detail(&err),
            Fault::Corrupt(detail) => detail,
            Fault::ForeignSchema { object, detail } => format!("{object} {detail}"),
            Fault::BadField {
                table,
                row,
                column,
                message,
            } => {
                format!("table {table}, row {row}, column {column}: {message}")
            }
        };
        DocumentError::Write {
            path: path.to_owned(),
            detail,
        }
    }
}

fn sqlite_detail(err: &rusqlite::Error) -> String {
    lowercase_first(&err.to_string())
}

fn io_error(path: &Path, operation: Operation, source: io::Error) -> DocumentError {
    if operation == Operation::Open && source.kind() == io::ErrorKind::NotFound {
        return DocumentError::NotFound {
            path: path.to_owned(),
        };
    }
    DocumentError::Io {
        path: path.to_owned(),
        operation,
        source,
    }
}

// ---------------------------------------------------------------------------------------
// Saving

/// Saves `plan` to `path` atomically: either the whole new document replaces the file, or
/// (on any failure, or a crash at any moment) the old file stays exactly as it was and no
/// temp file is left behind by a failure that returns.
///
/// A crash (power cut, SIGKILL) in the middle of a save leaves its temp file behind; each
/// save first removes such stale temp files of the same document (see
/// [`remove_stale_temp_files`]). A plan beyond the [`limits`] is refused, so that every
/// file we write is one we can open again.
pub fn save(plan: &Plan, path: &Path) -> Result<(), DocumentError> {
    publish_plan(plan, path, Publish::Replace)
}

/// Saves `plan` as a new document at `path`, only if nothing is there:
/// [`DocumentError::Exists`] otherwise, leaving what is there untouched. As atomic as
/// [`save`], and the test for "nothing is there" is the publishing itself (a rename that
/// refuses to replace), so of two creates racing for one path exactly one succeeds.
pub fn create(plan: &Plan, path: &Path) -> Result<(), DocumentError> {
    publish_plan(plan, path, Publish::NoClobber)
}

/// [`save`] and [`create`]: checks `plan` against the limits, builds the database in
/// memory, and publishes it at `path` as `publish` says.
fn publish_plan(plan: &Plan, path: &Path, publish: Publish) -> Result<(), DocumentError> {
    limits::check_plan(plan).map_err(|source| DocumentError::Limit {
        path: path.to_owned(),
        operation: Operation::Save,
        source,
    })?;
    let memory = build_database(plan).map_err(|fault| fault.saving(path))?;
    write_atomically(path, publish, |_, temp_path| {
        copy_into_file(&memory, temp_path).map_err(|fault| fault.saving(path))?;
        seal(temp_path).map_err(|fault| fault.saving(path))
    })
}

/// Writes the app's recovery copy of `plan` (see [`crate::edit::recovery_to_json`]) to
/// `path`, creating its directory, with the same all-or-nothing replacement as [`save`]:
/// a crash while autosaving leaves the previous recovery copy intact, never a truncated
/// one. `document` is the file the plan belongs to, if it has been saved.
pub fn save_recovery(
    plan: &Plan,
    document: Option<&Path>,
    path: &Path,
) -> Result<(), DocumentError> {
    limits::check_plan(plan).map_err(|source| DocumentError::Limit {
        path: path.to_owned(),
        operation: Operation::Save,
        source,
    })?;
    let text = crate::edit::recovery_to_json(plan, document);
    let save_io = |source| io_error(path, Operation::Save, source);
    if let Some(directory) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(directory).map_err(save_io)?;
    }
    write_atomically(path, Publish::Replace, |mut file, _| {
        io::Write::write_all(&mut file, text.as_bytes()).map_err(save_io)
    })
}

/// How [`write_atomically`] puts the finished temp file at the target's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Publish {
    /// Rename over whatever is there (a symlink is written through).
    Replace,
    /// Rename only if the name is free, in one system call (`renameat2` with
    /// `RENAME_NOREPLACE`, or a hard link then unlink where that is missing): no window
    /// between a check and the write for another writer to slip into.
    NoClobber,
}

/// Puts what `fill` writes into a fresh temp file beside `path` (given both as the open,
/// locked handle and as a path) at `path`: fsync, rename ([`Publish`]), fsync the
/// directory. On any failure the temp file is removed and the target untouched.
fn write_atomically(
    path: &Path,
    publish: Publish,
    fill: impl FnOnce(&File, &Path) -> Result<(), DocumentError>,
) -> Result<(), DocumentError> {
    let save_io = |source| io_error(path, Operation::Save, source);

    // Write through a symlink rather than replacing the link with a plain file. A new
    // document never follows one: a link at the path is something already there.
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() && publish == Publish::Replace => {
            fs::canonicalize(path).map_err(save_io)?
        }
        _ => path.to_owned(),
    };
    let file_name = target.file_name().ok_or_else(|| {
        save_io(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path has no file name",
        ))
    })?;
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };

    // The temp file must live in the target's directory: rename is atomic only within one
    // file system. A leading dot keeps it out of file pickers while it exists; the name is
    // cut short so that a document whose own name is near the limit still saves.
    let prefix = temp_prefix(&file_name.to_string_lossy());
    // Housekeeping never fails a save: at worst a stray file waits for the next one.
    remove_stale_temp_files_in(&directory, &prefix, STALE_TEMP_AGE);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RAND_BYTES);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates 0600 files; a document should get the usual 0666 minus umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp_file = builder.tempfile_in(&directory).map_err(|err| {
        if is_read_only(&err) {
            DocumentError::ReadOnly {
                path: path.to_owned(),
                directory: directory.clone(),
            }
        } else {
            save_io(err)
        }
    })?;
    if publish == Publish::Replace
        && let Ok(existing) = fs::metadata(&target)
    {
        // Keep the permissions the user gave the document.
        fs::set_permissions(temp_file.path(), existing.permissions()).map_err(save_io)?;
    }
    // Our handle holds an advisory lock (flock) on the temp file for the whole save: it
    // tells a concurrent save's housekeeping that this temp file is alive. SQLite locks
    // with fcntl, which is independent of flock. The handle stays open until SQLite has
    // closed its own connections: closing a second descriptor of a file SQLite has open
    // would drop SQLite's POSIX locks. The TempPath still deletes the file on drop.
    let (lock, temp_path) = temp_file.into_parts();
    lock.lock().map_err(save_io)?;

    fill(&lock, &temp_path)?;
    lock.sync_all().map_err(save_io)?;
    match publish {
        Publish::Replace => temp_path.persist(&target),
        Publish::NoClobber => temp_path.persist_noclobber(&target),
    }
    .map_err(|err| {
        if publish == Publish::NoClobber && err.error.kind() == io::ErrorKind::AlreadyExists {
            DocumentError::Exists {
                path: path.to_owned(),
            }
        } else {
            save_io(err.error)
        }
    })?;
    drop(lock);
    sync_directory(&directory).map_err(save_io)
}

/// Writes `bytes` to `path` the way a document is saved ([`write_atomically`]: a temp file
/// beside it, synced, renamed over it, the directory synced; the mode a new file gets or
/// the replaced file's; through a symlink), so a full disk or a crash leaves the old file
/// (or none), never a truncated one: how every export of the CLI and the app is written.
/// On error, the operating system's reason; a folder that takes no new file is one that
/// [`is_read_only`] names.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically(path, Publish::Replace, |mut file, _| {
        io::Write::write_all(&mut file, bytes)
            .map_err(|source| io_error(path, Operation::Save, source))
    })
    .map_err(|err| match err {
        DocumentError::Io { source, .. } => source,
        DocumentError::ReadOnly { .. } => io::Error::from(io::ErrorKind::PermissionDenied),
        other => io::Error::other(other.to_string()),
    })
}

/// Whether creating a file failed because its folder takes no new file: no write
/// permission there, or a read-only file system.
pub fn is_read_only(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// The suffix and random part of a temp file's name: `.<document name>.<random>.tmp`.
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RAND_BYTES: usize = 6;

/// A temp file older than this, and not locked by a live save, was left by a crash.
///
/// The age closes the one window the lock cannot: between a save creating its temp file
/// and locking it, a few microseconds.
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(5);

fn temp_prefix(file_name: &str) -> String {
    format!(".{}.", truncate_on_char(file_name, TEMP_NAME_STEM))
}

/// Temp files that saves of the document at `path` left beside it (after a crash), live
/// or stale, sorted by name.
pub fn temp_files(path: &Path) -> Vec<PathBuf> {
    let (Some(directory), Some(file_name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    let directory = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    let prefix = temp_prefix(&file_name.to_string_lossy());
    let mut found = temp_files_in(directory, &prefix);
    found.sort();
    found
}

fn temp_files_in(directory: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(directory) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return false;
            };
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
                .is_some_and(|random| {
                    random.len() == TEMP_RAND_BYTES
                        && random.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        })
        .map(|entry| entry.path())
        .collect()
}

/// Removes the temp files that crashed saves of the document at `path` left beside it:
/// those at least `min_age` old (by modification time) that no live save holds locked.
/// Returns how many it removed. Best effort: a file it cannot inspect is left alone.
///
/// [`save`] calls this with [`STALE_TEMP_AGE`]; a caller that knows no save of the
/// document is running (the crash harness, after killing its child) may pass zero.
pub fn remove_stale_temp_files(path: &Path, min_age: std::time::Duration) -> usize {
    let (Some(directory), Some(file_name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let directory = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    remove_stale_temp_files_in(
        directory,
        &temp_prefix(&file_name.to_string_lossy()),
        min_age,
    )
}

fn remove_stale_temp_files_in(
    directory: &Path,
    prefix: &str,
    min_age: std::time::Duration,
) -> usize {
    let mut removed = 0;
    for candidate in temp_files_in(directory, prefix) {
        let Ok(file) = File::open(&candidate) else {
            continue;
        };
        let old_enough = file
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age >= min_age));
        // Holding the lock while removing: a live save keeps its lock until it has renamed
        // its file away, so a file we can lock is one no save will touch again.
        if old_enough && file.try_lock().is_ok() && fs::remove_file(&candidate).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// How many bytes of the document's name the temp file's name repeats.
const TEMP_NAME_STEM: usize = 64;

fn truncate_on_char(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Copies the in-memory database into the (empty) file at `path` in one write transaction.
fn copy_into_file(memory: &Connection, path: &Path) -> Result<(), Fault> {
    let mut file = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The temp file is discarded on failure, so a rollback journal would only leave a
    // second stray file after a crash; durability comes from our own fsync before rename.
    file.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
    file.pragma_update(None, "synchronous", "OFF")?;
    {
        let backup = Backup::new(memory, &mut file)?;
        // -1 copies every page in a single step, i.e. one transaction on the file.
        match backup.step(-1)? {
            StepResult::Done => {}
            other => return Err(Fault::Corrupt(format!("copy stopped early ({other:?})"))),
        }
    }
    file.close().map_err(|(_, err)| Fault::Sqlite(err))
}

#[cfg(unix)]
fn sync_directory(directory: &Path) -> io::Result<()> {
    // Makes the rename itself durable: without it a power cut could bring back the old name.
    File::open(directory)?.sync_all()
}

#[cfg(not(unix))]
fn sync_directory(_directory: &Path) -> io::Result<()> {
    // Windows cannot open a directory as a file; its rename (MoveFileEx) is already durable
    // once it returns with write-through semantics for metadata.
    Ok(())
}

/// Builds the whole document as an in-memory database at the latest schema.
fn build_database(plan: &Plan) -> Result<Connection, Fault> {
    let mut conn = Connection::open_in_memory()?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    conn.pragma_update(None, "application_id", i64::from(APPLICATION_ID))?;
    let tx = conn.transaction()?;
    write_plan(&tx, plan)?;
    // A placeholder: `seal` writes the real value once the file's bytes are final.
    tx.execute("INSERT INTO checksum (id, crc32) VALUES (1, 0)", [])?;
    tx.commit()?;
    Ok(conn)
}

fn write_plan(conn: &Connection, plan: &Plan) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO plan (id, name, center_type, span_of_control_limit) VALUES (1, ?1, ?2, ?3)",
        params![
            plan.name,
            plan.center_type.key(),
            plan.settings.span_of_control_limit
        ],
    )?;
    // Only when there is one: the column exists from schema 3 on, and tests build files of
    // older schemas with this same writer.
    if !plan.name_en.is_empty() {
        conn.execute("UPDATE plan SET name_en = ?1 WHERE id = 1", [&plan.name_en])?;
    }

    let mut insert = conn.prepare(
        "INSERT INTO nodes (ord, id, parent, kind, name_zh, name_en, rank, planned, filled, function, collapsed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (ord, node) in plan.chart.nodes.iter().enumerate() {
        insert.execute(params![
            ord,
            node.id.as_str(),
            node.parent.as_ref().map(NodeId::as_str),
            node.kind.key(),
            node.name.zh,
            node.name.en,
            node.rank.map(|rank| rank.0),
            node.headcount.planned,
            node.headcount.filled,
            node.function.map(Function::key),
            node.collapsed,
        ])?;
    }

    let mut insert =
        conn.prepare("INSERT INTO lines (ord, from_node, to_node, kind) VALUES (?1, ?2, ?3, ?4)")?;
    for (ord, line) in plan.chart.lines.iter().enumerate() {
        insert.execute(params![
            ord,
            line.from.as_str(),
            line.to.as_str(),
            line.kind.key()
        ])?;
    }

    let mut insert_row = conn.prepare("INSERT INTO matrix_rows (ord, role) VALUES (?1, ?2)")?;
    let mut insert_cell = conn
        .prepare("INSERT INTO matrix_cells (row_ord, phase, lead, raci) VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert_duty = conn.prepare(
        "INSERT INTO matrix_duties (row_ord, phase, ord, text_zh, text_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (row_ord, row) in plan.matrix.rows.iter().enumerate() {
        insert_row.execute(params![row_ord, row.role.as_str()])?;
        for phase in Phase::ALL {
            let cell = row.cell(phase);
            let raci = cell.raci.map(|raci| raci.letter().to_string());
            insert_cell.execute(params![row_ord, phase.key(), cell.lead, raci])?;
            for (ord, duty) in cell.duties.iter().enumerate() {
                insert_duty.execute(params![row_ord, phase.key(), ord, duty.zh, duty.en])?;
            }
        }
    }

    let mut insert_job = conn.prepare(
        "INSERT INTO job_descriptions (ord, position, summary_zh, summary_en) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut insert_duty = conn.prepare(
        "INSERT INTO job_duties (job_ord, ord, text_zh, text_en, audience) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (job_ord, job) in plan.job_descriptions.iter().enumerate() {
        insert_job.execute(params![
            job_ord,
            job.position.as_str(),
            job.summary.zh,
            job.summary.en
        ])?;
        for (ord, duty) in job.duties.iter().enumerate() {
            insert_duty.execute(params![
                job_ord,
                ord,
                duty.text.zh,
                duty.text.en,
                duty.audience.key()
            ])?;
        }
    }

    let mut insert = conn.prepare(
        "INSERT INTO kpis (ord, id, name_zh, name_en, definition_zh, definition_en, formula_zh, formula_en, target, audience)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (ord, kpi) in plan.kpis.iter().enumerate() {
        insert.execute(params![
            ord,
            kpi.id,
            kpi.name.zh,
            kpi.name.en,
            kpi.definition.zh,
            kpi.definition.en,
            kpi.formula.zh,
            kpi.formula.en,
            kpi.target,
            kpi.audience.key(),
        ])?;
    }

    let mut insert = conn.prepare(
        "INSERT INTO career_steps (ord, stage, title_zh, title_en, position, requirements_zh, requirements_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (ord, step) in plan.career_path.iter().enumerate() {
        insert.execute(params![
            ord,
            step.stage,
            step.title.zh,
            step.title.en,
            step.position.as_ref().map(NodeId::as_str),
            step.requirements.zh,
            step.requirements.en,
        ])?;
    }
    if let Some(staffing) = &plan.staffing {
        write_staffing(conn, staffing)?;
    }
    // Only when there is something: the table exists from schema 4 on, and tests build
    // files of older schemas with this same writer.
    if !plan.manual.is_untouched() {
        write_manual(conn, &plan.manual)?;
    }
    // The same for the rules (schema 5 on): only what differs from the defaults.
    if !plan.rules.is_default() {
        write_rules(conn, &plan.rules)?;
    }
    // And the document control (schema 6 on).
    if !plan.control.is_default() {
        write_control(conn, &plan.control)?;
    }
    if let Some(logo) = &plan.logo {
        conn.execute(
            "INSERT INTO logo (id, format, data) VALUES (1, ?1, ?2)",
            params![logo.format().key(), logo.bytes()],
        )?;
    }
    if plan.releases.is_empty() {
        return Ok(());
    }
    let mut insert = conn
        .prepare("INSERT INTO release (position, version, date, plan) VALUES (?1, ?2, ?3, ?4)")?;
    for (position, release) in plan.releases.iter().enumerate() {
        insert.execute(params![
            position,
            release.version,
            release.date.to_string(),
            crate::interchange::to_json(&release.plan),
        ])?;
    }
    Ok(())
}

fn date_column(date: Option<crate::manual::Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// The control record, and its revision history when it has one.
fn write_control(conn: &Connection, control: &DocumentControl) -> rusqlite::Result<()> {
    let [prepared, reviewed, approved] = control.signoffs().map(|(_, s)| s);
    conn.execute(
        "INSERT INTO control VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             ?13, ?14, ?15, ?16)",
        params![
            control.number,
            control.version,
            date_column(control.effective),
            control.confidentiality.key(),
            prepared.name,
            prepared.post.zh,
            prepared.post.en,
            date_column(prepared.date),
            reviewed.name,
            reviewed.post.zh,
            reviewed.post.en,
            date_column(reviewed.date),
            approved.name,
            approved.post.zh,
            approved.post.en,
            date_column(approved.date),
        ],
    )?;
    let mut insert = conn.prepare(
        "INSERT INTO control_revision (position, version, date, author, summary_zh, summary_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, revision) in control.revisions.iter().enumerate() {
        insert.execute(params![
            position,
            revision.version,
            date_column(revision.date),
            revision.author,
            revision.summary.zh,
            revision.summary.en,
        ])?;
    }
    Ok(())
}

/// The rules that differ from the defaults, and the shift table when it does.
fn write_rules(conn: &Connection, rules: &Rules) -> rusqlite::Result<()> {
    let mut insert = conn.prepare("INSERT INTO rule (key, amount, text) VALUES (?1, ?2, ?3)")?;
    for (key, amount, text) in rules.changed_columns() {
        insert.execute(params![key, amount, text])?;
    }
    if rules.shifts == crate::rules::default_shifts() {
        return Ok(());
    }
    insert.execute(params!["shifts", rules.shifts.len(), None::<String>])?;
    let mut insert = conn.prepare(
        "INSERT INTO rule_shift (position, name_zh, name_en, start, end, flexible,
             meal_minutes, breaks, break_minutes, purpose_zh, purpose_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (position, shift) in rules.shifts.iter().enumerate() {
        insert.execute(params![
            position,
            shift.name.zh,
            shift.name.en,
            shift.start.to_string(),
            shift.end.to_string(),
            shift.flexible,
            shift.meal_minutes,
            shift.breaks,
            shift.break_minutes,
            shift.purpose.zh,
            shift.purpose.en,
        ])?;
    }
    Ok(())
}

/// An edited text's `*_markdown` and `*_base` columns.
fn edited_side(text: &Option<EditedText>) -> (Option<&str>, Option<&str>) {
    match text {
        Some(text) => (Some(text.markdown.as_str()), Some(text.base.as_str())),
        None => (None, None),
    }
}

/// The plan's chapter list, one `manual_chapter` row per chapter in print order.
fn write_manual(conn: &Connection, manual: &ManualPlan) -> rusqlite::Result<()> {
    let mut insert = conn.prepare(
        "INSERT INTO manual_chapter (position, id, hidden, kind, zh_markdown, zh_base, en_markdown, en_base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, chapter) in manual.chapters.iter().enumerate() {
        let (kind, zh, en) = match &chapter.kind {
            ChapterKind::Custom { text } => (
                "custom",
                (Some(text.zh.as_str()), None),
                (Some(text.en.as_str()), None),
            ),
            ChapterKind::Builtin { edited } => {
                let (zh, en) = (edited_side(&edited.zh), edited_side(&edited.en));
                ("builtin", zh, en)
            }
        };
        insert.execute(params![
            position,
            chapter.id,
            chapter.hidden,
            kind,
            zh.0,
            zh.1,
            en.0,
            en.1
        ])?;
    }
    Ok(())
}

fn write_staffing(conn: &Connection, staffing: &Staffing) -> rusqlite::Result<()> {
    let (inputs, result) = (&staffing.inputs, &staffing.result);
    let ratios = &inputs.ratios;
    conn.execute(
        "INSERT INTO staffing (id, calls, forecast_source, interval_minutes, aht_secs,
             service_level, threshold_secs, max_occupancy, shrinkage, patience_secs,
             fte_hours_per_day, agents_per_team_leader, agents_per_qa_specialist,
             agents_per_trainer, agents_per_wfm_planner, peak_agents, peak_scheduled,
             peak_interval, peak_service_level, peak_occupancy, scheduled_fte, agents,
             team_leaders, qa_specialists, trainers, wfm_planners)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
             ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
        params![
            inputs.calls,
            inputs.forecast_source,
            inputs.interval_minutes,
            inputs.aht_secs,
            inputs.service_level,
            inputs.threshold_secs,
            inputs.max_occupancy,
            inputs.shrinkage,
            inputs.patience_secs,
            inputs.fte_hours_per_day,
            ratios.agents_per_team_leader,
            ratios.agents_per_qa_specialist,
            ratios.agents_per_trainer,
            ratios.agents_per_wfm_planner,
            result.peak_agents,
            result.peak_scheduled,
            result.peak_interval,
            result.peak_service_level,
            result.peak_occupancy,
            result.scheduled_fte,
            result.agents,
            result.team_leaders,
            result.qa_specialists,
            result.trainers,
            result.wfm_planners,
        ],
    )?;
    let mut insert = conn.prepare(
        "INSERT INTO staffing_forecast (ord, start, calls, aht_secs, channel)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (ord, interval) in inputs.forecast.iter().enumerate() {
        insert.execute(params![
            ord,
            interval.start,
            interval.calls,
            interval.aht_secs,
            interval.channel.key()
        ])?;
    }
    let mut insert =
        conn.prepare("INSERT INTO staffing_interval_agents (ord, agents) VALUES (?1, ?2)")?;
    for (ord, agents) in result.interval_agents.iter().enumerate() {
        insert.execute(params![ord, agents])?;
    }
    let (chat, email) = (&inputs.chat, &inputs.email);
    conn.execute(
        "INSERT INTO staffing_channel_inputs (id, chat_concurrency, chat_aht_secs,
             chat_service_level, chat_threshold_secs, email_aht_secs, email_share,
             email_within_hours)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            chat.concurrency,
            chat.aht_secs,
            chat.service_level,
            chat.threshold_secs,
            email.aht_secs,
            email.share,
            email.within_hours,
        ],
    )?;
    let mut cause_row =
        conn.prepare("INSERT INTO staffing_shrinkage (cause, share) VALUES (?1, ?2)")?;
    for cause in &inputs.shrinkage_causes {
        cause_row.execute(params![cause.cause.key(), cause.share])?;
    }
    let mut channel_row = conn.prepare(
        "INSERT INTO staffing_channel (channel, peak_agents, agent_hours, backlog)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut agents_row = conn.prepare(
        "INSERT INTO staffing_channel_agents (channel, ord, agents) VALUES (?1, ?2, ?3)",
    )?;
    for channel in &result.channels {
        let key = channel.channel.key();
        channel_row.execute(params![
            key,
            channel.peak_agents,
            channel.agent_hours,
            channel.backlog
        ])?;
        for (ord, agents) in channel.interval_agents.iter().enumerate() {
            agents_row.execute(params![key, ord, agents])?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Opening

/// Opens the document at `path`. The file's bytes are never modified, whatever it holds.
///
/// Checks, in order: the file exists and reads; it is not empty; it is an SQLite
/// database; its application id is Centerplan's; its schema is not newer than this build;
/// the file is within the input size limit and not in WAL mode; its schema table is small
/// (counted from its pages, before SQLite parses it); its schema is exactly the one of the
/// version it claims (no view, trigger, index or table not ours:
/// [`DocumentError::ForeignSchema`]); SQLite's integrity check passes; every value in every row is one the
/// model can hold; the checksum matches; the plan is within the [`limits`]. Every
/// statement runs within a step budget proportional to the file's size, with temp storage
/// in memory, so a hostile file is answered promptly and never grows a temp file.
pub fn open(path: &Path) -> Result<Plan, DocumentError> {
    let too_large = |source| DocumentError::Limit {
        path: path.to_owned(),
        operation: Operation::Open,
        source,
    };
    let header = read_header(path)?;
    if header.is_empty() {
        return Err(DocumentError::Empty {
            path: path.to_owned(),
        });
    }
    if header.len() < SQLITE_MAGIC.len() || &header[..SQLITE_MAGIC.len()] != SQLITE_MAGIC {
        return Err(DocumentError::NotSqlite {
            path: path.to_owned(),
        });
    }
    if header.len() < HEADER_LEN {
        let detail = format!(
            "the file ends inside the database header ({} bytes)",
            header.len()
        );
        return Err(DocumentError::Corrupt {
            path: path.to_owned(),
            detail,
        });
    }
    // Both pragmas are read from the header ourselves, so SQLite never even parses a file
    // that is not ours or is too new for us.
    let application_id = header_u32(&header, APPLICATION_ID_OFFSET);
    if application_id != APPLICATION_ID {
        return Err(DocumentError::NotCenterplan {
            path: path.to_owned(),
            application_id,
        });
    }
    let found = header_u32(&header, USER_VERSION_OFFSET);
    if found > SCHEMA_VERSION {
        return Err(DocumentError::NewerVersion {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }

    let size = fs::metadata(path)
        .map_err(|err| io_error(path, Operation::Open, err))?
        .len();
    limits::check_input_size("the file", size).map_err(too_large)?;

    check_journal_mode(&header).map_err(|fault| fault.opening(path))?;
    let plan = {
        let _budget = StepBudget::start(size);
        // Before the pages are read: a file that another program holds locked, or left
        // mid-write, is reported as such, not judged by pages changing or half written.
        check_not_in_use(path).map_err(|fault| fault.opening(path))?;
        // Before SQLite parses the schema: it parses all of it on the first statement.
        check_schema_size(path, &header, size).map_err(|fault| fault.opening(path))?;
        read_checked(path, found).map_err(|fault| fault.opening(path))?
    };
    limits::check_plan(&plan).map_err(too_large)?;
    Ok(plan)
}

/// The SQLite part of [`open`], every statement within the thread's [`StepBudget`]:
/// the schema must be exactly the claimed version's before any other statement runs,
/// then the integrity check, the rows, and the checksum.
fn read_checked(path: &Path, found: u32) -> Result<Plan, Fault> {
    let mut file = open_read_only(path)?;
    check_schema(&file, found)?;
    check_integrity(&file)?;
    let plan = if found < SCHEMA_VERSION {
        read_plan(&mut migrate_in_memory(&file)?)?
    } else {
        read_plan(&mut file)?
    };
    // Every schema has the checksum table; only a schema-0 file (never written by a
    // release, it holds no plan) has none, and reading it has already failed.
    if found >= 1 {
        verify_checksum(path, &file)?;
    }
    Ok(plan)
}

/// CRC-32 of a document's bytes, leaving out the page that holds the checksum itself and
/// the two header fields SQLite rewrites on every commit (file change counter at offset
/// 24, version-valid-for at 92).
///
/// SQLite's integrity check proves the page structure but not the bytes of a value or of
/// a page's unused space; with this sum, any byte damaged anywhere else is caught.
fn file_checksum(bytes: &[u8], page_size: usize, checksum_page: usize) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for (index, page) in bytes.chunks(page_size).enumerate() {
        if index + 1 == checksum_page {
            continue;
        }
        if index == 0 && page.len() >= HEADER_LEN {
            hasher.update(&page[..24]);
            hasher.update(&page[28..92]);
            hasher.update(&page[96..]);
        } else {
            hasher.update(page);
        }
    }
    hasher.finalize()
}

/// The page size and the checksum table's page, as the database itself records them.
fn checksum_layout(conn: &Connection) -> Result<(usize, usize), Fault> {
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0))?;
    let page: Option<i64> = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'checksum'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let page = page.ok_or_else(|| Fault::Corrupt("its checksum table is missing".to_owned()))?;
    let as_usize = |value: i64| usize::try_from(value).unwrap_or(0);
    Ok((as_usize(page_size).max(512), as_usize(page)))
}

/// Writes the file checksum into a freshly copied document. Only the checksum's own page
/// and the excluded header fields change, so the sum stays true.
fn seal(path: &Path) -> Result<(), Fault> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let (page_size, page) = checksum_layout(&conn)?;
    let bytes = fs::read(path)
        .map_err(|err| Fault::Corrupt(format!("cannot read back the new file: {err}")))?;
    conn.execute(
        "UPDATE checksum SET crc32 = ?1 WHERE id = 1",
        [file_checksum(&bytes, page_size, page)],
    )?;
    conn.close().map_err(|(_, err)| Fault::Sqlite(err))
}

fn verify_checksum(path: &Path, conn: &Connection) -> Result<(), Fault> {
    let stored: Option<u32> = conn
        .query_row("SELECT crc32 FROM checksum WHERE id = 1", [], |row| {
            row.get(0)
        })
        .optional()?;
    let stored = stored.ok_or_else(|| Fault::Corrupt("its checksum is missing".to_owned()))?;
    let (page_size, page) = checksum_layout(conn)?;
    let bytes =
        fs::read(path).map_err(|err| Fault::Corrupt(format!("cannot read it whole: {err}")))?;
    if stored != file_checksum(&bytes, page_size, page) {
        return Err(Fault::Corrupt(
            "its bytes do not match its checksum (damaged, or changed outside Centerplan)"
                .to_owned(),
        ));
    }
    Ok(())
}

fn read_header(path: &Path) -> Result<Vec<u8>, DocumentError> {
    let open_io = |source| io_error(path, Operation::Open, source);
    let file = File::open(path).map_err(open_io)?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    file.take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(open_io)?;
    Ok(header)
}

fn header_u32(header: &[u8], offset: usize) -> u32 {
    u32::from_be_bytes([
        header[offset],
        header[offset + 1],
        header[offset + 2],
        header[offset + 3],
    ])
}

/// Takes (and at once releases) the read lock SQLite needs, without parsing the schema:
/// `PRAGMA user_version` reads the header in a read transaction, and starting one is
/// where SQLite waits for a writer ([`DocumentError::Locked`] after [`BUSY_WAIT`]) and
/// finds a hot journal, one an interrupted writer left ([`DocumentError::HotJournal`]).
fn check_not_in_use(path: &Path) -> Result<(), Fault> {
    let conn = connect_read_only(path)?;
    conn.query_row("PRAGMA user_version", [], |_| Ok(()))?;
    conn.close().map_err(|(_, err)| Fault::Sqlite(err))
}

fn open_read_only(path: &Path) -> Result<Connection, Fault> {
    let conn = connect_read_only(path)?;
    // A bounded page cache (KiB when negative); the file is at most MAX_INPUT_BYTES.
    // This pragma makes SQLite parse the schema, within the budget guard installed.
    conn.pragma_update(None, "cache_size", -8192)?;
    Ok(conn)
}

/// A guarded read-only connection that has run no statement yet.
fn connect_read_only(path: &Path) -> Result<Connection, Fault> {
    // Read-only: SQLite cannot write the file, create a journal beside it, or roll back a
    // journal it finds; a file that would need any of that is reported instead.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    guard(&conn)?;
    Ok(conn)
}

/// Bounds what any statement on `conn` can do, before the first one runs: every
/// statement spends the thread's [`StepBudget`]; temp storage (sorts, materialized
/// subqueries) stays in memory, never in a temp file that could grow until the disk is
/// full; views and triggers are switched off, and functions in the schema are
/// untrusted, so nothing a file defines can run even if it got past [`check_schema`].
fn guard(conn: &Connection) -> Result<(), Fault> {
    // SAFETY: the handle is valid while `conn` lives, and the handler is a plain function
    // with no context pointer: nothing it refers to can be freed before the connection.
    unsafe {
        rusqlite::ffi::sqlite3_progress_handler(
            conn.handle(),
            STEPS_PER_CALL,
            Some(spend_steps),
            std::ptr::null_mut(),
        );
    }
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// SQLite calls the progress handler every this many virtual-machine steps.
const STEPS_PER_CALL: std::os::raw::c_int = 1000;

thread_local! {
    /// Progress-handler calls left to the [`open`] running on this thread.
    static CALLS_LEFT: Cell<u64> = const { Cell::new(0) };
}

/// The progress handler of every connection [`open`] makes: interrupts the statement
/// once the budget is spent. Outside an open (or on another thread) there is none left.
unsafe extern "C" fn spend_steps(_: *mut std::os::raw::c_void) -> std::os::raw::c_int {
    CALLS_LEFT
        .try_with(|left| match left.get() {
            0 => 1,
            n => {
                left.set(n - 1);
                0
            }
        })
        .unwrap_or(1)
}

/// The work one [`open`] may do in SQLite: [`limits::OPEN_STEPS_BASE`] steps plus
/// [`limits::OPEN_STEPS_PER_BYTE`] per byte of the file, on this thread, until dropped.
struct StepBudget;

impl StepBudget {
    fn start(file_size: u64) -> StepBudget {
        let steps = limits::OPEN_STEPS_BASE
            .saturating_add(limits::OPEN_STEPS_PER_BYTE.saturating_mul(file_size));
        CALLS_LEFT.with(|left| left.set(steps / STEPS_PER_CALL as u64));
        StepBudget
    }
}

impl Drop for StepBudget {
    fn drop(&mut self) {
        CALLS_LEFT.with(|left| left.set(0));
    }
}

/// Centerplan writes rollback-journal files only (header bytes 18 and 19 are 1). A WAL
/// file would make SQLite look for, and create, `-wal` and `-shm` files beside it, and
/// its schema could live in a `-wal` file the size check below never sees.
fn check_journal_mode(header: &[u8]) -> Result<(), Fault> {
    if header[18] != 1 || header[19] != 1 {
        return Err(Fault::Corrupt(format!(
            "its header asks for file format {}/{}, which Centerplan never writes",
            header[18], header[19]
        )));
    }
    Ok(())
}

/// Walks the schema table's b-tree in the file's own pages and refuses a schema of more
/// than [`limits::MAX_SCHEMA_BYTES`] before SQLite parses it (it parses the whole schema
/// on the first statement, and a million views take minutes and gigabytes).
fn check_schema_size(path: &Path, header: &[u8], file_size: u64) -> Result<(), Fault> {
    let damaged = || Fault::Corrupt("its schema table is damaged".to_owned());
    let too_large = |what: String| Fault::ForeignSchema {
        object: "sqlite_master".to_owned(),
        detail: format!("{what}, far more than any Centerplan schema"),
    };
    // Enough pages for the largest schema at the smallest page size; a loop ends here too.
    let max_pages = 4 * limits::MAX_SCHEMA_BYTES / 512;
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        size if size >= 512 && size.is_power_of_two() => u64::from(size),
        _ => {
            return Err(Fault::Corrupt(
                "its header has no valid page size".to_owned(),
            ));
        }
    };
    let usable = page_size - u64::from(header[20]);
    let pages = file_size / page_size;
    let mut file = File::open(path).map_err(|err| {
        Fault::Corrupt(format!(
            "cannot read it: {}",
            lowercase_first(&err.to_string())
        ))
    })?;
    let mut page = vec![0u8; page_size as usize];
    let mut queue = vec![1u64];
    let mut visited: u64 = 0;
    let mut total: u64 = 0;
    while let Some(number) = queue.pop() {
        visited += 1;
        if visited + queue.len() as u64 > max_pages {
            return Err(too_large(format!("spans more than {max_pages} pages")));
        }
        if number == 0 || number > pages {
            return Err(damaged());
        }
        io::Seek::seek(&mut file, io::SeekFrom::Start((number - 1) * page_size))
            .and_then(|_| file.read_exact(&mut page))
            .map_err(|_| damaged())?;
        let start = if number == 1 { HEADER_LEN } else { 0 };
        let at = |offset: usize, len: usize| {
            page.get(offset..offset + len)
                .filter(|_| (offset + len) as u64 <= usable)
        };
        let kind = *at(start, 1).ok_or_else(damaged)?.first().unwrap_or(&0);
        let cells = at(start + 3, 2).ok_or_else(damaged)?;
        let cells = usize::from(u16::from_be_bytes([cells[0], cells[1]]));
        let pointers = start + if kind == 0x05 { 12 } else { 8 };
        for cell in 0..cells {
            let pointer = at(pointers + 2 * cell, 2).ok_or_else(damaged)?;
            let offset = usize::from(u16::from_be_bytes([pointer[0], pointer[1]]));
            let bytes = at(offset, 0)
                .map(|_| &page[offset..usable as usize])
                .ok_or_else(damaged)?;
            match kind {
                // Interior table page: a 4-byte child page number, then the key.
                0x05 => {
                    let child = bytes.get(..4).ok_or_else(damaged)?;
                    queue.push(u64::from(u32::from_be_bytes([
                        child[0], child[1], child[2], child[3],
                    ])));
                }
                // Leaf table page: the record's size (all of it, overflow included) first.
                0x0d => {
                    let (size, _) = varint(bytes).ok_or_else(damaged)?;
                    total = total.saturating_add(size);
                    if total > limits::MAX_SCHEMA_BYTES {
                        return Err(too_large(format!(
                            "holds more than {} bytes",
                            limits::MAX_SCHEMA_BYTES
                        )));
                    }
                }
                _ => return Err(damaged()),
            }
        }
        match kind {
            0x05 => {
                let right = at(start + 8, 4).ok_or_else(damaged)?;
                queue.push(u64::from(u32::from_be_bytes([
                    right[0], right[1], right[2], right[3],
                ])));
            }
            0x0d => {}
            _ => return Err(damaged()),
        }
    }
    Ok(())
}

/// An SQLite varint: its value and length, or `None` if it runs off the end.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (index, &byte) in bytes.iter().enumerate().take(9) {
        if index == 8 {
            return Some(((value << 8) | u64::from(byte), 9));
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, index + 1));
        }
    }
    None
}

/// One row of `sqlite_master`: what kind of object, its name, its table, its SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SchemaObject {
    kind: Option<String>,
    name: Option<String>,
    table: Option<String>,
    sql: Option<String>,
}

impl SchemaObject {
    fn read(row: &Row) -> rusqlite::Result<SchemaObject> {
        // A hostile file can put any value in any column; what is not text matches nothing.
        let text = |index: usize| -> rusqlite::Result<Option<String>> {
            Ok(match row.get_ref(index)? {
                rusqlite::types::ValueRef::Null => None,
                rusqlite::types::ValueRef::Text(bytes) => {
                    Some(String::from_utf8_lossy(bytes).into_owned())
                }
                _ => Some("\u{fffd}".to_owned()),
            })
        };
        Ok(SchemaObject {
            kind: text(0)?,
            name: text(1)?,
            table: text(2)?,
            sql: text(3)?,
        })
    }

    fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("")
    }

    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// `view nodes`, safe to print on one line.
    fn label(&self) -> String {
        format!("{} {}", shown(self.kind()), shown(self.name()))
    }
}

/// The schema of one version: its objects in `sqlite_master` and each table's columns.
struct Schema {
    objects: Vec<SchemaObject>,
    columns: HashMap<String, Vec<String>>,
}

const SCHEMA_QUERY: &str = "SELECT type, name, tbl_name, sql FROM main.sqlite_schema";

/// The exact schema of every version, from our own migrations applied one by one to an
/// in-memory database (as [`save`] does), so it can never drift from what we write.
static SCHEMAS: LazyLock<Vec<Schema>> = LazyLock::new(|| {
    let build = || -> Result<Vec<Schema>, Fault> {
        let mut conn = Connection::open_in_memory()?;
        let migrations = Migrations::from_slice(MIGRATIONS);
        let mut schemas = vec![Schema {
            objects: Vec::new(),
            columns: HashMap::new(),
        }];
        for version in 1..=MIGRATIONS.len() {
            migrations.to_version(&mut conn, version)?;
            let mut statement = conn.prepare(SCHEMA_QUERY)?;
            let objects = statement
                .query_map([], SchemaObject::read)?
                .collect::<Result<Vec<_>, _>>()?;
            let mut columns = HashMap::new();
            for object in objects.iter().filter(|object| object.kind() == "table") {
                columns.insert(
                    object.name().to_owned(),
                    table_columns(&conn, object.name())?,
                );
            }
            schemas.push(Schema { objects, columns });
        }
        Ok(schemas)
    };
    build().unwrap_or_else(|fault| panic!("the migrations build a schema: {fault:?}"))
});

fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_xinfo(?1)")?;
    statement
        .query_map([table], |row| row.get::<_, String>(0))?
        .collect()
}

/// Refuses a file whose `sqlite_master` is not exactly the schema of the version it
/// claims, before any plan row is read: every object must be one of ours, with our SQL,
/// none twice, none missing. The first object that is not ours is named.
fn check_schema(conn: &Connection, claimed: u32) -> Result<(), Fault> {
    let schemas = &*SCHEMAS;
    let expected = &schemas[claimed as usize];
    let mut seen = vec![false; expected.objects.len()];
    let mut statement = conn.prepare(SCHEMA_QUERY)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let object = SchemaObject::read(row)?;
        match expected.objects.iter().position(|ours| *ours == object) {
            Some(index) if !seen[index] => seen[index] = true,
            Some(_) => {
                return Err(Fault::ForeignSchema {
                    object: object.label(),
                    detail: "is listed twice".to_owned(),
                });
            }
            None => return Err(not_ours(conn, &object, claimed, schemas)),
        }
    }
    if let Some((missing, _)) = expected.objects.iter().zip(&seen).find(|(_, seen)| !**seen) {
        // A table gone reads as damage, as SQLite itself would report it.
        return Err(Fault::Corrupt(if missing.kind() == "table" {
            format!("no such table: {}", missing.name())
        } else {
            format!("its {} is missing", missing.label())
        }));
    }
    Ok(())
}

/// Why `object`, found in a file claiming schema `claimed`, is not ours.
fn not_ours(conn: &Connection, object: &SchemaObject, claimed: u32, schemas: &[Schema]) -> Fault {
    let expected = &schemas[claimed as usize];
    let foreign = |detail: String| Fault::ForeignSchema {
        object: object.label(),
        detail,
    };
    if let Some(ours) = expected
        .objects
        .iter()
        .find(|ours| ours.name == object.name)
    {
        if ours.kind != object.kind {
            let article = if ours.kind() == "index" { "an" } else { "a" };
            return foreign(format!(
                "where schema {claimed} has {article} {}",
                ours.kind()
            ));
        }
        if let Some(columns) = expected.columns.get(object.name()) {
            let is_table = object
                .sql
                .as_deref()
                .is_some_and(|sql| sql.starts_with("CREATE TABLE "));
            let theirs = match is_table {
                true => table_columns(conn, object.name()).ok(),
                false => None,
            };
            return foreign(match theirs {
                Some(theirs) => column_difference(&theirs, columns, claimed),
                None => format!("is not defined as a table of schema {claimed}"),
            });
        }
        return foreign(format!("is not defined as in schema {claimed}"));
    }
    let newer = (claimed as usize + 1..schemas.len())
        .find(|&version| schemas[version].objects.contains(object));
    if let Some(version) = newer {
        return foreign(format!(
            "is from schema {version}, but the file claims schema {claimed}"
        ));
    }
    let on = match object.table.as_deref() {
        Some(table) if object.table != object.name => format!(" (on table {})", shown(table)),
        _ => String::new(),
    };
    foreign(
        format!("{on} is not in schema {claimed}")
            .trim_start()
            .to_owned(),
    )
}

/// How a table's columns differ from ours, naming the first column that does.
fn column_difference(theirs: &[String], ours: &[String], claimed: u32) -> String {
    for index in 0..theirs.len().max(ours.len()) {
        match (theirs.get(index), ours.get(index)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => {
                return format!(
                    "has column {} where schema {claimed} has {}",
                    shown(a),
                    shown(b)
                );
            }
            (Some(a), None) => {
                return format!("has column {} that schema {claimed} lacks", shown(a));
            }
            (None, Some(b)) => return format!("lacks column {} of schema {claimed}", shown(b)),
            (None, None) => break,
        }
    }
    format!("is not defined as in schema {claimed}")
}

/// A name from the file, safe to print on one line: plain identifiers as they are,
/// anything else quoted with escapes and cut to 64 bytes.
fn shown(text: &str) -> String {
    const MAX: usize = 64;
    let plain = !text.is_empty()
        && text.len() <= MAX
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        return text.to_owned();
    }
    let cut = truncate_on_char(text, MAX);
    let mut quoted = format!("{cut:?}");
    if cut.len() < text.len() {
        quoted.push('…');
    }
    quoted
}

fn check_integrity(conn: &Connection) -> Result<(), Fault> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    let problems: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    // SQLite reports one problem a line (some rows hold several lines, headed by
    // "*** in database main ***"); the error is one line: the first problem and a count.
    let lines: Vec<&str> = problems
        .iter()
        .flat_map(|problem| problem.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("***"))
        .collect();
    let detail = match lines.as_slice() {
        [] => "the integrity check gave no answer".to_owned(),
        [only] => (*only).to_owned(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    };
    Err(Fault::Corrupt(format!("integrity check failed: {detail}")))
}

/// Brings an older file to the current schema in a private in-memory copy, so that
/// opening it never rewrites it; the next save writes the new schema.
fn migrate_in_memory(file: &Connection) -> Result<Connection, Fault> {
    let mut memory = Connection::open_in_memory()?;
    guard(&memory)?;
    match Backup::new(file, &mut memory)?.step(-1)? {
        StepResult::Done => {}
        other => return Err(Fault::Corrupt(format!("copy stopped early ({other:?})"))),
    }
    Migrations::from_slice(MIGRATIONS).to_latest(&mut memory)?;
    Ok(memory)
}

/// Reads one row's columns, turning every bad value into a [`Fault::BadField`] that names
/// the table, the row and the column.
struct Fields<'r, 's> {
    table: &'static str,
    rowid: i64,
    row: &'r Row<'s>,
}

impl<'r, 's> Fields<'r, 's> {
    fn new(table: &'static str, row: &'r Row<'s>) -> Result<Fields<'r, 's>, Fault> {
        let rowid = row
            .get::<_, i64>(0)
            .map_err(|err| Fault::Corrupt(sqlite_detail(&err)))?;
        Ok(Fields { table, rowid, row })
    }

    fn bad(&self, column: &'static str, message: impl Into<String>) -> Fault {
        Fault::BadField {
            table: self.table,
            row: self.rowid,
            column,
            message: message.into(),
        }
    }

    fn get<T: FromSql>(&self, column: &'static str) -> Result<T, Fault> {
        self.row.get::<_, T>(column).map_err(|err| match err {
            rusqlite::Error::InvalidColumnType(_, _, found) => {
                self.bad(column, format!("unexpected {found} value"))
            }
            rusqlite::Error::IntegralValueOutOfRange(_, value) => {
                self.bad(column, format!("{value} is out of range"))
            }
            rusqlite::Error::FromSqlConversionFailure(_, _, inner) => {
                if inner.is::<std::str::Utf8Error>() {
                    self.bad(column, "text is not valid UTF-8")
                } else {
                    self.bad(column, lowercase_first(&inner.to_string()))
                }
            }
            rusqlite::Error::Utf8Error(_) => self.bad(column, "text is not valid UTF-8"),
            other => Fault::Sqlite(other),
        })
    }

    fn text(&self, column: &'static str) -> Result<String, Fault> {
        self.get(column)
    }

    fn pair(&self, zh: &'static str, en: &'static str) -> Result<Text, Fault> {
        Ok(Text {
            zh: self.text(zh)?,
            en: self.text(en)?,
        })
    }

    fn flag(&self, column: &'static str) -> Result<bool, Fault> {
        match self.get::<i64>(column)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.bad(column, format!("expected 0 or 1, found {other}"))),
        }
    }

    /// A TEXT column holding one of a model enum's keys.
    fn key<T>(
        &self,
        column: &'static str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, Fault> {
        let key = self.text(column)?;
        parse(&key).ok_or_else(|| self.bad(column, format!("unknown {what} {key:?}")))
    }

    fn optional_key<T>(
        &self,
        column: &'static str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Fault> {
        match self.get::<Option<String>>(column)? {
            None => Ok(None),
            Some(key) => parse(&key)
                .map(Some)
                .ok_or_else(|| self.bad(column, format!("unknown {what} {key:?}"))),
        }
    }
}

/// Runs `sql` and hands each row to `each` as [`Fields`] of `table`.
fn for_each_row(
    conn: &Connection,
    table: &'static str,
    sql: &str,
    mut each: impl FnMut(&Fields) -> Result<(), Fault>,
) -> Result<(), Fault> {
    let mut statement = conn.prepare(sql)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        each(&Fields::new(table, row)?)?;
    }
    Ok(())
}

fn read_plan(conn: &mut Connection) -> Result<Plan, Fault> {
    // One read transaction, so every table is read from the same state of the file.
    let tx = conn.transaction()?;
    let conn: &Connection = &tx;

    let mut header = None;
    for_each_row(
        conn,
        "plan",
        "SELECT rowid, name, name_en, center_type, span_of_control_limit FROM plan",
        |fields| {
            let name = fields.text("name")?;
            let name_en = fields.text("name_en")?;
            let center_type = fields.key("center_type", "center type", CenterType::from_key)?;
            let span_of_control_limit = fields.get("span_of_control_limit")?;
            header = Some((
                name,
                name_en,
                center_type,
                Settings {
                    span_of_control_limit,
                },
            ));
            Ok(())
        },
    )?;
    let (name, name_en, center_type, settings) =
        header.ok_or_else(|| Fault::Corrupt("table plan has no row".to_owned()))?;

    let mut nodes = Vec::new();
    for_each_row(
        conn,
        "nodes",
        "SELECT rowid, * FROM nodes ORDER BY ord",
        |fields| {
            nodes.push(Node {
                id: NodeId(fields.text("id")?),
                parent: fields.get::<Option<String>>("parent")?.map(NodeId),
                kind: fields.key("kind", "node kind", NodeKind::from_key)?,
                name: fields.pair("name_zh", "name_en")?,
                rank: fields.get::<Option<i32>>("rank")?.map(Rank),
                headcount: Headcount::new(fields.get("planned")?, fields.get("filled")?),
                function: fields.optional_key("function", "function", Function::from_key)?,
                collapsed: fields.flag("collapsed")?,
            });
            Ok(())
        },
    )?;

    let mut lines = Vec::new();
    for_each_row(
        conn,
        "lines",
        "SELECT rowid, * FROM lines ORDER BY ord",
        |fields| {
            lines.push(Line {
                from: NodeId(fields.text("from_node")?),
                to: NodeId(fields.text("to_node")?),
                kind: fields.key("kind", "line kind", LineKind::from_key)?,
            });
            Ok(())
        },
    )?;

    let mut rows = Vec::new();
    let mut row_index = HashMap::new();
    for_each_row(
        conn,
        "matrix_rows",
        "SELECT rowid, * FROM matrix_rows ORDER BY ord",
        |fields| {
            row_index.insert(fields.get::<i64>("ord")?, rows.len());
            rows.push(MatrixRow::new(&fields.text("role")?));
            Ok(())
        },
    )?;
    let matrix_row = |fields: &Fields| -> Result<usize, Fault> {
        let ord = fields.get::<i64>("row_ord")?;
        row_index
            .get(&ord)
            .copied()
            .ok_or_else(|| fields.bad("row_ord", format!("no matrix row {ord}")))
    };
    let mut cells = Vec::new();
    for_each_row(
        conn,
        "matrix_cells",
        "SELECT rowid, * FROM matrix_cells",
        |fields| {
            let index = matrix_row(fields)?;
            let phase = fields.key("phase", "phase", Phase::from_key)?;
            let lead = fields.flag("lead")?;
            let raci = fields.optional_key("raci", "RACI letter", Raci::from_letter)?;
            cells.push((index, phase, lead, raci));
            Ok(())
        },
    )?;
    let mut duties = Vec::new();
    for_each_row(
        conn,
        "matrix_duties",
        "SELECT rowid, * FROM matrix_duties ORDER BY row_ord, phase, ord",
        |fields| {
            let index = matrix_row(fields)?;
            let phase = fields.key("phase", "phase", Phase::from_key)?;
            duties.push((index, phase, fields.pair("text_zh", "text_en")?));
            Ok(())
        },
    )?;
    for (index, phase, lead, raci) in cells {
        let cell = rows[index].cell_mut(phase);
        cell.lead = lead;
        cell.raci = raci;
    }
    for (index, phase, text) in duties {
        rows[index].cell_mut(phase).duties.push(text);
    }

    let mut job_descriptions = Vec::new();
    let mut job_index = HashMap::new();
    for_each_row(
        conn,
        "job_descriptions",
        "SELECT rowid, * FROM job_descriptions ORDER BY ord",
        |fields| {
            job_index.insert(fields.get::<i64>("ord")?, job_descriptions.len());
            job_descriptions.push(JobDescription {
                position: NodeId(fields.text("position")?),
                summary: fields.pair("summary_zh", "summary_en")?,
                duties: Vec::new(),
            });
            Ok(())
        },
    )?;
    for_each_row(
        conn,
        "job_duties",
        "SELECT rowid, * FROM job_duties ORDER BY job_ord, ord",
        |fields| {
            let ord = fields.get::<i64>("job_ord")?;
            let index = *job_index
                .get(&ord)
                .ok_or_else(|| fields.bad("job_ord", format!("no job description {ord}")))?;
            job_descriptions[index].duties.push(Duty {
                text: fields.pair("text_zh", "text_en")?,
                audience: fields.key("audience", "audience", Audience::from_key)?,
            });
            Ok(())
        },
    )?;

    let mut kpis = Vec::new();
    for_each_row(
        conn,
        "kpis",
        "SELECT rowid, * FROM kpis ORDER BY ord",
        |fields| {
            kpis.push(Kpi {
                id: fields.text("id")?,
                name: fields.pair("name_zh", "name_en")?,
                definition: fields.pair("definition_zh", "definition_en")?,
                formula: fields.pair("formula_zh", "formula_en")?,
                target: fields.text("target")?,
                audience: fields.key("audience", "audience", Audience::from_key)?,
            });
            Ok(())
        },
    )?;

    let mut career_path = Vec::new();
    for_each_row(
        conn,
        "career_steps",
        "SELECT rowid, * FROM career_steps ORDER BY ord",
        |fields| {
            career_path.push(CareerStep {
                stage: fields.get("stage")?,
                title: fields.pair("title_zh", "title_en")?,
                position: fields.get::<Option<String>>("position")?.map(NodeId),
                requirements: fields.pair("requirements_zh", "requirements_en")?,
            });
            Ok(())
        },
    )?;

    let staffing = read_staffing(conn)?;
    let rules = read_rules(conn)?;
    let manual = read_manual(conn)?;
    let control = read_control(conn)?;
    let logo = read_logo(conn)?;
    let releases = read_releases(conn)?;

    tx.finish()?;
    Ok(Plan {
        name,
        name_en,
        center_type,
        chart: OrgChart { nodes, lines },
        matrix: ResponsibilityMatrix { rows },
        job_descriptions,
        kpis,
        career_path,
        settings,
        staffing,
        rules,
        manual,
        control,
        logo,
        releases,
    })
}

/// A `YYYY-MM-DD` column, or NULL for none.
fn date_field(fields: &Fields, column: &'static str) -> Result<Option<crate::manual::Date>, Fault> {
    match fields.get::<Option<String>>(column)? {
        None => Ok(None),
        Some(text) => crate::manual::Date::parse(&text).map(Some).ok_or_else(|| {
            fields.bad(
                column,
                format!("expected a date as YYYY-MM-DD, found {text:?}"),
            )
        }),
    }
}

/// The control record (the default when the file has none) and its revisions, each
/// value checked against the model.
fn read_control(conn: &Connection) -> Result<DocumentControl, Fault> {
    let mut control = DocumentControl::default();
    for_each_row(conn, "control", "SELECT rowid, * FROM control", |fields| {
        let signoff = |name, post_zh, post_en, date| -> Result<Signoff, Fault> {
            Ok(Signoff {
                name: fields.text(name)?,
                post: fields.pair(post_zh, post_en)?,
                date: date_field(fields, date)?,
            })
        };
        control = DocumentControl {
            number: fields.text("number")?,
            version: fields.text("version")?,
            effective: date_field(fields, "effective")?,
            confidentiality: fields.key(
                "confidentiality",
                "confidentiality",
                Confidentiality::from_key,
            )?,
            prepared: signoff(
                "prepared_name",
                "prepared_post_zh",
                "prepared_post_en",
                "prepared_date",
            )?,
            reviewed: signoff(
                "reviewed_name",
                "reviewed_post_zh",
                "reviewed_post_en",
                "reviewed_date",
            )?,
            approved: signoff(
                "approved_name",
                "approved_post_zh",
                "approved_post_en",
                "approved_date",
            )?,
            revisions: Vec::new(),
        };
        Ok(())
    })?;
    for_each_row(
        conn,
        "control_revision",
        "SELECT rowid, * FROM control_revision ORDER BY position",
        |fields| {
            if control.revisions.len() >= crate::control::MAX_REVISIONS {
                return Err(fields.bad("position", "more revisions than the history may hold"));
            }
            control.revisions.push(Revision {
                version: fields.text("version")?,
                date: date_field(fields, "date")?,
                author: fields.text("author")?,
                summary: fields.pair("summary_zh", "summary_en")?,
            });
            Ok(())
        },
    )?;
    Ok(control)
}

/// The releases in order, each plan read as an imported JSON plan is (limits, fields).
fn read_releases(conn: &Connection) -> Result<Vec<crate::control::Release>, Fault> {
    let mut releases = Vec::new();
    for_each_row(
        conn,
        "release",
        "SELECT rowid, * FROM release ORDER BY position",
        |fields| {
            if releases.len() >= crate::control::MAX_RELEASES {
                return Err(fields.bad("position", "more releases than a plan may keep"));
            }
            let date = date_field(fields, "date")?
                .ok_or_else(|| fields.bad("date", "a release has a date"))?;
            let json = fields.text("plan")?;
            let plan = crate::interchange::from_json(&json)
                .map_err(|err| fields.bad("plan", err.to_string()))?;
            if !plan.releases.is_empty() || !plan.control.is_default() || plan.logo.is_some() {
                return Err(fields.bad(
                    "plan",
                    "a release's plan holds its content only: no control, logo or releases",
                ));
            }
            releases.push(crate::control::Release {
                version: fields.text("version")?,
                date,
                plan: std::sync::Arc::new(plan),
            });
            Ok(())
        },
    )?;
    Ok(releases)
}

/// The logo, checked as an imported one is (format, size, a full decode).
fn read_logo(conn: &Connection) -> Result<Option<Logo>, Fault> {
    let mut logo = None;
    for_each_row(conn, "logo", "SELECT rowid, * FROM logo", |fields| {
        let format = fields.key("format", "logo format", LogoFormat::from_key)?;
        let data: Vec<u8> = fields.get("data")?;
        let read = Logo::new(data).map_err(|err| fields.bad("data", err.to_string()))?;
        if read.format() != format {
            return Err(fields.bad(
                "format",
                format!(
                    "says {}, but the data is {}",
                    format.key(),
                    read.format().key()
                ),
            ));
        }
        logo = Some(read);
        Ok(())
    })?;
    Ok(logo)
}

/// The rules: the defaults with the stored ones over them. Every row is checked against
/// the model (a key we know, a value of its kind; shifts stored as a whole, each time
/// `HH:MM`), naming the bad column.
fn read_rules(conn: &Connection) -> Result<Rules, Fault> {
    let mut rules = Rules::default();
    let mut shift_count = None;
    for_each_row(conn, "rule", "SELECT rowid, * FROM rule", |fields| {
        let key = fields.text("key")?;
        let amount = fields.get::<Option<i64>>("amount")?;
        let text = fields.get::<Option<String>>("text")?;
        if key == "shifts" {
            let count = amount
                .and_then(|n| usize::try_from(n).ok())
                .filter(|_| text.is_none())
                .ok_or_else(|| fields.bad("amount", "expected the number of shifts"))?;
            shift_count = Some(count);
            return Ok(());
        }
        match rules.set_columns(&key, amount, text.as_deref()) {
            Ok(true) => Ok(()),
            Ok(false) => Err(fields.bad("key", format!("unknown rule {key:?}"))),
            Err((column, message)) => Err(fields.bad(column, format!("{key}: {message}"))),
        }
    })?;
    let mut shifts = Vec::new();
    for_each_row(
        conn,
        "rule_shift",
        "SELECT rowid, * FROM rule_shift ORDER BY position",
        |fields| {
            let time = |column: &'static str| -> Result<ClockTime, Fault> {
                let text = fields.text(column)?;
                ClockTime::parse(&text).ok_or_else(|| {
                    fields.bad(column, format!("expected a time as HH:MM, found {text:?}"))
                })
            };
            let minutes = |column: &'static str| -> Result<u32, Fault> {
                let value = fields.get::<i64>(column)?;
                u32::try_from(value)
                    .map_err(|_| fields.bad(column, format!("{value} is not 0 or more")))
            };
            shifts.push(Shift {
                name: fields.pair("name_zh", "name_en")?,
                start: time("start")?,
                end: time("end")?,
                flexible: fields.flag("flexible")?,
                meal_minutes: minutes("meal_minutes")?,
                breaks: minutes("breaks")?,
                break_minutes: minutes("break_minutes")?,
                purpose: fields.pair("purpose_zh", "purpose_en")?,
            });
            if shifts.len() > limits::MAX_SHIFTS {
                return Err(fields.bad("position", "more shifts than a shift table may hold"));
            }
            Ok(())
        },
    )?;
    match shift_count {
        Some(count) if count == shifts.len() => rules.shifts = shifts,
        None if shifts.is_empty() => {}
        _ => {
            return Err(Fault::Corrupt(format!(
                "the shift table has {} rows, the rule table says {}",
                shifts.len(),
                shift_count.map_or("none".to_owned(), |n| n.to_string()),
            )));
        }
    }
    Ok(rules)
}

/// The plan's chapter list; every row is checked against the model's shape (a kind we
/// know, an id a chapter can have, text and base together), naming the bad column.
fn read_manual(conn: &Connection) -> Result<ManualPlan, Fault> {
    let mut chapters: Vec<Chapter> = Vec::new();
    for_each_row(
        conn,
        "manual_chapter",
        "SELECT rowid, * FROM manual_chapter ORDER BY position",
        |fields| {
            let id = fields.text("id")?;
            if !crate::manual::valid_id(&id) {
                return Err(fields.bad(
                    "id",
                    format!("not a chapter id (1 to 64 a-z, 0-9, -): {id:?}"),
                ));
            }
            if chapters.iter().any(|c| c.id == id) {
                return Err(fields.bad("id", format!("a second chapter {id:?}")));
            }
            let hidden = fields.flag("hidden")?;
            let side = |markdown: &'static str, base: &'static str| -> Result<_, Fault> {
                Ok((
                    fields.get::<Option<String>>(markdown)?,
                    fields.get::<Option<String>>(base)?,
                ))
            };
            let (zh, en) = (
                side("zh_markdown", "zh_base")?,
                side("en_markdown", "en_base")?,
            );
            let kind = match fields.text("kind")?.as_str() {
                "custom" => {
                    let text = |(markdown, base): (Option<String>, Option<String>),
                                column: &'static str| {
                        match (markdown, base) {
                            (Some(markdown), None) => Ok(markdown),
                            (None, _) => Err(fields.bad(column, "a user chapter needs its text")),
                            (Some(_), Some(_)) => {
                                Err(fields.bad(column, "a user chapter has no built-in base"))
                            }
                        }
                    };
                    ChapterKind::Custom {
                        text: Text {
                            zh: text(zh, "zh_markdown")?,
                            en: text(en, "en_markdown")?,
                        },
                    }
                }
                "builtin" => {
                    let edited = |(markdown, base): (Option<String>, Option<String>),
                                  column: &'static str| {
                        match (markdown, base) {
                            (Some(markdown), Some(base)) => Ok(Some(EditedText { markdown, base })),
                            (None, None) => Ok(None),
                            _ => Err(fields.bad(column, "an edited text needs both text and base")),
                        }
                    };
                    ChapterKind::Builtin {
                        edited: EditedTexts {
                            zh: edited(zh, "zh_markdown")?,
                            en: edited(en, "en_markdown")?,
                        },
                    }
                }
                other => {
                    return Err(fields.bad("kind", format!("unknown chapter kind {other:?}")));
                }
            };
            chapters.push(Chapter { id, hidden, kind });
            Ok(())
        },
    )?;
    Ok(ManualPlan { chapters })
}

/// The staffing row with its forecast and per-interval agents, if the plan has a sizing.
fn read_staffing(conn: &Connection) -> Result<Option<Staffing>, Fault> {
    let mut staffing = None;
    for_each_row(
        conn,
        "staffing",
        "SELECT rowid, * FROM staffing",
        |fields| {
            let inputs = StaffingInputs {
                calls: fields.get("calls")?,
                forecast: Vec::new(),
                forecast_source: fields.text("forecast_source")?,
                interval_minutes: fields.get("interval_minutes")?,
                aht_secs: fields.get("aht_secs")?,
                service_level: fields.get("service_level")?,
                threshold_secs: fields.get("threshold_secs")?,
                max_occupancy: fields.get("max_occupancy")?,
                shrinkage: fields.get("shrinkage")?,
                patience_secs: fields.get("patience_secs")?,
                fte_hours_per_day: fields.get("fte_hours_per_day")?,
                ratios: crate::model::Ratios {
                    agents_per_team_leader: fields.get("agents_per_team_leader")?,
                    agents_per_qa_specialist: fields.get("agents_per_qa_specialist")?,
                    agents_per_trainer: fields.get("agents_per_trainer")?,
                    agents_per_wfm_planner: fields.get("agents_per_wfm_planner")?,
                },
                shrinkage_causes: Vec::new(),
                chat: Default::default(),
                email: Default::default(),
            };
            let result = StaffingResult {
                peak_agents: fields.get("peak_agents")?,
                peak_scheduled: fields.get("peak_scheduled")?,
                peak_interval: fields.text("peak_interval")?,
                peak_service_level: fields.get("peak_service_level")?,
                peak_occupancy: fields.get("peak_occupancy")?,
                scheduled_fte: fields.get("scheduled_fte")?,
                agents: fields.get("agents")?,
                team_leaders: fields.get("team_leaders")?,
                qa_specialists: fields.get("qa_specialists")?,
                trainers: fields.get("trainers")?,
                wfm_planners: fields.get("wfm_planners")?,
                interval_agents: Vec::new(),
                channels: Vec::new(),
            };
            staffing = Some(Staffing { inputs, result });
            Ok(())
        },
    )?;
    let Some(mut staffing) = staffing else {
        return Ok(None);
    };
    for_each_row(
        conn,
        "staffing_forecast",
        "SELECT rowid, * FROM staffing_forecast ORDER BY ord",
        |fields| {
            staffing.inputs.forecast.push(ForecastInterval {
                start: fields.text("start")?,
                calls: fields.get("calls")?,
                aht_secs: fields.get("aht_secs")?,
                channel: fields.key("channel", "channel", Channel::from_key)?,
            });
            Ok(())
        },
    )?;
    for_each_row(
        conn,
        "staffing_interval_agents",
        "SELECT rowid, * FROM staffing_interval_agents ORDER BY ord",
        |fields| {
            staffing.result.interval_agents.push(fields.get("agents")?);
            Ok(())
        },
    )?;
    for_each_row(
        conn,
        "staffing_channel_inputs",
        "SELECT rowid, * FROM staffing_channel_inputs",
        |fields| {
            staffing.inputs.chat = crate::model::ChatInputs {
                concurrency: fields.get("chat_concurrency")?,
                aht_secs: fields.get("chat_aht_secs")?,
                service_level: fields.get("chat_service_level")?,
                threshold_secs: fields.get("chat_threshold_secs")?,
            };
            staffing.inputs.email = crate::model::EmailInputs {
                aht_secs: fields.get("email_aht_secs")?,
                share: fields.get("email_share")?,
                within_hours: fields.get("email_within_hours")?,
            };
            Ok(())
        },
    )?;
    for_each_row(
        conn,
        "staffing_shrinkage",
        "SELECT rowid, * FROM staffing_shrinkage",
        |fields| {
            staffing
                .inputs
                .shrinkage_causes
                .push(crate::model::ShrinkageShare {
                    cause: fields.key("cause", "shrinkage cause", ShrinkageCause::from_key)?,
                    share: fields.get("share")?,
                });
            Ok(())
        },
    )?;
    // In the causes' own order, whatever order the file keeps them in.
    staffing.inputs.shrinkage_causes.sort_by_key(|c| c.cause);
    // In the model's channel order, whatever order the file keeps them in.
    let mut channels: Vec<ChannelResult> = Vec::new();
    for_each_row(
        conn,
        "staffing_channel",
        "SELECT rowid, * FROM staffing_channel",
        |fields| {
            channels.push(ChannelResult {
                channel: fields.key("channel", "channel", Channel::from_key)?,
                interval_agents: Vec::new(),
                peak_agents: fields.get("peak_agents")?,
                agent_hours: fields.get("agent_hours")?,
                backlog: fields.get("backlog")?,
            });
            Ok(())
        },
    )?;
    channels.sort_by_key(|c| c.channel);
    for_each_row(
        conn,
        "staffing_channel_agents",
        "SELECT rowid, * FROM staffing_channel_agents ORDER BY channel, ord",
        |fields| {
            let channel = fields.key("channel", "channel", Channel::from_key)?;
            let agents: u32 = fields.get("agents")?;
            match channels.iter_mut().find(|c| c.channel == channel) {
                Some(found) => found.interval_agents.push(agents),
                None => {
                    return Err(fields.bad(
                        "channel",
                        format!("{:?} has agents but no channel row", channel.key()),
                    ));
                }
            }
            Ok(())
        },
    )?;
    staffing.result.channels = channels;
    Ok(Some(staffing))
}

// ---------------------------------------------------------------------------------------
// Bytes

/// The label errors from [`from_bytes`] carry instead of the temp file's path.
const BYTES_LABEL: &str = "<bytes>";

/// The bytes of the document [`save`] would write for `plan`.
pub fn to_bytes(plan: &Plan) -> Result<Vec<u8>, DocumentError> {
    let label = Path::new(BYTES_LABEL);
    let directory = tempfile::tempdir().map_err(|err| io_error(label, Operation::Save, err))?;
    let path = directory.path().join("plan.centerplan");
    save(plan, &path).map_err(|err| relabel(err, label))?;
    fs::read(&path).map_err(|err| io_error(label, Operation::Save, err))
}

/// Opens a document held in memory, with exactly the checks of [`open`] (it goes through
/// a temp file). Errors name `<bytes>` as the file.
pub fn from_bytes(bytes: &[u8]) -> Result<Plan, DocumentError> {
    let label = Path::new(BYTES_LABEL);
    let mut file =
        tempfile::NamedTempFile::new().map_err(|err| io_error(label, Operation::Open, err))?;
    io::Write::write_all(&mut file, bytes).map_err(|err| io_error(label, Operation::Open, err))?;
    let path = file.into_temp_path();
    open(&path).map_err(|err| relabel(err, label))
}

fn relabel(mut err: DocumentError, label: &Path) -> DocumentError {
    *err.path_mut() = label.to_owned();
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATIONS).validate().unwrap();
    }

    /// `plan` written as a build that knew only the first `schema` migrations wrote it:
    /// the folder holding it, its path and its bytes.
    fn old_schema_file(plan: &Plan, schema: usize) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
        old_schema_file_with(plan, schema, |_| ())
    }

    /// [`old_schema_file`], with `extra` writing rows of that schema the current writer
    /// cannot (its tables have moved on).
    fn old_schema_file_with(
        plan: &Plan,
        schema: usize,
        extra: impl FnOnce(&Connection),
    ) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
        let mut conn = Connection::open_in_memory().unwrap();
        Migrations::from_slice(&MIGRATIONS[..schema])
            .to_latest(&mut conn)
            .unwrap();
        conn.pragma_update(None, "application_id", i64::from(APPLICATION_ID))
            .unwrap();
        write_plan(&conn, plan).unwrap();
        extra(&conn);
        conn.execute("INSERT INTO checksum (id, crc32) VALUES (1, 0)", [])
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.centerplan");
        File::create(&path).unwrap();
        copy_into_file(&conn, &path).unwrap();
        seal(&path).unwrap();
        let before = fs::read(&path).unwrap();
        assert_eq!(
            header_u32(&before, USER_VERSION_OFFSET),
            u32::try_from(schema).unwrap()
        );
        (dir, path, before)
    }

    /// A file written by a build that knew only schema 6 (before channels): its sizing
    /// opens as the voice-only sizing it was, chat and email at their defaults, and
    /// opening leaves its bytes alone.
    #[test]
    fn a_schema_six_sizing_opens_as_voice_only_and_unchanged() {
        let plan = crate::templates::template(crate::model::CenterType::Service, "旧方案");
        let (_dir, path, before) = old_schema_file_with(&plan, 6, |conn| {
            conn.execute_batch(
                "INSERT INTO staffing VALUES (1, NULL, 'week.csv', 30, 180.0, 0.8, 20.0, 0.85,
                     0.3, NULL, 8.0, 12, 25, 50, 100, 14, 20, '08:30', 0.89, 0.71, 1.5, 20,
                     2, 1, 1, 1);
                 INSERT INTO staffing_forecast VALUES (0, '08:00', 100.0, NULL);
                 INSERT INTO staffing_forecast VALUES (1, '08:30', 100.0, 200.0);
                 INSERT INTO staffing_interval_agents VALUES (0, 14);
                 INSERT INTO staffing_interval_agents VALUES (1, 14);",
            )
            .unwrap();
        });

        let opened = open(&path).unwrap();
        let staffing = opened.staffing.expect("the sizing is kept");
        assert_eq!(staffing.inputs.forecast.len(), 2);
        assert!(
            staffing
                .inputs
                .forecast
                .iter()
                .all(|row| row.channel == Channel::Voice)
        );
        assert_eq!(staffing.inputs.forecast[1].aht_secs, Some(200.0));
        assert_eq!(staffing.inputs.chat, crate::model::ChatInputs::default());
        assert_eq!(staffing.inputs.email, crate::model::EmailInputs::default());
        assert!(staffing.result.channels.is_empty());
        assert!(staffing.inputs.shrinkage_causes.is_empty());
        assert_eq!(staffing.result.interval_agents, [14, 14]);
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A file written by a build that knew only schema 3 (before the plan held its manual):
    /// it opens as the same plan with an untouched manual, and opening leaves its bytes
    /// alone.
    #[test]
    fn a_schema_three_file_opens_with_an_untouched_manual_and_unchanged() {
        let mut plan = crate::templates::template(crate::model::CenterType::Sales, "旧方案");
        plan.name_en = "Old plan".to_owned();
        let (_dir, path, before) = old_schema_file(&plan, 3);

        let opened = open(&path).unwrap();
        assert_eq!(opened, plan);
        assert!(opened.manual.is_untouched());
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A file written by a build that knew only schema 5 (before document control): it
    /// opens with no control record, logo or release, and opening leaves its bytes alone.
    #[test]
    fn a_schema_five_file_opens_uncontrolled_and_unchanged() {
        let mut plan = crate::templates::template(crate::model::CenterType::Hybrid, "旧方案");
        plan.rules.qa_sample = crate::rules::Count(12);
        let (_dir, path, before) = old_schema_file(&plan, 5);

        let opened = open(&path).unwrap();
        assert_eq!(opened, plan);
        assert!(opened.control.is_default() && opened.logo.is_none());
        assert!(opened.releases.is_empty());
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A file written by a build that knew only schema 4 (before the plan held the
    /// center's rules): it opens with the default rules, and opening leaves its bytes alone.
    #[test]
    fn a_schema_four_file_opens_with_default_rules_and_unchanged() {
        let plan = crate::templates::template(crate::model::CenterType::Service, "旧方案");
        let (_dir, path, before) = old_schema_file(&plan, 4);

        let opened = open(&path).unwrap();
        assert_eq!(opened, plan);
        assert!(opened.rules.is_default());
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A file written by a build that knew only schema 1 (before staffing was stored):
    /// it opens as the same plan without a sizing, and opening leaves its bytes alone.
    #[test]
    fn a_schema_one_file_opens_without_a_sizing_and_unchanged() {
        let plan = crate::templates::template(crate::model::CenterType::Hybrid, "旧方案");
        let (_dir, path, before) = old_schema_file(&plan, 1);

        let opened = open(&path).unwrap();
        assert_eq!(opened, plan);
        assert!(opened.staffing.is_none());
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// A runaway statement on a guarded connection is interrupted once the open's step
    /// budget is spent, and its temp storage stays in memory.
    #[test]
    fn the_step_budget_interrupts_a_runaway_statement() {
        let conn = Connection::open_in_memory().unwrap();
        guard(&conn).unwrap();
        let temp_store: i64 = conn
            .query_row("PRAGMA temp_store", [], |row| row.get(0))
            .unwrap();
        assert_eq!(temp_store, 2, "MEMORY");
        let _budget = StepBudget::start(0);
        let runaway = conn.query_row(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
             SELECT i FROM r ORDER BY randomblob(8) LIMIT 1",
            [],
            |row| row.get::<_, i64>(0),
        );
        let err = runaway.unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::OperationInterrupted),
            "{err}"
        );
        let detail = Fault::Sqlite(err).opening(Path::new("x")).to_string();
        assert_eq!(
            detail,
            "cannot open x: the file is damaged (reading it takes more work than a plan of its size can need)"
        );
    }

    /// Outside an open there is no budget: a guarded connection refuses to work.
    #[test]
    fn without_a_budget_nothing_runs() {
        let conn = Connection::open_in_memory().unwrap();
        guard(&conn).unwrap();
        let count = conn.query_row(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000)
             SELECT count(*) FROM r",
            [],
            |row| row.get::<_, i64>(0),
        );
        assert!(count.is_err());
    }

    /// Our own schema sits far below the limit the size check enforces.
    #[test]
    fn our_schema_is_far_below_the_schema_size_limit() {
        let schema = SCHEMAS.last().unwrap();
        let bytes: usize = schema
            .objects
            .iter()
            .map(|object| {
                [&object.kind, &object.name, &object.table, &object.sql]
                    .iter()
                    .map(|text| text.as_deref().map_or(0, str::len) + 8)
                    .sum::<usize>()
            })
            .sum();
        assert!(bytes * 4 < limits::MAX_SCHEMA_BYTES as usize, "{bytes}");
        assert_eq!(SCHEMAS.len(), MIGRATIONS.len() + 1);
    }

    #[test]
    fn application_id_spells_cpln() {
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"CPLN");
    }

    #[test]
    fn os_messages_are_lowercased() {
        assert_eq!(
            lowercase_first("Permission denied (os error 13)"),
            "permission denied (os error 13)"
        );
        assert_eq!(lowercase_first(""), "");
    }
}
