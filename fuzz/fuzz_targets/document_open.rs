//! Opening a `.centerplan` file: any bytes (through a temp file, exactly as `open` reads
//! a file) are refused with an error or yield a plan that saves and reopens equal.
#![no_main]

use centerplan::model::Lang;
use centerplan::{document, outline, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = document::from_bytes(data) else {
        return;
    };
    let bytes = document::to_bytes(&plan).expect("an opened plan saves");
    assert_eq!(document::from_bytes(&bytes).expect("a saved plan opens"), plan);
    validate::validate(&plan);
    outline::render(&plan, Lang::En);
});
