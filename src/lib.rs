//! qa-convert turns interview-question articles into study material.
//!
//! ```text
//!  article files ──read──▶ Document { title, questions } ──dedupe──▶ [Cluster] ──write──▶ .apkg .csv .json .pdf
//!  (text, md, html)          model.rs                       dedupe/                 write/
//! ```
//!
//! Where a change belongs:
//! - a new input layout or format: `read/` (a question-line pattern in `read/patterns.rs`,
//!   a wording test in `read/wording.rs`, a junk rule in `read/junk.rs`, a format in the table of
//!   `read/mod.rs`);
//! - how questions are merged: `dedupe/`;
//! - a new output format: one file in `write/` with a [`write::WriteFn`] (corpus and
//!   [`write::Options`] in, the file's bytes out) and one row in [`write::WRITERS`]
//!   (`write/table.rs`); `all` and its help then include it. A command of its own is one more
//!   variant in `cli.rs`;
//! - how the `.apkg` is stored (SQLite pages, zip): `storage/`, private to the crate;
//! - a flag or command: `cli.rs` declares it, `run.rs` wires it to the stages.
//!
//! Readers and writers know nothing of each other: both speak only [`model`].

#![warn(missing_docs)]

pub mod cli;
// The readers and dedupe are documented and narrowed by their own changes.
#[allow(missing_docs)]
pub mod dedupe;
pub mod error;
mod inputs;
pub mod model;
mod progress;
#[allow(missing_docs)]
pub mod read;
pub mod run;
mod storage;
pub mod write;
