//! Finding the product's fonts on this machine, so the core can be handed their bytes.
//!
//! Looks in `$CENTERPLAN_FONT_DIR` first (for bundles and tests), then where Debian's
//! `fonts-noto-cjk` installs Noto Sans CJK. A missing font is a clear error telling how to
//! install it: rendering Chinese with a fallback font would print tofu boxes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use centerplan::fonts::{FontFace, FontSet};

/// Noto Sans CJK collections hold JP, KR, SC, TC, HK faces in this order; SC is index 2.
const NOTO_CJK_SC_INDEX: u32 = 2;
const SYSTEM_DIRS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
];

/// The font files of one family: (regular, bold) paths and the face index inside them.
fn candidates(dir: &Path) -> [(PathBuf, PathBuf, u32); 2] {
    [
        (
            dir.join("NotoSansCJK-Regular.ttc"),
            dir.join("NotoSansCJK-Bold.ttc"),
            NOTO_CJK_SC_INDEX,
        ),
        (
            dir.join("NotoSansSC-Regular.ttf"),
            dir.join("NotoSansSC-Bold.ttf"),
            0,
        ),
    ]
}

/// Loads Noto Sans CJK SC (regular and bold) from the first place that has both.
pub fn load_fonts() -> anyhow::Result<FontSet> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("CENTERPLAN_FONT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    dirs.extend(SYSTEM_DIRS.iter().map(PathBuf::from));
    for dir in &dirs {
        for (regular, bold, index) in candidates(dir) {
            if regular.is_file() && bold.is_file() {
                return Ok(FontSet {
                    family: "Noto Sans CJK SC".to_owned(),
                    regular: load_face(&regular, index)?,
                    bold: load_face(&bold, index)?,
                });
            }
        }
    }
    let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    bail!(
        "no CJK font found (looked for Noto Sans CJK SC in {}): install it with `apt-get install fonts-noto-cjk` or set CENTERPLAN_FONT_DIR",
        searched.join(", ")
    )
}

fn load_face(path: &Path, index: u32) -> anyhow::Result<FontFace> {
    let data =
        std::fs::read(path).with_context(|| format!("cannot read font {}", path.display()))?;
    Ok(FontFace {
        data: Arc::new(data),
        index,
    })
}
