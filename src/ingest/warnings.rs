//! One warning per kind of problem, however often it occurs: a 50,000-component SBOM with the
//! same schema slip in every component gets one line, with a count and the first place.

use std::collections::BTreeMap;

use crate::model::{Location, Warning};

/// Collects reader warnings, keyed by their kebab-case code.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    by_code: BTreeMap<String, Warning>,
}

impl Warnings {
    /// Records one occurrence; the message and location of the first occurrence are kept.
    pub fn add(&mut self, code: &str, location: Option<Location>, message: impl Into<String>) {
        self.add_with(code, location, || message.into());
    }

    /// Like [`Warnings::add`], but only formats the message for the first occurrence.
    pub fn add_with(
        &mut self,
        code: &str,
        location: Option<Location>,
        message: impl FnOnce() -> String,
    ) {
        if let Some(w) = self.by_code.get_mut(code) {
            w.count += 1;
            return;
        }
        self.by_code.insert(
            code.to_string(),
            Warning {
                code: code.to_string(),
                message: message(),
                count: 1,
                location,
            },
        );
    }

    /// Whether nothing was recorded.
    #[allow(dead_code)]
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The warnings, sorted by code.
    pub fn into_vec(self) -> Vec<Warning> {
        self.by_code.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_code_with_count() {
        let mut w = Warnings::default();
        for i in 0..1000 {
            w.add_with(
                "bad-type",
                Some(Location::at(format!("/components/{i}"))),
                || format!("first is {i}"),
            );
        }
        w.add("missing-field", None, "x");
        let v = w.into_vec();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].code, "bad-type");
        assert_eq!(v[0].count, 1000);
        assert_eq!(v[0].message, "first is 0");
        assert_eq!(v[0].location.as_ref().unwrap().pointer, "/components/0");
    }
}
