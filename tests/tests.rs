//! The crate's one integration-test binary: one module per area.

mod support;

mod document;
mod outline;
mod validate;
