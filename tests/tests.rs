//! The crate's one integration-test binary: one module per area.

mod support;

mod chart;
mod cli;
mod crash;
mod document;
mod fuzz_regressions;
mod hostile;
mod limits;
mod manual;
mod manual_roles;
mod manual_text;
mod outline;
mod staffing;
mod validate;
