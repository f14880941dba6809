//! File formats the writers store their output in but that are not output formats themselves:
//! SQLite database pages (the Anki collection) and stored zip archives (the `.apkg` around it).
//! Private to the crate; README "Design choices" says why they exist and what replaces them.

pub(crate) mod sqlite;
pub(crate) mod zip;
