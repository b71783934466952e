//! What the About dialog shows: the app's version, the versions of the engines it is
//! built on, and the licence of every font and library that ships with it.
//!
//! The library list is `licenses.json` beside this crate's manifest, generated from the
//! lock files (every crate the app links on Linux, every npm package the built UI
//! contains) by `tests/licenses.rs`, which fails when it is out of date — the same
//! arrangement as the TypeScript bindings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The committed list of the app's libraries and their licences.
const LIBRARIES: &str = include_str!("../licenses.json");

/// One library in the shipped app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Library {
    pub name: String,
    pub version: String,
    /// The SPDX expression its package declares ("MIT OR Apache-2.0").
    pub license: String,
    /// Where it comes from: a Rust crate, or an npm package inside the UI.
    pub origin: LibraryOrigin,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS, strum::EnumIter,
)]
#[serde(rename_all = "camelCase")]
pub enum LibraryOrigin {
    Crate,
    Npm,
}

/// A font the app uses: none is bundled; they come from the system's packages, which the
/// Debian package depends on.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FontLicense {
    pub name: String,
    pub license: String,
    /// The Debian package that installs it.
    pub package: String,
    /// What it is used for, in zh-CN and English.
    pub use_zh: String,
    pub use_en: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutView {
    pub version: String,
    pub license: String,
    pub tauri: String,
    pub typst: String,
    pub fonts: Vec<FontLicense>,
    pub libraries: Vec<Library>,
}

/// The committed library list; a malformed one (it is built into the binary, so only a
/// broken commit can make it so) shows as an empty list rather than a failed dialog.
pub fn libraries() -> Vec<Library> {
    serde_json::from_str(LIBRARIES).unwrap_or_default()
}

pub fn about() -> AboutView {
    let libraries = libraries();
    let version_of = |name: &str| {
        libraries
            .iter()
            .find(|l| l.origin == LibraryOrigin::Crate && l.name == name)
            .map(|l| l.version.clone())
            .unwrap_or_default()
    };
    AboutView {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        license: env!("CARGO_PKG_LICENSE").to_owned(),
        tauri: tauri::VERSION.to_owned(),
        typst: version_of("typst"),
        fonts: vec![
            FontLicense {
                name: "Noto Sans CJK SC".to_owned(),
                license: "OFL-1.1".to_owned(),
                package: "fonts-noto-cjk".to_owned(),
                use_zh: "手册、组织架构图的 PDF 与 PNG 中的全部文字".to_owned(),
                use_en: "All text of the manual and of the chart's PDF and PNG".to_owned(),
            },
            FontLicense {
                name: "Noto Color Emoji".to_owned(),
                license: "OFL-1.1".to_owned(),
                package: "fonts-noto-color-emoji".to_owned(),
                use_zh: "名称中的表情符号（屏幕显示）".to_owned(),
                use_en: "Emoji in names, on screen".to_owned(),
            },
        ],
        libraries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_list_parses_and_names_the_engines() {
        let about = about();
        assert!(about.libraries.len() > 100, "{}", about.libraries.len());
        assert!(!about.typst.is_empty(), "typst is not in licenses.json");
        assert!(
            about
                .libraries
                .iter()
                .any(|l| l.origin == LibraryOrigin::Npm)
        );
        assert!(about.libraries.iter().all(|l| !l.license.is_empty()));
    }
}
