//! The html reader on any input: it must never panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qa_convert::read::{self, Format};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let text = read::normalise_line_ends(&text);
    let _ = read::read(&text, "fuzz.html", Format::Html);
});
