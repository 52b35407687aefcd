//! Reading secrets and files: hidden prompts on a terminal, or standard
//! input in scripts. Secrets never come from argv.

use std::io::{IsTerminal, Read};
use std::path::Path;

use mfactl::crypto::Secret;
use mfactl::Error;
use zeroize::Zeroizing;

use super::{interrupt, Ctx};

/// Largest secret or file read from standard input.
const MAX_STDIN: u64 = 1 << 20;

/// Reads a secret from standard input, without one trailing line break.
pub fn secret_from_stdin(what: &str) -> Result<Secret, Error> {
    let mut buf = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(MAX_STDIN)
        .read_to_end(&mut buf)
        .map_err(|e| Error::Invalid(format!("cannot read the {what} from standard input: {e}")))?;
    let text = std::str::from_utf8(&buf)
        .map_err(|_| Error::Invalid(format!("the {what} on standard input is not UTF-8 text")))?;
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text);
    if text.is_empty() {
        return Err(Error::Invalid(format!(
            "the {what} on standard input is empty"
        )));
    }
    Ok(Secret::new(text))
}

/// Asks for a secret at a hidden prompt, twice when `confirm`. With
/// --no-input or without a terminal this is an error that says how to give
/// it instead.
pub fn prompt_secret(
    ctx: &Ctx,
    prompt: &str,
    confirm: bool,
    alternative: &str,
) -> Result<Secret, Error> {
    if ctx.no_input || !std::io::stdin().is_terminal() {
        return Err(Error::NeedsInput(format!(
            "cannot prompt for \"{prompt}\": input is not interactive (--no-input, or stdin is not a terminal); {alternative}"
        )));
    }
    let mut p = dialoguer::Password::new().with_prompt(prompt);
    if confirm {
        p = p.with_confirmation("Repeat to confirm", "the two entries differ; try again");
    }
    interrupt::guard();
    p.interact()
        .map(Secret::new)
        .map_err(|e| prompt_failed(e, &format!("reading {prompt} failed")))
}

/// A prompt's error as an mfactl error; Ctrl-C, which a menu reads as a
/// key rather than a signal, ends mfactl as SIGINT does (exit 130).
pub fn prompt_failed(e: dialoguer::Error, what: &str) -> Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        interrupt::exit();
    }
    Error::Invalid(format!("{what}: {e}"))
}

/// Reads a whole file, or standard input for `-`, as UTF-8 text.
pub fn text_file(path: &Path) -> Result<String, Error> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_STDIN + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_STDIN + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::Invalid(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(Error::Invalid(format!(
            "{name} is larger than 1 MiB; that is not a settings file"
        )));
    }
    String::from_utf8(bytes).map_err(|_| Error::Invalid(format!("{name} is not UTF-8 text")))
}

/// Standard input read once and handed out line by line, for commands that
/// take more than one secret from it (password, then code).
pub struct StdinLines {
    lines: std::vec::IntoIter<Secret>,
}

impl StdinLines {
    /// Reads all of standard input (at most 1 MiB).
    pub fn read() -> Result<StdinLines, Error> {
        let mut buf = Zeroizing::new(Vec::new());
        std::io::stdin()
            .lock()
            .take(MAX_STDIN)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Invalid(format!("cannot read standard input: {e}")))?;
        let text = std::str::from_utf8(&buf)
            .map_err(|_| Error::Invalid("standard input is not UTF-8 text".into()))?;
        let lines: Vec<Secret> = text
            .lines()
            .map(|l| Secret::new(l.strip_suffix('\r').unwrap_or(l)))
            .collect();
        Ok(StdinLines {
            lines: lines.into_iter(),
        })
    }

    /// The next line, or an error naming what was expected.
    pub fn next(&mut self, what: &str) -> Result<Secret, Error> {
        self.lines
            .next()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| Error::Invalid(format!("expected the {what} on standard input")))
    }
}

/// Writes a new private file (mode 0600); refuses to replace an existing one.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let mut f = create_private_file(path)?;
    write_all(&mut f, path, contents)
}

/// Writes and syncs `contents` to a file made by [`create_private_file`].
pub fn write_all(f: &mut std::fs::File, path: &Path, contents: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    f.write_all(contents)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

/// Creates a new private file (mode 0600); refuses to replace an existing
/// one. Used before a change is made, so a bad path changes nothing.
pub fn create_private_file(path: &Path) -> Result<std::fs::File, Error> {
    use std::os::unix::fs::OpenOptionsExt;
    let name = path.display();
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Error::Invalid(format!("{name} exists already; choose a new file name"))
            }
            _ => Error::Invalid(format!("cannot create {name}: {e}")),
        })
}
