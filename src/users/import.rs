//! Bulk import of users from CSV: one transaction, all or nothing.

use std::collections::HashMap;
use std::io::Read;

use rusqlite::params;
use serde_json::json;

use super::{name_key, validate_name, Source};
use crate::error::{Error, Result};
use crate::settings::{parse_bool, parse_email};
use crate::store::Store;

const COLUMNS: &[&str] = &["name", "email", "admin", "directory", "groups"];

/// Progress of an import: bytes read so far and users added so far.
pub type ImportProgress<'a> = &'a mut dyn FnMut(u64, u64);

/// Where each column of [`COLUMNS`] is in the file (by the header).
struct Columns {
    at: [Option<usize>; COLUMNS.len()],
}

const NAME: usize = 0;
const EMAIL: usize = 1;
const ADMIN: usize = 2;
const DIRECTORY: usize = 3;
const GROUPS: usize = 4;

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Columns> {
        let mut at = [None; COLUMNS.len()];
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let Some(col) = COLUMNS.iter().position(|c| *c == h) else {
                return Err(Error::Invalid(format!(
                    "line 1: unknown column `{h}`; the header is {}",
                    COLUMNS.join(",")
                )));
            };
            if at[col].replace(i).is_some() {
                return Err(Error::Invalid(format!(
                    "line 1: column `{h}` appears twice"
                )));
            }
        }
        if at[NAME].is_none() {
            return Err(Error::Invalid(format!(
                "line 1: the header has no `name` column; expected {}",
                COLUMNS.join(",")
            )));
        }
        Ok(Columns { at })
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, col: usize) -> &'r str {
        self.at[col].and_then(|i| rec.get(i)).map_or("", str::trim)
    }
}

fn flag(line: u64, col: &str, value: &str) -> Result<bool> {
    if value.is_empty() {
        return Ok(false);
    }
    parse_bool(value).ok_or_else(|| {
        Error::Invalid(format!(
            "line {line}: {col} is `{value}`; write true or false"
        ))
    })
}

fn line_error(line: u64, e: Error) -> Error {
    Error::Invalid(format!("line {line}: {e}"))
}

fn csv_error(source: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    if let csv::ErrorKind::Io(io) = e.kind() {
        return Error::Invalid(format!("cannot read {source}: {io}"));
    }
    let what = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("has {len} fields where the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    Error::Invalid(format!("line {line}: {what}"))
}

/// The error for a failed insert: a clear message when the name is taken,
/// by an existing user or by an earlier line of the file.
fn duplicate(
    conn: &rusqlite::Connection,
    e: rusqlite::Error,
    key: &str,
    first_new: i64,
    line: u64,
    name: &str,
) -> Error {
    if e.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
        return e.into();
    }
    let earlier: Option<i64> = conn
        .query_row("SELECT id FROM users WHERE name_key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap_or(None);
    match earlier {
        Some(id) if id >= first_new => Error::Invalid(format!(
            "line {line}: user `{name}` appears twice in the file"
        )),
        _ => Error::Exists(format!("line {line}: a user named `{name}` exists already")),
    }
}

/// Imports users from CSV with the header `name,email,admin,directory,groups`
/// (groups separated by `;`; they must exist). Everything happens in one
/// transaction: on any error nothing is added and the error names the line.
/// Returns the number of users added.
pub fn import_csv(
    store: &mut Store,
    input: impl Read,
    source_name: &str,
    progress: ImportProgress<'_>,
) -> Result<u64> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| csv_error(source_name, e))?
        .clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::Invalid(format!(
            "the file is empty; the first line must be the header {}",
            COLUMNS.join(",")
        )));
    }
    let cols = Columns::from_header(&header)?;
    store.write(|tx| {
        let mut groups: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt = tx.prepare("SELECT name_key, id FROM groups")?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (name, id) = row?;
                groups.insert(name, id);
            }
        }
        let now = tx.now();
        // Users with an id from here on were added by this import.
        let first_new: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM users", [], |r| r.get(0))?;
        let (mut added, mut admins, mut memberships) = (0u64, 0u64, 0u64);
        {
            let mut insert = tx.prepare(
                "INSERT INTO users (name, name_key, email, source, is_admin, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut member = tx.prepare("INSERT OR IGNORE INTO memberships (group_id, user_id) VALUES (?1, ?2)")?;
            let mut rec = csv::StringRecord::new();
            while reader.read_record(&mut rec).map_err(|e| csv_error(source_name, e))? {
                let line = rec.position().map_or(0, |p| p.line());
                let name = cols.get(&rec, NAME);
                let directory = flag(line, "directory", cols.get(&rec, DIRECTORY))?;
                let admin = flag(line, "admin", cols.get(&rec, ADMIN))?;
                validate_name(name, directory).map_err(|e| line_error(line, e))?;
                let email = match cols.get(&rec, EMAIL) {
                    "" => None,
                    e => Some(parse_email(e).map_err(|e| Error::Invalid(format!("line {line}: {e}")))?),
                };
                let key = name_key(name);
                let source = if directory { Source::Directory } else { Source::Local };
                // The unique index finds duplicates; no lookup per row.
                if let Err(e) = insert.execute(params![name, key, email, source.as_str(), admin, now]) {
                    return Err(duplicate(tx, e, &key, first_new, line, name));
                }
                let user_id = tx.last_insert_rowid();
                for g in cols.get(&rec, GROUPS).split(';').map(str::trim).filter(|g| !g.is_empty()) {
                    let gid = groups.get(&name_key(g)).ok_or_else(|| {
                        Error::Invalid(format!(
                            "line {line}: group `{g}` does not exist; create it first (mfactl group add {g})"
                        ))
                    })?;
                    memberships += member.execute(params![gid, user_id])? as u64;
                }
                added += 1;
                admins += u64::from(admin);
                if added % 1000 == 0 {
                    progress(rec.position().map_or(0, |p| p.byte()), added);
                }
            }
        }
        tx.audit(
            "user.import",
            source_name,
            json!({"users": added, "admins": admins, "memberships": memberships}),
        )?;
        progress(u64::MAX, added);
        Ok(added)
    })
}
