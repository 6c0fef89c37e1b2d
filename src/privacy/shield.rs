//! The contacts the inputs hold (the rosters' and the resource list's contact cells), masked
//! with every contact shaped like one wherever the analysis quotes them.

use super::fields::visit;
use super::mask::{contact_parts, mask_shapes, Replacer, CONTACT_MASK};
use crate::analysis::Analysis;
use crate::model::Dataset;

/// The contacts the inputs hold, to be masked wherever they were typed.
#[derive(Debug, Default)]
pub struct Shield {
    known: Replacer,
}

impl Shield {
    /// The contact values of the rosters and the resource list.
    pub fn new(data: &Dataset) -> Shield {
        let mut known = Replacer::default();
        let cells = data
            .coordinators
            .iter()
            .map(|c| &c.contact)
            .chain(data.supporters.iter().map(|s| &s.contact))
            .chain(data.resources.iter().map(|r| &r.contact));
        for cell in cells {
            for part in contact_parts(cell) {
                known.insert(&part, CONTACT_MASK);
            }
        }
        Shield { known }
    }

    /// `text` with contacts masked, or None when it holds none.
    pub fn mask(&self, text: &str) -> Option<String> {
        match self.known.replace(text) {
            Some(t) => Some(mask_shapes(&t).unwrap_or(t)),
            None => mask_shapes(text),
        }
    }

    /// Masks contacts in every text of the analysis.
    pub fn mask_contacts(&self, a: &mut Analysis) {
        visit(a, &mut |_, s| {
            if let Some(t) = self.mask(s) {
                *s = t;
            }
        });
    }
}
