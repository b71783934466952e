//! The Centerplan desktop app: a Tauri shell around the `centerplan` core.
//!
//! [`session::Session`] holds the open plan and does everything the UI asks; the
//! [`commands`] are one-line adapters over it; [`view`] is what crosses to the UI.
//! The window may not close with unsaved changes: the close request is turned into an
//! event the UI answers with its save / discard / cancel prompt.

pub mod about;
pub mod bridge;
pub mod chapters;
pub mod commands;
pub mod docs;
pub mod error;
pub mod fonts;
pub mod launch;
pub mod prefs;
pub mod session;
pub mod sheets;
pub mod staffing;
pub mod view;

use std::sync::Mutex;

use tauri::{Emitter, Manager};

use crate::prefs::AppDirs;
use crate::session::Session;

/// `base` with every command and the close guard, shared by `run` and the tests (which
/// pass Tauri's mock builder).
pub fn with_commands<R: tauri::Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base.manage(commands::PreviewState::default())
        .manage(launch::LaunchQueue::default())
        .invoke_handler(tauri::generate_handler![
            commands::center_types,
            commands::functions,
            commands::prefs,
            commands::set_lang,
            commands::new_plan,
            commands::open_plan,
            commands::save_plan,
            commands::current_plan,
            commands::edit,
            commands::undo,
            commands::redo,
            commands::close_plan,
            commands::autosave,
            commands::pending_recovery,
            commands::restore_recovery,
            commands::discard_recovery,
            commands::export_chart,
            commands::export_chart_pdf,
            commands::export_matrix,
            commands::preview_manual,
            commands::export_manual,
            commands::chapter_text,
            commands::preview_chapter,
            commands::rules_spec,
            commands::set_logo,
            commands::logo_url,
            commands::release_draft,
            commands::preview_sheet,
            commands::import_sheet,
            commands::reveal_exports,
            commands::center_type_change,
            commands::debug_build,
            commands::load_forecast,
            commands::size_staffing,
            commands::accept_staffing,
            commands::plan_staffing,
            commands::launch_files,
            commands::about,
            commands::first_frame,
            commands::quit,
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<commands::SessionState>();
                let dirty = commands::lock(&state).is_dirty();
                if dirty {
                    api.prevent_close();
                    let _ = window.emit("close-requested", ());
                }
            }
        })
}

/// Where the app keeps its files: `$CENTERPLAN_APP_DIR` when set (tests run the app
/// against a fresh directory), else the platform's app data directory.
fn app_dirs(app: &tauri::App) -> AppDirs {
    let root = std::env::var_os("CENTERPLAN_APP_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| app.path().app_data_dir().ok())
        .unwrap_or_else(std::env::temp_dir);
    AppDirs::under(&root)
}

/// The app: a second launch hands its files to the running instance and exits (the
/// single-instance plugin goes first so it does so before anything else starts), the first
/// queues the files of its own command line for the UI.
pub fn run() {
    let app_dir = std::env::var_os("CENTERPLAN_APP_DIR");
    let context = tauri::generate_context!();
    let instance = launch::instance_id(&context.config().identifier, app_dir.as_deref());
    with_commands(tauri::Builder::default())
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance)
                .callback(|app, args, cwd| {
                    let files = launch::files_in_args(&args, std::path::Path::new(&cwd));
                    app.state::<launch::LaunchQueue>().push(files);
                    let _ = app.emit(launch::OPEN_FILE_EVENT, ());
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let session = Session::new(app_dirs(app), fonts::find_fonts());
            app.manage(Mutex::new(session));
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            app.state::<launch::LaunchQueue>()
                .push(launch::files_in_args(&args, &cwd));
            Ok(())
        })
        .run(context)
        .expect("the app could not start its window");
}
