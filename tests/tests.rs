//! The crate's one integration-test binary: one module per area.

mod support;

mod chart;
mod cli;
mod crash;
mod document;
mod limits;
mod outline;
mod staffing;
mod validate;
