//! What the manual benchmarks share.

use centerplan::fonts::FontSet;

/// Noto Sans CJK SC (and the emoji font), found the way the CLI finds them.
pub fn fonts() -> FontSet {
    let dirs =
        centerplan::fonts::font_dirs(std::env::var_os("CENTERPLAN_FONT_DIR").map(Into::into));
    centerplan::fonts::load_noto_cjk(&dirs)
        .expect("fonts readable")
        .expect("Noto Sans CJK installed")
}
