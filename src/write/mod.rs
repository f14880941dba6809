//! Writers: turn the record model into output files. This file holds what every writer shares:
//! where output goes and how it is written without ever leaving a half-written file.

pub mod anki;
pub mod csv;
mod files;
pub mod json;
pub mod notes;
pub mod pdf;
mod table;

pub(crate) use files::{FileError, Output, write_atomically, write_set};
pub use table::{
    ANKI, CSV, JSON, Options, PDF, WRITERS, WriteError, WriteFn, Writer, Written, nouns,
};

/// `n` in decimal, as `n.to_string()` writes it, in `digits` instead of a string of its own:
/// the writers print numbers in hot loops (note sources, PDF coordinates).
pub fn decimal(n: u64, digits: &mut [u8; 20]) -> &str {
    let mut start = digits.len(); // u64::MAX has 20 digits
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // ASCII digits are always UTF-8.
    std::str::from_utf8(&digits[start..]).unwrap_or_default()
}
