//! Writers: turn the record model into output files. This file holds what every writer shares:
//! where output goes and how it is written without ever leaving a half-written file.

pub mod anki;
pub mod csv;
mod files;
pub mod json;
pub mod lost;
pub mod no_answer;
pub mod notes;
pub mod pdf;
mod table;

pub(crate) use files::{FileError, Output, StageError, Staging, write_atomically, write_set};
pub use table::{
    ANKI, CSV, JSON, Options, PDF, StreamFn, WRITERS, WriteError, WriteFn, Writer, Written, nouns,
};
