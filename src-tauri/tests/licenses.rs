//! `licenses.json`, the library list the About dialog shows, is generated from the lock
//! files: this test regenerates it and fails when the committed file differs;
//! `UPDATE_LICENSES=1 cargo test -p centerplan-app --test tests licenses` rewrites it.
//!
//! Crates: everything the app links on Linux, i.e. the normal (not dev, not build)
//! dependencies of `centerplan-app` reached without passing through a proc macro (a macro
//! runs in the compiler; it is not in the binary), minus the workspace's own crates.
//! npm: every package of the UI's lock not marked `dev`, i.e. what the built UI bundles.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::process::Command;

use centerplan_app::about::{Library, LibraryOrigin};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn crates() -> Vec<Library> {
    let workspace = crate_dir().join("..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--offline",
            "--filter-platform",
            "x86_64-unknown-linux-gnu",
            "--manifest-path",
        ])
        .arg(workspace.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let meta: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: HashMap<&str, &Value> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let members: HashSet<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let is_proc_macro = |id: &str| {
        packages[id]["targets"].as_array().unwrap().iter().any(|t| {
            t["kind"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k == "proc-macro")
        })
    };
    let app = packages
        .values()
        .find(|p| p["name"] == "centerplan-app")
        .map(|p| p["id"].as_str().unwrap())
        .unwrap();
    let mut seen = HashSet::from([app]);
    let mut stack = vec![app];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap();
            if normal && !is_proc_macro(dep_id) && seen.insert(dep_id) {
                stack.push(dep_id);
            }
        }
    }
    seen.into_iter()
        .filter(|id| !members.contains(id))
        .map(|id| {
            let p = packages[id];
            Library {
                name: p["name"].as_str().unwrap().to_owned(),
                version: p["version"].as_str().unwrap().to_owned(),
                license: p["license"]
                    .as_str()
                    .unwrap_or_else(|| panic!("crate {} declares no licence", p["name"]))
                    .to_owned(),
                origin: LibraryOrigin::Crate,
            }
        })
        .collect()
}

fn npm_packages() -> Vec<Library> {
    let lock: Value = serde_json::from_str(
        &std::fs::read_to_string(crate_dir().join("../ui/package-lock.json")).unwrap(),
    )
    .unwrap();
    lock["packages"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, p)| !key.is_empty() && p["dev"] != true)
        .map(|(key, p)| Library {
            name: key.rsplit("node_modules/").next().unwrap().to_owned(),
            version: p["version"].as_str().unwrap().to_owned(),
            license: p["license"]
                .as_str()
                .unwrap_or_else(|| panic!("npm package {key} declares no licence"))
                .to_owned(),
            origin: LibraryOrigin::Npm,
        })
        .collect()
}

fn generate() -> String {
    let mut all: Vec<Library> = crates().into_iter().chain(npm_packages()).collect();
    all.sort_by(|a, b| (a.origin, &a.name, &a.version).cmp(&(b.origin, &b.name, &b.version)));
    let lines: Vec<String> = all
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

#[test]
fn licenses_are_up_to_date() {
    let path = crate_dir().join("licenses.json");
    let fresh = generate();
    if std::env::var_os("UPDATE_LICENSES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let old: BTreeSet<&str> = committed.lines().collect();
        let new: BTreeSet<&str> = fresh.lines().collect();
        let added: Vec<_> = new.difference(&old).take(5).collect();
        let removed: Vec<_> = old.difference(&new).take(5).collect();
        panic!(
            "{} is stale (added {added:?}, removed {removed:?}); run \
             UPDATE_LICENSES=1 cargo test -p centerplan-app --test tests licenses",
            path.display()
        );
    }
}

#[test]
fn the_app_shows_the_committed_list() {
    // What the dialog is sent is the file as committed, every entry of it.
    let shown = centerplan_app::about::libraries();
    let committed: Vec<Library> =
        serde_json::from_str(&std::fs::read_to_string(crate_dir().join("licenses.json")).unwrap())
            .unwrap();
    assert_eq!(shown, committed);
    assert!(shown.iter().any(|l| l.name == "tauri"));
    assert!(shown.iter().any(|l| l.name == "lit-html"));
    // Macros, dev-dependencies and the UI's build tools are not shipped.
    for absent in [
        "serde_derive",
        "criterion",
        "proptest",
        "vite",
        "typescript",
    ] {
        assert!(
            !shown.iter().any(|l| l.name == absent),
            "{absent} is listed"
        );
    }
}
