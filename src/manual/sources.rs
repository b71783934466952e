//! The chapter sources: `manuals/<lang dir>/NN-slug.md`, built into the binary.
//!
//! The engine takes a [`Sources`] as a parameter (the embedded set is the default), so
//! tests and future user-supplied chapters go through the same code.

use std::sync::{LazyLock, OnceLock};

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

use crate::model::Lang;

static EMBEDDED_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/manuals");

static EMBEDDED: LazyLock<Sources> = LazyLock::new(|| {
    let mut files = Vec::new();
    for lang_dir in EMBEDDED_DIR.dirs() {
        for file in lang_dir.files() {
            let Some(text) = file.contents_utf8() else {
                continue;
            };
            let path = file.path().to_string_lossy().replace('\\', "/");
            files.push(SourceFile::new(path, text));
        }
    }
    Sources::new(files)
});

/// One chapter template, named by its path relative to `manuals/`, e.g. `en/01-about.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// A set of chapter templates for one or more languages.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// Each file's SHA-256 (hex), computed when first asked for: every chapter edit and
    /// every plan of a batch with a chapter library asks for it, so it is hashed once.
    hashes: Vec<OnceLock<String>>,
}

impl Sources {
    /// The chapters built into the binary from the repository's `manuals/` folder.
    pub fn embedded() -> &'static Sources {
        &EMBEDDED
    }

    /// A set from files whose paths are relative to `manuals/` (`zh-CN/01-about.md`).
    /// Files other than `.md` are ignored.
    pub fn new(files: impl IntoIterator<Item = SourceFile>) -> Sources {
        let mut files: Vec<SourceFile> = files
            .into_iter()
            .filter(|f| f.path.ends_with(".md"))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let hashes = files.iter().map(|_| OnceLock::new()).collect();
        Sources { files, hashes }
    }

    /// This set with `files` laid over it: a file replaces the chapter of the same path and
    /// any other is added (a consultant's own chapters, or a writer's working copies).
    pub fn overlaid(&self, files: impl IntoIterator<Item = SourceFile>) -> Sources {
        let mut merged = self.files.clone();
        for file in files {
            match merged.iter_mut().find(|f| f.path == file.path) {
                Some(existing) => *existing = file,
                None => merged.push(file),
            }
        }
        Sources::new(merged)
    }

    /// The folder holding a language's chapters.
    pub fn lang_dir(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The chapters of `lang`, in file-name order (the order they are printed in).
    pub fn chapters(&self, lang: Lang) -> impl Iterator<Item = &SourceFile> {
        let prefix = format!("{}/", Sources::lang_dir(lang));
        self.files
            .iter()
            .filter(move |f| f.path.starts_with(&prefix) && !f.path[prefix.len()..].contains('/'))
    }

    /// The chapter `id` (its file slug, `05-complaints`) of `lang`, if the set has it.
    pub fn chapter(&self, lang: Lang, id: &str) -> Option<&SourceFile> {
        self.chapter_index(lang, id).map(|index| &self.files[index])
    }

    fn chapter_index(&self, lang: Lang, id: &str) -> Option<usize> {
        let prefix = format!("{}/", Sources::lang_dir(lang));
        self.files.iter().position(|f| {
            f.path.starts_with(&prefix)
                && !f.path[prefix.len()..].contains('/')
                && super::chapters::chapter_id_of(&f.path) == Some(id)
        })
    }

    /// The hex SHA-256 of the chapter `id` of `lang` (what an edited chapter records as
    /// the built-in text it was edited from), if the set has it.
    pub fn chapter_hash(&self, lang: Lang, id: &str) -> Option<&str> {
        let index = self.chapter_index(lang, id)?;
        let hash = self.hashes[index].get_or_init(|| {
            let digest = Sha256::digest(self.files[index].text.as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        });
        Some(hash)
    }

    /// The ids of the set's chapters in print order (file-name order), each once whether
    /// one language has it or both.
    pub fn chapter_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Lang::ALL
            .into_iter()
            .flat_map(|lang| self.chapters(lang))
            .filter_map(|f| super::chapters::chapter_id_of(&f.path))
            .map(str::to_owned)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_come_in_file_name_order_per_language() {
        let sources = Sources::new([
            SourceFile::new("zh-CN/03-b.md", ""),
            SourceFile::new("en/01-a.md", ""),
            SourceFile::new("zh-CN/01-a.md", ""),
            SourceFile::new("zh-CN/notes.txt", ""),
            SourceFile::new("zh-CN/sub/02-x.md", ""),
        ]);
        let zh: Vec<&str> = sources
            .chapters(Lang::Zh)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(zh, ["zh-CN/01-a.md", "zh-CN/03-b.md"]);
        assert_eq!(sources.chapters(Lang::En).count(), 1);
    }

    #[test]
    fn the_embedded_set_has_both_languages() {
        let embedded = Sources::embedded();
        for lang in Lang::ALL {
            assert!(embedded.chapters(lang).next().is_some(), "{lang:?}");
        }
    }
}
