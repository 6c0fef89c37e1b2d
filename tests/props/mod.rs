//! Property tests (proptest): value spellings read back as themselves, and a run's findings
//! do not depend on how the office laid out its sheets.

mod csv;
mod invariance;
mod values;
