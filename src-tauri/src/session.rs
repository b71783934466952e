//! The app's state: the open plan with its history, its file, the language, and the
//! recovery copy. Everything the commands do happens here, as plain methods, so it is
//! tested without a window (see the tests below and `tests/commands.rs`).

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
use crate::view::{PlanView, link_routes_to_lines, plan_parts};

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

/// The formats the chart exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Svg,
    Png,
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
        }
    }

    pub fn lang(&self) -> Lang {
        crate::view::lang_of(&self.prefs.lang)
    }

    pub fn prefs(&self) -> Prefs {
        self.prefs.clone()
    }

    pub fn set_lang(&mut self, code: &str) -> Prefs {
        self.prefs.lang = self.lang_code(crate::view::lang_of(code));
        self.prefs.store(&self.dirs.prefs_file);
        self.prefs.clone()
    }

    fn lang_code(&self, lang: Lang) -> String {
        lang.code().to_owned()
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
        let mut chart = bridge::layout(plan, self.lang(), self.measure.as_ref());
        link_routes_to_lines(&mut chart.routes, &lines);
        Ok(PlanView {
            name: plan.name.clone(),
            center_type: plan.center_type.key().to_owned(),
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
        })
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
        let center_type = CenterType::from_key(center_type).ok_or_else(|| {
            AppError::new(
                "app.unknown-center-type",
                format!("未知的中心类型 {center_type}"),
                format!("unknown center type {center_type}"),
            )
        })?;
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

    pub fn undo(&mut self) -> Result<PlanView, AppError> {
        self.editor_mut()?.undo();
        self.view()
    }

    pub fn redo(&mut self) -> Result<PlanView, AppError> {
        self.editor_mut()?.redo();
        self.view()
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
            AppError::new(
                "app.autosave",
                format!("无法写入恢复副本 {}：{err}", file.display()),
                format!("cannot write the recovery copy {}: {err}", file.display()),
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
                format!("无法读取恢复副本：{err}"),
                format!("cannot read the recovery copy: {err}"),
            )
        })?;
        let (plan, document) = edit::recovery_from_json(&text).map_err(|err| {
            AppError::new(
                "app.recovery-unreadable",
                "恢复副本已损坏",
                format!("the recovery copy is damaged: {err}"),
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
        &self,
        path: &Path,
        format: crate::docs::MatrixFormat,
    ) -> Result<(), AppError> {
        crate::docs::export_matrix(self.editor()?.plan(), path, format, self.lang())
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

    /// Writes the chart of the open plan as SVG or PNG.
    pub fn export_chart(&self, path: &Path, format: ExportFormat) -> Result<(), AppError> {
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
        };
        std::fs::write(path, bytes).map_err(|err| {
            AppError::new(
                "export.write",
                format!("无法写入 {}：{err}", path.display()),
                format!("cannot write {}: {err}", path.display()),
            )
        })
    }
}
