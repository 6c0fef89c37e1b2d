//! Personal data in what kyodo writes and prints.
//!
//! Every report, summary.json and the terminal read only the [`Analysis`], so the analysis is
//! where personal data is dealt with, once, before anything is written:
//!
//! - contacts (連絡先, 電話, メール) never go out: [`Shield::mask_contacts`] (`shield.rs`)
//!   replaces the rosters' own contact values and anything shaped like a phone number, postal
//!   code or mail address (`mask.rs`) with 「（連絡先）」 in every text that came from the
//!   inputs — names, messages, affiliations, venues, district names — wherever the office
//!   typed it;
//! - under `--redact`, [`Pseudonyms::redact`] (`pseudonyms.rs`) replaces every person's name
//!   with 「人物001」… (one number per person, the same wherever the person appears).
//!
//! `visit` (`fields.rs`) names every text field of the analysis and what it holds; it
//! destructures each struct whole, so a field added to the analysis does not compile until it
//! is placed there. File and sheet names are left as they are: links and the inventory need
//! them, and the office names its files.
//!
//! [`Analysis`]: crate::analysis::Analysis

mod fields;
pub mod mask;
mod pseudonyms;
mod shield;
#[cfg(test)]
mod tests;

pub use pseudonyms::Pseudonyms;
pub use shield::Shield;
