//! Writing a watchlist back out in the file format (TOML) or as JSON (the schema's shape).

use jiff::civil::Date;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{Alias, Script, Watchlist};

/// The watchlist as a TOML file in the documented format; reading it back gives the same watchlist.
pub fn to_toml(watchlist: &Watchlist) -> Result<String, toml::ser::Error> {
    let body = toml::to_string_pretty(watchlist)?;
    Ok(format!(
        "# bomscreen watchlist; the format is described in src/watchlist/FORMAT.md of the bomscreen sources.\n{body}"
    ))
}

/// The watchlist as pretty JSON, in the shape `schemas/watchlist.schema.json` describes.
pub fn to_json(watchlist: &Watchlist) -> serde_json::Result<String> {
    serde_json::to_string_pretty(watchlist)
}

pub(super) fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

pub(super) fn opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Serialize for Alias {
    /// A plain string when script and shortness are what the reader would infer; a table otherwise.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let script_default = self.script == Script::detect(&self.text);
        let short_default = self.short == Alias::looks_short(&self.text);
        if script_default && short_default {
            return s.serialize_str(&self.text);
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("text", &self.text)?;
        if !script_default {
            map.serialize_entry("script", &self.script)?;
        }
        if !short_default {
            map.serialize_entry("short", &self.short)?;
        }
        map.end()
    }
}
