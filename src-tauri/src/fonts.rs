//! Finding the product's fonts for the app, so the core can be handed their bytes.
//!
//! The same places as the CLI (`src/cli/fonts.rs`): `$CENTERPLAN_FONT_DIR`, then where
//! Debian's `fonts-noto-cjk` installs Noto Sans CJK. Without them the app still runs:
//! the chart is measured with the core's deterministic stand-in metrics and PNG export
//! reports the missing font.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use centerplan::fonts::{FontFace, FontSet};

/// Noto Sans CJK collections hold JP, KR, SC, TC, HK faces in this order; SC is index 2.
const NOTO_CJK_SC_INDEX: u32 = 2;
const SYSTEM_DIRS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
];

/// Noto Sans CJK SC (regular and bold) from the first place that has both.
pub fn find_fonts() -> Option<FontSet> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("CENTERPLAN_FONT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    dirs.extend(SYSTEM_DIRS.iter().map(PathBuf::from));
    dirs.iter().find_map(|dir| load_from(dir))
}

fn load_from(dir: &Path) -> Option<FontSet> {
    let candidates = [
        (
            "NotoSansCJK-Regular.ttc",
            "NotoSansCJK-Bold.ttc",
            NOTO_CJK_SC_INDEX,
        ),
        ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", 0),
    ];
    candidates.into_iter().find_map(|(regular, bold, index)| {
        let face = |name: &str| {
            std::fs::read(dir.join(name)).ok().map(|data| FontFace {
                data: Arc::new(data),
                index,
            })
        };
        Some(FontSet {
            family: "Noto Sans CJK SC".to_owned(),
            regular: face(regular)?,
            bold: face(bold)?,
        })
    })
}
