//! The crate's one integration-test binary: one module per area.

// The library's errors are large on purpose (see `src/lib.rs`).
#![allow(clippy::result_large_err)]

mod support;

mod chapters;
mod chart;
mod chart_pdf;
mod control;
mod crash;
mod document;
mod docx;
mod fuzz_regressions;
mod hostile;
mod limits;
mod manual;
mod manual_layout;
mod manual_roles;
mod manual_text;
mod outline;
mod rules;
mod sheet;
mod staffing;
mod tree;
mod validate;
