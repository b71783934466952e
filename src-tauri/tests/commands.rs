//! The commands as the UI calls them, through Tauri's mock runtime: IPC requests in,
//! JSON out, with no window and no webview.

use std::path::Path;
use std::sync::Mutex;

use centerplan_app::prefs::AppDirs;
use centerplan_app::session::Session;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
}

impl Harness {
    fn new(dir: &Path) -> Harness {
        Harness::with_fonts(dir, None)
    }

    fn with_fonts(dir: &Path, fonts: Option<centerplan::fonts::FontSet>) -> Harness {
        let dirs = AppDirs::under(dir);
        let app = centerplan_app::with_commands(mock_builder())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        app.manage(Mutex::new(Session::new(dirs, fonts)));
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window builds");
        Harness { _app: app, webview }
    }

    /// Invokes `cmd` as the UI would; the error side is the serialized `AppError`.
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.to_owned(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // On Linux the app's own origin is tauri://localhost; http://tauri.localhost
            // counts as remote and is refused.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_owned(),
        };
        get_ipc_response(&self.webview, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, body)
            .unwrap_or_else(|err| panic!("{cmd} failed: {err}"))
    }

    fn err_code(&self, cmd: &str, body: Value) -> String {
        match self.call(cmd, body) {
            Ok(value) => panic!("{cmd} succeeded: {value}"),
            Err(err) => err["code"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

fn node<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn id_with_function(plan: &Value, function: &str) -> String {
    plan["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["function"] == function)
        .unwrap_or_else(|| panic!("no node with function {function}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_plan_is_created_edited_saved_and_reopened_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let types = app.ok("center_types", json!({}));
    assert_eq!(types.as_array().unwrap().len(), 4);

    let plan = app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "华北中心"}),
    );
    assert_eq!(plan["dirty"], true);
    assert_eq!(plan["name"], "华北中心");
    assert!(
        plan["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "bypass")
    );
    let ops = id_with_function(&plan, "operations");
    let gm = id_with_function(&plan, "general-manager");

    let renamed = app.ok(
        "edit",
        json!({"edit": {"op": "rename", "id": ops, "name": {"zh": "运营中心", "en": "Operations center"}}}),
    );
    assert_eq!(node(&renamed, &ops)["name"]["zh"], "运营中心");
    assert_eq!(renamed["canUndo"], true);

    // A move that would make a cycle is refused with the core's code.
    assert_eq!(
        app.err_code(
            "edit",
            json!({"edit": {"op": "move", "id": gm, "newParent": ops}})
        ),
        "edit.cycle"
    );

    let undone = app.ok("undo", json!({}));
    assert_eq!(
        node(&undone, &ops)["name"]["zh"],
        node(&plan, &ops)["name"]["zh"]
    );
    app.ok("redo", json!({}));

    let file = dir.path().join("north.centerplan");
    let saved = app.ok("save_plan", json!({"path": file}));
    assert_eq!(saved["dirty"], false);
    assert_eq!(saved["fileName"], "north.centerplan");

    app.ok("close_plan", json!({}));
    let reopened = app.ok("open_plan", json!({"path": file}));
    assert_eq!(node(&reopened, &ops)["name"]["zh"], "运营中心");
    assert_eq!(reopened["dirty"], false);
    let prefs = app.ok("prefs", json!({}));
    assert_eq!(prefs["recent"][0]["name"], "north.centerplan");
}

#[test]
fn a_bad_file_is_an_error_with_a_code_and_the_open_plan_survives() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok(
        "new_plan",
        json!({"centerType": "sales", "name": "销售中心"}),
    );
    let bad = dir.path().join("bad.centerplan");
    std::fs::write(&bad, "this is not a plan").unwrap();
    let code = app.err_code("open_plan", json!({"path": bad}));
    assert!(code.starts_with("document."), "{code}");
    let err = app.call("open_plan", json!({"path": bad})).unwrap_err();
    assert!(!err["message"]["zh"].as_str().unwrap().is_empty());
    assert!(
        err["message"]["en"]
            .as_str()
            .unwrap()
            .contains("bad.centerplan")
    );
    let current = app.ok("current_plan", json!({}));
    assert_eq!(current["name"], "销售中心");
    assert_eq!(
        app.err_code(
            "open_plan",
            json!({"path": dir.path().join("missing.centerplan")})
        ),
        "document.not-found"
    );
}

#[test]
fn an_unsaved_plan_leaves_a_recovery_copy_that_a_new_session_offers_back() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("app");
    {
        let app = Harness::new(&app_dir);
        let plan = app.ok(
            "new_plan",
            json!({"centerType": "service", "name": "服务中心"}),
        );
        let root = plan["nodes"][0]["id"].as_str().unwrap().to_owned();
        app.ok(
            "edit",
            json!({"edit": {"op": "set-headcount", "id": root, "planned": 3, "filled": 2}}),
        );
        assert_eq!(app.ok("autosave", json!({})), true);
        // Nothing new to write.
        assert_eq!(app.ok("autosave", json!({})), false);
        // The session ends without closing the plan: a crash.
    }
    let app = Harness::new(&app_dir);
    let pending = app.ok("pending_recovery", json!({}));
    assert_eq!(pending[0]["name"], "服务中心");
    let file = pending[0]["file"].as_str().unwrap().to_owned();
    assert_eq!(
        app.err_code("restore_recovery", json!({"file": "../prefs.json"})),
        "app.bad-recovery-name"
    );
    let restored = app.ok("restore_recovery", json!({"file": file}));
    assert_eq!(restored["dirty"], true);
    assert_eq!(restored["nodes"][0]["planned"], 3);
    // Closing on purpose drops the copy.
    app.ok("close_plan", json!({}));
    assert_eq!(app.ok("pending_recovery", json!({})), json!([]));
}

/// A saved plan, edited until its recovery copy is written: the harness, the plan's view
/// and the id of its root.
fn saved_plan_with_a_recovery_copy(app_dir: &Path, document: &Path) -> (Harness, String) {
    let app = Harness::new(app_dir);
    let plan = app.ok(
        "new_plan",
        json!({"centerType": "service", "name": "服务中心"}),
    );
    let root = plan["nodes"][0]["id"].as_str().unwrap().to_owned();
    app.ok("save_plan", json!({"path": document}));
    app.ok(
        "edit",
        json!({"edit": {"op": "set-headcount", "id": root, "planned": 3, "filled": 2}}),
    );
    assert_eq!(app.ok("autosave", json!({})), true);
    assert_eq!(app.ok("pending_recovery", json!({})), json!([]), "its own");
    (app, root)
}

/// Undoing back to the saved state and closing left the recovery copy behind, so the next
/// start offered to restore a plan that had nothing unsaved.
#[test]
fn undoing_back_to_the_saved_state_leaves_no_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("app");
    {
        let (app, _) = saved_plan_with_a_recovery_copy(&app_dir, &dir.path().join("a.centerplan"));
        let undone = app.ok("undo", json!({}));
        assert_eq!(undone["dirty"], false);
        // The window closes with nothing unsaved: no prompt, no `close_plan` either.
    }
    let app = Harness::new(&app_dir);
    assert_eq!(app.ok("pending_recovery", json!({})), json!([]));
}

/// An undo after the last autosave, then a crash: the copy held the edit undone.
#[test]
fn a_recovery_copy_never_brings_back_undone_edits() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("app");
    {
        let (app, root) =
            saved_plan_with_a_recovery_copy(&app_dir, &dir.path().join("a.centerplan"));
        app.ok(
            "edit",
            json!({"edit": {"op": "set-headcount", "id": root, "planned": 9, "filled": 2}}),
        );
        assert_eq!(app.ok("autosave", json!({})), true);
        assert_eq!(app.ok("undo", json!({}))["dirty"], true);
        // A crash before the next autosave.
    }
    let app = Harness::new(&app_dir);
    let pending = app.ok("pending_recovery", json!({}));
    let file = pending[0]["file"].as_str().unwrap().to_owned();
    let restored = app.ok("restore_recovery", json!({"file": file}));
    assert_eq!(restored["nodes"][0]["planned"], 3, "the undone 9 came back");
}

#[test]
fn the_center_is_renamed_in_english_and_retyped_after_a_warning_of_what_changes() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let plan = app.ok(
        "new_plan",
        json!({"centerType": "service", "name": "华东服务中心"}),
    );
    assert_eq!(plan["nameEn"], "");
    let renamed = app.ok(
        "edit",
        json!({"edit": {"op": "rename-plan-en", "name": "East China Service Center"}}),
    );
    assert_eq!(renamed["nameEn"], "East China Service Center");
    assert_eq!(renamed["name"], "华东服务中心");

    // The warning lists what the change raises: a service chart has no oversight VP, which
    // a hybrid center's design expects. Nothing changes yet.
    let change = app.ok("center_type_change", json!({"centerType": "hybrid"}));
    let added: Vec<&str> = change["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        added.contains(&"chart.hybrid-oversight-vp-missing"),
        "{added:?}"
    );
    assert_eq!(app.ok("current_plan", json!({}))["centerType"], "service");
    assert_eq!(
        app.err_code("center_type_change", json!({"centerType": "mall"})),
        "app.unknown-center-type"
    );

    let retyped = app.ok(
        "edit",
        json!({"edit": {"op": "set-center-type", "centerType": "hybrid"}}),
    );
    assert_eq!(retyped["centerType"], "hybrid");
    assert_eq!(retyped["nodes"], renamed["nodes"], "the chart is untouched");
    assert!(
        retyped["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "chart.hybrid-oversight-vp-missing")
    );
    let undone = app.ok("undo", json!({}));
    assert_eq!(undone["centerType"], "service");
    assert_eq!(undone["nameEn"], "East China Service Center");

    // Both survive a save and an open.
    let path = dir.path().join("east.centerplan");
    app.ok("redo", json!({}));
    app.ok("save_plan", json!({"path": path}));
    let reopened = app.ok("open_plan", json!({"path": path}));
    assert_eq!(reopened["nameEn"], "East China Service Center");
    assert_eq!(reopened["centerType"], "hybrid");
}

/// "Open folder" shows only what this session's exports wrote.
#[test]
fn open_folder_refuses_a_file_no_export_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok(
        "new_plan",
        json!({"centerType": "service", "name": "服务中心"}),
    );
    let svg = dir.path().join("chart.svg");
    assert_eq!(
        app.err_code("reveal_exports", json!({"files": [svg]})),
        "app.not-exported"
    );
    assert_eq!(app.ok("reveal_exports", json!({"files": []})), json!(null));
}

#[test]
fn the_language_is_remembered_across_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("app");
    assert_eq!(Harness::new(&app_dir).ok("prefs", json!({}))["lang"], "zh");
    Harness::new(&app_dir).ok("set_lang", json!({"lang": "en"}));
    assert_eq!(Harness::new(&app_dir).ok("prefs", json!({}))["lang"], "en");
}

#[test]
fn the_chart_exports_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "华北中心"}),
    );
    let svg = dir.path().join("chart.svg");
    app.ok("export_chart", json!({"path": svg, "format": "svg"}));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("<svg") && text.contains("class=\"bypass\""),
        "{text:.200}"
    );
    // The harness has no fonts: PNG export says which font is missing.
    let png = dir.path().join("chart.png");
    assert_eq!(
        app.err_code("export_chart", json!({"path": png, "format": "png"})),
        "export.no-font"
    );
}

#[test]
fn with_the_product_font_the_chart_exports_as_png() {
    let fonts = centerplan_app::fonts::find_fonts()
        .expect("Noto Sans CJK SC is installed by `make setup` (fonts-noto-cjk)");
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::new(AppDirs::under(dir.path()), Some(fonts));
    session.new_plan("service", "").unwrap();
    let png = dir.path().join("chart.png");
    session
        .export_chart(&png, centerplan_app::session::ExportFormat::Png)
        .unwrap();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

fn matrix_row<'a>(plan: &'a Value, role: &str) -> &'a Value {
    plan["docs"]["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == role)
        .unwrap_or_else(|| panic!("no matrix row {role}"))
}

fn intake_lead(plan: &Value) -> Vec<String> {
    plan["docs"]["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["cells"][0]["lead"] == true)
        .map(|r| r["role"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn matrix_edits_go_through_the_editor_and_show_their_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let plan = app.ok("new_plan", json!({"centerType": "hybrid", "name": "矩阵"}));
    let rows = plan["docs"]["matrix"].as_array().unwrap();
    assert_eq!(rows.len(), 7, "the hybrid template's seven roles");
    assert!(
        rows.iter()
            .all(|r| r["cells"].as_array().unwrap().len() == 4)
    );
    assert!(
        plan["docs"]["matrixDiagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let lead = intake_lead(&plan);
    assert_eq!(lead.len(), 1);
    let other = rows
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .find(|r| *r != lead[0])
        .unwrap()
        .to_owned();

    let edited = app.ok(
        "edit",
        json!({"edit": {"op": "set-cell-duties", "role": other, "phase": "running",
            "duties": [{"zh": "每日晨会", "en": "Daily stand-up"}]}}),
    );
    assert_eq!(
        matrix_row(&edited, &other)["cells"][2]["duties"],
        json!([{"zh": "每日晨会", "en": "Daily stand-up"}])
    );
    let moved = app.ok(
        "edit",
        json!({"edit": {"op": "set-lead", "role": other, "phase": "intake"}}),
    );
    assert_eq!(intake_lead(&moved), std::slice::from_ref(&other));

    // Removing the intake lead's row leaves the phase without one: the grid's column shows it.
    let removed = app.ok(
        "edit",
        json!({"edit": {"op": "remove-matrix-row", "role": other}}),
    );
    let diagnostics = removed["docs"]["matrixDiagnostics"].as_array().unwrap();
    assert!(
        diagnostics.iter().any(|d| d["code"] == "matrix.no-lead"
            && d["phase"] == "intake"
            && d["role"].is_null()),
        "{diagnostics:?}"
    );
    assert_eq!(
        app.err_code(
            "edit",
            json!({"edit": {"op": "add-matrix-row", "role": "nobody", "index": null}})
        ),
        "edit.unknown-node"
    );
    let back = app.ok("undo", json!({}));
    assert_eq!(intake_lead(&back), std::slice::from_ref(&other));
    let back = app.ok("undo", json!({}));
    assert_eq!(intake_lead(&back), lead);
    let back = app.ok("undo", json!({}));
    assert_eq!(
        matrix_row(&back, &other)["cells"][2]["duties"],
        matrix_row(&plan, &other)["cells"][2]["duties"]
    );
}

#[test]
fn job_descriptions_start_from_the_template_and_kpis_are_edited() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let plan = app.ok("new_plan", json!({"centerType": "service", "name": "服务"}));
    let jobs = plan["docs"]["jobs"].as_array().unwrap();
    let seeded = jobs
        .iter()
        .find(|j| j["exists"] == true)
        .expect("template job descriptions");
    assert!(!seeded["duties"].as_array().unwrap().is_empty());
    assert_eq!(seeded["templateDuties"], seeded["duties"]);
    let position = seeded["position"].as_str().unwrap().to_owned();
    let removed = app.ok(
        "edit",
        json!({"edit": {"op": "remove-job-description", "position": position}}),
    );
    let job = removed["docs"]["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["position"] == position.as_str())
        .unwrap()
        .clone();
    assert_eq!(job["exists"], false);
    let restored = app.ok(
        "edit",
        json!({"edit": {"op": "set-job-description", "position": position,
            "summary": job["templateSummary"], "duties": job["templateDuties"]}}),
    );
    assert_eq!(
        restored["docs"]["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["position"] == position.as_str())
            .unwrap()["duties"],
        seeded["duties"]
    );

    let mut kpi = plan["docs"]["kpis"][0].clone();
    kpi["target"] = json!("85/30");
    let edited = app.ok("edit", json!({"edit": {"op": "set-kpi", "kpi": kpi}}));
    assert_eq!(edited["docs"]["kpis"][0]["target"], "85/30");
    let added = app.ok(
        "edit",
        json!({"edit": {"op": "add-kpi", "name": {"zh": "新指标", "en": "New"}}}),
    );
    assert_eq!(
        added["docs"]["kpis"].as_array().unwrap().len(),
        plan["docs"]["kpis"].as_array().unwrap().len() + 1
    );
}

#[test]
fn the_manual_previews_and_exports_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = centerplan_app::fonts::find_fonts().expect("Noto Sans CJK (fonts-noto-cjk)");
    let app = Harness::with_fonts(&dir.path().join("app"), Some(fonts));
    let plan = app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "预览中心"}),
    );
    let role = plan["docs"]["matrix"][0]["role"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(
        "edit",
        json!({"edit": {"op": "set-cell-duties", "role": role, "phase": "intake",
            "duties": [{"zh": "核对合同范围", "en": "Check the contract scope"}]}}),
    );
    // The first page lays the manual out; turning pages draws from that layout; an edit
    // or another edition lays it out again. Each answer carries one page, not the manual.
    let page = |edition: &str, page: u32| {
        app.ok(
            "preview_manual",
            json!({"edition": edition, "lang": "zh", "page": page}),
        )
    };
    let first = page("csr", 0);
    let count = first["pageCount"].as_u64().unwrap();
    assert!(count > 3, "{count} pages");
    assert_eq!(first["page"], 0);
    assert_eq!(first["typeset"], true);
    assert!(first["svg"].as_str().unwrap().starts_with("<svg"));
    let second = page("csr", 1);
    assert_eq!(
        (second["page"].as_u64(), second["typeset"].as_bool()),
        (Some(1), Some(false))
    );
    assert_ne!(second["svg"], first["svg"]);
    let past = page("csr", 10_000);
    assert_eq!(
        past["page"].as_u64(),
        Some(count - 1),
        "kept within the manual"
    );
    assert_eq!(past["typeset"], false);
    assert_eq!(page("manager", 1)["typeset"], true, "another edition");
    app.ok(
        "edit",
        json!({"edit": {"op": "set-cell-duties", "role": role, "phase": "start",
            "duties": [{"zh": "召开启动会", "en": "Hold the kickoff"}]}}),
    );
    let edited = page("manager", 1);
    assert_eq!(edited["typeset"], true, "the plan changed");
    assert_eq!(page("manager", 2)["typeset"], false);

    let pdf = dir.path().join("csr.pdf");
    app.ok(
        "export_manual",
        json!({"path": pdf, "edition": "manager", "lang": "en", "format": "pdf"}),
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    // Word, written whole: a zip package whose main part is the document.
    let docx = dir.path().join("csr.docx");
    app.ok(
        "export_manual",
        json!({"path": docx, "edition": "csr", "lang": "zh", "format": "docx"}),
    );
    let word = std::fs::read(&docx).unwrap();
    assert!(word.starts_with(b"PK\x03\x04"));
    assert!(word.windows(17).any(|w| w == b"word/document.xml"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    #[cfg(unix)]
    {
        // The mode a new file gets, not the temp file's 0600.
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&docx), mode(&probe));
    }

    let csv = dir.path().join("m.csv");
    app.ok("export_matrix", json!({"path": csv, "format": "csv"}));
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("核对合同范围")
    );
    let xlsx = dir.path().join("m.xlsx");
    app.ok("export_matrix", json!({"path": xlsx, "format": "xlsx"}));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // Without fonts the manual is refused with a code, not a panic.
    let bare = Harness::new(&dir.path().join("bare"));
    bare.ok("new_plan", json!({"centerType": "sales", "name": "x"}));
    assert_eq!(
        bare.err_code(
            "preview_manual",
            json!({"edition": "manager", "lang": "zh", "page": 0})
        ),
        "manual.no-font"
    );
    assert_eq!(
        bare.err_code(
            "export_manual",
            json!({"path": pdf, "edition": "csr", "lang": "zh", "format": "pdf"})
        ),
        "manual.no-font"
    );
}

/// The staffing panel's commands: a forecast read, a sizing with its proposal, and the
/// accept that records both in the plan as one undoable edit, saved with the document.
#[test]
fn a_forecast_is_sized_proposed_accepted_undone_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "华东中心"}),
    );
    assert_eq!(app.ok("plan_staffing", json!({})), Value::Null);

    let csv = dir.path().join("day.csv");
    std::fs::write(
        &csv,
        "interval_start,calls\n08:00,100\n08:30,1000\n09:00,60\n",
    )
    .unwrap();
    let forecast = app.ok("load_forecast", json!({"path": csv}));
    assert_eq!(forecast["source"], "day.csv");
    assert_eq!(
        forecast["intervals"][1],
        json!({"start": "08:30", "calls": 1000.0, "ahtSecs": null, "channel": "voice"})
    );
    // A bad cell is named by file, line and column in both languages, in the core's words.
    let bad_csv = dir.path().join("bad.csv");
    std::fs::write(&bad_csv, "interval_start,calls\n08:00,abc\n").unwrap();
    let err = app
        .call("load_forecast", json!({"path": bad_csv}))
        .unwrap_err();
    assert_eq!(err["code"], "staffing.forecast");
    let zh = err["message"]["zh"].as_str().unwrap();
    assert!(
        zh.contains("bad.csv") && zh.contains("第 2 行第 2 列") && zh.contains("不是不小于 0 的数"),
        "{zh}"
    );
    let en = err["message"]["en"].as_str().unwrap();
    assert!(
        en.contains("bad.csv") && en.contains("line 2, column 2"),
        "{en}"
    );

    let inputs = json!({
        "calls": null, "forecast": forecast["intervals"], "forecastSource": "day.csv",
        "intervalMinutes": 30, "ahtSecs": 180.0, "serviceLevel": 0.8, "thresholdSecs": 20.0,
        "maxOccupancy": 0.85, "shrinkage": 0.3, "shrinkageCauses": [], "patienceSecs": null,
        "fteHoursPerDay": 8.0,
        "ratios": {"agentsPerTeamLeader": 12, "agentsPerQaSpecialist": 25,
                   "agentsPerTrainer": 50, "agentsPerWfmPlanner": 100},
        "chat": {"concurrency": 2, "ahtSecs": null, "serviceLevel": 0.8, "thresholdSecs": 60.0},
        "email": {"ahtSecs": null, "share": 0.9, "withinHours": 24.0},
    });
    let sized = app.ok("size_staffing", json!({"inputs": inputs}));
    let agents: Vec<u64> = sized["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["agents"].as_u64().unwrap())
        .collect();
    // 100 calls of 180 s in 30 minutes at 80/20 and 85 % occupancy: the published 14.
    assert_eq!(agents[0], 14);
    assert_eq!(sized["result"]["peakInterval"], "08:30");
    let employ = sized["result"]["agents"].as_i64().unwrap();
    let csr = &sized["proposal"][0];
    assert_eq!(csr["role"], "csr");
    // The panel shows the chart's name for the position and its filled headcount.
    assert_eq!(
        csr["name"],
        json!({"zh": "客户服务代表", "en": "Customer service representative"})
    );
    assert!(csr["filled"].as_i64().is_some());
    assert_eq!(csr["proposed"].as_i64(), Some(employ));
    assert_eq!(
        csr["difference"].as_i64(),
        Some(employ - csr["current"].as_i64().unwrap())
    );

    // An unstable or impossible input is an error with a code, and the plan is untouched.
    let mut bad = inputs.clone();
    bad["forecast"] = json!([]);
    bad["calls"] = json!(100.0);
    bad["intervalMinutes"] = json!(30);
    bad["ahtSecs"] = json!(0.0);
    assert_eq!(
        app.err_code("size_staffing", json!({"inputs": bad})),
        "staffing.out-of-range"
    );
    // The core's own code and words, in both languages, naming the field as the panel
    // labels it.
    let err = app
        .call("size_staffing", json!({"inputs": bad}))
        .unwrap_err();
    assert_eq!(err["message"]["zh"], "平均处理时长：必须大于 0，实际为 0");
    assert_eq!(
        err["message"]["en"],
        "average handle time: must be above 0, got 0"
    );

    let accepted = app.ok(
        "accept_staffing",
        json!({"inputs": inputs, "accepted": ["csr", "team-leader"]}),
    );
    assert_eq!(node(&accepted, "csr")["planned"].as_i64(), Some(employ));
    assert_eq!(accepted["canUndo"], true);
    let stored = app.ok("plan_staffing", json!({}));
    assert_eq!(stored["inputs"]["forecastSource"], "day.csv");
    assert_eq!(stored["result"]["agents"].as_i64(), Some(employ));
    assert_eq!(
        app.err_code(
            "accept_staffing",
            json!({"inputs": inputs, "accepted": ["no-such-node"]})
        ),
        "staffing.proposal"
    );

    // One undo takes back the sizing and the headcount together.
    let undone = app.ok("undo", json!({}));
    assert_eq!(node(&undone, "csr")["planned"], csr["current"]);
    assert_eq!(app.ok("plan_staffing", json!({})), Value::Null);
    app.ok("redo", json!({}));

    let file = dir.path().join("east.centerplan");
    app.ok("save_plan", json!({"path": file}));
    app.ok("close_plan", json!({}));
    app.ok("open_plan", json!({"path": file}));
    let reopened = app.ok("plan_staffing", json!({}));
    assert_eq!(reopened, stored);
    // The document keeps the core's own names: the app's camelCase is the wire's only.
    let json = centerplan::interchange::to_json(&centerplan::document::open(&file).unwrap());
    assert!(json.contains(r#""forecast_source": "day.csv""#), "{json}");
    assert!(!json.contains("forecastSource"), "{json}");
}

/// The inspector's function picker: the list with its names, `set-function` as one
/// undoable edit, and a role the chart lacks listed as a diagnostic on no node while the
/// manual still exports.
#[test]
fn functions_are_listed_set_and_a_missing_role_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = centerplan_app::fonts::find_fonts().expect("Noto Sans CJK (fonts-noto-cjk)");
    let app = Harness::with_fonts(&dir.path().join("app"), Some(fonts));
    let functions = app.ok("functions", json!({}));
    let functions = functions.as_array().unwrap();
    assert_eq!(functions.len(), centerplan::model::Function::ALL.len());
    let qa = functions
        .iter()
        .find(|f| f["key"] == "qa-specialist")
        .unwrap();
    assert_eq!(qa["name"], json!({"zh": "质检专员", "en": "QA specialist"}));
    let leader = functions
        .iter()
        .find(|f| f["key"] == "team-leader")
        .unwrap();
    assert_eq!(
        leader["name"]["en"], "Team leader",
        "capitalised as a label"
    );

    let plan = app.ok("new_plan", json!({"centerType": "hybrid", "name": "职能"}));
    let specialist = id_with_function(&plan, "qa-specialist");
    let unassigned = |plan: &Value| -> Vec<Value> {
        plan["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "manual.role-unassigned")
            .cloned()
            .collect()
    };
    assert!(unassigned(&plan).is_empty());

    // Setting and clearing a function: each one undoable edit.
    let trainer = id_with_function(&plan, "trainer");
    let set = app.ok(
        "edit",
        json!({"edit": {"op": "set-function", "id": trainer, "function": "senior-csr"}}),
    );
    assert_eq!(node(&set, &trainer)["function"], "senior-csr");
    let missing = unassigned(&set);
    assert!(
        missing.iter().any(|d| d["function"] == "trainer"),
        "{missing:?}"
    );
    let undone = app.ok("undo", json!({}));
    assert_eq!(node(&undone, &trainer)["function"], "trainer");
    let cleared = app.ok(
        "edit",
        json!({"edit": {"op": "set-function", "id": trainer, "function": null}}),
    );
    assert_eq!(node(&cleared, &trainer)["function"], Value::Null);
    app.ok("undo", json!({}));

    // Deleting the QA specialist: a warning about the function, pointing at no node.
    let deleted = app.ok(
        "edit",
        json!({"edit": {"op": "delete-subtree", "id": specialist}}),
    );
    let missing = unassigned(&deleted);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0]["function"], "qa-specialist");
    assert_eq!(missing[0]["severity"], "warning");
    assert_eq!(missing[0]["nodes"], json!([]));
    assert!(
        missing[0]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("QA specialist")
    );
    // The matrix places no such diagnostic.
    assert!(
        deleted["docs"]["matrixDiagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "manual.role-unassigned")
    );
    let pdf = dir.path().join("no-qa.pdf");
    app.ok(
        "export_manual",
        json!({"path": pdf, "edition": "manager", "lang": "en", "format": "pdf"}),
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

fn chapter<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["manual"]["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no chapter {id}"))
}

fn chapter_ids(plan: &Value) -> Vec<String> {
    plan["manual"]["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn chapters_are_edited_added_hidden_moved_undone_and_saved_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let plan = app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "章节中心"}),
    );
    let scheduling = "08-scheduling-attendance";
    assert_eq!(chapter(&plan, scheduling)["state"], "builtin");
    let text = app.ok("chapter_text", json!({"id": scheduling, "lang": "zh"}));
    let builtin = text["markdown"].as_str().unwrap().to_owned();
    assert!(builtin.starts_with("# "), "{builtin}");
    assert_eq!(text["builtinChange"], Value::Null);

    // Editing one paragraph makes the chapter edited in that language only.
    let edited = format!("{builtin}\n本中心的排班由值班经理每周五公布。\n");
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "set-chapter-text", "id": scheduling, "lang": "zh", "markdown": edited}}),
    );
    assert_eq!(chapter(&plan, scheduling)["state"], "edited");
    assert_eq!(chapter(&plan, scheduling)["edited"], json!(["zh"]));
    let text = app.ok("chapter_text", json!({"id": scheduling, "lang": "zh"}));
    assert_eq!(text["markdown"], edited.as_str());

    // A custom chapter with a manager-only block, after the scheduling chapter, then
    // moved after the complaints chapter; another chapter hidden.
    let at = chapter_ids(&plan)
        .iter()
        .position(|id| id == scheduling)
        .unwrap();
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "add-chapter", "id": null, "index": at + 1, "text": {
            "zh": "# 夜间值班\n\n::: manager\n值班经理的联系方式见通讯录。\n:::\n",
            "en": "# Night duty\n\n::: manager\nThe duty manager's number is in the directory.\n:::\n"}}}),
    );
    let ids = chapter_ids(&plan);
    let custom = ids[at + 1].clone();
    assert_eq!(chapter(&plan, &custom)["state"], "custom");
    assert_eq!(chapter(&plan, &custom)["title"]["zh"], "夜间值班");
    let complaints = ids.iter().position(|id| id == "05-complaints").unwrap();
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "move-chapter", "id": custom, "index": complaints + 1}}),
    );
    let ids = chapter_ids(&plan);
    assert_eq!(ids[complaints + 1], custom, "{ids:?}");
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "set-chapter-hidden", "id": "15-center-planning", "hidden": true}}),
    );
    assert_eq!(chapter(&plan, "15-center-planning")["hidden"], true);
    let plan = app.ok("undo", json!({}));
    assert_eq!(chapter(&plan, "15-center-planning")["hidden"], false);
    let plan = app.ok("redo", json!({}));
    assert_eq!(chapter(&plan, "15-center-planning")["hidden"], true);

    // Saved and reopened, the manual is as it was left.
    let file = dir.path().join("chapters.centerplan");
    app.ok("save_plan", json!({"path": file}));
    let reopened = Harness::new(&dir.path().join("app2")).ok("open_plan", json!({"path": file}));
    assert_eq!(reopened["manual"]["chapters"], plan["manual"]["chapters"]);

    // Resetting takes the scheduling chapter back to the built-in text.
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "reset-chapter", "id": scheduling, "lang": "zh"}}),
    );
    assert_eq!(chapter(&plan, scheduling)["state"], "builtin");
    let text = app.ok("chapter_text", json!({"id": scheduling, "lang": "zh"}));
    assert_eq!(text["markdown"], builtin.as_str());
}

#[test]
fn a_dangling_reference_is_a_diagnostic_on_its_chapter_language_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok("new_plan", json!({"centerType": "hybrid", "name": ""}));
    let plan = app.ok(
        "edit",
        json!({"edit": {"op": "add-chapter", "id": "night", "index": null, "text": {
            "zh": "# 夜间\n\n正文\n\n{{ position(\"no-such-box\") }}\n", "en": "# Night\n"}}}),
    );
    let found: Vec<&Value> = plan["manual"]["chapterDiagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["chapter"] == "night")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "manual.unknown-reference");
    assert_eq!(
        (&found[0]["lang"], &found[0]["line"]),
        (&json!("zh"), &json!(5))
    );
}

#[test]
fn the_rules_form_is_the_cores_table_and_a_change_is_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    let plan = app.ok("new_plan", json!({"centerType": "hybrid", "name": ""}));
    let spec = app.ok("rules_spec", json!({}));
    let keys: Vec<&str> = spec["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    let core: Vec<&str> = centerplan::rules::RULE_SPECS
        .iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(keys, core);
    // Every rule's field is in the rules the plan sends, and every group has a heading.
    for rule in spec["rules"].as_array().unwrap() {
        let field = rule["field"].as_str().unwrap();
        assert!(!plan["manual"]["rules"][field].is_null(), "{field}");
        assert!(
            spec["groups"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["value"] == rule["group"]),
            "{rule}"
        );
    }
    let units: Vec<&Value> = spec["spanUnits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["value"])
        .collect();
    assert_eq!(units.len(), centerplan::rules::SpanUnit::ALL.len());
    assert_eq!(plan["manual"]["ruleDiagnostics"], json!([]));

    // A level 4 complaint resolved before its first contact is a contradiction the form
    // shows on that rule.
    let mut rules = plan["manual"]["rules"].clone();
    rules["complaintL4Resolve"] = json!({"amount": 1, "unit": "hours"});
    let changed = app.ok("edit", json!({"edit": {"op": "set-rules", "rules": rules}}));
    assert_eq!(
        changed["manual"]["rules"]["complaintL4Resolve"]["amount"],
        1
    );
    let codes: Vec<(&Value, &Value)> = changed["manual"]["ruleDiagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (&d["code"], &d["key"]))
        .collect();
    assert!(
        codes.contains(&(
            &json!("rules.deadline-order"),
            &json!("complaint.l4.resolve")
        )),
        "{codes:?}"
    );
    let undone = app.ok("undo", json!({}));
    assert_eq!(undone["manual"]["rules"], plan["manual"]["rules"]);
}

#[test]
fn the_chapter_preview_shows_where_the_chapter_and_its_heading_are_printed_with_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = centerplan_app::fonts::find_fonts().expect("Noto Sans CJK (fonts-noto-cjk)");
    let app = Harness::with_fonts(&dir.path().join("app"), Some(fonts));
    app.ok(
        "new_plan",
        json!({"centerType": "hybrid", "name": "预览中心"}),
    );
    let page = |chapter: &str, heading: Value, draft: Value| {
        app.ok(
            "preview_chapter",
            json!({"request": {"edition": "manager", "lang": "zh", "chapter": chapter,
                "heading": heading, "draft": draft}}),
        )
    };
    let about = page("01-about", Value::Null, Value::Null);
    let complaints = page("05-complaints", Value::Null, Value::Null);
    assert_eq!(about["found"], true);
    assert_eq!(
        complaints["preview"]["typeset"], false,
        "one layout for both"
    );
    let (first, later) = (
        about["preview"]["page"].as_u64().unwrap(),
        complaints["preview"]["page"].as_u64().unwrap(),
    );
    assert!(first > 0 && later > first, "{first} {later}");

    // The text as typed, not committed: a long chapter whose last heading is pages on.
    let filler = "本段用于占满页面。".repeat(40);
    let long = format!(
        "# 夜间值班\n\n{}\n\n## 交接班\n\n交接内容。\n",
        vec![filler; 12].join("\n\n")
    );
    app.ok(
        "edit",
        json!({"edit": {"op": "add-chapter", "id": "night", "index": null, "text": {"zh": "# 夜间值班\n", "en": "# Night duty\n"}}}),
    );
    let draft = json!({"chapter": "night", "lang": "zh", "markdown": long});
    let start = page("night", Value::Null, draft.clone());
    let handover = page("night", json!("交接班"), draft);
    assert_eq!(start["preview"]["typeset"], true);
    let (start, handover) = (
        start["preview"]["page"].as_u64().unwrap(),
        handover["preview"]["page"].as_u64().unwrap(),
    );
    assert!(handover > start, "{start} {handover}");
    // The draft is not in the plan: its history has the add only.
    let plan = app.ok("current_plan", json!({}));
    assert_eq!(
        app.ok("chapter_text", json!({"id": "night", "lang": "zh"}))["markdown"],
        "# 夜间值班\n"
    );
    assert_eq!(plan["canUndo"], true);

    // A hidden chapter is not printed: the page is where the next one starts.
    app.ok(
        "edit",
        json!({"edit": {"op": "set-chapter-hidden", "id": "05-complaints", "hidden": true}}),
    );
    let hidden = page("05-complaints", Value::Null, Value::Null);
    assert_eq!(hidden["found"], false);
}

/// A spreadsheet through the import dialog's commands: the preview shows the columns and
/// every bad cell without changing anything; a good one replaces the open plan's chart as
/// one undoable step, or becomes a new plan; the chart goes out as XLSX.
#[test]
fn a_spreadsheet_is_previewed_then_replaces_the_chart_undoably_or_makes_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let app = Harness::new(&dir.path().join("app"));
    app.ok("new_plan", json!({"centerType": "service", "name": "中心"}));
    let roster = dir.path().join("人员.csv");
    std::fs::write(
        &roster,
        "工号,姓名,岗位,直属上级,编制,在岗\r\ngm,陈静,中心总经理,,1,1\r\ntl,,主管,gm,4,3\r\ncsr,,客户服务代表,tl,四,30\r\n",
    )
    .unwrap();
    let preview = app.ok(
        "preview_sheet",
        json!({"path": roster, "sheet": null, "map": []}),
    );
    assert_eq!(preview["encoding"], "UTF-8");
    assert_eq!(preview["fields"][1]["column"], 2, "岗位 names the nodes");
    assert_eq!(preview["ignored"], json!(["姓名"]));
    let errors = preview["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["en"]
            .as_str()
            .unwrap()
            .contains("line 4, column headcount"),
        "{errors:?}"
    );
    assert_eq!(
        app.err_code(
            "import_sheet",
            json!({"path": roster, "sheet": null, "map": [], "replace": true})
        ),
        "csv.rows"
    );
    std::fs::write(
        &roster,
        "工号,姓名,岗位,直属上级,编制,在岗\r\ngm,陈静,中心总经理,,1,1\r\ntl,,主管,gm,4,3\r\ncsr,,客户服务代表,tl,40,30\r\n",
    )
    .unwrap();
    let before = app.ok("current_plan", json!({}));
    let replaced = app.ok(
        "import_sheet",
        json!({"path": roster, "sheet": null, "map": [], "replace": true}),
    );
    assert_eq!(replaced["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(replaced["name"], "中心", "the same plan");
    let undone = app.ok("undo", json!({}));
    assert_eq!(undone["nodes"], before["nodes"]);
    let created = app.ok(
        "import_sheet",
        json!({"path": roster, "sheet": null, "map": [], "replace": false}),
    );
    assert_eq!(created["name"], "人员");
    assert_eq!(created["centerType"], "service");
    let xlsx = dir.path().join("chart.xlsx");
    app.ok("export_chart", json!({"path": xlsx, "format": "xlsx"}));
    let table = centerplan::sheet::table(&std::fs::read(&xlsx).unwrap(), None).unwrap();
    assert_eq!(table.rows.len(), 3);
}

#[test]
fn files_given_at_launch_are_handed_to_the_ui_once() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(dir.path());
    assert_eq!(h.ok("launch_files", json!({})), json!([]));
    // What `run` queues from its command line and the single-instance callback from a
    // second launch.
    let queue = h.webview.state::<centerplan_app::launch::LaunchQueue>();
    queue.push(centerplan_app::launch::files_in_args(
        &["centerplan-app", "--flag", "北区.centerplan"],
        Path::new("/home/li"),
    ));
    queue.push(vec!["/tmp/second.centerplan".into()]);
    assert_eq!(
        h.ok("launch_files", json!({})),
        json!(["/home/li/北区.centerplan", "/tmp/second.centerplan"])
    );
    assert_eq!(h.ok("launch_files", json!({})), json!([]));
}

#[test]
fn about_names_the_version_the_engines_and_the_licences() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(dir.path());
    let about = h.ok("about", json!({}));
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["tauri"], tauri::VERSION);
    assert!(
        about["typst"].as_str().unwrap().starts_with("0."),
        "{about}"
    );
    let libraries = about["libraries"].as_array().unwrap();
    let typst = libraries.iter().find(|l| l["name"] == "typst").unwrap();
    assert_eq!(typst["origin"], "crate");
    assert!(!typst["license"].as_str().unwrap().is_empty());
    assert!(
        about["fonts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "Noto Sans CJK SC" && f["license"] == "OFL-1.1")
    );
}
