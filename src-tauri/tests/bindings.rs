//! The TypeScript types under `ui/src/bindings/` are generated from the Rust types that
//! cross to the UI. This test regenerates them and fails when the committed files differ;
//! `UPDATE_BINDINGS=1 cargo test -p centerplan-app --test tests bindings` rewrites them.

use std::path::{Path, PathBuf};

use centerplan::edit::Edit;
use centerplan::model::Staffing;
use centerplan_app::docs::{EditionKey, MatrixFormat, PreviewView};
use centerplan_app::error::AppError;
use centerplan_app::prefs::Prefs;
use centerplan_app::session::{CenterTypeChange, ExportFormat, RecoveryInfo};
use centerplan_app::staffing::{ForecastView, StaffingView};
use centerplan_app::view::{CenterTypeInfo, FunctionInfo, PlanView};
use ts_rs::TS;

fn generate(dir: &Path) {
    Edit::export_all_to(dir).unwrap();
    AppError::export_all_to(dir).unwrap();
    Prefs::export_all_to(dir).unwrap();
    ExportFormat::export_all_to(dir).unwrap();
    RecoveryInfo::export_all_to(dir).unwrap();
    CenterTypeChange::export_all_to(dir).unwrap();
    CenterTypeInfo::export_all_to(dir).unwrap();
    FunctionInfo::export_all_to(dir).unwrap();
    PlanView::export_all_to(dir).unwrap();
    EditionKey::export_all_to(dir).unwrap();
    MatrixFormat::export_all_to(dir).unwrap();
    PreviewView::export_all_to(dir).unwrap();
    ForecastView::export_all_to(dir).unwrap();
    StaffingView::export_all_to(dir).unwrap();
    Staffing::export_all_to(dir).unwrap();
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn bindings_are_up_to_date() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for (name, _) in files(&committed) {
            std::fs::remove_file(committed.join(name)).unwrap();
        }
        generate(&committed);
        return;
    }
    assert_eq!(
        files(&committed),
        files(fresh.path()),
        "ui/src/bindings is stale: run UPDATE_BINDINGS=1 cargo test -p centerplan-app --test tests bindings"
    );
}
