//! The `centerplan` command line: parses arguments, calls the library, prints results.
fn main() {}
