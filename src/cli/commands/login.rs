//! `mfactl login`

use std::io::IsTerminal;

use mfactl::auth::login::{self, Next};
use mfactl::auth::mfa::Method;
use mfactl::auth::session::Opened;
use mfactl::clock::format_time;
use mfactl::{policy, Error};

use crate::cli::args::LoginArgs;
use crate::cli::output::{Human, Lazy};
use crate::cli::{deliver_queued, input, interrupt, Caller, Ctx};

pub fn run(ctx: &Ctx, args: LoginArgs) -> anyhow::Result<()> {
    let ip = match &args.ip {
        Some(_) if *ctx.caller() != Caller::Root => {
            return Err(Error::Refused(
                "only root can say where a login comes from (--ip): network policies must not \
                 trust what the person logging in claims"
                    .into(),
            )
            .into())
        }
        Some(ip) => Some(policy::parse_ip(ip)?),
        None => None,
    };
    let mut stdin = if args.password_stdin || args.code_stdin {
        Some(input::StdinLines::read()?)
    } else {
        None
    };
    let password = match (&mut stdin, args.password_stdin) {
        (Some(lines), true) => lines.next("password")?,
        _ => input::prompt_secret(
            ctx,
            &format!("Password for {}", args.user),
            false,
            &format!(
                "give it on standard input: mfactl login {} --password-stdin",
                args.user
            ),
        )?,
    };
    let method = args.method.as_deref().map(Method::parse).transpose()?;
    let mut store = ctx.open()?;
    let opened = match login::begin(&mut store, &args.user, &password, ip)? {
        Next::Done(opened) => opened,
        Next::Mfa(begun) => {
            let method = match method {
                Some(m) => m,
                None => choose(ctx, &begun.methods)?,
            };
            if let Some(expires) = login::send_challenge(&mut store, &begun, method)? {
                let how = if method == Method::Email {
                    "by email".to_string()
                } else {
                    format!("({method})")
                };
                ctx.out.note(&format!(
                    "a code was sent {how}; it works until {}",
                    format_time(expires)
                ));
            }
            let code = match (&mut stdin, args.code_stdin) {
                (Some(lines), true) => lines.next("MFA code")?,
                _ => input::prompt_secret(
                    ctx,
                    &capitalised(method.code_name()),
                    false,
                    &format!(
                        "give it on standard input: mfactl login {} --code-stdin",
                        args.user
                    ),
                )?,
            };
            let result = login::finish(&mut store, begun, method, &code);
            deliver_queued(ctx, &mut store);
            result?
        }
    };
    print_session(ctx, &opened)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The method to use: the only one, or the person's choice on a terminal.
fn choose(ctx: &Ctx, methods: &[Method]) -> Result<Method, Error> {
    if methods.len() == 1 || ctx.no_input || !std::io::stdin().is_terminal() {
        return methods
            .first()
            .copied()
            .ok_or_else(|| Error::Refused("no MFA method is available".into()));
    }
    let names: Vec<&str> = methods.iter().map(|m| m.code_name()).collect();
    interrupt::guard();
    let i = dialoguer::Select::new()
        .with_prompt("Second factor")
        .items(&names)
        .default(0)
        .interact()
        .map_err(|e| input::prompt_failed(e, "choosing a method failed"))?;
    Ok(methods[i])
}

fn print_session(ctx: &Ctx, opened: &Opened) -> anyhow::Result<()> {
    let s = &opened.session;
    show_session(
        ctx,
        opened,
        format!(
            "logged in as {} ({}): session {} until {}",
            s.user, s.method, s.id, s.expires_at
        ),
    )
}

/// Prints a new session: the token on stdout under `note`, or with
/// `--json` the token, session and expiry.
pub fn show_session(ctx: &Ctx, opened: &Opened, note: String) -> anyhow::Result<()> {
    let s = &opened.session;
    let json = Lazy(|| {
        serde_json::json!({
            "token": opened.token.expose(),
            "session": s,
            "expires_at": s.expires_at,
        })
    });
    ctx.out.show(json, |_| {
        Human::All(vec![Human::note(note), Human::text(opened.token.expose())])
    })
}
