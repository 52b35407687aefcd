//! Users: their records, administrator flags, passwords and lock state.

use rusqlite::{params, Connection, OptionalExtension, Statement};

use super::Cached;
use super::{Read, Tx};
use crate::clock::format_time;
use crate::domain::user::{
    name_key, Enrolment, ImportedUser, NameTaken, Source, User, LOCKED_INDEFINITELY,
};
use crate::error::{Error, Result};

const USER_COLUMNS: &str = "u.id, u.name, u.email, u.source, u.is_admin, u.emergency_login,
    u.mfa_type, u.password_hash IS NOT NULL, u.created_at, u.failed_attempts, u.locked_until,
    (SELECT group_concat(g.name, char(31)) FROM
        (SELECT g.name FROM memberships m JOIN groups g ON g.id = m.group_id
         WHERE m.user_id = u.id ORDER BY g.name) g),
    EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
            WHERE m.user_id = u.id AND g.is_admin = 1),
    (SELECT group_concat(e.method || ':' || e.state, ',') FROM
        (SELECT method, state FROM credentials WHERE user_id = u.id ORDER BY method, id) e)";

/// Whether the user `u` is an administrator, directly or through a group.
pub(super) const IS_ADMIN: &str =
    "(u.is_admin = 1 OR EXISTS (SELECT 1 FROM memberships m JOIN groups g
                      ON g.id = m.group_id WHERE m.user_id = u.id AND g.is_admin = 1))";

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn row_to_user(r: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<User> {
    let direct_admin: bool = r.get(4)?;
    let via_group: bool = r.get(12)?;
    let locked_until: Option<i64> = r.get(10)?;
    let groups: Option<String> = r.get(11)?;
    let enrolments: Option<String> = r.get(13)?;
    let source: String = r.get(3)?;
    let created_at: i64 = r.get(8)?;
    let locked = locked_until.is_some_and(|t| t > now);
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        source: Source::parse(&source),
        direct_admin,
        admin: direct_admin || via_group,
        groups: groups
            .map(|g| g.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
        emergency_login: r.get(5)?,
        mfa_type: r.get(6)?,
        has_password: r.get(7)?,
        created_at: format_time(created_at),
        failed_attempts: r.get(9)?,
        locked,
        locked_until: locked_until
            .filter(|&t| locked && t != LOCKED_INDEFINITELY)
            .map(format_time),
        enrolments: enrolments
            .unwrap_or_default()
            .split(',')
            .filter_map(|e| e.split_once(':'))
            .map(|(m, s)| Enrolment {
                method: m.into(),
                state: s.into(),
            })
            .collect(),
    })
}

impl Read<'_> {
    /// The user named `name` (case-insensitive), as of `now`.
    pub(crate) fn user(&self, name: &str, now: i64) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name_key = ?1");
        // Cached: a login looks the user up more than once, and preparing
        // this statement costs more than running it.
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row([name_key(name)], |r| row_to_user(r, now))
            .optional()?)
    }

    /// The id of the user named `name` (case-insensitive).
    pub(crate) fn user_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .row(
                "SELECT id FROM users WHERE name_key = ?1",
                [name_key(name)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether a user named `name` exists (case-insensitive).
    pub(crate) fn user_exists(&self, name: &str) -> Result<bool> {
        Ok(self.conn.row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE name_key = ?1)",
            [name_key(name)],
            |r| r.get(0),
        )?)
    }

    /// Every user's name.
    pub(crate) fn user_names(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT name FROM users")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `f` with every user as of `now`, by name, without holding them
    /// all in memory; stops at the first error `f` returns.
    pub(crate) fn for_each_user(
        &self,
        now: i64,
        mut f: impl FnMut(User) -> Result<()>,
    ) -> Result<()> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name_key");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row_to_user(row, now)?)?;
        }
        Ok(())
    }

    /// The largest user id, if there is a user.
    pub(crate) fn last_user_id(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .row("SELECT max(id) FROM users", [], |r| r.get(0))?)
    }

    /// Names of the administrators (direct or through a group) without an
    /// email, by name.
    pub(crate) fn admins_without_email(&self) -> Result<Vec<String>> {
        strings(
            self.conn,
            &format!(
                "SELECT u.name FROM users u WHERE {IS_ADMIN} AND u.email IS NULL ORDER BY u.name"
            ),
        )
    }

    /// Names of the users with emergency login enabled who are no longer
    /// eligible (no direct administrator flag or no email), by name.
    pub(crate) fn ineligible_emergency_users(&self) -> Result<Vec<String>> {
        strings(
            self.conn,
            "SELECT name FROM users WHERE emergency_login = 1 AND (is_admin = 0 OR email IS NULL) ORDER BY name",
        )
    }

    /// How many users have each MFA type other than `default` and `none`.
    pub(crate) fn mfa_type_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT mfa_type, count(*) FROM users WHERE mfa_type NOT IN ('default', 'none') GROUP BY mfa_type")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the user is an administrator through one of their groups.
    pub(crate) fn admin_via_group(&self, user_id: i64) -> Result<bool> {
        Ok(self.conn.row(
            "SELECT EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                            WHERE m.user_id = ?1 AND g.is_admin = 1)",
            [user_id],
            |r| r.get(0),
        )?)
    }

    /// The email of every administrator (direct or through a group) who has
    /// one, lowercased, deduplicated and sorted.
    pub(crate) fn administrator_addresses(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT lower(u.email) FROM users u
             WHERE u.email IS NOT NULL AND (u.is_admin = 1 OR EXISTS (
                 SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                 WHERE m.user_id = u.id AND g.is_admin = 1))
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Adds a user, created now.
    pub(crate) fn insert_user(
        &self,
        name: &str,
        email: Option<&str>,
        source: Source,
        password_hash: Option<&str>,
        admin: bool,
    ) -> Result<()> {
        self.tx.exec(
            "INSERT INTO users (name, name_key, email, source, password_hash, is_admin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                name,
                name_key(name),
                email,
                source.as_str(),
                password_hash,
                admin,
                self.now()
            ],
        )?;
        Ok(())
    }

    /// Sets a user's email, direct administrator flag, emergency login and
    /// MFA type.
    pub(crate) fn update_user(
        &self,
        id: i64,
        email: Option<&str>,
        admin: bool,
        emergency_login: bool,
        mfa_type: &str,
    ) -> Result<()> {
        self.tx.exec(
            "UPDATE users SET email = ?2, is_admin = ?3, emergency_login = ?4, mfa_type = ?5
             WHERE id = ?1",
            params![id, email, admin, emergency_login, mfa_type],
        )?;
        Ok(())
    }

    /// Removes a user (their memberships, enrolments, codes and sessions go
    /// with them).
    pub(crate) fn delete_user(&self, id: i64) -> Result<()> {
        self.tx.exec("DELETE FROM users WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A bulk inserter of imported users, the first of which gets the id
    /// `first_new`.
    pub(crate) fn user_inserter(&self, first_new: i64) -> Result<UserInserter<'_>> {
        Ok(UserInserter {
            conn: &self.tx,
            batch: self.tx.prepare(&insert_sql(BATCH))?,
            single: self.tx.prepare(&insert_sql(1))?,
            pending: Vec::with_capacity(BATCH),
            now: self.now(),
            first_new,
        })
    }

    /// Sets a user's password hash. Returns false if there is no such user.
    pub(crate) fn set_password_hash(&self, id: i64, hash: &str) -> Result<bool> {
        let changed = self.tx.exec(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )?;
        Ok(changed == 1)
    }

    /// Clears a user's lock and failure count.
    pub(crate) fn clear_lockout(&self, id: i64) -> Result<()> {
        self.tx.exec(
            "UPDATE users SET failed_attempts = 0, first_failure_at = NULL, locked_until = NULL
             WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }
}

/// Rows per multi-row INSERT: one statement per batch instead of per user
/// saves SQLite's per-statement work (a sixth of a large import).
const BATCH: usize = 64;

fn insert_sql(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?, ?, ?)"; rows].join(", ");
    format!(
        "INSERT INTO users (name, name_key, email, source, is_admin, created_at) VALUES {values}"
    )
}

/// Inserts imported users, created now, in batches. Each row's id is known
/// before it is written (one more than the last), so the caller can collect
/// memberships from the file; the ids SQLite gives are checked against it.
/// The inner result of [`push`](Self::push) and [`flush`](Self::flush)
/// names the first user whose name is taken.
pub(crate) struct UserInserter<'c> {
    conn: &'c Connection,
    batch: Statement<'c>,
    single: Statement<'c>,
    pending: Vec<ImportedUser>,
    now: i64,
    /// Users with an id from here on were added by this import.
    first_new: i64,
}

impl UserInserter<'_> {
    /// Adds a user to the batch, inserting the batch when it is full.
    pub(crate) fn push(&mut self, user: ImportedUser) -> Result<Result<(), NameTaken>> {
        self.pending.push(user);
        if self.pending.len() < BATCH {
            return Ok(Ok(()));
        }
        if Self::bind(&mut self.batch, &self.pending, self.now)
            .and_then(|()| self.batch.raw_execute())
            .is_err()
        {
            // A name is taken: insert one by one to name its user.
            return self.flush();
        }
        let last = self.pending.pop();
        self.pending.clear();
        last.map_or(Ok(()), |user| self.check_id(&user))?;
        Ok(Ok(()))
    }

    /// Inserts what is pending, one row at a time.
    pub(crate) fn flush(&mut self) -> Result<Result<(), NameTaken>> {
        let mut pending = std::mem::take(&mut self.pending);
        for user in pending.drain(..) {
            let inserted = Self::bind(&mut self.single, std::slice::from_ref(&user), self.now)
                .and_then(|()| self.single.raw_execute());
            if let Err(e) = inserted {
                return self.name_taken(e, user);
            }
            self.check_id(&user)?;
        }
        self.pending = pending;
        Ok(Ok(()))
    }

    fn bind(stmt: &mut Statement<'_>, users: &[ImportedUser], now: i64) -> rusqlite::Result<()> {
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

    /// Whether a failed insert was a taken name, by an existing user or by
    /// one added earlier in this import.
    fn name_taken(&self, e: rusqlite::Error, user: ImportedUser) -> Result<Result<(), NameTaken>> {
        if e.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
            return Err(e.into());
        }
        let earlier: Option<i64> = self
            .conn
            .row(
                "SELECT id FROM users WHERE name_key = ?1",
                [&user.key],
                |r| r.get(0),
            )
            .unwrap_or(None);
        let by_this_import = earlier.is_some_and(|id| id >= self.first_new);
        Ok(Err(NameTaken {
            user,
            by_this_import,
        }))
    }

    /// SQLite gives a new row the largest id plus one; it picks another
    /// only when the largest id is the largest integer, which an import
    /// refuses.
    fn check_id(&self, user: &ImportedUser) -> Result<()> {
        match self.conn.last_insert_rowid() {
            id if id == user.id => Ok(()),
            id => Err(Error::Internal(format!(
                "user `{}` got id {id} instead of {}",
                user.name, user.id
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{OpenOptions, Store};
    use crate::users::{add_group, import_csv};

    fn pragma(store: &Store, name: &str) -> i64 {
        store
            .conn
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
        add_group(&mut store, "ops", false).unwrap();
        let cache = pragma(&store, "cache_size");
        let mut ignore = |_, _| {};
        for csv in ["name,groups\nann,ops\n", "name,groups\nbo,ops\nbo,ops\n"] {
            let _ = import_csv(&mut store, csv.as_bytes(), "test", &mut ignore);
            assert_eq!(pragma(&store, "foreign_keys"), 1);
            assert_eq!(pragma(&store, "cache_size"), cache);
        }
        let orphan = store.conn.execute(
            "INSERT INTO memberships (user_id, group_id) VALUES (999, 999)",
            [],
        );
        assert!(orphan.is_err(), "foreign keys are enforced again");
    }
}
