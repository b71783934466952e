//! The app's state: the open plan with its history, its file, the language, and the
//! recovery copy. Everything the commands do happens here, as plain methods, so it is
//! tested without a window (see the tests below and `tests/commands.rs`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use centerplan::document;
use centerplan::edit::{self, Applied, Edit, Editor};
use centerplan::fonts::{FontMeasure, FontSet, SimpleMeasure, TextMeasure};
use centerplan::model::{CenterType, Lang, NodeId, Staffing, StaffingInputs};
use centerplan::templates::template;
use serde::Serialize;
use ts_rs::TS;

use crate::bridge;
use crate::error::AppError;
use crate::prefs::{AppDirs, Prefs};
use crate::staffing::StaffingView;
use crate::view::{DiagnosticView, PlanView, plan_parts};

/// A recovery copy left behind by a session that did not end cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecoveryInfo {
    /// The recovery file's name inside the app's recovery directory.
    pub file: String,
    /// The document it is a copy of, if it had been saved.
    pub document: Option<String>,
    /// The plan's name.
    pub name: String,
}

/// What changing the center type would change, for the warning the UI shows before it
/// does: the diagnostics the change would raise and those it would clear. The chart,
/// matrix, job descriptions and KPIs are never touched by it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CenterTypeChange {
    pub added: Vec<DiagnosticView>,
    pub removed: Vec<DiagnosticView>,
}

/// The formats the chart exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Svg,
    Png,
    /// The chart as a workbook of the spreadsheet columns (`export-sheet`).
    Xlsx,
}

pub struct Session {
    dirs: AppDirs,
    /// The fonts charts are measured and rasterized with; none when not installed.
    fonts: Option<FontSet>,
    measure: Box<dyn TextMeasure + Send>,
    prefs: Prefs,
    editor: Option<Editor>,
    path: Option<PathBuf>,
    /// The recovery file this plan writes, so saving under a new name can drop the old one.
    recovery_file: Option<PathBuf>,
    /// The revision last written to the recovery file.
    autosaved: Option<u64>,
    select: Option<NodeId>,
    /// Files the exports of this session wrote: the only ones "open folder" may show.
    exported: HashSet<PathBuf>,
}

impl Session {
    /// A session keeping its files in `dirs`, drawing with `fonts` (the core's
    /// deterministic stand-in metrics when there are none, e.g. in tests).
    pub fn new(dirs: AppDirs, fonts: Option<FontSet>) -> Session {
        let prefs = Prefs::load(&dirs.prefs_file);
        let measure: Box<dyn TextMeasure + Send> = match fonts.as_ref().map(FontMeasure::new) {
            Some(Ok(measure)) => Box::new(measure),
            _ => Box::new(SimpleMeasure),
        };
        Session {
            dirs,
            fonts,
            measure,
            prefs,
            editor: None,
            path: None,
            recovery_file: None,
            autosaved: None,
            select: None,
            exported: HashSet::new(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    pub fn prefs(&self) -> Prefs {
        self.prefs.clone()
    }

    pub fn set_lang(&mut self, code: &str) -> Prefs {
        self.prefs.lang = crate::view::lang_of(code);
        self.prefs.store(&self.dirs.prefs_file);
        self.prefs.clone()
    }

    /// Whether the open plan has unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::is_dirty)
    }

    fn editor(&self) -> Result<&Editor, AppError> {
        self.editor.as_ref().ok_or_else(AppError::no_plan)
    }

    fn editor_mut(&mut self) -> Result<&mut Editor, AppError> {
        self.editor.as_mut().ok_or_else(AppError::no_plan)
    }

    /// The open plan as the UI draws it.
    pub fn view(&self) -> Result<PlanView, AppError> {
        let editor = self.editor()?;
        let plan = editor.plan();
        // Validated once for both the chart's and the documents' diagnostics.
        let validation = centerplan::validate::validate(plan);
        let (nodes, lines, diagnostics) = plan_parts(plan, &validation);
        let chart = bridge::layout(plan, self.lang(), self.measure.as_ref());
        Ok(PlanView {
            name: plan.name.clone(),
            name_en: plan.name_en.clone(),
            center_type: plan.center_type,
            path: self.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
            file_name: self
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            dirty: editor.is_dirty(),
            can_undo: editor.can_undo(),
            can_redo: editor.can_redo(),
            nodes,
            lines,
            diagnostics,
            chart,
            select: self.select.as_ref().map(ToString::to_string),
            docs: crate::docs::docs_view(plan, &validation),
            manual: crate::chapters::manual_view(plan, &validation),
        })
    }

    /// One chapter's text in one language for the chapter editor.
    pub fn chapter_text(
        &self,
        id: &str,
        lang: Lang,
    ) -> Result<crate::chapters::ChapterTextView, AppError> {
        crate::chapters::chapter_text(self.editor()?.plan(), id, lang)
    }

    fn start(&mut self, editor: Editor, path: Option<PathBuf>) {
        self.discard_own_recovery();
        self.recovery_file = Some(
            self.dirs
                .recovery
                .join(edit::recovery_file_name(path.as_deref())),
        );
        self.editor = Some(editor);
        self.path = path;
        self.autosaved = None;
        self.select = None;
    }

    /// A new plan from the template of `center_type` (a key such as `hybrid`).
    pub fn new_plan(&mut self, center_type: &str, name: &str) -> Result<PlanView, AppError> {
        let center_type = center_type_of(center_type)?;
        let name = if name.trim().is_empty() {
            center_type.name().get(self.lang()).to_owned()
        } else {
            name.trim().to_owned()
        };
        self.start(Editor::new(template(center_type, &name), false), None);
        self.view()
    }

    /// Opens a document. On failure the plan already open stays open, untouched.
    pub fn open(&mut self, path: &Path) -> Result<PlanView, AppError> {
        let plan = match bridge::open(path) {
            Ok(plan) => plan,
            Err(err) => {
                self.prefs.remove_recent(path);
                self.prefs.store(&self.dirs.prefs_file);
                return Err(err);
            }
        };
        self.start(Editor::new(plan, true), Some(path.to_path_buf()));
        self.remember(path);
        self.view()
    }

    fn remember(&mut self, path: &Path) {
        self.prefs.add_recent(path);
        self.prefs.store(&self.dirs.prefs_file);
    }

    /// Saves to `path`, or to the document's own path when none is given.
    pub fn save(&mut self, path: Option<&Path>) -> Result<PlanView, AppError> {
        let target = match (path, &self.path) {
            (Some(path), _) => path.to_path_buf(),
            (None, Some(path)) => path.clone(),
            (None, None) => {
                return Err(AppError::new(
                    "app.no-path",
                    "请先选择保存位置",
                    "choose where to save first",
                ));
            }
        };
        bridge::save(self.editor()?.plan(), &target)?;
        self.editor_mut()?.mark_saved();
        if self.path.as_ref() != Some(&target) {
            self.discard_own_recovery();
            self.recovery_file = Some(
                self.dirs
                    .recovery
                    .join(edit::recovery_file_name(Some(&target))),
            );
            self.path = Some(target.clone());
        }
        self.discard_own_recovery();
        self.remember(&target);
        self.view()
    }

    pub fn edit(&mut self, edit: &Edit) -> Result<PlanView, AppError> {
        match self.editor_mut()?.apply(edit)? {
            Applied::Changed { select } => self.select = select,
            Applied::Unchanged => {}
        }
        self.view()
    }

    /// Sets the plan's logo from the image file at `path` (PNG or SVG, checked), one
    /// undoable step; a file that is no logo changes nothing and says why.
    pub fn set_logo(&mut self, path: &Path) -> Result<PlanView, AppError> {
        self.editor()?;
        let logo = centerplan::control::Logo::read(path)?;
        self.edit(&Edit::SetLogo { logo: Some(logo) })
    }

    /// Imports the chart of a spreadsheet: into a new plan of the open plan's center type
    /// (hybrid when none is open), named after the file, or (`replace`) as the open plan's
    /// chart, one undoable step. A file with any bad cell changes nothing.
    pub fn import_sheet(
        &mut self,
        path: &Path,
        sheet: Option<&str>,
        map: &[(String, String)],
        replace: bool,
    ) -> Result<PlanView, AppError> {
        let chart = crate::sheets::chart(path, sheet, map)?;
        if replace {
            return self.edit(&Edit::ReplaceChart {
                chart: Box::new(chart),
            });
        }
        let center_type = self
            .editor
            .as_ref()
            .map_or(centerplan::model::CenterType::Hybrid, |e| {
                e.plan().center_type
            });
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let plan = centerplan::templates::with_chart(template(center_type, &name), chart);
        self.start(Editor::new(plan, false), None);
        self.view()
    }

    /// What the release dialog starts from.
    pub fn release_draft(&self) -> Result<crate::chapters::ReleaseDraft, AppError> {
        Ok(crate::chapters::release_draft(self.editor()?.plan()))
    }

    /// The plan's logo as a `data:` URL, for the form's picture.
    pub fn logo_url(&self) -> Result<Option<String>, AppError> {
        Ok(self.editor()?.plan().logo.as_ref().map(|l| l.data_url()))
    }

    /// What setting the center type to `center_type` (a key) would add to and clear from
    /// the diagnostics, without changing the plan.
    pub fn center_type_change(&self, center_type: &str) -> Result<CenterTypeChange, AppError> {
        let center_type = center_type_of(center_type)?;
        let before = self.editor()?.plan();
        let mut after = before.clone();
        edit::apply(&mut after, &Edit::SetCenterType { center_type })?;
        let views = |plan: &centerplan::model::Plan| {
            plan_parts(plan, &centerplan::validate::validate(plan)).2
        };
        let (old, new) = (views(before), views(&after));
        let key = |d: &DiagnosticView| (d.code.clone(), d.message.clone());
        let absent_from = |list: &[DiagnosticView], d: &DiagnosticView| {
            !list.iter().any(|other| key(other) == key(d))
        };
        Ok(CenterTypeChange {
            added: new
                .iter()
                .filter(|d| absent_from(&old, d))
                .cloned()
                .collect(),
            removed: old
                .iter()
                .filter(|d| absent_from(&new, d))
                .cloned()
                .collect(),
        })
    }

    pub fn undo(&mut self) -> Result<PlanView, AppError> {
        self.editor_mut()?.undo();
        self.sync_recovery();
        self.view()
    }

    pub fn redo(&mut self) -> Result<PlanView, AppError> {
        self.editor_mut()?.redo();
        self.sync_recovery();
        self.view()
    }

    /// After an undo or redo, brings the recovery copy in line at once rather than at the
    /// next autosave: a crash in between must not bring back edits the user took back,
    /// and undoing to the saved state leaves no copy to offer on the next start. A copy
    /// that cannot be rewritten is removed (none is better than a wrong one); the next
    /// autosave writes it again and reports why it cannot.
    fn sync_recovery(&mut self) {
        let Some(editor) = &self.editor else {
            return;
        };
        let Some(written) = self.autosaved else {
            return;
        };
        if written == editor.revision() {
            return;
        }
        if !editor.is_dirty() {
            self.discard_own_recovery();
            return;
        }
        self.autosaved = None;
        if self.autosave().is_err() {
            self.discard_own_recovery();
        }
    }

    /// Closes the plan (after the UI asked about unsaved changes) and drops its
    /// recovery copy: closing on purpose is not a crash.
    pub fn close(&mut self) {
        self.discard_own_recovery();
        self.editor = None;
        self.path = None;
        self.recovery_file = None;
    }

    /// Writes the recovery copy if the plan has unsaved changes not yet written; returns
    /// whether it wrote one.
    pub fn autosave(&mut self) -> Result<bool, AppError> {
        let Some(editor) = &self.editor else {
            return Ok(false);
        };
        if !editor.is_dirty() {
            self.discard_own_recovery();
            return Ok(false);
        }
        if self.autosaved == Some(editor.revision()) {
            return Ok(false);
        }
        let Some(file) = self.recovery_file.clone() else {
            return Ok(false);
        };
        // The core writes it all or nothing (the crash harness kills this very path), so a
        // crash mid-autosave keeps the previous copy.
        document::save_recovery(editor.plan(), self.path.as_deref(), &file).map_err(|err| {
            let cause = AppError::from(err).message;
            AppError::new(
                "app.autosave",
                format!("无法写入恢复副本（未保存的修改仍在窗口中，请尽快保存）：{}", cause.zh),
                format!(
                    "cannot write the recovery copy (the unsaved changes are still in the window: save them soon): {}",
                    cause.en
                ),
            )
        })?;
        self.autosaved = Some(editor.revision());
        Ok(true)
    }

    fn discard_own_recovery(&mut self) {
        if let Some(file) = &self.recovery_file {
            let _ = std::fs::remove_file(file);
        }
        self.autosaved = None;
    }

    /// Recovery copies left by earlier sessions, skipping the open plan's own.
    pub fn pending_recovery(&self) -> Vec<RecoveryInfo> {
        let Ok(entries) = std::fs::read_dir(&self.dirs.recovery) else {
            return Vec::new();
        };
        let mut found: Vec<RecoveryInfo> = entries
            .filter_map(Result::ok)
            .filter(|e| Some(e.path()) != self.recovery_file)
            // A write in progress (or cut short by a crash) is a dot-prefixed temp file.
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                let (plan, document) = edit::recovery_from_json(&text).ok()?;
                Some(RecoveryInfo {
                    file: e.file_name().to_string_lossy().into_owned(),
                    document: document.map(|d| d.to_string_lossy().into_owned()),
                    name: plan.name,
                })
            })
            .collect();
        found.sort_by(|a, b| a.file.cmp(&b.file));
        found
    }

    fn recovery_path(&self, file: &str) -> Result<PathBuf, AppError> {
        // Only a bare file name inside the recovery directory: the UI cannot point this
        // command at any other file.
        if file.contains(['/', '\\']) || file.starts_with('.') {
            return Err(AppError::new(
                "app.bad-recovery-name",
                "恢复副本名称无效",
                "invalid recovery copy name",
            ));
        }
        Ok(self.dirs.recovery.join(file))
    }

    /// Opens a recovery copy as an unsaved plan attached to its document, and removes it
    /// (the restored plan writes its own copy from now on).
    pub fn restore_recovery(&mut self, file: &str) -> Result<PlanView, AppError> {
        let path = self.recovery_path(file)?;
        let text = std::fs::read_to_string(&path).map_err(|err| {
            AppError::new(
                "app.recovery-unreadable",
                format!(
                    "无法读取恢复副本：{}",
                    centerplan::error::io_reason(&err, Lang::Zh)
                ),
                format!(
                    "cannot read the recovery copy: {}",
                    centerplan::error::io_reason(&err, Lang::En)
                ),
            )
        })?;
        let (plan, document) = edit::recovery_from_json(&text).map_err(|err| {
            let cause = AppError::from(err).message;
            AppError::new(
                "app.recovery-unreadable",
                format!("恢复副本已损坏，无法恢复（{}）", cause.zh),
                format!(
                    "the recovery copy is damaged and cannot be restored ({})",
                    cause.en
                ),
            )
        })?;
        let _ = std::fs::remove_file(&path);
        self.start(Editor::new(plan, false), document);
        self.view()
    }

    pub fn discard_recovery(&mut self, file: &str) -> Result<(), AppError> {
        let path = self.recovery_path(file)?;
        let _ = std::fs::remove_file(path);
        Ok(())
    }

    /// A copy of the open plan and the fonts, for work done off the session's lock
    /// (manual preview and export).
    pub fn snapshot(&self) -> Result<(centerplan::model::Plan, Option<FontSet>), AppError> {
        Ok((self.editor()?.plan().clone(), self.fonts.clone()))
    }

    /// Writes the open plan's responsibility matrix as CSV or XLSX.
    pub fn export_matrix(
        &mut self,
        path: &Path,
        format: crate::docs::MatrixFormat,
    ) -> Result<(), AppError> {
        crate::docs::export_matrix(self.editor()?.plan(), path, format, self.lang())?;
        self.record_export(path);
        Ok(())
    }

    /// Remembers a file an export wrote, so "open folder" may show it.
    pub fn record_export(&mut self, path: &Path) {
        self.exported.insert(path.to_path_buf());
    }

    /// Opens the folder of `files` in the system's file manager. Only files this session's exports wrote: the UI
    /// cannot point it anywhere else.
    pub fn reveal_exports(&self, files: &[PathBuf]) -> Result<(), AppError> {
        if let Some(stranger) = files.iter().find(|f| !self.exported.contains(*f)) {
            return Err(AppError::new(
                "app.not-exported",
                format!("{} 不是本次导出写入的文件", stranger.display()),
                format!("{} is not a file this session exported", stranger.display()),
            ));
        }
        let Some(first) = files.first() else {
            return Ok(());
        };
        let folder = first.parent().unwrap_or(first);
        open_folder(folder).map_err(|err| {
            AppError::new(
                "app.open-folder",
                format!(
                    "无法打开文件夹 {}：{}",
                    folder.display(),
                    centerplan::error::io_reason(&err, Lang::Zh)
                ),
                format!(
                    "cannot open the folder {}: {}",
                    folder.display(),
                    centerplan::error::io_reason(&err, Lang::En)
                ),
            )
        })
    }

    /// Sizes the staffing `inputs` with a headcount proposal for the open plan.
    pub fn size_staffing(&self, inputs: &StaffingInputs) -> Result<StaffingView, AppError> {
        crate::staffing::size(self.editor()?.plan(), inputs)
    }

    /// Records the sizing in the plan and applies the accepted positions' headcount, as
    /// one undoable edit.
    pub fn accept_staffing(
        &mut self,
        inputs: StaffingInputs,
        accepted: &[String],
    ) -> Result<PlanView, AppError> {
        let edit = crate::staffing::accept(self.editor()?.plan(), inputs, accepted)?;
        self.edit(&edit)
    }

    /// The sizing the open plan holds, to fill the panel with.
    pub fn plan_staffing(&self) -> Result<Option<Staffing>, AppError> {
        Ok(self.editor()?.plan().staffing.clone())
    }

    /// Writes the chart of the open plan as SVG, PNG or XLSX.
    pub fn export_chart(&mut self, path: &Path, format: ExportFormat) -> Result<(), AppError> {
        let plan = self.editor()?.plan();
        let measure = self.measure.as_ref();
        let bytes = match format {
            ExportFormat::Svg => {
                bridge::svg(plan, self.lang(), measure, self.fonts.as_ref()).into_bytes()
            }
            ExportFormat::Png => {
                let fonts = self.fonts.as_ref().ok_or_else(|| {
                    AppError::new(
                        "export.no-font",
                        "找不到 Noto Sans CJK 字体，无法生成 PNG（请安装 fonts-noto-cjk）",
                        "no Noto Sans CJK font to render the PNG with (install fonts-noto-cjk)",
                    )
                })?;
                bridge::png(plan, self.lang(), measure, fonts)?
            }
            ExportFormat::Xlsx => centerplan::sheet::chart_to_xlsx(&plan.chart, self.lang())?,
        };
        crate::docs::write_atomically(path, &bytes)?;
        self.record_export(path);
        Ok(())
    }
}

/// Opens `folder` in the desktop's file manager: the platform's own opener (xdg-open on
/// Linux, as the desktop entry spec has it), started and reaped in the background so the
/// app never waits on it. A plain process rather than Tauri's opener plugin, whose D-Bus
/// stack (zbus and about 40 crates) would lengthen every cold build for one button.
fn open_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let program = "explorer";
    #[cfg(target_os = "macos")]
    let program = "open";
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let program = "xdg-open";
    let mut child = std::process::Command::new(program)
        .arg(folder)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The center type a UI key names (`hybrid`, …).
fn center_type_of(key: &str) -> Result<CenterType, AppError> {
    CenterType::from_key(key).ok_or_else(|| {
        AppError::new(
            "app.unknown-center-type",
            format!("未知的中心类型 {key}"),
            format!("unknown center type {key}"),
        )
    })
}
