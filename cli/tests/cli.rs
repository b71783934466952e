//! The `centerplan` binary, driven as a user would: exit codes, outputs, files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use centerplan::interchange;
use centerplan::model::{CenterType, Phase};

use crate::support::{centerplan, command, run, stderr, stdout};

fn new_plan(dir: &Path, center_type: &str) -> PathBuf {
    let file = format!("{center_type}.centerplan");
    run(
        &[
            "new",
            "--type",
            center_type,
            "--name",
            "测试中心",
            "-o",
            &file,
        ],
        dir,
        0,
    );
    dir.join(file)
}

#[test]
fn every_template_creates_a_plan_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    for center_type in CenterType::ALL {
        let path = new_plan(dir.path(), center_type.key());
        let output = run(
            &["validate", path.to_str().unwrap(), "--lang", "en"],
            dir.path(),
            0,
        );
        assert!(
            stdout(&output).ends_with(": 0 errors, 0 warnings\n"),
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn templates_lists_the_four_types() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run(&["templates"], dir.path(), 0));
    for name in ["外包型", "销售型", "服务型", "综合型"] {
        assert!(text.contains(name), "{text}");
    }
    let text = stdout(&run(&["templates", "--lang", "en"], dir.path(), 0));
    assert!(text.contains("hybrid      Hybrid"), "{text}");
}

#[test]
fn show_prints_the_hybrid_matrix_the_bypass_line_and_the_raised_oversight() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "hybrid");
    let text = stdout(&run(
        &["show", path.to_str().unwrap(), "--lang", "en"],
        dir.path(),
        0,
    ));
    assert!(
        text.contains("Responsibility matrix (7 roles × 4 phases)"),
        "{text}"
    );
    for phase in Phase::ALL {
        assert!(
            text.contains(&format!("\n  {}\n", phase.name().en)),
            "phase {phase:?} missing"
        );
    }
    assert!(
        text.contains(
            "bypass  Operations analysis manager [ops-analysis] → Center general manager [gm]"
        ),
        "{text}"
    );
    let oversight = text.lines().find(|l| l.contains("[vp-oversight]")).unwrap();
    assert!(
        oversight.trim_start().starts_with("L1.5")
            && oversight.contains("half a level above its peers"),
        "{oversight}"
    );
    let operations = text
        .lines()
        .find(|l| l.contains("[vp-operations]"))
        .unwrap();
    assert!(operations.trim_start().starts_with("L2 "), "{operations}");
}

#[test]
fn a_corrupted_copy_fails_with_one_line_naming_the_file_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "hybrid");
    let mut bytes = fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 64] {
        *byte = !*byte;
    }
    let copy = dir.path().join("copy.centerplan");
    fs::write(&copy, &bytes).unwrap();
    for command in ["validate", "show", "export-json"] {
        let mut args = vec![command, "copy.centerplan"];
        if command == "export-json" {
            args.extend(["-o", "out.json"]);
        }
        let output = run(&args, dir.path(), 3);
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.starts_with("centerplan: cannot open copy.centerplan: "),
            "{message}"
        );
        assert_eq!(
            fs::read(&copy).unwrap(),
            bytes,
            "{command} changed the file"
        );
    }
    assert!(!dir.path().join("out.json").exists());
}

#[test]
fn inputs_that_are_not_plans_exit_3_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.centerplan"), b"").unwrap();
    fs::write(dir.path().join("notes.centerplan"), b"just some notes").unwrap();
    for (file, says) in [
        ("missing.centerplan", "no such file"),
        ("empty.centerplan", "empty"),
        ("notes.centerplan", "SQLite"),
    ] {
        let message = stderr(&run(&["show", file], dir.path(), 3));
        assert!(
            message.contains(file) && message.contains(says),
            "{message}"
        );
    }
}

#[test]
fn json_round_trip_gives_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "service");
    run(
        &["export-json", path.to_str().unwrap(), "-o", "a.json"],
        dir.path(),
        0,
    );
    run(
        &["import-json", "a.json", "-o", "b.centerplan"],
        dir.path(),
        0,
    );
    run(
        &["export-json", "b.centerplan", "-o", "b.json"],
        dir.path(),
        0,
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.json")).unwrap(),
        fs::read_to_string(dir.path().join("b.json")).unwrap()
    );
    let stdout_json = stdout(&run(
        &["export-json", "b.centerplan", "-o", "-"],
        dir.path(),
        0,
    ));
    let plan = interchange::from_json(&stdout_json).unwrap();
    assert_eq!(plan.center_type, CenterType::Service);
}

#[test]
fn validate_exits_1_on_errors_and_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "hybrid");
    run(
        &["export-json", path.to_str().unwrap(), "-o", "plan.json"],
        dir.path(),
        0,
    );
    // Give the close phase a second lead: an error.
    let mut plan =
        interchange::from_json(&fs::read_to_string(dir.path().join("plan.json")).unwrap()).unwrap();
    plan.matrix.rows[1].cell_mut(Phase::Close).lead = true;
    fs::write(dir.path().join("bad.json"), interchange::to_json(&plan)).unwrap();
    run(
        &["import-json", "bad.json", "-o", "bad.centerplan"],
        dir.path(),
        0,
    );
    let text = stdout(&run(
        &["validate", "bad.centerplan", "--lang", "en"],
        dir.path(),
        1,
    ));
    assert!(
        text.contains("error[matrix.multiple-leads]: the close phase must have exactly one lead"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(
        &["validate", "bad.centerplan", "--format", "json"],
        dir.path(),
        1,
    )))
    .unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["diagnostics"][0]["code"], "matrix.multiple-leads");
    assert_eq!(json["diagnostics"][0]["subject"]["phase"], "close");
}

#[test]
fn bad_json_is_refused_naming_the_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("future.json"),
        r#"{"format":"centerplan","version":99,"plan":{}}"#,
    )
    .unwrap();
    let message = stderr(&run(
        &["import-json", "future.json", "-o", "x.centerplan"],
        dir.path(),
        3,
    ));
    assert!(
        message.contains("future.json") && message.contains("newer Centerplan"),
        "{message}"
    );
    fs::write(
        dir.path().join("typo.json"),
        r#"{"format":"centerplan","version":1,"plan":{"name":"x","center_type":"mall","chart":{"nodes":[]}}}"#,
    )
    .unwrap();
    let message = stderr(&run(
        &["import-json", "typo.json", "-o", "x.centerplan"],
        dir.path(),
        3,
    ));
    assert!(
        message.contains("typo.json") && message.contains("plan.center_type"),
        "{message}"
    );
    assert!(!dir.path().join("x.centerplan").exists());
}

#[test]
fn new_refuses_to_replace_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "sales");
    let before = fs::read(&path).unwrap();
    let message = stderr(&run(
        &[
            "new",
            "--type",
            "hybrid",
            "--name",
            "x",
            "-o",
            "sales.centerplan",
        ],
        dir.path(),
        4,
    ));
    assert_eq!(
        message,
        "centerplan: cannot create sales.centerplan: the file already exists (pass --force to replace it)\n"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    run(
        &[
            "new",
            "--type",
            "hybrid",
            "--name",
            "x",
            "-o",
            "sales.centerplan",
            "--force",
        ],
        dir.path(),
        0,
    );
    assert_ne!(fs::read(&path).unwrap(), before);
}

#[test]
fn an_unwritable_output_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let message = stderr(&run(
        &[
            "new",
            "--type",
            "hybrid",
            "--name",
            "x",
            "-o",
            "no/such/dir/x.centerplan",
        ],
        dir.path(),
        4,
    ));
    assert!(message.contains("no/such/dir/x.centerplan"), "{message}");
}

#[test]
fn help_documents_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run(&["--help"], dir.path(), 0));
    assert!(
        text.contains("Exit codes:") && text.contains("1  validation found errors"),
        "{text}"
    );
    run(&["show"], dir.path(), 2);
}

#[test]
fn staff_proposes_headcount_for_a_plan_and_applies_only_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "hybrid");
    let sizing = [
        "staff",
        "--calls",
        "300",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--shrinkage",
        "0.3",
    ];
    let with_plan = |extra: &[&str]| -> Vec<String> {
        sizing
            .iter()
            .chain(["--plan", "hybrid.centerplan"].iter())
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let args = with_plan(&[]);
    let text = stdout(&run(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        dir.path(),
        0,
    ));
    // 30 erlangs at 80/20 need 35 agents; 30 % shrinkage makes 50 to schedule.
    assert!(
        text.contains("Headcount proposal for hybrid.centerplan (50 agents)"),
        "{text}"
    );
    assert!(
        text.contains("csr                   120        50    -70"),
        "{text}"
    );
    assert!(
        text.contains("team-leader             9         5     -4"),
        "{text}"
    );
    let before = fs::read(&path).unwrap();
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "showing a proposal must not write the plan"
    );

    let args = with_plan(&["--apply", "--accept", "csr,team-leader"]);
    run(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        dir.path(),
        0,
    );
    let plan = centerplan::document::open(&path).unwrap();
    let planned = |id: &str| plan.chart.node(&id.into()).unwrap().headcount.planned;
    assert_eq!(
        (
            planned("csr"),
            planned("team-leader"),
            planned("qa-specialist")
        ),
        (50, 5, 6)
    );

    let args = with_plan(&["--apply", "--accept", "nobody"]);
    let message = stderr(&run(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        dir.path(),
        1,
    ));
    assert!(
        message.contains("--accept") && message.contains("nobody"),
        "{message}"
    );
}

/// The files `dir` holds, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn batch_writes_every_plan_edition_and_language_and_goes_on_past_a_bad_plan() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients");
    fs::create_dir(&clients).unwrap();
    new_plan(&clients, "sales");
    new_plan(&clients, "service");
    let single = new_plan(dir.path(), "outsourced");
    let output = run(
        &[
            "batch",
            "clients",
            single.to_str().unwrap(),
            "--out-dir",
            "out",
            "--lang",
            "zh,en",
            "--format",
            "md",
            "--date",
            "2026-03-05",
        ],
        dir.path(),
        0,
    );
    assert!(
        stdout(&output).contains("12 of 12 manuals written"),
        "{}",
        stdout(&output)
    );
    let out = dir.path().join("out");
    let mut expected = Vec::new();
    for plan in ["outsourced", "sales", "service"] {
        for edition in ["csr", "manager"] {
            for lang in ["en", "zh"] {
                expected.push(format!("{plan}-{edition}-{lang}.md"));
            }
        }
    }
    assert_eq!(names_in(&out), expected);
    let read = |name: &str| fs::read_to_string(out.join(name)).unwrap();
    // Each file is its own plan, edition and language.
    assert!(read("sales-manager-zh.md").contains("销售型"));
    assert!(read("service-manager-en.md").contains("# Project lifecycle"));
    assert!(!read("service-manager-en.md").contains("项目生命周期"));
    assert!(read("sales-manager-zh.md").contains("# 项目生命周期管理"));
    assert!(!read("sales-csr-zh.md").contains("项目生命周期"));
    run(
        &[
            "export",
            "clients/sales.centerplan",
            "--edition",
            "csr",
            "--date",
            "2026-03-05",
            "-o",
            "single.md",
        ],
        dir.path(),
        0,
    );
    assert_eq!(
        read("sales-csr-zh.md"),
        fs::read_to_string(dir.path().join("single.md")).unwrap(),
        "the same manual as `export` writes"
    );

    // A damaged plan among good ones: named, the others still written, exit 3.
    fs::write(clients.join("broken.centerplan"), b"not a plan").unwrap();
    let output = run(
        &[
            "batch",
            "clients",
            "--out-dir",
            "out2",
            "--edition",
            "csr",
            "--format",
            "md",
        ],
        dir.path(),
        3,
    );
    assert!(
        stderr(&output).contains("broken.centerplan"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        names_in(&dir.path().join("out2")),
        ["sales-csr-zh.md", "service-csr-zh.md"]
    );
}

#[test]
fn batch_refuses_two_plans_that_would_write_the_same_files_and_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b", "empty"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
    }
    new_plan(&dir.path().join("a"), "sales");
    new_plan(&dir.path().join("b"), "sales");
    let output = run(
        &["batch", "a", "b", "--out-dir", "out", "--format", "md"],
        dir.path(),
        3,
    );
    assert!(
        stderr(&output).contains("a/sales.centerplan"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("b/sales.centerplan"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
    let output = run(
        &["batch", "empty", "--out-dir", "out", "--format", "md"],
        dir.path(),
        3,
    );
    assert!(
        stderr(&output).contains("empty holds no .centerplan file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn batch_typesets_pdfs_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path(), "hybrid");
    run(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out-dir",
            "pdf",
            "--lang",
            "zh",
            "--lang",
            "en",
            "--jobs",
            "2",
        ],
        dir.path(),
        0,
    );
    let out = dir.path().join("pdf");
    assert_eq!(
        names_in(&out),
        [
            "hybrid-csr-en.pdf",
            "hybrid-csr-zh.pdf",
            "hybrid-manager-en.pdf",
            "hybrid-manager-zh.pdf"
        ]
    );
    for name in names_in(&out) {
        let bytes = fs::read(out.join(&name)).unwrap();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 100_000,
            "{name}: {} bytes",
            bytes.len()
        );
    }
}

#[test]
fn import_csv_says_which_functions_it_inferred_and_the_manual_exports() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("roster.csv"),
        "编号,名称,上级,编制\nE1,中心经理,,1/1\nE2,班组长,E1,2/2\nE3,客服专员,E2,20/18\nE4,质检员,E1,1/1\n",
    )
    .unwrap();
    let output = run(
        &[
            "import-csv",
            "roster.csv",
            "--type",
            "service",
            "-o",
            "r.centerplan",
        ],
        dir.path(),
        0,
    );
    let said = stderr(&output);
    assert!(said.contains("E2 班组长 → team-leader (主管)"), "{said}");
    assert!(said.contains("E4 质检员 → qa-specialist"), "{said}");
    run(
        &[
            "export",
            "r.centerplan",
            "--edition",
            "csr",
            "--lang",
            "zh",
            "-o",
            "csr.md",
        ],
        dir.path(),
        0,
    );
    let manual = fs::read_to_string(dir.path().join("csr.md")).unwrap();
    assert!(
        manual.contains("班组长"),
        "the roster's name for the team leader is used"
    );
    // Validation lists the duties that now fall to nobody (no trainer on this roster).
    // (Errors too, exit 1: the template's phase leads are posts this roster lacks.)
    let output = centerplan(&["validate", "r.centerplan", "--lang", "en"], dir.path());
    assert!(
        stdout(&output).contains("manual.role-unassigned"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn export_lays_a_template_folder_over_the_built_in_chapters() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("house/zh-CN")).unwrap();
    fs::write(
        dir.path().join("house/zh-CN/02-organization.md"),
        "# 本所的组织说明\n\n{% if has(\"qa-specialist\") %}{{ role(\"qa-specialist\") }}为你的通话评分。{% endif %}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("house/zh-CN/95-house.md"),
        "# 附加章节\n\n本所规定。\n",
    )
    .unwrap();
    run(
        &[
            "export",
            "--template",
            "hybrid",
            "--edition",
            "csr",
            "--templates",
            "house",
            "-o",
            "m.md",
        ],
        dir.path(),
        0,
    );
    let manual = fs::read_to_string(dir.path().join("m.md")).unwrap();
    assert!(
        manual.contains("# 本所的组织说明\n\n质检专员为你的通话评分。"),
        "{manual:.600}"
    );
    assert!(
        manual.trim_end().ends_with("本所规定。"),
        "the added chapter comes last"
    );
    assert!(
        manual.contains("# 关于本手册"),
        "the other built-in chapters stay"
    );
    let output = run(
        &[
            "export",
            "--template",
            "hybrid",
            "--edition",
            "csr",
            "--templates",
            "nowhere",
            "-o",
            "n.md",
        ],
        dir.path(),
        3,
    );
    assert!(stderr(&output).contains("nowhere"), "{}", stderr(&output));
}

#[test]
fn a_closed_pipe_on_standard_output_exits_4_with_one_line() {
    // `centerplan templates | head -c1` panicked ("failed printing to stdout").
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path(), "hybrid");
    for args in [
        vec!["templates"],
        vec!["show", plan.to_str().unwrap()],
        vec!["export-json", plan.to_str().unwrap(), "-o", "-"],
    ] {
        let mut child = command()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before anything is written
        let output = child.wait_with_output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(4), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("standard output"), "{err}");
    }
}

#[test]
fn exports_write_atomically_never_over_their_input_and_to_stdout_with_dash() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path(), "hybrid");
    let before = fs::read(&plan).unwrap();
    for args in [
        vec![
            "export-json",
            "hybrid.centerplan",
            "-o",
            "hybrid.centerplan",
        ],
        vec![
            "export-csv",
            "hybrid.centerplan",
            "-o",
            "./hybrid.centerplan",
        ],
    ] {
        let output = centerplan(&args, dir.path());
        assert_eq!(output.status.code(), Some(4), "{args:?}");
        assert!(
            stderr(&output).contains("overwrite the input"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(fs::read(&plan).unwrap(), before, "the plan is untouched");
    let csv = run(
        &["export-csv", "hybrid.centerplan", "-o", "-"],
        dir.path(),
        0,
    );
    // The same bytes as a file: a UTF-8 byte-order mark first, for Excel.
    assert!(
        stdout(&csv).starts_with("\u{feff}id,name,"),
        "{}",
        stdout(&csv)
    );
    run(
        &["export-csv", "hybrid.centerplan", "-o", "people.csv"],
        dir.path(),
        0,
    );
    run(
        &["export-csv", "hybrid.centerplan", "-o", "people.csv"],
        dir.path(),
        0,
    );
    let leftovers: Vec<_> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn inputs_that_are_devices_or_too_large_are_refused_without_reading_on() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &["import-csv", "/dev/zero", "-o", "x.centerplan"],
        dir.path(),
        3,
    );
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    let big = dir.path().join("big.json");
    let file = fs::File::create(&big).unwrap();
    file.set_len(centerplan::limits::MAX_INPUT_BYTES + 1)
        .unwrap(); // sparse
    let output = run(
        &["import-json", "big.json", "-o", "x.centerplan"],
        dir.path(),
        3,
    );
    assert!(
        stderr(&output).contains("larger than the limit"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("x.centerplan").exists());
}

#[test]
fn show_escapes_control_characters_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path(), "hybrid");
    run(
        &["export-json", "hybrid.centerplan", "-o", "p.json"],
        dir.path(),
        0,
    );
    let text = fs::read_to_string(dir.path().join("p.json")).unwrap();
    let text = text.replacen("中心总经理", "总经理\\u001b[31m红", 1);
    fs::write(dir.path().join("p.json"), text).unwrap();
    run(
        &["import-json", "p.json", "-o", "evil.centerplan"],
        dir.path(),
        0,
    );
    let shown = stdout(&run(&["show", "evil.centerplan"], dir.path(), 0));
    assert!(
        !shown.contains('\u{1b}'),
        "an escape sequence reached the terminal"
    );
    assert!(shown.contains("总经理\\u{1b}[31m红"), "{shown:.300}");
    let _ = plan;
}

#[test]
fn staffing_inputs_past_where_the_arithmetic_means_anything_are_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    for (args, flag) in [
        (
            vec!["--calls", "100", "--aht", "180s", "--shrinkage", "0.95"],
            "--shrinkage",
        ),
        (vec!["--calls", "1e300", "--aht", "180s"], "--calls"),
        (
            vec!["--calls", "100", "--aht", "180s", "--agents", "0"],
            "--agents",
        ),
        (
            vec!["--calls", "100", "--aht", "180s", "--agents", "4294967295"],
            "--agents",
        ),
    ] {
        let mut all = vec!["staff", "--sl", "80/20"];
        all.extend(args);
        let output = run(&all, dir.path(), 2);
        assert!(
            stderr(&output).contains(flag),
            "{all:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_forecast_with_intervals_out_of_order_is_refused_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("day.csv"),
        "interval_start,calls\n8:30,10\n10:00,20\n09:30,15\n",
    )
    .unwrap();
    let output = run(
        &[
            "staff",
            "--forecast",
            "day.csv",
            "--aht",
            "180s",
            "--sl",
            "80/20",
        ],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert!(
        err.contains("line 4") && err.contains("time order"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn two_concurrent_news_to_one_path_never_both_succeed() {
    // `new` checked that the path was free, then wrote: two racing both exited 0 and the
    // second replaced the first. Now one wins, the other says the file exists.
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        let file = format!("race-{round}.centerplan");
        let children: Vec<_> = ["甲中心", "乙中心"]
            .iter()
            .map(|name| {
                command()
                    .args(["new", "--type", "hybrid", "--name", name, "-o", &file])
                    .current_dir(dir.path())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|child| child.wait_with_output().unwrap())
            .collect();
        let codes: Vec<_> = outputs.iter().map(|o| o.status.code()).collect();
        assert!(
            codes == [Some(0), Some(4)] || codes == [Some(4), Some(0)],
            "round {round}: {codes:?}"
        );
        let loser = outputs.iter().find(|o| o.status.code() == Some(4)).unwrap();
        assert_eq!(
            stderr(loser),
            format!(
                "centerplan: cannot create {file}: the file already exists (pass --force to replace it)\n"
            )
        );
        let plan = centerplan::document::open(&dir.path().join(&file)).unwrap();
        assert!(["甲中心", "乙中心"].contains(&plan.name.as_str()));
    }
    assert!(names_in(dir.path()).iter().all(|n| !n.ends_with(".tmp")));
}

#[test]
fn imports_refuse_an_existing_output_and_their_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path(), "hybrid");
    run(
        &["export-csv", "hybrid.centerplan", "-o", "people.csv"],
        dir.path(),
        0,
    );
    run(
        &["export-json", "hybrid.centerplan", "-o", "plan.json"],
        dir.path(),
        0,
    );
    let before = fs::read(&plan).unwrap();
    for args in [
        ["import-csv", "people.csv", "-o", "hybrid.centerplan"],
        ["import-json", "plan.json", "-o", "hybrid.centerplan"],
    ] {
        let output = run(&args, dir.path(), 4);
        assert_eq!(
            stderr(&output),
            "centerplan: cannot create hybrid.centerplan: the file already exists (pass --force to replace it)\n"
        );
    }
    assert_eq!(fs::read(&plan).unwrap(), before);
    // --force replaces the output, but never the command's own input.
    let output = run(
        &["import-json", "plan.json", "-o", "./plan.json", "--force"],
        dir.path(),
        4,
    );
    assert!(
        stderr(&output).contains("overwrite the input"),
        "{}",
        stderr(&output)
    );
    run(
        &[
            "import-csv",
            "people.csv",
            "-o",
            "hybrid.centerplan",
            "--force",
        ],
        dir.path(),
        0,
    );
}

#[test]
fn a_plan_locked_by_another_program_says_so_on_one_line() {
    // It said "the file is damaged (database is locked)".
    let dir = tempfile::tempdir().unwrap();
    new_plan(dir.path(), "hybrid");
    let other = rusqlite::Connection::open(dir.path().join("hybrid.centerplan")).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let output = run(&["show", "hybrid.centerplan"], dir.path(), 3);
    assert_eq!(
        stderr(&output),
        "centerplan: cannot open hybrid.centerplan: the file is locked by another program (close it there, then try again)\n"
    );
    other.execute_batch("ROLLBACK").unwrap();
    run(&["show", "hybrid.centerplan"], dir.path(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn writing_into_a_read_only_folder_says_the_folder_is_read_only() {
    // sysfs takes no new file from anyone, root included (permissions do not bind root).
    assert!(
        Path::new("/sys/kernel").is_dir(),
        "the test needs sysfs at /sys"
    );
    let dir = tempfile::tempdir().unwrap();
    new_plan(dir.path(), "hybrid");
    let output = run(
        &[
            "new",
            "--type",
            "sales",
            "--name",
            "x",
            "-o",
            "/sys/kernel/x.centerplan",
        ],
        dir.path(),
        4,
    );
    assert_eq!(
        stderr(&output),
        "centerplan: cannot save /sys/kernel/x.centerplan: the folder /sys/kernel is read-only (save to another folder)\n"
    );
    let output = run(
        &[
            "export-json",
            "hybrid.centerplan",
            "-o",
            "/sys/kernel/x.json",
        ],
        dir.path(),
        4,
    );
    assert_eq!(
        stderr(&output),
        "centerplan: cannot write /sys/kernel/x.json: the folder /sys/kernel is read-only (write to another folder)\n"
    );
}
