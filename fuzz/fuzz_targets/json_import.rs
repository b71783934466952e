//! Plan JSON import: any text either is refused with an error or yields a plan that
//! round-trips through JSON and goes through validation and the outline.
#![no_main]

use centerplan::model::Lang;
use centerplan::{interchange, outline, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = interchange::from_json(text) else {
        return;
    };
    let again = interchange::from_json(&interchange::to_json(&plan)).expect("our JSON reads back");
    assert_eq!(again, plan);
    validate::validate(&plan);
    outline::render(&plan, Lang::Zh);
});
