//! `centerplan chapters list|export|import` and a chapter library (`--chapters DIR`) for
//! `export` and `batch`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{run, stderr, stdout};

/// A new hybrid plan `plan.centerplan` in `dir`.
fn new_plan(dir: &Path) -> PathBuf {
    run(
        &[
            "new",
            "--type",
            "hybrid",
            "--name",
            "华北客户服务中心",
            "-o",
            "plan.centerplan",
        ],
        dir,
        0,
    );
    dir.join("plan.centerplan")
}

/// The plan's chapter list (`chapters list --format json`).
fn chapters(dir: &Path, plan: &str) -> Vec<Value> {
    let output = run(&["chapters", "list", plan, "--format", "json"], dir, 0);
    serde_json::from_str::<Value>(&stdout(&output))
        .expect("json")
        .as_array()
        .expect("a list")
        .clone()
}

/// The `.md` files of `dir/lang`, by name.
fn files(dir: &Path, lang: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join(lang))
        .expect("the language folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_then_import_on_an_untouched_plan_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path());
    let before = fs::read(&plan).unwrap();
    let list = chapters(dir.path(), "plan.centerplan");
    let output = run(
        &["chapters", "export", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    assert!(stdout(&output).starts_with(&format!("{} chapters written", list.len())));
    // One file per chapter and language, named by print position and slug.
    for lang in ["zh-CN", "en"] {
        let names = files(&dir.path().join("ch"), lang);
        assert_eq!(names.len(), list.len(), "{lang}: {names:?}");
        for (i, (name, entry)) in names.iter().zip(&list).enumerate() {
            let id = entry["id"].as_str().unwrap();
            let slug = id.trim_start_matches(|c: char| c.is_ascii_digit());
            assert_eq!(name, &format!("{:02}{slug}.md", i + 1), "{lang}");
        }
    }
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    assert!(
        stdout(&output).contains("nothing to write"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        fs::read(&plan).unwrap(),
        before,
        "the plan's bytes are unchanged"
    );
    // An export into a folder that holds something is refused without --force.
    let output = run(
        &["chapters", "export", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        4,
    );
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
}

#[test]
fn editing_one_exported_file_makes_only_that_chapter_edited() {
    let dir = tempfile::tempdir().unwrap();
    new_plan(dir.path());
    run(
        &["chapters", "export", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    let zh = dir.path().join("ch/zh-CN");
    let second = files(&dir.path().join("ch"), "zh-CN")[1].clone();
    let mut text = fs::read_to_string(zh.join(&second)).unwrap();
    text.push_str("\n本中心每周一上午召开例会。\n");
    fs::write(zh.join(&second), text).unwrap();
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    let list = chapters(dir.path(), "plan.centerplan");
    let edited: Vec<(&str, &str)> = list
        .iter()
        .filter(|e| e["state"] != "builtin")
        .map(|e| (e["id"].as_str().unwrap(), e["state"].as_str().unwrap()))
        .collect();
    let id = list[1]["id"].as_str().unwrap();
    assert_eq!(edited, [(id, "edited")], "only that chapter changed");
    assert_eq!(list[1]["edited"], serde_json::json!(["zh"]));
    assert_eq!(stdout(&output), format!("{id}: edited zh\n"));
    // The manual prints the new sentence; a second round trip changes nothing.
    run(
        &[
            "export",
            "plan.centerplan",
            "--edition",
            "manager",
            "-o",
            "m.md",
        ],
        dir.path(),
        0,
    );
    assert!(
        fs::read_to_string(dir.path().join("m.md"))
            .unwrap()
            .contains("本中心每周一上午召开例会。")
    );
    run(
        &[
            "chapters",
            "export",
            "plan.centerplan",
            "--dir",
            "ch",
            "--force",
        ],
        dir.path(),
        0,
    );
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    assert!(stdout(&output).contains("nothing to write"));
}

#[test]
fn a_new_file_adds_a_chapter_at_its_position_and_a_removed_file_hides_one() {
    let dir = tempfile::tempdir().unwrap();
    new_plan(dir.path());
    run(
        &["chapters", "export", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    let root = dir.path().join("ch");
    // Between the first and the second chapter (same number as the first, later name).
    let first = files(&root, "zh-CN")[0].clone();
    let number = &first[..first.find('-').unwrap()];
    fs::write(
        root.join(format!("zh-CN/{number}-zz-house.md")),
        "# 本所规定\n\n::: manager\n只给经理看。\n:::\n",
    )
    .unwrap();
    let third = files(&root, "zh-CN")[3].clone();
    fs::remove_file(root.join("zh-CN").join(&third)).unwrap();
    fs::remove_file(root.join("en").join(&third)).unwrap();
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    let text = stdout(&output);
    assert!(text.contains("zz-house: added"), "{text}");
    assert!(text.contains(": hidden"), "{text}");
    let list = chapters(dir.path(), "plan.centerplan");
    assert_eq!(list[1]["id"], "zz-house");
    assert_eq!(list[1]["state"], "custom");
    assert_eq!(list[1]["title"]["zh"], "本所规定");
    let hidden: Vec<&Value> = list.iter().filter(|e| e["hidden"] == true).collect();
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    // The hidden chapter is not exported; everything else round-trips.
    run(
        &[
            "chapters",
            "export",
            "plan.centerplan",
            "--dir",
            "ch",
            "--force",
        ],
        dir.path(),
        0,
    );
    assert_eq!(files(&root, "zh-CN").len(), list.len() - 1);
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    assert!(
        stdout(&output).contains("nothing to write"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_bad_chapter_file_is_named_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_plan(dir.path());
    run(
        &["chapters", "export", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        0,
    );
    let before = fs::read(&plan).unwrap();
    let root = dir.path().join("ch");
    let names = files(&root, "zh-CN");
    // Another file is edited fine: it is not written either.
    fs::write(root.join("zh-CN").join(&names[0]), "# 改过的章节\n").unwrap();
    let bad = root.join("zh-CN").join(&names[2]);
    fs::write(&bad, "# 标题\n\n正文。\n::: manager\n只给经理看。\n").unwrap();
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("centerplan: ch/zh-CN/{}:4: ", names[2])),
        "{err}"
    );
    assert!(
        err.contains("never closed") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(fs::read(&plan).unwrap(), before, "the plan is unchanged");

    // Not UTF-8 on line 2, and a file name that is not NN-slug.md: both reported.
    fs::write(&bad, b"# ok\n\xff\n").unwrap();
    fs::write(root.join("zh-CN/house.md"), "# x\n").unwrap();
    let output = run(
        &["chapters", "import", "plan.centerplan", "--dir", "ch"],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert!(
        err.contains("2 bad chapter files, nothing written"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:2: not UTF-8 text", names[2])),
        "{err}"
    );
    assert!(err.contains("house.md: not a chapter file name"), "{err}");
    assert_eq!(fs::read(&plan).unwrap(), before, "the plan is unchanged");
}

/// A new plan `NAME.centerplan` of `center_type` in `dir`, its center named NAME.
fn new_named(dir: &Path, name: &str, center_type: &str) -> PathBuf {
    let file = format!("{name}.centerplan");
    run(
        &["new", "--type", center_type, "--name", name, "-o", &file],
        dir,
        0,
    );
    dir.join(file)
}

/// The exported file of `dir/lang` whose name ends with `-SLUG.md`.
fn file_of(dir: &Path, lang: &str, slug: &str) -> PathBuf {
    let suffix = format!("-{slug}.md");
    let name = files(dir, lang)
        .into_iter()
        .find(|n| n.ends_with(&suffix))
        .unwrap_or_else(|| panic!("no {lang} file for {slug}"));
    dir.join(lang).join(name)
}

/// A consultant's library `house/` exported from `source`: the complaints chapter
/// rewritten in Chinese (with a manager-only block) and a chapter of the house added.
fn house_library(dir: &Path, source: &str) {
    run(&["chapters", "export", source, "--dir", "house"], dir, 0);
    fs::write(
        file_of(&dir.join("house"), "zh-CN", "complaints"),
        "# 本所的投诉规范\n\n{{ center.name }}按本所的规范处理投诉。\n\n\
         ::: manager\n仅限管理人员：本所的投诉考核细则。\n:::\n",
    )
    .unwrap();
    fs::write(
        dir.join("house/zh-CN/95-house.md"),
        "# 本所附加章节\n\n本所规定。\n",
    )
    .unwrap();
}

/// `export PLAN --edition EDITION --chapters house -o OUT` (Markdown), its text.
fn export_with_library(dir: &Path, plan: &str, edition: &str, out: &str) -> String {
    run(
        &[
            "export",
            plan,
            "--edition",
            edition,
            "--date",
            "2026-03-05",
            "--chapters",
            "house",
            "-o",
            out,
        ],
        dir,
        0,
    );
    fs::read_to_string(dir.join(out)).unwrap()
}

#[test]
fn a_chapter_edited_in_one_plans_export_prints_in_another_plans_manual() {
    let dir = tempfile::tempdir().unwrap();
    new_named(dir.path(), "north", "hybrid");
    let south = new_named(dir.path(), "south", "outsourced");
    house_library(dir.path(), "north.centerplan");
    let before = fs::read(&south).unwrap();
    let manager = export_with_library(dir.path(), "south.centerplan", "manager", "m.md");
    assert!(
        manager.contains("# 本所的投诉规范\n\nsouth按本所的规范处理投诉。"),
        "the library's text, resolved for this plan:\n{manager:.3000}"
    );
    assert!(
        !manager.contains("# 投诉处理与升级"),
        "the built-in text is replaced"
    );
    assert!(manager.contains("仅限管理人员：本所的投诉考核细则。"));
    assert!(
        manager.contains("# 本所附加章节"),
        "the library's new chapter"
    );
    assert!(
        manager.find("# 本所附加章节") > manager.find("# 本所的投诉规范"),
        "the new chapter prints at its number, after the complaints"
    );
    assert!(
        manager.contains("# 现场规则与行为规范"),
        "chapters the library leaves as exported stay built in"
    );
    let csr = export_with_library(dir.path(), "south.centerplan", "csr", "c.md");
    assert!(csr.contains("south按本所的规范处理投诉。"), "{csr:.3000}");
    assert!(
        !csr.contains("本所的投诉考核细则"),
        "a manager-only block of a library chapter is not in the CSR edition"
    );
    assert_eq!(
        fs::read(&south).unwrap(),
        before,
        "the plan file is not written"
    );
    // The plan's chapters are its own again without the library.
    let plain = chapters(dir.path(), "south.centerplan");
    assert!(plain.iter().all(|c| c["state"] == "builtin"), "{plain:?}");
}

#[test]
fn the_plans_own_chapter_text_wins_over_the_library() {
    let dir = tempfile::tempdir().unwrap();
    new_named(dir.path(), "north", "hybrid");
    new_named(dir.path(), "south", "hybrid");
    house_library(dir.path(), "north.centerplan");
    // south edits its own complaints chapter.
    run(
        &["chapters", "export", "south.centerplan", "--dir", "own"],
        dir.path(),
        0,
    );
    fs::write(
        file_of(&dir.path().join("own"), "zh-CN", "complaints"),
        "# 南方中心的投诉规定\n\n本章由中心自己撰写。\n",
    )
    .unwrap();
    run(
        &["chapters", "import", "south.centerplan", "--dir", "own"],
        dir.path(),
        0,
    );
    let manual = export_with_library(dir.path(), "south.centerplan", "manager", "m.md");
    assert!(manual.contains("本章由中心自己撰写。"), "{manual:.3000}");
    assert!(!manual.contains("按本所的规范处理投诉"), "{manual:.3000}");
    assert!(
        manual.contains("# 本所附加章节"),
        "the rest of the library still applies"
    );
}

#[test]
fn a_bad_library_file_is_named_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    new_named(dir.path(), "north", "hybrid");
    house_library(dir.path(), "north.centerplan");
    fs::write(
        dir.path().join("house/zh-CN/95-house.md"),
        "# 本所附加章节\n\n::: manager\n没有结束的管理版内容。\n",
    )
    .unwrap();
    let output = run(
        &[
            "export",
            "north.centerplan",
            "--edition",
            "manager",
            "--chapters",
            "house",
            "-o",
            "m.md",
        ],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("house/zh-CN/95-house.md:3: the audience block opened here is never closed"),
        "{err}"
    );
    assert!(!dir.path().join("m.md").exists(), "nothing written");
    let output = run(
        &[
            "batch",
            "north.centerplan",
            "--out-dir",
            "out",
            "--format",
            "md",
            "--chapters",
            "house",
        ],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert!(err.contains("95-house.md:3:"), "{err}");
    assert!(!dir.path().join("out").exists(), "the batch wrote nothing");
}

#[test]
fn a_library_reference_one_plan_of_a_batch_lacks_stops_the_batch_naming_that_plan() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("clients")).unwrap();
    new_named(&dir.path().join("clients"), "north", "hybrid");
    new_named(&dir.path().join("clients"), "south", "outsourced");
    house_library(dir.path(), "clients/north.centerplan");
    fs::write(
        dir.path().join("house/zh-CN/95-house.md"),
        "# 本所附加章节\n\n{{ position(\"no-such-node\") }}负责本章。\n",
    )
    .unwrap();
    let output = run(
        &[
            "batch",
            "clients",
            "--out-dir",
            "out",
            "--format",
            "md",
            "--chapters",
            "house",
        ],
        dir.path(),
        3,
    );
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("house/zh-CN/95-house.md:3: "), "{err}");
    assert!(err.contains("north.centerplan"), "names the plan: {err}");
    assert!(!dir.path().join("out").exists(), "the batch wrote nothing");
}

#[test]
fn batch_with_a_chapter_library_writes_what_export_writes_per_plan() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("clients")).unwrap();
    new_named(&dir.path().join("clients"), "north", "hybrid");
    new_named(&dir.path().join("clients"), "south", "outsourced");
    // north has a chapter of its own: the complaints chapter edited.
    run(
        &[
            "chapters",
            "export",
            "clients/north.centerplan",
            "--dir",
            "north",
        ],
        dir.path(),
        0,
    );
    fs::write(
        file_of(&dir.path().join("north"), "zh-CN", "complaints"),
        "# 北方中心的投诉规定\n\n本章由中心自己撰写。\n",
    )
    .unwrap();
    run(
        &[
            "chapters",
            "import",
            "clients/north.centerplan",
            "--dir",
            "north",
        ],
        dir.path(),
        0,
    );
    // The consultant's library, exported from the other plan and edited.
    house_library(dir.path(), "clients/south.centerplan");
    let common = [
        "--edition",
        "manager",
        "--lang",
        "zh",
        "--date",
        "2026-03-05",
        "--chapters",
        "house",
    ];
    let batch: Vec<&str> = ["batch", "clients", "--out-dir", "out", "--format", "md"]
        .into_iter()
        .chain(common)
        .collect();
    run(&batch, dir.path(), 0);
    for name in ["north", "south"] {
        let plan = format!("clients/{name}.centerplan");
        let out = format!("{name}.md");
        let export: Vec<&str> = ["export", plan.as_str(), "-o", out.as_str()]
            .into_iter()
            .chain(common)
            .collect();
        run(&export, dir.path(), 0);
        let exported = fs::read_to_string(dir.path().join(&out)).unwrap();
        let batched =
            fs::read_to_string(dir.path().join(format!("out/{name}-manager-zh.md"))).unwrap();
        assert_eq!(batched, exported, "{name}: batch and export differ");
        assert!(
            exported.contains("# 本所附加章节"),
            "{name}: the library's new chapter"
        );
        assert_eq!(
            exported.contains("本章由中心自己撰写。"),
            name == "north",
            "{name}: a plan's own chapter text is its own"
        );
        assert_eq!(
            exported.contains(&format!("{name}按本所的规范处理投诉。")),
            name == "south",
            "{name}: the library's text where the plan has none of its own"
        );
    }
}
