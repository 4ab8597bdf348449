//! npm packages: `node_modules/NAME/package.json` and `node_modules/@SCOPE/NAME/package.json`
//! (npm docs, "package.json"). The package's folder is its root: it owns every file below it
//! except those under a nested `node_modules`, which belong to the packages there.

use serde_json::Value;

use super::text::{known, lossy, parent};
use super::{Ecosystem, Inventory, Package};

/// Reads one `package.json`; `name` is kept as written (`@scope/name`), the scope also goes to
/// `group`.
pub(super) fn package_json(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let text = lossy(data);
    let json: Value =
        serde_json::from_str(&text).map_err(|e| format!("{path}:{}: not JSON: {e}", e.line()))?;
    let Some(obj) = json.as_object() else {
        return Err(format!("{path}:1: expected a JSON object"));
    };
    let Some(name) = known(obj.get("name").and_then(Value::as_str)) else {
        return Err(format!(
            "{path}:1: a package.json without a \"name\"; skipped"
        ));
    };
    let group = name
        .split_once('/')
        .filter(|(scope, _)| scope.starts_with('@'))
        .map(|(scope, _)| scope.to_string());
    let mut authors: Vec<String> = obj.get("author").and_then(person).into_iter().collect();
    authors.extend(people(obj.get("contributors")));
    inv.packages.push(Package {
        ecosystem: Some(Ecosystem::Npm),
        version: known(obj.get("version").and_then(Value::as_str)),
        group,
        authors,
        maintainers: people(obj.get("maintainers")),
        homepage: known(obj.get("homepage").and_then(Value::as_str)),
        license: license(obj.get("license")).or_else(|| legacy_licenses(obj.get("licenses"))),
        roots: vec![parent(path).to_string()],
        source: path.to_string(),
        // The record is the whole file.
        line: Some(1),
        name,
        ..Package::default()
    });
    Ok(())
}

/// npm docs "people fields": a string `Name <email> (url)` or an object with `name`, `email`,
/// `url`; the object is written back in the string form so both read alike.
fn person(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => known(Some(s)),
        Value::Object(o) => {
            let field = |k: &str| known(o.get(k).and_then(Value::as_str));
            let mut out = field("name").unwrap_or_default();
            if let Some(e) = field("email") {
                out = format!("{out} <{e}>");
            }
            if let Some(u) = field("url") {
                out = format!("{out} ({u})");
            }
            known(Some(out.trim()))
        }
        _ => None,
    }
}

/// An array of people (or a single one, as some hand-written files have it).
fn people(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(person).collect(),
        Some(v) => person(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// `license` as an SPDX expression string, or the deprecated `{ "type": … }` object.
fn license(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => known(Some(s)),
        Value::Object(o) => known(o.get("type").and_then(Value::as_str)),
        _ => None,
    }
}

/// The deprecated `licenses: [{ "type": "MIT" }, …]` array, joined with ` OR `: packages used
/// it to offer a choice (dual licensing), which is what `OR` says in SPDX.
fn legacy_licenses(v: Option<&Value>) -> Option<String> {
    let types: Vec<String> = v?
        .as_array()?
        .iter()
        .filter_map(|l| license(Some(l)))
        .collect();
    (!types.is_empty()).then(|| types.join(" OR "))
}
