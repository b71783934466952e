//! The commands the UI invokes: each one locks the session and calls one method.
//!
//! They live in their own module because `#[tauri::command]` functions at the top of
//! `lib.rs` clash with the macro's generated names (E0255).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use centerplan::edit::Edit;
use tauri::State;

use centerplan::fonts::FontSet;
use centerplan::manual::Edition;
use centerplan::model::{Lang, Plan};

use crate::chapters::{self, ChapterPageRequest, ChapterPreview, ChapterTextView, RulesSpecView};
use crate::docs::{self, ManualFormat, MatrixFormat, PreviewCache, PreviewView};
use crate::error::AppError;
use crate::prefs::Prefs;
use crate::session::{CenterTypeChange, ExportFormat, RecoveryInfo, Session};
use crate::staffing::{ForecastView, StaffingInputsView, StaffingRecordView, StaffingView};
use crate::view::{CenterTypeInfo, FunctionInfo, PlanView, lang_of};

pub type SessionState = Mutex<Session>;

/// The preview's last manual layout, shared with the blocking thread that typesets.
pub type PreviewState = Arc<Mutex<PreviewCache>>;

/// Locks a piece of the app's state even after a panic: a command that panics leaves the
/// session as it was before it, and a typesetting panic leaves no preview layout behind
/// (see `PreviewCache::page`).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[tauri::command]
pub fn center_types() -> Vec<CenterTypeInfo> {
    CenterTypeInfo::all()
}

/// Every function with its names, for the inspector's picker.
#[tauri::command]
pub fn functions() -> Vec<FunctionInfo> {
    FunctionInfo::all()
}

#[tauri::command]
pub fn prefs(state: State<'_, SessionState>) -> Prefs {
    lock(&state).prefs()
}

#[tauri::command]
pub fn set_lang(state: State<'_, SessionState>, lang: String) -> Prefs {
    lock(&state).set_lang(&lang)
}

#[tauri::command]
pub fn new_plan(
    state: State<'_, SessionState>,
    center_type: String,
    name: String,
) -> Result<PlanView, AppError> {
    lock(&state).new_plan(&center_type, &name)
}

#[tauri::command]
pub fn open_plan(state: State<'_, SessionState>, path: PathBuf) -> Result<PlanView, AppError> {
    lock(&state).open(&path)
}

#[tauri::command]
pub fn save_plan(
    state: State<'_, SessionState>,
    path: Option<PathBuf>,
) -> Result<PlanView, AppError> {
    lock(&state).save(path.as_deref())
}

#[tauri::command]
pub fn current_plan(state: State<'_, SessionState>) -> Result<PlanView, AppError> {
    lock(&state).view()
}

#[tauri::command]
pub fn edit(state: State<'_, SessionState>, edit: Edit) -> Result<PlanView, AppError> {
    lock(&state).edit(&edit)
}

/// Sets the logo from an image file the user picked.
#[tauri::command]
pub fn set_logo(state: State<'_, SessionState>, path: PathBuf) -> Result<PlanView, AppError> {
    lock(&state).set_logo(&path)
}

/// The release dialog's suggested version and summary, with the changes since the last
/// release.
#[tauri::command]
pub fn release_draft(
    state: State<'_, SessionState>,
) -> Result<crate::chapters::ReleaseDraft, AppError> {
    lock(&state).release_draft()
}

/// What importing a spreadsheet would do: its sheets, the columns found, the first rows
/// and every bad cell.
#[tauri::command]
pub fn preview_sheet(
    path: PathBuf,
    sheet: Option<String>,
    map: Vec<(String, String)>,
) -> Result<crate::sheets::SheetPreview, AppError> {
    crate::sheets::preview(&path, sheet.as_deref(), &map)
}

/// Imports a spreadsheet's chart into a new plan, or as the open plan's chart (`replace`).
#[tauri::command]
pub fn import_sheet(
    state: State<'_, SessionState>,
    path: PathBuf,
    sheet: Option<String>,
    map: Vec<(String, String)>,
    replace: bool,
) -> Result<PlanView, AppError> {
    lock(&state).import_sheet(&path, sheet.as_deref(), &map, replace)
}

/// The logo as a `data:` URL, or none.
#[tauri::command]
pub fn logo_url(state: State<'_, SessionState>) -> Result<Option<String>, AppError> {
    lock(&state).logo_url()
}

#[tauri::command]
pub fn undo(state: State<'_, SessionState>) -> Result<PlanView, AppError> {
    lock(&state).undo()
}

#[tauri::command]
pub fn redo(state: State<'_, SessionState>) -> Result<PlanView, AppError> {
    lock(&state).redo()
}

#[tauri::command]
pub fn close_plan(state: State<'_, SessionState>) {
    lock(&state).close()
}

#[tauri::command]
pub fn autosave(state: State<'_, SessionState>) -> Result<bool, AppError> {
    lock(&state).autosave()
}

#[tauri::command]
pub fn pending_recovery(state: State<'_, SessionState>) -> Vec<RecoveryInfo> {
    lock(&state).pending_recovery()
}

#[tauri::command]
pub fn restore_recovery(
    state: State<'_, SessionState>,
    file: String,
) -> Result<PlanView, AppError> {
    lock(&state).restore_recovery(&file)
}

#[tauri::command]
pub fn discard_recovery(state: State<'_, SessionState>, file: String) -> Result<(), AppError> {
    lock(&state).discard_recovery(&file)
}

#[tauri::command]
pub fn export_chart(
    state: State<'_, SessionState>,
    path: PathBuf,
    format: ExportFormat,
) -> Result<(), AppError> {
    lock(&state).export_chart(&path, format)
}

#[tauri::command]
pub fn export_matrix(
    state: State<'_, SessionState>,
    path: PathBuf,
    format: MatrixFormat,
) -> Result<(), AppError> {
    lock(&state).export_matrix(&path, format)
}

/// Runs slow manual work on a copy of the plan on a blocking thread, so neither the
/// session lock nor the UI waits for the typesetter.
async fn off_thread<T: Send + 'static>(
    state: State<'_, SessionState>,
    work: impl FnOnce(Plan, Option<FontSet>) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let (plan, fonts) = lock(&state).snapshot()?;
    tauri::async_runtime::spawn_blocking(move || work(plan, fonts))
        .await
        .map_err(|_| {
            AppError::new(
                "app.internal",
                "后台任务意外中止（这是 Centerplan 的缺陷，请报告）",
                "the background task stopped unexpectedly (a defect of Centerplan: please report it)",
            )
        })?
}

/// One page of the manual, as SVG, for the preview.
#[tauri::command]
pub async fn preview_manual(
    state: State<'_, SessionState>,
    preview: State<'_, PreviewState>,
    edition: Edition,
    lang: String,
    page: u32,
) -> Result<PreviewView, AppError> {
    let (lang, cache) = (lang_of(&lang), Arc::clone(&*preview));
    off_thread(state, move |plan, fonts| {
        lock(&cache).page(plan, edition, lang, page, fonts.as_ref())
    })
    .await
}

/// Writes the manual as PDF or Word.
#[tauri::command]
pub async fn export_manual(
    state: State<'_, SessionState>,
    path: PathBuf,
    edition: Edition,
    lang: String,
    format: ManualFormat,
) -> Result<(), AppError> {
    let lang = lang_of(&lang);
    let written = path.clone();
    off_thread(state.clone(), move |plan, fonts| {
        docs::export_manual(&plan, &path, edition, lang, format, fonts.as_ref())
    })
    .await?;
    lock(&state).record_export(&written);
    Ok(())
}

/// Prints the chart as a PDF of `paper` pages, off the UI thread like the manual.
#[tauri::command]
pub async fn export_chart_pdf(
    state: State<'_, SessionState>,
    path: PathBuf,
    paper: centerplan::manual::Paper,
    landscape: bool,
) -> Result<(), AppError> {
    let lang = lock(&state).lang();
    let written = path.clone();
    off_thread(state.clone(), move |plan, fonts| {
        docs::export_chart_pdf(&plan, &path, lang, paper, landscape, fonts.as_ref())
    })
    .await?;
    lock(&state).record_export(&written);
    Ok(())
}

/// One chapter's text in one language, for the chapter editor.
#[tauri::command]
pub fn chapter_text(
    state: State<'_, SessionState>,
    id: String,
    lang: Lang,
) -> Result<ChapterTextView, AppError> {
    lock(&state).chapter_text(&id, lang)
}

/// The page of the manual where the chapter being edited is printed, with the text being
/// typed in it, for the preview beside the editor.
#[tauri::command]
pub async fn preview_chapter(
    state: State<'_, SessionState>,
    preview: State<'_, PreviewState>,
    request: ChapterPageRequest,
) -> Result<ChapterPreview, AppError> {
    let cache = Arc::clone(&*preview);
    off_thread(state, move |plan, fonts| {
        chapters::chapter_page(&mut lock(&cache), plan, &request, fonts.as_ref())
    })
    .await
}

/// The center's rules as the form lays them out.
#[tauri::command]
pub fn rules_spec() -> RulesSpecView {
    chapters::rules_spec()
}

/// Shows exported files in the system's file manager ("open folder").
#[tauri::command]
pub fn reveal_exports(state: State<'_, SessionState>, files: Vec<PathBuf>) -> Result<(), AppError> {
    lock(&state).reveal_exports(&files)
}

/// What changing the center type would add to and clear from the diagnostics.
#[tauri::command]
pub fn center_type_change(
    state: State<'_, SessionState>,
    center_type: String,
) -> Result<CenterTypeChange, AppError> {
    lock(&state).center_type_change(&center_type)
}

/// Whether this is a debug build: the webview keeps its context menu (Reload, Inspect)
/// for developers only.
#[tauri::command]
pub fn debug_build() -> bool {
    cfg!(debug_assertions)
}

/// The files the app was asked to open (command line, a second launch) and has not yet.
#[tauri::command]
pub fn launch_files(queue: State<'_, crate::launch::LaunchQueue>) -> Vec<PathBuf> {
    queue.take()
}

#[tauri::command]
pub fn about() -> crate::about::AboutView {
    crate::about::about()
}

#[tauri::command]
pub fn load_forecast(path: PathBuf) -> Result<ForecastView, AppError> {
    crate::staffing::load_forecast(&path)
}

#[tauri::command]
pub fn size_staffing(
    state: State<'_, SessionState>,
    inputs: StaffingInputsView,
) -> Result<StaffingView, AppError> {
    lock(&state).size_staffing(&inputs.into())
}

#[tauri::command]
pub fn accept_staffing(
    state: State<'_, SessionState>,
    inputs: StaffingInputsView,
    accepted: Vec<String>,
) -> Result<PlanView, AppError> {
    lock(&state).accept_staffing(inputs.into(), &accepted)
}

#[tauri::command]
pub fn plan_staffing(
    state: State<'_, SessionState>,
) -> Result<Option<StaffingRecordView>, AppError> {
    Ok(lock(&state).plan_staffing()?.map(Into::into))
}

/// The UI has painted its first screen. With `$CENTERPLAN_STARTUP_REPORT` set (`make perf`
/// times the start with it), prints the wall-clock time of that frame as
/// `first-frame-epoch-ms N` for the script that launched the app to subtract its own start
/// time from; with the value `exit`, then quits. Without it, nothing.
#[tauri::command]
pub fn first_frame<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    let Some(mode) = std::env::var_os("CENTERPLAN_STARTUP_REPORT") else {
        return;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    println!("first-frame-epoch-ms {}", now.as_millis());
    if mode == "exit" {
        app.exit(0);
    }
}

/// Closes the window for good, after the UI has dealt with unsaved changes.
#[tauri::command]
pub fn quit<R: tauri::Runtime>(state: State<'_, SessionState>, app: tauri::AppHandle<R>) {
    lock(&state).close();
    app.exit(0);
}
