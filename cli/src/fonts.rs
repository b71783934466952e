//! Finding the product's fonts for the CLI, so the core can be handed their bytes.
//!
//! Looks in `$CENTERPLAN_FONT_DIR` first (for bundles and tests), then where Debian's
//! `fonts-noto-cjk` installs Noto Sans CJK (the search itself is the core's
//! [`centerplan::fonts::load_noto_cjk`], shared with the app). A missing font is a clear
//! error telling how to install it: rendering Chinese with a fallback font would print
//! tofu boxes.

use std::path::PathBuf;

use anyhow::anyhow;
use centerplan::fonts::{FontSet, font_dirs, load_noto_cjk};

/// Loads Noto Sans CJK SC (regular and bold) from the first place that has both.
pub fn load_fonts() -> anyhow::Result<FontSet> {
    let dirs = font_dirs(std::env::var_os("CENTERPLAN_FONT_DIR").map(PathBuf::from));
    load_noto_cjk(&dirs)?.ok_or_else(|| {
        let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        anyhow!(
            "no CJK font found (looked for Noto Sans CJK SC in {}): install it with `apt-get install fonts-noto-cjk` or set CENTERPLAN_FONT_DIR",
            searched.join(", ")
        )
    })
}
