//! Bulk import of users from CSV: one transaction, all or nothing.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::rc::Rc;

use rusqlite::params;
use rusqlite::types::Value;
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
    user: &ImportedUser,
    first_new: i64,
) -> Error {
    if e.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
        return e.into();
    }
    let earlier: Option<i64> = conn
        .query_row(
            "SELECT id FROM users WHERE name_key = ?1",
            [&user.key],
            |r| r.get(0),
        )
        .unwrap_or(None);
    let (line, name) = (user.line, &user.name);
    match earlier {
        Some(id) if id >= first_new => Error::Invalid(format!(
            "line {line}: user `{name}` appears twice in the file"
        )),
        _ => Error::Exists(format!("line {line}: a user named `{name}` exists already")),
    }
}

/// Rows per multi-row INSERT: one statement per batch instead of per user
/// saves SQLite's per-statement work (a sixth of a large import).
const BATCH: usize = 64;

/// A validated row of the file, waiting in a batch.
struct ImportedUser {
    id: i64,
    line: u64,
    name: String,
    key: String,
    email: Option<String>,
    source: Source,
    admin: bool,
}

fn insert_sql(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?, ?, ?)"; rows].join(", ");
    format!(
        "INSERT INTO users (name, name_key, email, source, is_admin, created_at) VALUES {values}"
    )
}

/// Inserts users into the table. Each row's id is known before it is
/// written (one more than the last), so memberships can be collected from
/// the file; the ids SQLite gives are checked against it.
struct Inserter<'c> {
    batch: rusqlite::Statement<'c>,
    single: rusqlite::Statement<'c>,
    pending: Vec<ImportedUser>,
    now: i64,
    /// Users with an id from here on were added by this import.
    first_new: i64,
}

impl Inserter<'_> {
    fn push(&mut self, conn: &rusqlite::Connection, user: ImportedUser) -> Result<()> {
        self.pending.push(user);
        if self.pending.len() < BATCH {
            return Ok(());
        }
        if Self::bind(&mut self.batch, &self.pending, self.now)
            .and_then(|()| self.batch.raw_execute())
            .is_err()
        {
            // A name is taken: insert one by one to name its line.
            return self.flush(conn);
        }
        let last = self.pending.pop();
        self.pending.clear();
        last.map_or(Ok(()), |user| check_id(conn, &user))
    }

    /// Inserts what is pending, one row at a time.
    fn flush(&mut self, conn: &rusqlite::Connection) -> Result<()> {
        for user in self.pending.drain(..) {
            let inserted = Self::bind(&mut self.single, std::slice::from_ref(&user), self.now)
                .and_then(|()| self.single.raw_execute());
            if let Err(e) = inserted {
                return Err(duplicate(conn, e, &user, self.first_new));
            }
            check_id(conn, &user)?;
        }
        Ok(())
    }

    fn bind(
        stmt: &mut rusqlite::Statement<'_>,
        users: &[ImportedUser],
        now: i64,
    ) -> rusqlite::Result<()> {
        for (i, u) in users.iter().enumerate() {
            let at = i * 6;
            stmt.raw_bind_parameter(at + 1, &u.name)?;
            stmt.raw_bind_parameter(at + 2, &u.key)?;
            stmt.raw_bind_parameter(at + 3, &u.email)?;
            stmt.raw_bind_parameter(at + 4, u.source.as_str())?;
            stmt.raw_bind_parameter(at + 5, u.admin)?;
            stmt.raw_bind_parameter(at + 6, now)?;
        }
        Ok(())
    }
}

/// SQLite gives a new row the largest id plus one; it picks another only
/// when the largest id is the largest integer, which an import refuses.
fn check_id(conn: &rusqlite::Connection, user: &ImportedUser) -> Result<()> {
    match conn.last_insert_rowid() {
        id if id == user.id => Ok(()),
        id => Err(Error::Internal(format!(
            "user `{}` got id {id} instead of {}",
            user.name, user.id
        ))),
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
    // Foreign keys are off for this transaction: every group id comes from
    // the groups table read inside it, every user id from this import.
    store.write_bulk(|tx| {
        let groups = group_ids(tx)?;
        let last: Option<i64> = tx.query_row("SELECT max(id) FROM users", [], |r| r.get(0))?;
        let no_ids = || Error::Invalid("the store has no user ids left".into());
        let first_new = last.unwrap_or(0).checked_add(1).ok_or_else(no_ids)?;
        let mut inserter = Inserter {
            batch: tx.prepare(&insert_sql(BATCH))?,
            single: tx.prepare(&insert_sql(1))?,
            pending: Vec::with_capacity(BATCH),
            now: tx.now(),
            first_new,
        };
        let mut members: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
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
                Err(e) => return Err(inserter.flush(tx).err().unwrap_or(e)),
            };
            admins += u64::from(user.admin);
            inserter.push(tx, user)?;
            added += 1;
            if added % 1000 == 0 {
                progress(rec.position().map_or(0, |p| p.byte()), added);
            }
        }
        inserter.flush(tx)?;
        drop(inserter);
        let memberships = add_memberships(tx, members)?;
        tx.audit(
            "user.import",
            source_name,
            json!({"users": added, "admins": admins, "memberships": memberships}),
        )?;
        progress(u64::MAX, added);
        Ok(added)
    })
}

/// Every group's id by its name key.
fn group_ids(conn: &rusqlite::Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT name_key, id FROM groups")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Validates one line of the file into the user with id `id`, and adds
/// the id to the members of each of its groups.
fn read_row(
    cols: &Columns,
    rec: &csv::StringRecord,
    id: i64,
    groups: &HashMap<String, i64>,
    members: &mut BTreeMap<i64, Vec<Value>>,
) -> Result<ImportedUser> {
    let line = rec.position().map_or(0, |p| p.line());
    let name = cols.get(rec, NAME);
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
                "line {line}: group `{g}` does not exist; create it first (mfactl group add {g})"
            ))
        })?;
        members.entry(*gid).or_default().push(Value::Integer(id));
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

/// Adds the collected memberships, one statement per group.
fn add_memberships(tx: &rusqlite::Connection, members: BTreeMap<i64, Vec<Value>>) -> Result<u64> {
    rusqlite::vtab::array::load_module(tx)?;
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO memberships (user_id, group_id) SELECT value, ?1 FROM rarray(?2)",
    )?;
    let mut added = 0;
    for (gid, users) in members {
        added += insert.execute(params![gid, Rc::new(users)])? as u64;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenOptions;

    fn pragma(store: &Store, name: &str) -> i64 {
        store
            .conn()
            .pragma_query_value(None, name, |r| r.get(0))
            .unwrap()
    }

    /// The import turns foreign keys off and enlarges the cache for its
    /// transaction only: a library caller's store is as before, whether
    /// the import succeeds or fails.
    #[test]
    fn an_import_leaves_the_connection_as_it_found_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(OpenOptions::new(dir.path().join("s.db"), "test")).unwrap();
        crate::users::add_group(&mut store, "ops", false).unwrap();
        let cache = pragma(&store, "cache_size");
        let mut ignore = |_, _| {};
        for csv in ["name,groups\nann,ops\n", "name,groups\nbo,ops\nbo,ops\n"] {
            let _ = import_csv(&mut store, csv.as_bytes(), "test", &mut ignore);
            assert_eq!(pragma(&store, "foreign_keys"), 1);
            assert_eq!(pragma(&store, "cache_size"), cache);
        }
        let orphan = store.conn().execute(
            "INSERT INTO memberships (user_id, group_id) VALUES (999, 999)",
            [],
        );
        assert!(orphan.is_err(), "foreign keys are enforced again");
    }
}
