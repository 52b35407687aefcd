//! Conditional-access policies from the command line: adding, listing,
//! ordering and removing them, and what `policy test` decides.

use crate::common::*;

use serde_json::{json, Value};

/// A store with users and groups to write policies about:
/// - alice: direct administrator, in `ops`;
/// - bob: plain user, in `contractors`;
/// - carol: administrator through the `admins` group;
/// - dave: plain user, no group.
fn setup() -> Env {
    let env = Env::new();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["group", "add", "contractors"]);
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&[
        "user",
        "add",
        "alice",
        "--admin",
        "--email",
        "alice@example.com",
    ]);
    env.ok(&["user", "add", "bob"]);
    env.ok(&["user", "add", "carol"]);
    env.ok(&["user", "add", "dave"]);
    env.ok(&["group", "add-member", "ops", "alice"]);
    env.ok(&["group", "add-member", "contractors", "bob"]);
    env.ok(&["group", "add-member", "admins", "carol"]);
    env
}

fn add(env: &Env, name: &str, target: &str, action: &str, conditions: &[&str]) {
    let mut args = vec![
        "policy", "add", name, "--target", target, "--action", action,
    ];
    args.extend_from_slice(conditions);
    env.ok(&args);
}

fn test(env: &Env, user: &str, ip: Option<&str>) -> Value {
    let mut args = vec!["policy", "test", user];
    if let Some(ip) = ip {
        args.extend(["--ip", ip]);
    }
    env.json(&args)
}

/// `outcome` or `outcome@policy` for one target, e.g. `deny@block`.
fn decision(d: &Value) -> String {
    let outcome = d["outcome"].as_str().expect("outcome is a string");
    match d["policy"].as_str() {
        Some(p) => format!("{outcome}@{p}"),
        None => {
            assert!(d["policy"].is_null(), "{d}");
            outcome.to_string()
        }
    }
}

fn login(env: &Env, user: &str, ip: Option<&str>) -> String {
    decision(&test(env, user, ip)["login"])
}

fn mfa(env: &Env, user: &str, ip: Option<&str>) -> String {
    decision(&test(env, user, ip)["mfa"])
}

/// (position, name) of every policy, in list order.
fn order(env: &Env) -> Vec<(i64, String)> {
    env.json(&["policy", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["position"].as_i64().unwrap(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn names(order: &[(i64, String)]) -> Vec<&str> {
    order.iter().map(|(_, n)| n.as_str()).collect()
}

fn assert_contiguous(order: &[(i64, String)]) {
    let positions: Vec<i64> = order.iter().map(|(p, _)| *p).collect();
    let expected: Vec<i64> = (1..=order.len() as i64).collect();
    assert_eq!(positions, expected, "positions are not 1..n: {order:?}");
}

fn last_audit(env: &Env) -> Value {
    audit(env, &[]).last().expect("an audit entry").clone()
}

// ------------------------------------------------------------ add, list, JSON

#[test]
fn add_and_list_policies() {
    let env = setup();
    let p = env.json(&[
        "policy",
        "add",
        "office",
        "--target",
        "mfa",
        "--action",
        "skipped",
        "--ip",
        "10.1.2.3/8",
        "--ip",
        "192.0.2.7",
        "--ip",
        "2001:db8::1/32",
    ]);
    assert_eq!(
        p,
        json!({
            "name": "office",
            "position": 1,
            "target": "mfa",
            "action": "skipped",
            "users": [],
            "groups": [],
            "admins": false,
            "networks": ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"],
        })
    );
    add(
        &env,
        "no-contractors",
        "login",
        "deny",
        &["--group", "contractors", "--user", "bob", "--user", "dave"],
    );
    add(&env, "admins-mfa", "mfa", "required", &["--admins"]);

    let list = env.json(&["policy", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[0]["name"], "office");
    assert_eq!(
        list[1],
        json!({
            "name": "no-contractors",
            "position": 2,
            "target": "login",
            "action": "deny",
            "users": ["bob", "dave"],
            "groups": ["contractors"],
            "admins": false,
            "networks": [],
        })
    );
    assert_eq!(list[2]["admins"], true);
    assert_eq!(list[2]["position"], 3);

    let table = env.ok(&["policy", "list"]);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert!(rows[1].starts_with("1\t"), "{table}");
    assert!(rows[1].contains("office"), "{table}");
    assert!(rows[2].contains("no-contractors"), "{table}");
    assert!(rows[2].contains("deny"), "{table}");
    assert!(rows[3].contains("administrators"), "{table}");

    let entries = audit(&env, &[]);
    let adds: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "policy.add")
        .collect();
    assert_eq!(adds.len(), 3);
    assert_eq!(adds[0]["target"], "office");
}

#[test]
fn an_empty_list() {
    let env = setup();
    assert_eq!(env.json(&["policy", "list"]), json!([]));
}

#[test]
fn action_must_fit_the_target() {
    let env = setup();
    for (target, action) in [
        ("login", "required"),
        ("login", "skipped"),
        ("mfa", "allow"),
        ("mfa", "deny"),
    ] {
        let err = env.refused(
            &["policy", "add", "p", "--target", target, "--action", action],
            2,
        );
        assert!(err.contains(action), "{err}");
    }
    env.refused(
        &[
            "policy", "add", "p", "--target", "login", "--action", "block",
        ],
        2,
    );
    env.refused(
        &["policy", "add", "p", "--target", "sso", "--action", "allow"],
        2,
    );
    env.refused(&["policy", "add", "p", "--action", "allow"], 2);
    env.refused(&["policy", "add", "p", "--target", "login"], 2);
}

#[test]
fn unknown_users_and_groups_are_refused() {
    let env = setup();
    let err = env.refused(
        &[
            "policy", "add", "p", "--target", "login", "--action", "deny", "--user", "alice",
            "--user", "nobody",
        ],
        1,
    );
    assert!(err.contains("nobody"), "{err}");
    let err = env.refused(
        &[
            "policy", "add", "p", "--target", "login", "--action", "deny", "--group", "nogroup",
        ],
        1,
    );
    assert!(err.contains("nogroup"), "{err}");
}

#[test]
fn bad_networks_are_refused() {
    let env = setup();
    for bad in [
        "10.0.0.0/33",
        "300.1.1.1",
        "10.0.0.0/",
        "example.com",
        "",
        "10.0.0.0/8,192.0.2.0/24",
        "2001:db8::/129",
    ] {
        let err = env.refused(
            &[
                "policy", "add", "p", "--target", "login", "--action", "deny", "--ip", bad,
            ],
            2,
        );
        assert!(err.contains("network"), "{bad}: {err}");
    }
}

#[test]
fn policy_names_are_unique_and_well_formed() {
    let env = setup();
    add(&env, "block", "login", "deny", &[]);
    let err = env.refused(
        &[
            "policy", "add", "BLOCK", "--target", "mfa", "--action", "required",
        ],
        1,
    );
    assert!(err.contains("exists already"), "{err}");
    for bad in ["", "a b", "-x", "a/b", "a\nb"] {
        env.refused(
            &[
                "policy", "add", "--target", "login", "--action", "deny", "--", bad,
            ],
            2,
        );
    }
}

// ------------------------------------------------------------- evaluation

#[test]
fn policy_test_json_shape_and_defaults() {
    let env = setup();
    let d = test(&env, "bob", Some("192.0.2.10"));
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["ip", "login", "mfa", "user"]);
    assert_eq!(d["user"], "bob");
    assert_eq!(d["ip"], "192.0.2.10");
    for target in ["login", "mfa"] {
        let mut keys: Vec<&str> = d[target]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["outcome", "policy", "reason"], "{target}");
        assert!(d[target]["reason"].as_str().unwrap().len() > 10);
    }
    // No policy: login allowed, MFA by the default action (required).
    assert_eq!(d["login"]["outcome"], "allow");
    assert_eq!(d["login"]["policy"], Value::Null);
    assert_eq!(d["mfa"]["outcome"], "required");
    assert_eq!(d["mfa"]["policy"], Value::Null);
    assert!(d["mfa"]["reason"].as_str().unwrap().contains("required"));

    let d = test(&env, "BOB", None);
    assert_eq!(d["user"], "bob");
    assert_eq!(d["ip"], Value::Null);
}

#[test]
fn policy_test_names_the_matching_policy() {
    let env = setup();
    add(&env, "first", "mfa", "skipped", &["--user", "dave"]);
    add(&env, "block", "login", "deny", &["--user", "bob"]);
    let d = test(&env, "bob", None);
    assert_eq!(d["login"]["outcome"], "deny");
    assert_eq!(d["login"]["policy"], "block");
    let reason = d["login"]["reason"].as_str().unwrap();
    assert!(reason.contains("block"), "{reason}");
    assert!(reason.contains("#2"), "{reason}");

    let text = env.ok(&["policy", "test", "bob"]);
    assert!(text.contains("denied"), "{text}");
    assert!(text.contains("block"), "{text}");
    let text = env.ok(&["policy", "test", "dave"]);
    assert!(text.contains("allowed"), "{text}");
    assert!(text.contains("skipped"), "{text}");
    assert!(text.contains("first"), "{text}");
}

#[test]
fn policy_test_refusals() {
    let env = setup();
    let err = env.refused(&["policy", "test", "nobody"], 1);
    assert!(err.contains("nobody"), "{err}");
    for bad in ["nope", "10.0.0.0/8", "10.0.0.256", ""] {
        env.refused(&["policy", "test", "bob", "--ip", bad], 2);
    }
}

#[test]
fn default_action_when_no_mfa_policy_matches() {
    let env = setup();
    env.ok(&["user", "set", "bob", "--mfa-type", "totp"]);
    env.ok(&["user", "set", "carol", "--mfa-type", "none"]);
    // dave keeps the server default.

    for u in ["bob", "carol", "dave"] {
        assert_eq!(mfa(&env, u, None), "required", "{u}");
    }

    env.ok(&["settings", "set", "mfa.default_action", "skipped"]);
    for u in ["bob", "carol", "dave"] {
        assert_eq!(mfa(&env, u, None), "skipped", "{u}");
    }

    env.ok(&["settings", "set", "mfa.default_action", "optional-per-user"]);
    assert_eq!(mfa(&env, "bob", None), "required");
    assert_eq!(mfa(&env, "carol", None), "skipped");
    assert_eq!(mfa(&env, "dave", None), "skipped");
    let reason = test(&env, "dave", None)["mfa"]["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(reason.contains("optional-per-user"), "{reason}");

    // A policy overrides the default.
    add(&env, "all", "mfa", "required", &[]);
    assert_eq!(mfa(&env, "dave", None), "required@all");
    // Login is not affected by MFA policies or the default.
    assert_eq!(login(&env, "dave", None), "allow");
}

#[test]
fn first_matching_policy_decides_and_move_changes_it() {
    let env = setup();
    add(&env, "everyone-skip", "mfa", "skipped", &[]);
    add(&env, "bob-required", "mfa", "required", &["--user", "bob"]);
    assert_eq!(mfa(&env, "bob", None), "skipped@everyone-skip");

    let out = env.json(&["policy", "move", "bob-required", "--position", "1"]);
    assert_eq!(out, json!({"policy": "bob-required", "position": 1}));
    assert_eq!(mfa(&env, "bob", None), "required@bob-required");
    assert_eq!(mfa(&env, "dave", None), "skipped@everyone-skip");
    let order = order(&env);
    assert_eq!(names(&order), ["bob-required", "everyone-skip"]);
    assert_contiguous(&order);

    let last = last_audit(&env);
    assert_eq!(last["action"], "policy.move");
    assert_eq!(last["target"], "bob-required");
    assert_eq!(last["details"]["from"], 2);
    assert_eq!(last["details"]["to"], 1);
}

#[test]
fn login_and_mfa_policies_are_decided_separately() {
    let env = setup();
    add(&env, "mfa-skip", "mfa", "skipped", &[]);
    add(&env, "deny-bob", "login", "deny", &["--user", "bob"]);
    add(&env, "allow-all", "login", "allow", &[]);
    add(&env, "mfa-bob", "mfa", "required", &["--user", "bob"]);
    let d = test(&env, "bob", None);
    assert_eq!(decision(&d["login"]), "deny@deny-bob");
    assert_eq!(decision(&d["mfa"]), "skipped@mfa-skip");
    let d = test(&env, "dave", None);
    assert_eq!(decision(&d["login"]), "allow@allow-all");
    assert_eq!(decision(&d["mfa"]), "skipped@mfa-skip");
}

#[test]
fn conditions_within_a_kind_are_alternatives() {
    let env = setup();
    add(
        &env,
        "two-users",
        "login",
        "deny",
        &["--user", "bob", "--user", "dave"],
    );
    add(
        &env,
        "two-groups",
        "mfa",
        "skipped",
        &["--group", "ops", "--group", "contractors"],
    );
    add(
        &env,
        "two-nets",
        "mfa",
        "required",
        &["--ip", "10.0.0.0/8", "--ip", "192.0.2.0/24"],
    );
    assert_eq!(login(&env, "bob", None), "deny@two-users");
    assert_eq!(login(&env, "dave", None), "deny@two-users");
    assert_eq!(login(&env, "alice", None), "allow");
    assert_eq!(mfa(&env, "alice", None), "skipped@two-groups");
    assert_eq!(mfa(&env, "bob", None), "skipped@two-groups");
    assert_eq!(mfa(&env, "carol", None), "required");
    assert_eq!(mfa(&env, "carol", Some("10.9.8.7")), "required@two-nets");
    assert_eq!(mfa(&env, "carol", Some("192.0.2.200")), "required@two-nets");
    assert_eq!(mfa(&env, "dave", Some("198.51.100.1")), "required");
}

#[test]
fn conditions_of_different_kinds_must_all_hold() {
    let env = setup();
    env.ok(&["settings", "set", "mfa.default_action", "skipped"]);
    add(
        &env,
        "ops-admins-outside",
        "mfa",
        "required",
        &["--group", "ops", "--admins", "--ip", "203.0.113.0/24"],
    );
    // alice: in ops, direct administrator.
    assert_eq!(
        mfa(&env, "alice", Some("203.0.113.5")),
        "required@ops-admins-outside"
    );
    assert_eq!(
        mfa(&env, "alice", Some("10.0.0.1")),
        "skipped",
        "wrong network"
    );
    assert_eq!(mfa(&env, "alice", None), "skipped", "unknown source");
    // dave in ops, but not an administrator.
    env.ok(&["group", "add-member", "ops", "dave"]);
    assert_eq!(
        mfa(&env, "dave", Some("203.0.113.5")),
        "skipped",
        "not admin"
    );
    // carol is an administrator (through a group) but not in ops.
    assert_eq!(
        mfa(&env, "carol", Some("203.0.113.5")),
        "skipped",
        "not in ops"
    );

    add(
        &env,
        "bob-in-contractors",
        "login",
        "deny",
        &["--user", "bob", "--user", "dave", "--group", "contractors"],
    );
    assert_eq!(login(&env, "bob", None), "deny@bob-in-contractors");
    assert_eq!(
        login(&env, "dave", None),
        "allow",
        "dave is not in contractors"
    );
}

#[test]
fn administrators_through_a_group_count_as_administrators() {
    let env = setup();
    add(&env, "admins-mfa", "mfa", "required", &["--admins"]);
    env.ok(&["settings", "set", "mfa.default_action", "skipped"]);
    assert_eq!(mfa(&env, "alice", None), "required@admins-mfa");
    assert_eq!(mfa(&env, "carol", None), "required@admins-mfa");
    assert_eq!(mfa(&env, "bob", None), "skipped");
    env.ok(&["group", "remove-member", "admins", "carol"]);
    assert_eq!(mfa(&env, "carol", None), "skipped");
    env.ok(&["user", "set", "bob", "--admin", "true"]);
    assert_eq!(mfa(&env, "bob", None), "required@admins-mfa");
}

#[test]
fn network_conditions_never_match_an_unknown_source() {
    let env = setup();
    add(&env, "office", "mfa", "skipped", &["--ip", "10.0.0.0/8"]);
    add(
        &env,
        "office-v6",
        "login",
        "deny",
        &["--ip", "2001:db8::/32"],
    );
    assert_eq!(mfa(&env, "bob", None), "required");
    assert_eq!(mfa(&env, "bob", Some("10.255.255.255")), "skipped@office");
    assert_eq!(mfa(&env, "bob", Some("10.0.0.0")), "skipped@office");
    assert_eq!(mfa(&env, "bob", Some("11.0.0.0")), "required");
    assert_eq!(mfa(&env, "bob", Some("2001:db8::10")), "required");
    assert_eq!(login(&env, "bob", None), "allow");
    assert_eq!(
        login(&env, "bob", Some("2001:db8:ffff::1")),
        "deny@office-v6"
    );
    assert_eq!(login(&env, "bob", Some("2001:db9::1")), "allow");
    assert_eq!(login(&env, "bob", Some("10.1.1.1")), "allow");

    let text = env.ok(&["policy", "test", "bob"]);
    assert!(text.contains("unknown"), "{text}");
}

#[test]
fn an_ipv4_mapped_ipv6_source_matches_its_ipv4_network() {
    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; a deny
    // policy for their network must not be bypassed that way.
    let env = setup();
    add(&env, "block-net", "login", "deny", &["--ip", "10.0.0.0/8"]);
    assert_eq!(login(&env, "bob", Some("10.1.2.3")), "deny@block-net");
    assert_eq!(
        login(&env, "bob", Some("::ffff:10.1.2.3")),
        "deny@block-net"
    );
}

#[test]
fn user_and_group_names_match_regardless_of_case() {
    let env = setup();
    add(&env, "by-user", "login", "deny", &["--user", "BOB"]);
    add(&env, "by-group", "mfa", "skipped", &["--group", "OPS"]);
    assert_eq!(login(&env, "bob", None), "deny@by-user");
    assert_eq!(mfa(&env, "alice", None), "skipped@by-group");
    let list = env.json(&["policy", "list"]);
    assert_eq!(list[0]["users"], json!(["bob"]));
    assert_eq!(list[1]["groups"], json!(["ops"]));
}

#[test]
fn group_membership_changes_are_seen_by_policies() {
    let env = setup();
    add(
        &env,
        "no-contractors",
        "login",
        "deny",
        &["--group", "contractors"],
    );
    assert_eq!(login(&env, "dave", None), "allow");
    env.ok(&["group", "add-member", "contractors", "dave"]);
    assert_eq!(login(&env, "dave", None), "deny@no-contractors");
    env.ok(&["group", "remove-member", "contractors", "dave"]);
    assert_eq!(login(&env, "dave", None), "allow");
}

// ------------------------------------------------------- order and removal

#[test]
fn remove_renumbers_and_move_keeps_positions_contiguous() {
    let env = setup();
    for name in ["p1", "p2", "p3", "p4", "p5"] {
        add(&env, name, "login", "allow", &["--user", "bob"]);
    }
    let o = order(&env);
    assert_eq!(names(&o), ["p1", "p2", "p3", "p4", "p5"]);
    assert_contiguous(&o);

    let out = env.json(&["policy", "remove", "p2"]);
    assert_eq!(out["removed"], "p2");
    let o = order(&env);
    assert_eq!(names(&o), ["p1", "p3", "p4", "p5"]);
    assert_contiguous(&o);
    let last = last_audit(&env);
    assert_eq!(last["action"], "policy.remove");
    assert_eq!(last["target"], "p2");

    env.ok(&["policy", "move", "p1", "--position", "3"]);
    let o = order(&env);
    assert_eq!(names(&o), ["p3", "p4", "p1", "p5"]);
    assert_contiguous(&o);

    env.ok(&["policy", "move", "p5", "--position", "2"]);
    let o = order(&env);
    assert_eq!(names(&o), ["p3", "p5", "p4", "p1"]);
    assert_contiguous(&o);

    // Past the end means last.
    let out = env.json(&["policy", "move", "p3", "--position", "99"]);
    assert_eq!(out["position"], 4);
    let o = order(&env);
    assert_eq!(names(&o), ["p5", "p4", "p1", "p3"]);
    assert_contiguous(&o);

    // A policy added after removals goes last, with the next position.
    add(&env, "p6", "login", "deny", &[]);
    let o = order(&env);
    assert_eq!(names(&o), ["p5", "p4", "p1", "p3", "p6"]);
    assert_contiguous(&o);

    env.ok(&["policy", "remove", "p5"]);
    env.ok(&["policy", "remove", "p6"]);
    let o = order(&env);
    assert_eq!(names(&o), ["p4", "p1", "p3"]);
    assert_contiguous(&o);

    let table = env.ok(&["policy", "list"]);
    let first_cells: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(first_cells, ["1", "2", "3"], "{table}");
}

#[test]
fn remove_changes_the_outcome() {
    let env = setup();
    add(&env, "deny-bob", "login", "deny", &["--user", "bob"]);
    add(&env, "deny-all", "login", "deny", &[]);
    add(&env, "allow-bob", "login", "allow", &["--user", "bob"]);
    assert_eq!(login(&env, "bob", None), "deny@deny-bob");
    env.ok(&["policy", "remove", "deny-bob"]);
    assert_eq!(login(&env, "bob", None), "deny@deny-all");
    env.ok(&["policy", "move", "allow-bob", "--position", "1"]);
    assert_eq!(login(&env, "bob", None), "allow@allow-bob");
    assert_eq!(login(&env, "dave", None), "deny@deny-all");
    let reason = test(&env, "dave", None)["login"]["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(reason.contains("#2"), "{reason}");
}

#[test]
fn move_and_remove_refusals() {
    let env = setup();
    add(&env, "a", "login", "allow", &[]);
    add(&env, "b", "login", "allow", &[]);
    env.refused(&["policy", "move", "a", "--position", "0"], 2);
    env.refused(&["policy", "move", "a", "--position", "-1"], 2);
    env.refused(&["policy", "move", "a", "--position", "first"], 2);
    env.refused(&["policy", "move", "a"], 2);
    env.refused(&["policy", "move", "nope", "--position", "1"], 1);
    env.refused(&["policy", "remove", "nope"], 1);
    // Moving to where it is changes nothing and records nothing.
    let before = dump(&env.db());
    env.ok(&["policy", "move", "a", "--position", "1"]);
    assert_eq!(before, dump(&env.db()));
    assert_eq!(names(&order(&env)), ["a", "b"]);
}

#[test]
fn removing_what_a_policy_names_is_refused() {
    let env = setup();
    add(&env, "p", "mfa", "skipped", &["--user", "bob"]);
    add(&env, "q", "login", "deny", &["--group", "contractors"]);
    let err = env.refused(&["user", "remove", "bob"], 5);
    assert!(err.contains("policy p"), "{err}");
    let err = env.refused(&["group", "remove", "contractors"], 5);
    assert!(err.contains("policy q"), "{err}");
    // Removing users and groups no policy names is fine.
    env.ok(&["user", "remove", "dave"]);
    env.ok(&["group", "remove", "ops"]);
}
