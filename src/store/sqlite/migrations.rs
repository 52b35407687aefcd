//! The schema, as an ordered, append-only list of migrations. Never edit a
//! migration that has shipped: append a new one.

/// Each entry moves the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: settings, users, groups, policies, MFA enrolments, audit log.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT,
    sealed     BLOB,
    updated_at INTEGER NOT NULL,
    CHECK ((value IS NULL) <> (sealed IS NULL))
) STRICT;

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    -- Unicode lowercase of name: names are unique regardless of case
    -- (COLLATE NOCASE folds ASCII only).
    name_key         TEXT NOT NULL UNIQUE,
    email            TEXT,
    source           TEXT NOT NULL CHECK (source IN ('local', 'directory')),
    password_hash    TEXT,
    is_admin         INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    emergency_login  INTEGER NOT NULL DEFAULT 0 CHECK (emergency_login IN (0, 1)),
    mfa_type         TEXT NOT NULL DEFAULT 'default',
    created_at       INTEGER NOT NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    first_failure_at INTEGER,
    locked_until     INTEGER
) STRICT;

CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    is_admin   INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE policies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL,
    target     TEXT NOT NULL CHECK (target IN ('login', 'mfa')),
    action     TEXT NOT NULL CHECK (action IN ('allow', 'deny', 'required', 'skipped')),
    admins     INTEGER NOT NULL DEFAULT 0 CHECK (admins IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

-- RESTRICT: removing a user or group a policy names would silently widen
-- the policy to everyone.
CREATE TABLE policy_users (
    policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    PRIMARY KEY (policy_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX policy_users_user ON policy_users (user_id);

CREATE TABLE policy_groups (
    policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE RESTRICT,
    PRIMARY KEY (policy_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX policy_groups_group ON policy_groups (group_id);

CREATE TABLE policy_networks (
    policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    cidr      TEXT NOT NULL,
    PRIMARY KEY (policy_id, cidr)
) STRICT, WITHOUT ROWID;

CREATE TABLE mfa_enrolments (
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method         TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'active')),
    sealed_secret  BLOB,
    created_at     INTEGER NOT NULL,
    confirmed_at   INTEGER,
    last_used_step INTEGER,
    PRIMARY KEY (user_id, method)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    ts        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_action ON audit (action);
CREATE INDEX audit_ts ON audit (ts);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    // 2: mail outbox, emergency codes and requests, sessions.
    r#"
-- Notifications waiting for delivery. Never holds a secret: messages with a
-- code are sent directly and never queued.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    created_at    INTEGER NOT NULL,
    recipient     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    last_attempt  INTEGER,
    claimed_until INTEGER NOT NULL DEFAULT 0
) STRICT;

-- At most one live emergency code per user, as an argon2id hash.
CREATE TABLE emergency_codes (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- Emergency code requests by name (known or not), for rate limiting that
-- does not reveal whether a user exists.
CREATE TABLE emergency_requests (
    name_key     TEXT NOT NULL,
    requested_at INTEGER NOT NULL
) STRICT;
CREATE INDEX emergency_requests_name ON emergency_requests (name_key, requested_at);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method     TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
"#,
    // 3: emailed MFA codes and backup codes.
    r#"
-- At most one live emailed MFA code per user, as an argon2id hash.
CREATE TABLE mfa_email_codes (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- One set of backup codes per user. Every code of a set is hashed with the
-- set's salt (argon2id, raw output), so checking a code costs one argon2
-- evaluation however many codes the user holds.
CREATE TABLE backup_code_sets (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    salt       BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE backup_codes (
    user_id INTEGER NOT NULL REFERENCES backup_code_sets (user_id) ON DELETE CASCADE,
    hash    BLOB NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, hash)
) STRICT, WITHOUT ROWID;
"#,
    // 4: session ids are never reused (notifications and the audit log name
    // them), so the table gets AUTOINCREMENT.
    r#"
CREATE TABLE sessions_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method     TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
INSERT INTO sessions_new SELECT * FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);
"#,
    // 5: memberships keyed by user only. Every frequent lookup goes from a
    // user to their groups; a second index for group -> users doubled the
    // cost of a bulk import, and the rare group-wide queries scan instead.
    r#"
CREATE TABLE memberships_new (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
) STRICT, WITHOUT ROWID;
INSERT INTO memberships_new (user_id, group_id) SELECT user_id, group_id FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
"#,
    // 6: credentials. A user may hold several authenticators of one kind
    // (two apps, later two keys), each with an id, a label, its own state
    // and replay counter. The one TOTP enrolment a user could have becomes
    // their credential labelled `totp`; its sealed seed keeps its
    // associated data (`mfa:totp:user:ID`), so it opens unchanged.
    r#"
CREATE TABLE credentials (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method        TEXT NOT NULL,
    label         TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'active')),
    sealed_secret BLOB,
    -- An authenticator's public identity (a YubiKey's id): one owner.
    public_id     TEXT,
    -- The last accepted time step or counter; only a later one passes.
    counter       INTEGER,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    last_used_at  INTEGER,
    UNIQUE (user_id, label)
) STRICT;
CREATE UNIQUE INDEX credentials_public_id ON credentials (method, public_id)
    WHERE public_id IS NOT NULL;
INSERT INTO credentials (user_id, method, label, state, sealed_secret, counter, created_at,
                         confirmed_at)
    SELECT user_id, method, method, state, sealed_secret, last_used_step, created_at, confirmed_at
    FROM mfa_enrolments ORDER BY user_id, method;
DROP TABLE mfa_enrolments;
"#,
    // 7: the audit chain is keyed. Every entry from `audit_keyed_from` on
    // carries an HMAC of its hash under the audit key, and `audit_head_mac`
    // vouches for the recorded head; the migration seals the chain as it
    // is (Store::migrate writes the key and the head's MAC).
    r#"
ALTER TABLE audit ADD COLUMN mac BLOB;
INSERT INTO meta (key, value)
    VALUES ('audit_keyed_from', CAST(CAST((SELECT coalesce(max(id), 0) + 1 FROM audit) AS TEXT) AS BLOB));
"#,
    // 8: every sender of mail is rate limited, by name and by source: one
    // table of counted events, which the emergency requests join.
    r#"
CREATE TABLE rate_events (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_events_key ON rate_events (kind, key, at);
INSERT INTO rate_events (kind, key, at)
    SELECT 'emergency.request', 'name:' || name_key, requested_at FROM emergency_requests;
DROP TABLE emergency_requests;
"#,
    // 9: a user may hold more than one code of a kind (two live emergency
    // codes: a new request must not kill the code already sent), so codes
    // get their own ids; the newest come first by id.
    r#"
CREATE TABLE emergency_codes_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
INSERT INTO emergency_codes_new (user_id, code_hash, created_at, expires_at, used_at)
    SELECT user_id, code_hash, created_at, expires_at, used_at FROM emergency_codes;
DROP TABLE emergency_codes;
ALTER TABLE emergency_codes_new RENAME TO emergency_codes;
CREATE INDEX emergency_codes_user ON emergency_codes (user_id, id);
CREATE TABLE mfa_email_codes_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
INSERT INTO mfa_email_codes_new (user_id, code_hash, created_at, expires_at, used_at)
    SELECT user_id, code_hash, created_at, expires_at, used_at FROM mfa_email_codes;
DROP TABLE mfa_email_codes;
ALTER TABLE mfa_email_codes_new RENAME TO mfa_email_codes;
CREATE INDEX mfa_email_codes_user ON mfa_email_codes (user_id, id);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
