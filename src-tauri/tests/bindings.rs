//! The TypeScript types under `ui/src/bindings/` are generated from the Rust types that
//! cross to the UI. This test regenerates them and fails when the committed files differ;
//! `UPDATE_BINDINGS=1 cargo test -p centerplan-app --test tests bindings` rewrites them.
//!
//! Three more checks keep the generated types honest: every enum the UI exchanges is
//! exported as the union of its Rust variants as serde writes them (so a variant added in
//! Rust changes the bindings, and ts-rs and serde agree on every name); no
//! `#[ts(type = …)]` or `#[ts(as = …)]` override stands in for a type a derive could
//! produce; and every field on the wire is camelCase.

use std::path::{Path, PathBuf};

use centerplan::chart::RouteKind;
use centerplan::control::{Confidentiality, LogoFormat};
use centerplan::edit::Edit;
use centerplan::manual::{ChapterState, DiffTag, Edition};
use centerplan::model::{
    Audience, CenterType, Channel, Function, Lang, LineKind, NodeKind, Phase, Raci, ShrinkageCause,
};
use centerplan::rules::{Frequency, RuleGroup, RuleKind, SpanUnit};
use centerplan::staffing::headcount::Role;
use centerplan::validate::Severity;
use centerplan_app::chapters::{
    ChapterPageRequest, ChapterPreview, ChapterTextView, ReleaseDraft, RulesSpecView,
};
use centerplan_app::docs::{ManualFormat, MatrixFormat, PreviewView};
use centerplan_app::error::AppError;
use centerplan_app::prefs::Prefs;
use centerplan_app::session::{CenterTypeChange, ExportFormat, RecoveryInfo};
use centerplan_app::staffing::{
    ForecastView, StaffingInputsView, StaffingRecordView, StaffingView,
};
use centerplan_app::view::{CenterTypeInfo, FunctionInfo, PlanView};
use serde::Serialize;
use strum::IntoEnumIterator;
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
    Edition::export_all_to(dir).unwrap();
    centerplan::manual::Paper::export_all_to(dir).unwrap();
    Lang::export_all_to(dir).unwrap();
    MatrixFormat::export_all_to(dir).unwrap();
    ManualFormat::export_all_to(dir).unwrap();
    PreviewView::export_all_to(dir).unwrap();
    ForecastView::export_all_to(dir).unwrap();
    StaffingView::export_all_to(dir).unwrap();
    StaffingInputsView::export_all_to(dir).unwrap();
    StaffingRecordView::export_all_to(dir).unwrap();
    ChapterTextView::export_all_to(dir).unwrap();
    ChapterPageRequest::export_all_to(dir).unwrap();
    ChapterPreview::export_all_to(dir).unwrap();
    RulesSpecView::export_all_to(dir).unwrap();
    ReleaseDraft::export_all_to(dir).unwrap();
    centerplan_app::sheets::SheetPreview::export_all_to(dir).unwrap();
    centerplan_app::about::AboutView::export_all_to(dir).unwrap();
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

/// An enum the UI exchanges: its name, its type as ts-rs exports it, and the union of its
/// variants as serde writes them on the wire, built from the Rust variants at test time.
struct BoundaryEnum {
    name: String,
    exported: String,
    variants: String,
}

fn boundary_enum<T: TS + IntoEnumIterator + Serialize>() -> BoundaryEnum {
    let variants: Vec<String> = T::iter()
        .map(|v| serde_json::to_string(&v).unwrap())
        .collect();
    BoundaryEnum {
        name: T::ident(),
        exported: T::inline(),
        variants: variants.join(" | "),
    }
}

/// Every enum that crosses to the UI. An exported string union missing here fails
/// `every_boundary_enum_is_exported_as_its_variants`, so a new one cannot go unchecked.
fn boundary_enums() -> Vec<BoundaryEnum> {
    vec![
        boundary_enum::<Audience>(),
        boundary_enum::<CenterType>(),
        boundary_enum::<Channel>(),
        boundary_enum::<ShrinkageCause>(),
        boundary_enum::<Confidentiality>(),
        boundary_enum::<LogoFormat>(),
        boundary_enum::<ChapterState>(),
        boundary_enum::<DiffTag>(),
        boundary_enum::<Edition>(),
        boundary_enum::<ExportFormat>(),
        boundary_enum::<Frequency>(),
        boundary_enum::<Function>(),
        boundary_enum::<Lang>(),
        boundary_enum::<LineKind>(),
        boundary_enum::<MatrixFormat>(),
        boundary_enum::<ManualFormat>(),
        boundary_enum::<NodeKind>(),
        boundary_enum::<centerplan::manual::Paper>(),
        boundary_enum::<centerplan_app::about::LibraryOrigin>(),
        boundary_enum::<Phase>(),
        boundary_enum::<Raci>(),
        boundary_enum::<Role>(),
        boundary_enum::<RouteKind>(),
        boundary_enum::<RuleGroup>(),
        boundary_enum::<RuleKind>(),
        boundary_enum::<Severity>(),
        boundary_enum::<SpanUnit>(),
    ]
}

/// The right-hand side of `export type NAME = …;` when it is a union of string literals.
fn string_union(text: &str) -> Option<(&str, &str)> {
    let decl = text.lines().find_map(|l| l.strip_prefix("export type "))?;
    let (name, rest) = decl.split_once(" = ")?;
    let union = rest.strip_suffix(';')?;
    let literal = |t: &str| {
        t.len() >= 2 && t.starts_with('"') && t.ends_with('"') && !t[1..t.len() - 1].contains('"')
    };
    union.split(" | ").all(literal).then_some((name, union))
}

/// Checked on freshly generated files; `bindings_are_up_to_date` holds the committed ones
/// to them.
#[test]
fn every_boundary_enum_is_exported_as_its_variants() {
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path());
    let generated = files(fresh.path());
    let enums = boundary_enums();
    for e in &enums {
        assert_eq!(
            e.exported, e.variants,
            "ts-rs and serde disagree on the variants of {}",
            e.name
        );
        let file = format!("{}.ts", e.name);
        let text = generated
            .iter()
            .find_map(|(name, text)| (*name == file).then_some(text.as_str()))
            .unwrap_or_else(|| panic!("{file} is not generated: {} does not reach the UI", e.name));
        assert_eq!(
            string_union(text),
            Some((e.name.as_str(), e.variants.as_str())),
            "{file} does not declare the Rust variants of {}",
            e.name
        );
    }
    for (file, text) in &generated {
        match string_union(text) {
            // A union of string literals is an enum: it must be one checked above.
            Some((name, _)) => assert!(
                enums.iter().any(|e| e.name == name),
                "{file}: the enum {name} crosses to the UI but is not in boundary_enums()"
            ),
            // Elsewhere a union of literals is written inline, which only a hand-written
            // override does (ts-rs refers to an enum by its name).
            None => assert!(
                !text.contains("\" | \""),
                "{file}: an inline union of string literals, where the enum's type belongs"
            ),
        }
    }
}

/// The overrides that stay, each with why a derive cannot produce the type, by source file
/// and the item or field it is on.
const ALLOWED_OVERRIDES: &[(&str, &str, &str)] = &[
    (
        "src/rules.rs",
        "ClockTime",
        "its hand-written serde impls write the time as \"HH:MM\", which a derive cannot see",
    ),
    (
        "src/manual/mod.rs",
        "Date",
        "its hand-written serde impls write the date as \"YYYY-MM-DD\", which a derive cannot see",
    ),
    (
        "src/edit.rs",
        "logo",
        "a Logo's serde goes through LogoData (format and base64 bytes), to check the image on the way in",
    ),
];

/// The item or field an attribute at `lines[at]` belongs to: the first name after it.
fn attributed_item(lines: &[&str], at: usize) -> String {
    lines[at + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| {
            !l.starts_with('#') && !l.starts_with("//") && !l.starts_with(')') && !l.is_empty()
        })
        .map(|l| {
            let l = l
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            let l = l.trim_start_matches("struct ").trim_start_matches("enum ");
            l.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .unwrap_or_default()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_type_override_stands_in_for_a_derive() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sources = Vec::new();
    for dir in ["src", "src-tauri/src"] {
        rust_files(&root.join(dir), &mut sources);
    }
    let mut found = Vec::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("ts(type") || code.contains("ts(as") {
                let file = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.push((file, attributed_item(&lines, at)));
            }
        }
    }
    found.sort();
    let mut allowed: Vec<(String, String)> = ALLOWED_OVERRIDES
        .iter()
        .map(|(file, item, _)| ((*file).to_owned(), (*item).to_owned()))
        .collect();
    allowed.sort();
    assert_eq!(
        found, allowed,
        "a ts-rs type override: derive ts_rs::TS on the type instead, or add it to ALLOWED_OVERRIDES with the reason a derive cannot produce it"
    );
}

/// The field names of a generated declaration (the `name` of each `name: type` or
/// `name?: type`), doc comments left out.
fn field_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let code = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('*') && !l.trim_start().starts_with("/*"));
    for line in code {
        let chars: Vec<char> = line.chars().collect();
        for (at, &c) in chars.iter().enumerate() {
            if c != ':' || chars.get(at + 1) != Some(&' ') {
                continue;
            }
            let end = if at > 0 && chars[at - 1] == '?' {
                at - 1
            } else {
                at
            };
            let start = chars[..end]
                .iter()
                .rposition(|c| !(c.is_alphanumeric() || *c == '_' || *c == '"'))
                .map_or(0, |p| p + 1);
            let name: String = chars[start..end].iter().filter(|c| **c != '"').collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// One casing on the wire: every field the UI sends or receives is camelCase (the core's
/// snake_case model names, the JSON interchange format's, stay behind the view types).
#[test]
fn every_field_on_the_wire_is_camel_case() {
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path());
    let mut snake = Vec::new();
    for (file, text) in files(fresh.path()) {
        for name in field_names(&text) {
            if name.contains('_') || name.starts_with(char::is_uppercase) {
                snake.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(snake.is_empty(), "fields not in camelCase: {snake:#?}");
    assert!(
        field_names("export type X = { peakAgents: number, ahtSecs?: number, \"op\": \"move\", };")
            == ["peakAgents", "ahtSecs", "op"]
    );
}

/// Two builds of one boundary enum, before and after a variant was added in Rust, and an
/// enum whose wire name ts-rs cannot read: what the checks above must catch.
mod scratch {
    pub mod before {
        #[derive(serde::Serialize, ts_rs::TS, strum::EnumIter)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kind {
            Unit,
            Position,
        }
    }

    pub mod after {
        #[derive(serde::Serialize, ts_rs::TS, strum::EnumIter)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kind {
            Unit,
            Position,
            StaffPost,
        }
    }

    #[derive(serde::Serialize, ts_rs::TS, strum::EnumIter)]
    pub enum Misnamed {
        // ts-rs reads only the plain `rename = "…"` form and ignores this one.
        #[serde(rename(serialize = "dashed"))]
        Dotted,
    }
}

#[test]
fn a_variant_added_in_rust_changes_the_bindings_and_fails_the_checks() {
    let committed = tempfile::tempdir().unwrap();
    scratch::before::Kind::export_all_to(committed.path()).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    scratch::after::Kind::export_all_to(fresh.path()).unwrap();
    // `bindings_are_up_to_date` compares exactly these two listings.
    assert_ne!(files(committed.path()), files(fresh.path()));
    let after = boundary_enum::<scratch::after::Kind>();
    assert_eq!(after.variants, r#""unit" | "position" | "staff-post""#);
    assert_eq!(after.exported, after.variants);
    let (_, stale) = &files(committed.path())[0];
    assert_eq!(
        string_union(stale),
        Some(("Kind", r#""unit" | "position""#))
    );
}

#[test]
fn a_wire_name_ts_rs_cannot_see_fails_the_enum_check() {
    let misnamed = boundary_enum::<scratch::Misnamed>();
    assert_eq!(misnamed.variants, r#""dashed""#);
    assert_ne!(misnamed.exported, misnamed.variants);
}
