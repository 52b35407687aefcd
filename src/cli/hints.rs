//! The library's typed hints as `mfactl` advice: the one place that turns a
//! next step into a command line.
//!
//! The rule: a message (or a warning, or a condition's fix) is printed as
//! `MESSAGE: ADVICE`, where ADVICE is [`render`] of its hint, usually one
//! `mfactl …` command. The library writes its messages so that they read
//! whole without the advice and lead into it when it follows.

use mfactl::error::{Advice, Hint, UserOption};

/// The advice for `hint`, in `mfactl` terms.
pub fn render(hint: &Hint) -> String {
    match hint {
        Hint::ChooseStore => "give --db PATH or set MFACTL_DB".into(),
        Hint::ChooseKeyFile => "give --key-file PATH or set MFACTL_KEY_FILE".into(),
        Hint::ListUsers => "mfactl user list".into(),
        Hint::ListGroups => "mfactl group list".into(),
        Hint::ListPolicies => "mfactl policy list".into(),
        Hint::ListSessions => "mfactl session list".into(),
        Hint::ListCredentials { user } => format!("mfactl mfa list {}", quote(user)),
        Hint::ShowSettings => "mfactl settings show".into(),
        Hint::ExportSettings => "mfactl settings export".into(),
        Hint::SetSetting { key, example } => {
            let value = match example {
                Some(v) => quote(v),
                None if is_secret(key) => "--stdin".into(),
                None => "…".into(),
            };
            format!("mfactl settings set {key} {value}")
        }
        Hint::SetUser { user, option } => {
            let flag = match option {
                UserOption::Email => "--email ADDRESS".to_string(),
                UserOption::Admin(on) => format!("--admin {on}"),
                UserOption::EmergencyLogin(on) => {
                    format!("--emergency-login {}", if *on { "on" } else { "off" })
                }
                UserOption::MfaType(t) => format!("--mfa-type {}", quote(t)),
            };
            format!("mfactl user set {} {flag}", quote(user))
        }
        Hint::ChooseEmergencyAdmin => "mfactl user set NAME --emergency-login on".into(),
        Hint::UnlockUser { user } => format!("mfactl user unlock {}", quote(user)),
        Hint::AddGroup { name } => format!("mfactl group add {}", quote(name)),
        Hint::RemovePolicy { name } => format!("mfactl policy remove {}", quote(name)),
        Hint::ReplaceTotp { user } => {
            let user = quote(user);
            format!("mfactl mfa reset {user}, or mfactl mfa enroll {user} --label NAME")
        }
        Hint::EnrollTotp { user } => format!("mfactl mfa enroll {} --method totp", quote(user)),
        Hint::ConfirmTotp { user } => format!("mfactl mfa confirm {}", quote(user)),
        Hint::ConfigureMfa { user } => {
            let user = quote(user);
            format!(
                "mfactl user set {user} --mfa-type totp, then mfactl mfa enroll {user} --method totp"
            )
        }
        Hint::SendChallenge { user } => format!("mfactl mfa challenge {}", quote(user)),
        Hint::RequestEmergencyCode { user } => {
            format!("mfactl emergency request {}", quote(user))
        }
        Hint::FlushMail => "mfactl mail flush".into(),
    }
}

/// `text`, followed by the advice for `hint` when there is one.
pub fn with_hint(text: &str, hint: Option<&Hint>) -> String {
    match hint {
        Some(h) => format!("{text}: {}", render(h)),
        None => text.to_string(),
    }
}

/// Advice (a warning, a condition's fix) as one line.
pub fn advice(a: &Advice) -> String {
    with_hint(&a.text, a.hint.as_ref())
}

fn is_secret(key: &str) -> bool {
    mfactl::settings::lookup(key).is_ok_and(|d| matches!(d.kind, mfactl::settings::Kind::Secret))
}

/// A word as the shell reads it: as it is when that is safe, else in
/// single quotes (a directory name may hold an apostrophe).
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "._@%+=:,/-".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At least one of every variant.
    fn every_hint() -> Vec<Hint> {
        let user = || "alice".to_string();
        let all = vec![
            Hint::ChooseStore,
            Hint::ChooseKeyFile,
            Hint::ListUsers,
            Hint::ListGroups,
            Hint::ListPolicies,
            Hint::ListSessions,
            Hint::ListCredentials { user: user() },
            Hint::ShowSettings,
            Hint::ExportSettings,
            Hint::SetSetting {
                key: "smtp.host",
                example: Some("mail.example.com".into()),
            },
            Hint::SetSetting {
                key: "smtp.password",
                example: None,
            },
            Hint::SetSetting {
                key: "mfa.authenticators",
                example: None,
            },
            Hint::SetUser {
                user: user(),
                option: UserOption::Email,
            },
            Hint::SetUser {
                user: user(),
                option: UserOption::Admin(true),
            },
            Hint::SetUser {
                user: user(),
                option: UserOption::EmergencyLogin(false),
            },
            Hint::SetUser {
                user: user(),
                option: UserOption::MfaType("email".into()),
            },
            Hint::ChooseEmergencyAdmin,
            Hint::UnlockUser { user: user() },
            Hint::AddGroup { name: "ops".into() },
            Hint::RemovePolicy {
                name: "office".into(),
            },
            Hint::ReplaceTotp { user: user() },
            Hint::EnrollTotp { user: user() },
            Hint::ConfirmTotp { user: user() },
            Hint::ConfigureMfa { user: user() },
            Hint::SendChallenge { user: user() },
            Hint::RequestEmergencyCode { user: user() },
            Hint::FlushMail,
        ];
        // Each variant's number; a new variant fails to compile here until
        // it has one, and the test below until the list holds one of it.
        let number = |h: &Hint| match h {
            Hint::ChooseStore => 0,
            Hint::ChooseKeyFile => 1,
            Hint::ListUsers => 2,
            Hint::ListGroups => 3,
            Hint::ListPolicies => 4,
            Hint::ListSessions => 5,
            Hint::ListCredentials { .. } => 6,
            Hint::ShowSettings => 7,
            Hint::ExportSettings => 8,
            Hint::SetSetting { .. } => 9,
            Hint::SetUser { .. } => 10,
            Hint::ChooseEmergencyAdmin => 11,
            Hint::UnlockUser { .. } => 12,
            Hint::AddGroup { .. } => 13,
            Hint::RemovePolicy { .. } => 14,
            Hint::ReplaceTotp { .. } => 15,
            Hint::EnrollTotp { .. } => 16,
            Hint::ConfirmTotp { .. } => 17,
            Hint::ConfigureMfa { .. } => 18,
            Hint::SendChallenge { .. } => 19,
            Hint::RequestEmergencyCode { .. } => 20,
            Hint::FlushMail => 21,
        };
        let mut seen: Vec<usize> = all.iter().map(number).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..22).collect::<Vec<_>>(), "one of every variant");
        all
    }

    #[test]
    fn every_hint_renders_as_mfactl_advice() {
        for h in every_hint() {
            let text = render(&h);
            assert!(
                text.starts_with("mfactl ") || text.starts_with("give --"),
                "{h:?} renders as {text:?}"
            );
            assert!(!text.contains('\n'), "{h:?}: one line: {text:?}");
        }
    }

    #[test]
    fn renderings_name_the_command_and_its_data() {
        let r = |h: Hint| render(&h);
        assert_eq!(
            r(Hint::UnlockUser {
                user: "alice".into()
            }),
            "mfactl user unlock alice"
        );
        assert_eq!(
            r(Hint::SetSetting {
                key: "smtp.password",
                example: None
            }),
            "mfactl settings set smtp.password --stdin"
        );
        assert_eq!(
            r(Hint::SetSetting {
                key: "smtp.host",
                example: None
            }),
            "mfactl settings set smtp.host …"
        );
        assert_eq!(
            r(Hint::SetUser {
                user: "grace".into(),
                option: UserOption::EmergencyLogin(true)
            }),
            "mfactl user set grace --emergency-login on"
        );
        assert_eq!(
            r(Hint::UnlockUser {
                user: "o'brien@corp.example.com".into()
            }),
            r"mfactl user unlock 'o'\''brien@corp.example.com'"
        );
        assert_eq!(
            with_hint("it is locked", Some(&Hint::ListUsers)),
            "it is locked: mfactl user list"
        );
        assert_eq!(with_hint("it is locked", None), "it is locked");
    }
}
