//! What the app remembers between runs: the UI language and the recent files.
//!
//! Stored as a small JSON file in the app's config directory. A missing or unreadable
//! file means defaults: preferences are never worth refusing to start over.

use std::path::{Path, PathBuf};

use centerplan::model::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many recent files the start screen lists.
pub const RECENT_LIMIT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentFile {
    pub path: String,
    /// The file name, for display.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Prefs {
    /// The UI language; also the language of the chart's labels.
    pub lang: Lang,
    pub recent: Vec<RecentFile>,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            lang: Lang::Zh,
            recent: Vec::new(),
        }
    }
}

impl Prefs {
    pub fn load(file: &Path) -> Prefs {
        std::fs::read_to_string(file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the preferences; failing to remember them is not worth an error dialog.
    pub fn store(&self, file: &Path) {
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(
            file,
            serde_json::to_string_pretty(self).expect("prefs serialize"),
        );
    }

    /// Puts `path` first in the recent files, once.
    pub fn add_recent(&mut self, path: &Path) {
        let path_text = path.to_string_lossy().into_owned();
        self.recent.retain(|r| r.path != path_text);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path_text.clone());
        self.recent.insert(
            0,
            RecentFile {
                path: path_text,
                name,
            },
        );
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Drops a recent file that no longer opens.
    pub fn remove_recent(&mut self, path: &Path) {
        let path_text = path.to_string_lossy();
        self.recent.retain(|r| r.path != path_text);
    }
}

/// Where the app keeps its own files.
#[derive(Debug, Clone)]
pub struct AppDirs {
    pub prefs_file: PathBuf,
    /// Recovery copies of plans with unsaved changes.
    pub recovery: PathBuf,
}

impl AppDirs {
    pub fn under(root: &Path) -> AppDirs {
        AppDirs {
            prefs_file: root.join("prefs.json"),
            recovery: root.join("recovery"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut prefs = Prefs::default();
        for i in 0..RECENT_LIMIT + 3 {
            prefs.add_recent(Path::new(&format!("/plans/{i}.centerplan")));
        }
        prefs.add_recent(Path::new("/plans/5.centerplan"));
        assert_eq!(prefs.recent.len(), RECENT_LIMIT);
        assert_eq!(prefs.recent[0].name, "5.centerplan");
        assert_eq!(
            prefs
                .recent
                .iter()
                .filter(|r| r.name == "5.centerplan")
                .count(),
            1
        );
        prefs.remove_recent(Path::new("/plans/5.centerplan"));
        assert_eq!(prefs.recent[0].name, "10.centerplan");
    }

    #[test]
    fn preferences_survive_a_restart_and_a_broken_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/prefs.json");
        assert_eq!(Prefs::load(&file), Prefs::default());
        let mut prefs = Prefs {
            lang: Lang::En,
            ..Prefs::default()
        };
        prefs.add_recent(Path::new("/a.centerplan"));
        prefs.store(&file);
        assert_eq!(Prefs::load(&file), prefs);
        // The file keeps the language as the short code it always had.
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains(r#""lang": "en""#)
        );
        std::fs::write(&file, "{broken").unwrap();
        assert_eq!(Prefs::load(&file), Prefs::default());
    }
}
