//! The CLI's one integration-test binary: the `centerplan` binary driven as a user would,
//! one module per area.

mod support;

mod chapters;
mod chart;
mod cli;
mod export;
mod release;
mod staffing;
