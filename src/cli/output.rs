//! Where output goes: data on stdout (a table for people, JSON for
//! scripts), diagnostics on stderr, colour only on a terminal without
//! NO_COLOR.
//!
//! A command builds one value and hands it to [`Output::show`] with its
//! human form, or streams a long list through [`Output::show_stream`]; only
//! this file decides between JSON, a table and tab-separated rows.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

/// The output mode and streams.
pub struct Output {
    /// `--json`: data as JSON.
    pub json: bool,
    /// `-q`: only data and errors.
    pub quiet: bool,
    /// `-v`: more diagnostics.
    pub verbose: u8,
    stdout_tty: bool,
    stderr_colour: bool,
}

impl Output {
    /// The output for the given global flags.
    pub fn new(json: bool, quiet: bool, verbose: u8, no_colour: bool) -> Output {
        Output {
            json,
            quiet,
            verbose,
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_colour: std::io::stderr().is_terminal() && !no_colour,
        }
    }

    /// Prints text on stdout as it is, with or without `--json`: for data
    /// already in the format asked for (`settings export`).
    pub fn line(&self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(printable(text).as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// Prints a value as pretty JSON.
    fn json<T: Serialize + ?Sized>(&self, value: &T) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
        self.line(&text)
    }

    /// Prints a JSON array one element at a time, as `json` would print it
    /// whole, so long lists need not be held in memory.
    fn json_array<T: Serialize, E: Into<anyhow::Error>>(
        &self,
        each: impl FnOnce(&mut dyn FnMut(&T) -> std::io::Result<()>) -> Result<(), E>,
    ) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut first = true;
        out.write_all(b"[")?;
        each(&mut |item: &T| {
            let text = serde_json::to_string_pretty(item).map_err(std::io::Error::other)?;
            out.write_all(if first { b"\n  " } else { b",\n  " })?;
            out.write_all(text.replace('\n', "\n  ").as_bytes())?;
            first = false;
            Ok(())
        })
        .map_err(Into::<anyhow::Error>::into)?;
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
        out.flush()?;
        Ok(())
    }

    /// Prints a table: boxed on a terminal, tab-separated rows otherwise.
    fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> std::io::Result<()> {
        let mut t = self.rows(header)?;
        for row in rows {
            t.row(row)?;
        }
        t.finish()
    }

    /// Starts a table written row by row: on a terminal it is drawn when
    /// finished; otherwise each row is written at once as tab-separated
    /// values, so scripts can `cut -f` it and long lists need no memory.
    fn rows(&self, header: &[&str]) -> std::io::Result<Rows> {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        if self.stdout_tty {
            return Ok(Rows::Terminal {
                header,
                rows: Vec::new(),
            });
        }
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write_tsv(&mut out, header)?;
        Ok(Rows::Plain(out))
    }

    fn diag(&self, label: &str, colour: &str, msg: &str) {
        let msg = printable(msg);
        let label = if self.stderr_colour {
            format!("\x1b[{colour}m{label}\x1b[0m")
        } else {
            label.to_string()
        };
        let _ = writeln!(std::io::stderr().lock(), "{label}{msg}");
    }

    /// A confirmation or progress note on stderr (not with -q).
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            self.diag("", "0", msg);
        }
    }

    /// A warning on stderr (not with -q).
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            self.diag("warning: ", "33", msg);
        }
    }

    /// An error on stderr (always).
    pub fn error(&self, msg: &str) {
        self.diag("error: ", "31", msg);
    }
}

/// A table being written; see [`Output::rows`].
enum Rows {
    /// Rows kept until the table is drawn.
    Terminal {
        /// Column names.
        header: Vec<String>,
        /// Rows so far.
        rows: Vec<Vec<String>>,
    },
    /// Tab-separated lines written as they come.
    Plain(std::io::BufWriter<std::io::StdoutLock<'static>>),
}

/// Text with control characters other than line breaks escaped: output may
/// quote input (names, file contents, audit entries), which must never
/// reach a terminal as control sequences.
pub fn printable(text: &str) -> Cow<'_, str> {
    // Control characters, and the invisible and direction-changing ones
    // that would make "mallory\u{202e}nimda" display as "malloryadmin".
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{061c}')
    };
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn write_tsv(out: &mut impl Write, cells: Vec<String>) -> std::io::Result<()> {
    let cells: Vec<String> = cells
        .into_iter()
        .map(|c| printable(&c.replace(['\t', '\n', '\r'], " ")).into_owned())
        .collect();
    out.write_all(cells.join("\t").as_bytes())?;
    out.write_all(b"\n")
}

impl Rows {
    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) -> std::io::Result<()> {
        match self {
            Rows::Terminal { rows, .. } => {
                rows.push(cells);
                Ok(())
            }
            Rows::Plain(out) => write_tsv(out, cells),
        }
    }

    /// Draws (on a terminal) or flushes the table.
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Rows::Plain(mut out) => out.flush(),
            Rows::Terminal { header, rows } => {
                let mut table = Table::new();
                table
                    .load_preset(presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_header(header);
                for row in rows {
                    table.add_row(row.iter().map(|c| printable(c).into_owned()));
                }
                let text = table.to_string();
                let trimmed: Vec<&str> = text.lines().map(str::trim_end).collect();
                let mut out = std::io::stdout().lock();
                out.write_all(trimmed.join("\n").as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()
            }
        }
    }
}

/// Formats a yes/no flag for a table.
pub fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

impl Output {
    /// Prints `label: value` lines with the values aligned.
    fn fields(&self, fields: &[(&str, String)]) -> std::io::Result<()> {
        let width = fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
        let text: Vec<String> = fields
            .iter()
            .map(|(l, v)| format!("{:<width$} {v}", format!("{l}:")))
            .collect();
        self.line(&text.join("\n"))
    }
}

/// The human form of a command's result, printed instead of the JSON
/// when there is no `--json`. Text may borrow (a token is printed from its
/// `Secret`, not from a copy).
pub enum Human<'a> {
    /// A table: boxed on a terminal, tab-separated rows otherwise. Build
    /// it with [`Human::table`].
    Table {
        /// Column names.
        header: Vec<&'static str>,
        /// One row per item, as many cells as columns.
        rows: Vec<Vec<String>>,
    },
    /// `label: value` lines with the values aligned.
    Fields(Vec<(&'static str, String)>),
    /// Text on stdout, followed by a line break.
    Text(Cow<'a, str>),
    /// A confirmation on stderr (not with -q), for a change whose data
    /// only scripts need.
    Note(Cow<'a, str>),
    /// A warning on stderr (not with -q).
    Warn(Cow<'a, str>),
    /// Nothing: the data is for scripts only.
    Nothing,
    /// Several of these, in order.
    All(Vec<Human<'a>>),
}

impl<'a> Human<'a> {
    /// A table whose rows have as many cells as the header has columns.
    pub fn table<const N: usize>(
        header: [&'static str; N],
        rows: impl IntoIterator<Item = [String; N]>,
    ) -> Human<'a> {
        Human::Table {
            header: header.to_vec(),
            rows: rows.into_iter().map(Vec::from).collect(),
        }
    }

    /// Text on stdout.
    pub fn text(text: impl Into<Cow<'a, str>>) -> Human<'a> {
        Human::Text(text.into())
    }

    /// A confirmation on stderr.
    pub fn note(msg: impl Into<Cow<'a, str>>) -> Human<'a> {
        Human::Note(msg.into())
    }

    /// A warning on stderr.
    pub fn warn(msg: impl Into<Cow<'a, str>>) -> Human<'a> {
        Human::Warn(msg.into())
    }
}

/// What the human form of [`Output::show`] may return: a [`Human`], or a
/// `Result` of one when building it can fail.
pub trait IntoHuman<'a> {
    /// The human form, or why it could not be built.
    fn into_human(self) -> anyhow::Result<Human<'a>>;
}

impl<'a> IntoHuman<'a> for Human<'a> {
    fn into_human(self) -> anyhow::Result<Human<'a>> {
        Ok(self)
    }
}

impl<'a, E: Into<anyhow::Error>> IntoHuman<'a> for Result<Human<'a>, E> {
    fn into_human(self) -> anyhow::Result<Human<'a>> {
        self.map_err(Into::into)
    }
}

/// A JSON value built only when it is printed, with `--json`: for values
/// that copy a secret (a token, a TOTP seed), so that the human form, which
/// prints the secret itself, leaves no extra copy of it in memory.
pub struct Lazy<F>(pub F);

impl<F: Fn() -> serde_json::Value> Serialize for Lazy<F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.0)().serialize(s)
    }
}

impl Output {
    /// Prints a command's result: `value` as pretty JSON with `--json`,
    /// else its human form, which `human` builds from it (and which is not
    /// built at all with `--json`).
    pub fn show<'a, T: Serialize, H: IntoHuman<'a>>(
        &self,
        value: T,
        human: impl FnOnce(T) -> H,
    ) -> anyhow::Result<()> {
        if self.json {
            return Ok(self.json(&value)?);
        }
        Ok(self.human(human(value).into_human()?)?)
    }

    /// Prints a long list as it is read: a JSON array with `--json`, else
    /// a table of one `row` per item. Only a table drawn on a terminal
    /// keeps the rows (to size its columns); JSON and tab-separated rows
    /// are written one item at a time. `each` calls the function it is
    /// given once per item.
    pub fn show_stream<T: Serialize, E: Into<anyhow::Error>, const N: usize>(
        &self,
        header: [&str; N],
        each: impl FnOnce(&mut dyn FnMut(&T) -> std::io::Result<()>) -> Result<(), E>,
        row: impl Fn(&T) -> [String; N],
    ) -> anyhow::Result<()> {
        if self.json {
            return self.json_array(each);
        }
        let mut table = self.rows(&header)?;
        each(&mut |item: &T| table.row(row(item).into())).map_err(Into::<anyhow::Error>::into)?;
        Ok(table.finish()?)
    }

    fn human(&self, human: Human<'_>) -> std::io::Result<()> {
        match human {
            Human::Table { header, rows } => self.table(&header, rows),
            Human::Fields(fields) => self.fields(&fields),
            Human::Text(text) => self.line(&text),
            Human::Note(msg) => {
                self.note(&msg);
                Ok(())
            }
            Human::Warn(msg) => {
                self.warn(&msg);
                Ok(())
            }
            Human::Nothing => Ok(()),
            Human::All(parts) => parts.into_iter().try_for_each(|h| self.human(h)),
        }
    }
}
