//! Arguments become settings once (as fd's `Opts → Config`): the command
//! line is checked here — format × command, `--anonymize` with
//! `--format paths`, browse's and watch's limits — and turned into one
//! [`Settings`] value that every runner takes. Runners never read a clap
//! struct for what is here.

use std::path::{Path, PathBuf};

use crate::analyze::anonymize::AnonymizeSpec;
use crate::cli::{
    AsnVia, ColorWhen, Common, DiffArgs, ExplainArgs, OutputFormat, ResolveArgs, SystemArgs,
    TermArgs,
};
use crate::inspect::resolve::{AsnSource, ResolveOptions};
use crate::render::term::Term;
use crate::Error;

use OutputFormat::{Csv, Html, Json, Markdown, Ncdu, Ndjson, Paths, Table};

/// The formats each command writes. A format outside its row is refused
/// before anything is read (`report --format json` once wrote Markdown
/// without a word).
pub const FORMATS: &[(&str, &[OutputFormat])] = &[
    ("scan", &[Table, Json, Csv, Markdown, Ndjson, Paths, Ncdu]),
    ("media", &[Table, Json, Csv, Paths]),
    ("dupes", &[Table, Json, Csv, Paths]),
    ("reclaim", &[Table, Json, Csv, Paths]),
    ("dbs", &[Table, Json, Csv]),
    ("network", &[Table, Json, Csv]),
    ("config", &[Table, Json, Csv]),
    ("diff", &[Table, Json, Csv, Markdown]),
    ("browse", &[Table]),
    ("watch", &[Table, Ndjson]),
    ("report", &[Table, Markdown, Html]),
    ("explain", &[Table, Json]),
    ("system", &[Table, Json]),
];

/// What one command run was asked for, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The command's name (a row of [`FORMATS`]).
    pub command: &'static str,
    /// PATH as given (`None`: the default, `$HOME` on macOS).
    pub path: Option<PathBuf>,
    /// `--format`.
    pub format: OutputFormat,
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--threads` (0: one per core).
    pub threads: usize,
    /// `--io-depth` (0: the default).
    pub io_depth: usize,
    /// `--quiet`: no footer on stderr for CSV.
    pub quiet: bool,
    /// A spinner on stderr where stderr is a terminal (not `--quiet`, not
    /// `--no-progress`).
    pub progress: bool,
    /// `--max-db-copy` (0: the default).
    pub max_db_copy: u64,
    /// `--max-hash-size`.
    pub max_hash_size: Option<u64>,
    /// `--anonymize` / `--anonymize-key`, with the paths given.
    pub anonymize: Option<AnonymizeSpec>,
    /// `--width`, `--color`, `--full-paths`.
    pub term: TermArgs,
    /// `-0`.
    pub print0: bool,
    /// The command line as recorded in outputs.
    pub argv: Vec<String>,
    /// `--resolve` and its options (`network`, `report`); `None`: no DNS
    /// query at all.
    pub resolve: Option<ResolveOptions>,
}

impl Settings {
    /// The settings of a scanning command (`scan`, `media`, …).
    pub fn scanning(command: &'static str, c: &Common, argv: Vec<String>) -> Result<Self, Error> {
        let anonymize = anonymize_spec(c.anonymize, &c.anonymize_key).map(|s| {
            s.arg(c.path.as_deref(), "<root>")
                .arg(c.output.as_deref(), "<output>")
        });
        let s = Settings {
            command,
            path: c.path.clone(),
            format: c.format,
            output: c.output.clone(),
            threads: c.threads,
            io_depth: c.io_depth,
            quiet: c.quiet,
            progress: !c.quiet && !c.no_progress,
            max_db_copy: c.max_db_copy.unwrap_or(0),
            max_hash_size: c.max_hash_size,
            anonymize,
            term: c.term.clone(),
            print0: c.print0,
            argv,
            resolve: None,
        };
        s.check()?;
        Ok(s)
    }

    /// The same settings with `--resolve`'s options (`network`, `report`).
    /// The resolver configuration read without `--nameserver` is
    /// `/etc/resolv.conf`; tests name another with `WXINSPECT_TEST_RESOLV_CONF`
    /// (never set otherwise) so that no query can leave the machine.
    pub fn with_resolve(mut self, r: &ResolveArgs) -> Result<Self, Error> {
        if !r.resolve {
            let given = [
                (!r.nameserver.is_empty(), "--nameserver"),
                (!r.asn_db.is_empty(), "--asn-db"),
                (r.asn.is_some(), "--asn"),
            ];
            if let Some((_, flag)) = given.iter().find(|(on, _)| *on) {
                return Err(Error::Usage(format!(
                    "{flag} says how --resolve resolves: add --resolve (without it no DNS query is made)"
                )));
            }
            return Ok(self);
        }
        let resolv_conf = std::env::var_os("WXINSPECT_TEST_RESOLV_CONF")
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from("/etc/resolv.conf"), PathBuf::from);
        let asn = match (r.asn, r.asn_db.is_empty()) {
            (Some(AsnVia::Dns), _) => AsnSource::Dns,
            (None, false) => AsnSource::Db(r.asn_db.clone()),
            (None, true) => AsnSource::None,
        };
        self.resolve = Some(ResolveOptions {
            nameservers: r.nameserver.clone(),
            resolv_conf,
            timeout: r.timeout.max(std::time::Duration::from_millis(1)),
            retries: r.retries,
            depth: crate::walk::io_depth(self.io_depth),
            asn,
        });
        Ok(self)
    }

    /// The settings of `diff` (two inventories, no PATH).
    pub fn diff(args: &DiffArgs, argv: Vec<String>) -> Result<Self, Error> {
        let anonymize = anonymize_spec(args.anonymize, &args.anonymize_key).map(|s| {
            s.arg(Some(&args.old), "<input-1>")
                .arg(Some(&args.new), "<input-2>")
                .arg(args.output.as_deref(), "<output>")
        });
        let s = Settings {
            command: "diff",
            format: args.format,
            output: args.output.clone(),
            anonymize,
            term: args.term.clone(),
            ..Settings::plain(argv)
        };
        s.check()?;
        Ok(s)
    }

    /// The settings of `system`: its format, output and copy limit, and
    /// `--anonymize` with the root (unless `/`), the home and the output
    /// given as `<root>`, `<home>` and `<output>`.
    pub fn system(args: &SystemArgs, argv: Vec<String>) -> Result<Self, Error> {
        let root = args.places.root.as_deref().filter(|r| *r != Path::new("/"));
        let anonymize = anonymize_spec(args.anonymize, &args.anonymize_key).map(|s| {
            s.arg(root, "<root>")
                .arg(args.places.home.as_deref(), "<home>")
                .arg(args.output.as_deref(), "<output>")
        });
        let s = Settings {
            command: "system",
            format: args.format,
            output: args.output.clone(),
            max_db_copy: args.max_db_copy.unwrap_or(0),
            anonymize,
            term: args.term.clone(),
            ..Settings::plain(argv)
        };
        s.check()?;
        Ok(s)
    }

    /// The settings of `explain`: its format, and `--anonymize` with the
    /// files given as `<file-1>`, `<file-2>`, … (as typed and absolute).
    pub fn explain(args: &ExplainArgs, argv: Vec<String>) -> Result<Self, Error> {
        let anonymize = anonymize_spec(args.anonymize, &args.anonymize_key).map(|spec| {
            args.paths.iter().enumerate().fold(spec, |spec, (i, p)| {
                let ph = format!("<file-{}>", i + 1);
                let abs = crate::fsio::absolute(p).ok();
                spec.arg(Some(p), &ph).arg(abs.as_deref(), &ph)
            })
        });
        let s = Settings {
            command: "explain",
            format: args.format,
            anonymize,
            ..Settings::plain(argv)
        };
        s.check()?;
        Ok(s)
    }

    /// The settings of a command that reads no tree and writes to stdout
    /// (`explain`, `completions`, `man`).
    pub fn plain(argv: Vec<String>) -> Self {
        Settings {
            command: "",
            path: None,
            format: Table,
            output: None,
            threads: 0,
            io_depth: 0,
            quiet: false,
            progress: false,
            max_db_copy: 0,
            max_hash_size: None,
            anonymize: None,
            term: TermArgs {
                width: None,
                color: crate::cli::ColorWhen::Auto,
                full_paths: false,
                full_ids: false,
            },
            print0: false,
            argv,
            resolve: None,
        }
    }

    /// The table settings for output to stdout (`to_tty`: stdout is a
    /// terminal) or to a file. Width: `--width`, else the terminal's, else
    /// `$COLUMNS`, else none (unwrapped). Colour: `--color always|never`,
    /// else `NO_COLOR` (off), else `CLICOLOR_FORCE` (on), else on a
    /// terminal only.
    pub fn term(&self, to_tty: bool) -> Term {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let width = self
            .term
            .width
            .or_else(|| {
                to_tty
                    .then(terminal_size::terminal_size)
                    .flatten()
                    .map(|(w, _)| usize::from(w.0))
            })
            .or_else(|| env("COLUMNS").and_then(|v| v.to_str()?.trim().parse().ok()))
            .filter(|w| *w >= 20);
        let color = match self.term.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto if env("NO_COLOR").is_some() => false,
            ColorWhen::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
            ColorWhen::Auto => to_tty,
        };
        Term {
            width,
            color,
            full_paths: self.term.full_paths,
            full_ids: self.term.full_ids,
            prefixes: Vec::new(),
        }
    }

    /// Refuses what this command cannot do with these flags.
    fn check(&self) -> Result<(), Error> {
        let cmd = self.command;
        if !formats_of(cmd).contains(&self.format) {
            return Err(Error::Usage(format!(
                "--format {} is for {}; `{cmd}` writes {}",
                format_name(self.format),
                commands_writing(self.format),
                or_list(formats_of(cmd).iter().map(|f| format_name(*f).to_string()))
            )));
        }
        match cmd {
            "browse" if self.output.is_some() => Err(Error::Usage(
                "browse is interactive: it takes no --format or --output; \
                 for a document use `wxinspect scan --format json` or `wxinspect report`"
                    .into(),
            )),
            "watch" if self.output.is_some() => Err(Error::Usage(
                "watch writes lines to stdout: --format table (default) or ndjson, no --output \
                 (redirect it: wxinspect watch --format ndjson > session.ndjson)"
                    .into(),
            )),
            _ if self.format == Paths && self.anonymize.is_some() => Err(Error::Usage(
                "--format paths prints real paths, for xargs or Finder: it cannot be anonymized; \
                 use --format json --anonymize to share"
                    .into(),
            )),
            _ => Ok(()),
        }
    }

    /// The PATH to scan: the argument (a folder: one file is `explain`'s),
    /// or on macOS the home folder.
    pub fn scan_path(&self) -> Result<PathBuf, Error> {
        if let Some(p) = &self.path {
            let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
            if !meta.is_dir() {
                return Err(Error::Usage(format!(
                    "{} is not a folder: `{}` reads a folder; `wxinspect explain {}` says what one file is",
                    p.display(),
                    self.command,
                    p.display()
                )));
            }
            return Ok(p.clone());
        }
        if cfg!(target_os = "macos") {
            if let Some(home) = std::env::var_os("HOME") {
                return Ok(PathBuf::from(home));
            }
        }
        Err(Error::Usage(
            "no PATH given, and the default ($HOME's WeChat folders) exists only on macOS; \
             try: wxinspect scan sample-data/home"
                .into(),
        ))
    }

    /// `--output` as given.
    pub fn output(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}

/// `--anonymize` (or a key, which implies it).
fn anonymize_spec(on: bool, key: &Option<String>) -> Option<AnonymizeSpec> {
    (on || key.is_some()).then(|| AnonymizeSpec::new(key.clone()))
}

/// The formats `command` writes.
pub fn formats_of(command: &str) -> &'static [OutputFormat] {
    FORMATS
        .iter()
        .find(|(c, _)| *c == command)
        .map_or(&[], |(_, f)| f)
}

/// `--format`'s value for `f`.
fn format_name(f: OutputFormat) -> &'static str {
    match f {
        Table => "table",
        Json => "json",
        Csv => "csv",
        Markdown => "markdown",
        Ndjson => "ndjson",
        Paths => "paths",
        Html => "html",
        Ncdu => "ncdu",
    }
}

/// The commands that write `f`.
fn commands_writing(f: OutputFormat) -> String {
    or_list(
        FORMATS
            .iter()
            .filter(|(_, fs)| fs.contains(&f))
            .map(|(c, _)| format!("`{c}`")),
    )
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    match v.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_row_and_table_is_everywhere() {
        for (c, fs) in FORMATS {
            assert!(fs.contains(&Table), "{c}");
        }
        assert!(formats_of("nothing").is_empty());
    }

    #[test]
    fn refusal_names_who_writes_it() {
        let c = commands_writing(Markdown);
        assert!(c.contains("`scan`") && c.contains("`diff`"), "{c}");
        assert!(!c.contains("`media`"));
        assert_eq!(
            or_list(["a", "b", "c"].map(String::from).into_iter()),
            "a, b or c"
        );
    }
}
