//! The crate's one integration-test binary: one module per area.

mod support;

mod chart;
mod cli;
mod document;
mod manual;
mod outline;
mod staffing;
mod validate;
