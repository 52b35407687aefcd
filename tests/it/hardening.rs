//! Hardening, second round (issue 12): what a hostile input can make
//! mfactl store or print.

use crate::common::emergency::Emergency;
use crate::common::*;

/// An error quotes a short prefix of what it refuses, whatever its size.
fn assert_short(err: &str, what: &str) {
    assert!(err.len() < 600, "{what}: a {} byte error", err.len());
    assert!(
        !err.contains(&"x".repeat(100)) && !err.contains(&"y".repeat(100)),
        "{what}: {err}"
    );
}

#[test]
fn errors_quote_a_short_prefix_of_huge_input() {
    let env = Env::new();
    env.ok(&["status"]);
    let huge = "x".repeat(100_000);

    let csv = env.path("users.csv");
    std::fs::write(
        &csv,
        format!(
            "name,email\nalice,a@example.com\n{},b\n",
            "y".repeat(10_000_000)
        ),
    )
    .unwrap();
    let err = env.refused(&["user", "import", csv.to_str().unwrap()], 2);
    assert_short(&err, "a 10 MB name in a CSV file");

    let err = env.refused(&["user", "add", &huge], 2);
    assert_short(&err, "user add");
    let err = env.refused(&["settings", "set", "smtp.port", &huge], 2);
    assert_short(&err, "settings set");
    let err = env.refused(&["settings", "set", &huge, "1"], 2);
    assert_short(&err, "an unknown setting");
    let err = env.refused(
        &[
            "policy", "add", "p", "--target", "mfa", "--action", "skipped", "--ip", &huge,
        ],
        2,
    );
    assert_short(&err, "policy add --ip");

    // Control characters are shown escaped, not sent to the terminal.
    let err = env.refused(&["settings", "set", "smtp.port", "1\u{1b}[2J"], 2);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn an_emergency_request_for_a_name_no_account_can_have_stores_nothing() {
    let e = Emergency::new();
    let long = "a".repeat(300);
    let err = e.env.refused(&["emergency", "request", &long], 2);
    assert!(err.contains("longer than 256 characters"), "{err}");
    assert!(err.len() < 300, "{err}");
    // 256 characters is a name some account could have: asked like any.
    e.env.ok(&["emergency", "request", &"a".repeat(256)]);
}
