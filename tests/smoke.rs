mod common;
use common::*;

#[test]
fn status_creates_the_store() {
    let env = Env::new();
    let out = env.ok(&["status"]);
    assert!(out.contains("Schema version:  3"), "{out}");
    assert!(env.db().exists());
}
