//! Bulk import of users from CSV: one transaction, all or nothing.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use serde_json::json;

use super::{name_key, validate_name, Source};
use crate::domain::audit_action::AuditAction;
use crate::domain::user::{ImportedUser, NameTaken};
use crate::error::quoted;
use crate::error::{Error, Hint, Result};
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
                    "line 1: unknown column {}; the header is {}",
                    quoted(&h),
                    COLUMNS.join(",")
                )));
            };
            if at[col].replace(i).is_some() {
                return Err(Error::Invalid(format!(
                    "line 1: column {} appears twice",
                    quoted(&h)
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
            "line {line}: {col} is {}; write true or false",
            quoted(value)
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

/// The error for a taken name: by an existing user or by an earlier line
/// of the file.
fn name_taken(taken: NameTaken) -> Error {
    let (line, name) = (taken.user.line, &taken.user.name);
    if taken.by_this_import {
        Error::Invalid(format!(
            "line {line}: user {} appears twice in the file",
            quoted(name)
        ))
    } else {
        Error::Exists(format!(
            "line {line}: a user named {} exists already",
            quoted(name)
        ))
    }
}

/// The outcome of an insert as an error, a taken name included.
fn inserted(outcome: Result<Result<(), NameTaken>>) -> Result<()> {
    outcome?.map_err(name_taken)
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
    // Foreign keys are off for this transaction: every group id comes from
    // the groups table read inside it, every user id from this import.
    store.write_bulk(|tx| {
        let groups = tx.read().group_ids_by_key()?;
        let mut lookalikes = super::lookalike::Lookalikes::new(tx.read().user_names()?);
        let last = tx.read().last_user_id()?;
        let no_ids = || Error::Invalid("the store has no user ids left".into());
        let first_new = last.unwrap_or(0).checked_add(1).ok_or_else(no_ids)?;
        let mut inserter = tx.user_inserter(first_new)?;
        let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        let (mut added, mut admins) = (0u64, 0u64);
        let mut rec = csv::StringRecord::new();
        while reader
            .read_record(&mut rec)
            .map_err(|e| csv_error(source_name, e))?
        {
            let id = first_new.checked_add(added as i64).ok_or_else(no_ids)?;
            let user = match read_row(&cols, &rec, id, &groups, &mut members) {
                Ok(user) => user,
                // An earlier line's error (a taken name) comes first.
                Err(e) => return Err(inserted(inserter.flush()).err().unwrap_or(e)),
            };
            if let Err(e) = lookalikes.check("user", &user.name) {
                // An earlier line's error (a taken name) comes first.
                inserted(inserter.flush())?;
                return Err(Error::Exists(format!("line {}: {e}", user.line)));
            }
            lookalikes.add(&user.name);
            admins += u64::from(user.admin);
            inserted(inserter.push(user))?;
            added += 1;
            if added % 1000 == 0 {
                progress(rec.position().map_or(0, |p| p.byte()), added);
            }
        }
        inserted(inserter.flush())?;
        drop(inserter);
        let memberships = tx.add_memberships(members)?;
        tx.audit(
            AuditAction::UserImport,
            source_name,
            json!({"users": added, "admins": admins, "memberships": memberships}),
        )?;
        progress(u64::MAX, added);
        Ok(added)
    })
}

/// Validates one line of the file into the user with id `id`, and adds
/// the id to the members of each of its groups.
fn read_row(
    cols: &Columns,
    rec: &csv::StringRecord,
    id: i64,
    groups: &HashMap<String, i64>,
    members: &mut BTreeMap<i64, Vec<i64>>,
) -> Result<ImportedUser> {
    let line = rec.position().map_or(0, |p| p.line());
    let name = &super::lookalike::normalized(cols.get(rec, NAME));
    let directory = flag(line, "directory", cols.get(rec, DIRECTORY))?;
    let admin = flag(line, "admin", cols.get(rec, ADMIN))?;
    validate_name(name, directory).map_err(|e| line_error(line, e))?;
    let email = match cols.get(rec, EMAIL) {
        "" => None,
        e => Some(parse_email(e).map_err(|e| Error::Invalid(format!("line {line}: {e}")))?),
    };
    for g in cols
        .get(rec, GROUPS)
        .split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        let gid = groups.get(&name_key(g)).ok_or_else(|| {
            Error::Invalid(format!(
                "line {line}: group {} does not exist; create it first",
                quoted(g)
            ))
            .with_hint(Hint::AddGroup {
                name: g.to_string(),
            })
        })?;
        members.entry(*gid).or_default().push(id);
    }
    let source = if directory {
        Source::Directory
    } else {
        Source::Local
    };
    Ok(ImportedUser {
        id,
        line,
        name: name.to_string(),
        key: name_key(name),
        email,
        source,
        admin,
    })
}
