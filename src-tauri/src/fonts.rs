//! Finding the product's fonts for the app, so the core can be handed their bytes.
//!
//! The same places as the CLI, through the core's shared search
//! ([`centerplan::fonts::load_noto_cjk`]): `$CENTERPLAN_FONT_DIR`, then where Debian's
//! `fonts-noto-cjk` installs Noto Sans CJK. Without them the app still runs: the chart is
//! measured with the core's deterministic stand-in metrics and PNG export reports the
//! missing font.

use std::path::PathBuf;

use centerplan::fonts::{FontSet, font_dirs, load_noto_cjk};

/// Noto Sans CJK SC (regular and bold) from the first place that has both.
pub fn find_fonts() -> Option<FontSet> {
    let dirs = font_dirs(std::env::var_os("CENTERPLAN_FONT_DIR").map(PathBuf::from));
    load_noto_cjk(&dirs).ok().flatten()
}
