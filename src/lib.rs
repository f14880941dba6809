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

// No `unwrap` or `expect` outside tests: user data never panics, and the few invariants that
// cannot fail say why where they are allowed.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![warn(missing_docs)]

pub mod cli;
pub mod dedupe;
pub mod error;
mod fasthash;
mod fetch;
mod inputs;
mod lockfile;
pub mod model;
mod page_cache;
mod progress;
pub mod read;
pub mod run;
mod set;
mod storage;
pub mod write;
