//! `centerplan release` and `centerplan diff` through the binary: a release freezes the
//! plan in its own file, `diff --since-release` is empty right after it and lists an edit
//! made after it, in both languages and all three formats.

use std::path::Path;

use centerplan::model::CenterType;
use centerplan::templates::template;

use crate::support::centerplan;

fn run(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let output = centerplan(args, dir);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn release_then_diff_since_release_is_empty_and_an_edit_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = template(CenterType::Service, "服务中心");
    plan.control.number = "KF-01".to_owned();
    centerplan::document::save(&plan, &dir.path().join("p.centerplan")).unwrap();

    let (code, _, err) = run(&["diff", "p.centerplan", "--since-release"], dir.path());
    assert_eq!(code, Some(3), "never released: {err}");
    assert!(err.contains("never released"), "{err}");

    let (code, out, err) = run(
        &[
            "release",
            "p.centerplan",
            "--version",
            "1.0",
            "--date",
            "2026-03-01",
        ],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("released version 1.0"), "{out}");
    let released = centerplan::document::open(&dir.path().join("p.centerplan")).unwrap();
    assert_eq!(released.releases.len(), 1);
    assert_eq!(released.control.revisions[0].summary.zh, "首次发布");
    assert!(!centerplan::control::is_draft(&released));

    let (code, out, _) = run(&["diff", "p.centerplan", "--since-release"], dir.path());
    assert_eq!((code, out.as_str()), (Some(0), "没有变化\n"));

    // An edit after the release shows, in every format and both languages.
    let mut edited = released.clone();
    edited.kpis[0].target = "95/10".to_owned();
    centerplan::document::save(&edited, &dir.path().join("p.centerplan")).unwrap();
    let (_, zh, _) = run(&["diff", "p.centerplan", "--since-release"], dir.path());
    assert!(zh.starts_with("KPI\n") && zh.contains("95/10"), "{zh}");
    let (_, en, _) = run(
        &[
            "diff",
            "p.centerplan",
            "--since-release",
            "--lang",
            "en",
            "--format",
            "md",
        ],
        dir.path(),
    );
    assert!(
        en.starts_with("# Changes to p.centerplan since version 1.0 was released"),
        "{en}"
    );
    assert!(en.contains("\n## KPIs\n\n- The target of"), "{en}");
    let (_, json, _) = run(
        &[
            "diff",
            "p.centerplan",
            "--since-release",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let changes: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(changes[0]["area"], "kpis");

    // The same version again is refused and the file is left alone; a new one drafts its
    // summary from the changes.
    let before = std::fs::read(dir.path().join("p.centerplan")).unwrap();
    let (code, _, err) = run(&["release", "p.centerplan", "--version", "1.0"], dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("released already"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("p.centerplan")).unwrap(),
        before
    );
    let (code, out, _) = run(&["release", "p.centerplan", "--version", "1.1"], dir.path());
    assert_eq!(code, Some(0));
    assert!(out.contains("1 change since 1.0"), "{out}");
    let plan = centerplan::document::open(&dir.path().join("p.centerplan")).unwrap();
    let summary = &plan.control.revisions.last().unwrap().summary;
    assert!(
        summary.zh.contains("95/10") && summary.en.contains("95/10"),
        "{summary:?}"
    );

    // Two files: the first against the second.
    centerplan::document::save(
        &template(CenterType::Service, "服务中心"),
        &dir.path().join("q.centerplan"),
    )
    .unwrap();
    let (code, out, _) = run(
        &["diff", "q.centerplan", "p.centerplan", "--lang", "en"],
        dir.path(),
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("95/10"), "{out}");
}
