//! Which file paths inside an artifact are worth a component of their own even when the file is
//! no executable: a path segment that is a watched name, alias, product or file name by itself
//! (`/opt/kaspersky/`, `klif.sys`), or starts with a watched file-name prefix. The screener then
//! weighs the path as it weighs any path; this only decides what it gets to see.

use std::collections::HashSet;

use crate::watchlist::Watchlist;

/// The watched names as lower-case path segments.
#[derive(Debug, Default)]
pub struct PathNames {
    segments: HashSet<String>,
    prefixes: Vec<String>,
}

impl PathNames {
    /// Every entry's name, aliases, products, file names and file-name prefixes, lower case.
    pub fn new(watchlist: &Watchlist) -> PathNames {
        let mut names = PathNames::default();
        for e in &watchlist.entries {
            let ids = &e.identifiers;
            let words = std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(|a| a.text.as_str()))
                .chain(ids.products.iter().map(String::as_str))
                .chain(ids.file_names.iter().map(String::as_str));
            for w in words {
                let w = w.trim().to_lowercase();
                // Two-letter names would name half the folders of a filesystem.
                if w.chars().count() >= 3 {
                    names.segments.insert(w);
                }
            }
            names
                .prefixes
                .extend(ids.file_name_prefixes.iter().map(|p| p.to_lowercase()));
        }
        names
    }

    /// Whether a segment of `path` is a watched name or starts with a watched prefix.
    pub fn matches(&self, path: &str) -> bool {
        path.split(['/', '\\']).filter(|s| !s.is_empty()).any(|s| {
            let s = s.to_lowercase();
            self.segments.contains(&s) || self.prefixes.iter().any(|p| s.starts_with(p.as_str()))
        })
    }
}
