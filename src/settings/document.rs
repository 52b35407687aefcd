//! Settings as a document (TOML or JSON) for configuration as code:
//! export every non-secret setting, import a file as a whole.

use serde_json::json;

use super::{apply, format_duration, invalid, load, lookup, prepare, Def, Kind, NewValue, DEFS};
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::error::{Error, Hint, Result};
use crate::store::Store;

/// File formats for export and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, with one table per dotted prefix.
    Toml,
    /// JSON, nested the same way.
    Json,
}

impl Format {
    /// Guesses the format from a file name (`.json`, else TOML).
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

fn typed_value(def: &Def, canonical: &str) -> serde_json::Value {
    match def.kind {
        Kind::Bool => json!(canonical == "true"),
        Kind::Int { .. } => json!(canonical.parse::<i64>().unwrap_or(0)),
        Kind::Duration { .. } => json!(format_duration(canonical.parse().unwrap_or(0))),
        Kind::List(_) => json!(canonical
            .split(',')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()),
        _ => json!(canonical),
    }
}

/// Every non-secret setting as a nested document. Secrets are left out:
/// they are set one by one, never from a file someone may copy around.
/// The document has no comments; a front end may put its own on top.
pub fn export(store: &Store, format: Format) -> Result<String> {
    let s = load(store)?;
    let mut root = serde_json::Map::new();
    for def in DEFS.iter().filter(|d| d.kind != Kind::Secret) {
        let mut parts: Vec<&str> = def.key.split('.').collect();
        let leaf = parts.pop().unwrap_or(def.key);
        let mut table = &mut root;
        for p in parts {
            let entry = table.entry(p).or_insert_with(|| json!({}));
            table = match entry.as_object_mut() {
                Some(t) => t,
                None => {
                    return Err(Error::Invalid(format!(
                        "setting {} clashes with a table",
                        def.key
                    )))
                }
            };
        }
        table.insert(leaf.to_string(), typed_value(def, s.get(def.key)));
    }
    let doc = serde_json::Value::Object(root);
    match format {
        Format::Json => serde_json::to_string_pretty(&doc)
            .map(|s| s + "\n")
            .map_err(|e| Error::Invalid(e.to_string())),
        Format::Toml => toml::to_string(&doc).map_err(|e| Error::Invalid(e.to_string())),
    }
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn value_as_input(key: &str, v: &serde_json::Value) -> Result<String> {
    match v {
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid(key, "list items must be strings"))
            })
            .collect::<Result<Vec<_>>>()
            .map(|v| v.join(",")),
        _ => Err(invalid(key, "expected a string, number, boolean or list")),
    }
}

/// A TOML error with its line and column but without the offending text,
/// which may be a secret.
fn toml_error(text: &str, e: &toml::de::Error) -> Error {
    let at = e.span().map_or(String::new(), |span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!(" at line {line}, column {column}")
    });
    Error::Invalid(format!(
        "the file is not valid TOML{at}: {}",
        e.message().trim_end()
    ))
}

/// JSON whose objects may not repeat a key (serde_json keeps the last one
/// silently; a settings file with `port` twice is a mistake to report).
struct StrictJson(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = StrictJson;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_unit<E>(self) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(serde_json::Value::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<StrictJson, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(StrictJson(items.into()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<StrictJson, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((key, StrictJson(v))) = map.next_entry::<String, StrictJson>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice"
                )));
            }
            out.insert(key, v);
        }
        Ok(StrictJson(out.into()))
    }
}

/// Parses a settings document into key/value pairs, without applying it.
pub fn parse_document(text: &str, format: Format) -> Result<Vec<(String, serde_json::Value)>> {
    let doc: serde_json::Value = match format {
        Format::Json => serde_json::from_str::<StrictJson>(text)
            .map(|s| s.0)
            .map_err(|e| Error::Invalid(format!("the file is not valid JSON: {e}")))?,
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
            serde_json::to_value(table).map_err(|e| Error::Invalid(e.to_string()))?
        }
    };
    if !doc.is_object() {
        return Err(Error::Invalid(
            "the file must hold a table of settings".into(),
        ));
    }
    let mut pairs = Vec::new();
    flatten("", &doc, &mut pairs);
    if pairs.is_empty() {
        return Err(Error::Invalid(
            "the file is empty or holds no settings; an export shows the format".into(),
        )
        .with_hint(Hint::ExportSettings));
    }
    Ok(pairs)
}

/// Imports a settings document: every key is validated and the result
/// checked as a whole before anything is written; any bad key or value and
/// nothing changes, and the error lists every one of them (not only the
/// first, so a file is fixed in one go). Keys absent from the document keep
/// their values. Secrets may be given in the file. Returns how many keys
/// changed.
pub fn import(store: &mut Store, text: &str, format: Format) -> Result<usize> {
    let pairs = parse_document(text, format)?;
    let mut changes = Vec::with_capacity(pairs.len());
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (key, v) in pairs {
        match change(&key, &v, &mut seen) {
            Ok(c) => changes.push(c),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(every_problem(problems));
    }
    store.write(|tx| apply(tx, changes, AuditAction::SettingsImport))
}

/// One key of the file as a validated change.
fn change(
    key: &str,
    v: &serde_json::Value,
    seen: &mut std::collections::HashSet<&'static str>,
) -> Result<(&'static Def, Option<NewValue>)> {
    let def = lookup(key)?;
    if !seen.insert(def.key) {
        return Err(invalid(key, "given twice"));
    }
    let input = value_as_input(key, v)?;
    let value = if def.kind == Kind::Secret {
        NewValue::Secret(Secret::new(input))
    } else {
        NewValue::Plain(input)
    };
    prepare(key, Some(value))
}

/// The problems of a file as one error, one per line (a single one as it
/// is). It points to the list of settings when a key was unknown.
fn every_problem(mut problems: Vec<Error>) -> Error {
    if problems.len() == 1 {
        return problems.remove(0);
    }
    let unknown_key = problems
        .iter()
        .any(|e| e.hint() == Some(&Hint::ShowSettings));
    let list: String = problems.iter().map(|e| format!("\n  {e}")).collect();
    let message = format!(
        "{} problems in the settings file:{list}\nnothing was imported; fix them and import again",
        problems.len()
    );
    if unknown_key {
        Error::Invalid(format!("{message}; see the list of settings")).with_hint(Hint::ShowSettings)
    } else {
        Error::Invalid(message)
    }
}
