mod common;
use common::smtp::*;
use common::*;

#[test]
fn smoke_emergency_flow() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    env.ok(&["settings", "set", "authentication.emergency_code.enabled", "true"]);
    env.ok(&["user", "add", "alice", "--email", "alice@example.com", "--admin"]);
    env.ok(&["user", "set", "alice", "--emergency-login", "on"]);
    let out = env.ok(&["emergency", "request", "alice"]);
    println!("{out}");
    let mails = smtp.to("alice@example.com");
    assert_eq!(mails.len(), 1);
    println!("{}\n{}", mails[0].subject(), mails[0].body());
}
