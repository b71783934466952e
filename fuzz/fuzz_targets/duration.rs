//! The duration parser behind `--aht`, `--interval`, `--talk`, `--acw`, `--patience` and
//! the forecast's aht column: any text gives `None` or a finite, non-negative number of
//! seconds.
#![no_main]

use centerplan::staffing::parse_duration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(seconds) = parse_duration(text) {
        assert!(seconds.is_finite() && seconds >= 0.0, "{text:?} -> {seconds}");
    }
});
