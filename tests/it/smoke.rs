use crate::common::*;

#[test]
fn status_creates_the_store() {
    let env = Env::new();
    let out = env.ok(&["status"]);
    let version = format!("Schema version:  {}", mfactl::store::SCHEMA_VERSION);
    assert!(out.contains(&version), "{out}");
    assert!(env.db().exists());
}
