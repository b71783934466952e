//! Centerplan's core: the plan model, templates, validation, documents and exports.
//!
//! This crate knows nothing of windows or Tauri. It takes the world as arguments (paths,
//! fonts, dates) and returns values and bytes, so the CLI, the desktop app and the tests
//! all drive the same code. See `ARCHITECTURE.md` for the map.

// Errors name the file, field or node at fault (with both languages' names), so some
// variants are large; they are returned once per failed user action, never in a loop,
// so boxing them would buy nothing. Newer clippy flags them (`make lint`).
#![allow(clippy::result_large_err)]

pub mod chart;
pub mod control;
pub mod csv_io;
pub mod diff;
pub mod document;
pub mod edit;
pub mod error;
pub mod fonts;
pub mod interchange;
pub mod limits;
pub mod manual;
pub mod model;
pub mod outline;
pub mod rules;
pub mod sheet;
pub mod staffing;
pub mod templates;
pub mod tree;
pub mod validate;
