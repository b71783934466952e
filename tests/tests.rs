//! The crate's one integration-test binary: one module per area.

mod support;

mod chart;
mod cli;
mod document;
mod outline;
mod staffing;
mod validate;
