//! Runs a parsed command line: scan, render, write.

use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{ByArg, Cli, Command, Common, DupesArgs, MediaArgs, OutputFormat};
use crate::inventory::{Category, Kind};
use crate::media::{self, By, Filter};
use crate::output::Output;
use crate::render;
use crate::scan::{scan, Scan, ScanOptions};
use crate::Error;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Done,
    /// Done, but some entries could not be read (exit 2).
    Partial,
}

/// Runs `cli`; `argv` is recorded in the inventory's `command`.
pub fn run(cli: Cli, argv: Vec<String>) -> Result<Outcome, Error> {
    match cli.command {
        Command::Scan(a) => {
            let mut s = scan_with_progress(&a.common, argv)?;
            if a.hash {
                let inv = &mut s.inventory;
                crate::hash::hash_all(&mut inv.files, &|f| s.layout.abs_path(f), &mut inv.warnings);
            }
            emit(&a.common, &s, |w| match a.common.format {
                OutputFormat::Table => render::table::scan(&s.inventory, w),
                OutputFormat::Json => render::json::write(&s.inventory, w),
                OutputFormat::Csv => render::csv::files(&s.inventory, w),
            })
        }
        Command::Media(a) => {
            let s = scan_with_progress(&a.common, argv)?;
            let filter = media_filter(&a)?;
            let inv = &s.inventory;
            emit(&a.common, &s, |w| match (a.by, a.common.format) {
                (Some(by), fmt) => {
                    let rows = media::aggregate(inv, &filter, by_of(by));
                    match fmt {
                        OutputFormat::Table => {
                            render::table::media_agg(&rows, by_name(by), &media::insight(inv), w)
                        }
                        OutputFormat::Json => render::json::write(
                            &render::json::Rows {
                                schema: "wxinspect.media/1",
                                rows: &rows,
                            },
                            w,
                        ),
                        OutputFormat::Csv => render::csv::rows(
                            &[by_name(by), "files", "bytes", "share"],
                            &rows
                                .iter()
                                .map(|r| {
                                    vec![
                                        r.key.clone(),
                                        r.files.to_string(),
                                        r.bytes.to_string(),
                                        format!("{:.2}", r.share),
                                    ]
                                })
                                .collect::<Vec<_>>(),
                            w,
                        ),
                    }
                }
                (None, fmt) => {
                    let rows = media::rows(inv, &filter, a.top);
                    let matched = inv.files.iter().filter(|f| filter.matches(f)).count();
                    match fmt {
                        OutputFormat::Table => {
                            render::table::media(&rows, matched, &media::insight(inv), w)
                        }
                        OutputFormat::Json => render::json::write(
                            &render::json::Rows {
                                schema: "wxinspect.media/1",
                                rows: &rows,
                            },
                            w,
                        ),
                        OutputFormat::Csv => render::csv::rows(
                            &["size", "kind", "format", "account", "chat", "month", "path"],
                            &rows
                                .iter()
                                .map(|r| {
                                    vec![
                                        r.size.to_string(),
                                        r.kind.to_string(),
                                        r.format.to_string(),
                                        r.account.as_deref().unwrap_or_default().to_string(),
                                        r.chat.as_deref().unwrap_or_default().to_string(),
                                        r.month.map(|m| m.to_string()).unwrap_or_default(),
                                        r.path.clone(),
                                    ]
                                })
                                .collect::<Vec<_>>(),
                            w,
                        ),
                    }
                }
            })
        }
        Command::Dbs(c) => {
            let s = scan_with_progress(&c, argv)?;
            let rows = &s.inventory.databases;
            emit(&c, &s, |w| match c.format {
                OutputFormat::Table => render::table::dbs(rows, w),
                OutputFormat::Json => render::json::write(
                    &render::json::Rows {
                        schema: "wxinspect.dbs/1",
                        rows,
                    },
                    w,
                ),
                OutputFormat::Csv => render::csv::rows(
                    &[
                        "path",
                        "kind",
                        "format",
                        "encrypted",
                        "account",
                        "size",
                        "page_size_guess",
                        "page_size_reason",
                        "wal_bytes",
                        "wal_frames",
                        "tables",
                    ],
                    &rows.iter().map(render::table::db_cells).collect::<Vec<_>>(),
                    w,
                ),
            })
        }
        Command::Network(c) => {
            let s = scan_with_progress(&c, argv)?;
            let net = &s.inventory.network;
            emit(&c, &s, |w| match c.format {
                OutputFormat::Table => render::table::network(net, w),
                OutputFormat::Json => render::json::write(
                    &serde_json::json!({"schema": "wxinspect.network/1", "rows": net.hosts, "cookies": net.cookies, "note": crate::network::MMTLS_NOTE}),
                    w,
                ),
                OutputFormat::Csv => render::csv::rows(
                    &[
                        "host",
                        "domain",
                        "owner",
                        "role",
                        "sources",
                        "requests",
                        "bytes",
                        "first_seen",
                        "last_seen",
                    ],
                    &net.hosts
                        .iter()
                        .map(|h| {
                            vec![
                                h.host.clone(),
                                h.domain.clone(),
                                h.owner.clone(),
                                h.role.clone(),
                                h.sources.join(" "),
                                h.requests.to_string(),
                                h.bytes.to_string(),
                                h.first_seen.clone().unwrap_or_default(),
                                h.last_seen.clone().unwrap_or_default(),
                            ]
                        })
                        .collect::<Vec<_>>(),
                    w,
                ),
            })
        }
        Command::Config(c) => {
            let mut s = scan_with_progress(&c, argv)?;
            let (rows, files, warnings) = config_rows(&s);
            s.inventory.warnings.extend(warnings);
            emit(&c, &s, |w| match c.format {
                OutputFormat::Table => render::table::config(&rows, files, w),
                OutputFormat::Json => render::json::write(
                    &render::json::Rows {
                        schema: "wxinspect.config/1",
                        rows: &rows,
                    },
                    w,
                ),
                OutputFormat::Csv => render::csv::rows(
                    &["file", "key", "type", "value", "redacted"],
                    &rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.file.clone(),
                                r.key.clone(),
                                r.value_type.clone(),
                                r.value.clone(),
                                r.redacted.to_string(),
                            ]
                        })
                        .collect::<Vec<_>>(),
                    w,
                ),
            })
        }
        Command::Dupes(a) => {
            let s = scan_with_progress(&a.common, argv)?;
            let d = dupes(&s, &a)?;
            emit(&a.common, &s, |w| match a.common.format {
                OutputFormat::Table => render::table::dupes(&d, w),
                OutputFormat::Json => render::json::write(&d, w),
                OutputFormat::Csv => render::csv::rows(
                    &["group", "size", "sha256", "path"],
                    &d.groups
                        .iter()
                        .enumerate()
                        .flat_map(|(i, g)| {
                            g.files.iter().map(move |p| {
                                vec![
                                    (i + 1).to_string(),
                                    g.size.to_string(),
                                    g.sha256.clone(),
                                    p.clone(),
                                ]
                            })
                        })
                        .collect::<Vec<_>>(),
                    w,
                ),
            })
        }
    }
}

fn by_of(b: ByArg) -> By {
    match b {
        ByArg::Chat => By::Chat,
        ByArg::Month => By::Month,
        ByArg::Kind => By::Kind,
        ByArg::Account => By::Account,
        ByArg::Category => By::Category,
    }
}

fn by_name(b: ByArg) -> &'static str {
    match b {
        ByArg::Chat => "chat",
        ByArg::Month => "month",
        ByArg::Kind => "kind",
        ByArg::Account => "account",
        ByArg::Category => "category",
    }
}

fn parse_list<T>(
    items: &[String],
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, Error> {
    items
        .iter()
        .map(|k| parse(k.trim()).ok_or_else(|| Error::Usage(format!("unknown {what} {k:?}"))))
        .collect()
}

/// The filter a `media` command line asks for.
pub fn media_filter(a: &MediaArgs) -> Result<Filter, Error> {
    let now = ::time::OffsetDateTime::now_utc().unix_timestamp();
    Ok(Filter {
        include_cache: a.include_cache,
        kinds: parse_list(&a.kind, "kind", Kind::parse)?,
        categories: parse_list(&a.category, "category", Category::parse)?,
        account: a.account.clone(),
        chat: a.chat.clone(),
        older_than: match &a.older_than {
            Some(s) => Some(media::parse_older_than(s, now).ok_or_else(|| {
                Error::Usage(format!(
                    "--older-than: cannot read {s:?} (try 90d or 2024-01-01)"
                ))
            })?),
            None => None,
        },
        larger_than: match &a.larger_than {
            Some(s) => Some(media::parse_size(s).ok_or_else(|| {
                Error::Usage(format!("--larger-than: cannot read {s:?} (try 10MB)"))
            })?),
            None => None,
        },
    })
}

/// Every setting of every settings file, and problems as warnings.
pub fn config_rows(
    s: &Scan,
) -> (
    Vec<crate::config::ConfigRow>,
    usize,
    Vec<crate::inventory::Warning>,
) {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut files = 0;
    for f in &s.inventory.files {
        if !crate::config::is_settings(f) {
            continue;
        }
        let Some(data) = crate::network::read_small(&s.layout.abs_path(f)) else {
            continue;
        };
        files += 1;
        match crate::config::rows_for(f, &data) {
            Ok(r) => rows.extend(r),
            Err(message) => warnings.push(crate::inventory::Warning {
                path: f.path.clone(),
                kind: crate::inventory::WarningKind::Corrupt,
                message,
            }),
        }
    }
    (rows, files, warnings)
}

fn dupes(s: &Scan, a: &DupesArgs) -> Result<crate::hash::Dupes, Error> {
    let cats = parse_list(&a.category, "category", Category::parse)?;
    let min = media::parse_size(&a.min_size)
        .ok_or_else(|| Error::Usage(format!("--min-size: cannot read {:?}", a.min_size)))?;
    let files = &s.inventory.files;
    let idx: Vec<usize> = (0..files.len())
        .filter(|&i| cats.is_empty() || cats.contains(&files[i].category))
        .collect();
    Ok(crate::hash::find_dupes(
        files,
        &|f| s.layout.abs_path(f),
        &idx,
        min,
    ))
}

/// Renders to stdout or `--output` (written beside its target, renamed into
/// place, refused inside the inspected tree) and maps the outcome.
fn emit(
    c: &Common,
    s: &Scan,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    let mut out = Output::open(c.output.as_deref(), Some(&s.layout.root))?;
    render(out.writer()).map_err(|e| Error::io(Path::new("<output>"), e))?;
    out.finish()?;
    Ok(outcome(s))
}

fn outcome(s: &Scan) -> Outcome {
    if s.inventory.has_unreadable() {
        Outcome::Partial
    } else {
        Outcome::Done
    }
}

/// The PATH to scan: the argument, or on macOS the home folder.
pub fn scan_path(c: &Common) -> Result<PathBuf, Error> {
    if let Some(p) = &c.path {
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

/// Scans with a spinner on stderr when stderr is a terminal.
pub fn scan_with_progress(c: &Common, argv: Vec<String>) -> Result<Scan, Error> {
    let path = scan_path(c)?;
    let counter = Arc::new(AtomicU64::new(0));
    let show = !c.quiet && !c.no_progress && std::io::stderr().is_terminal();
    let done = Arc::new(AtomicBool::new(false));
    let ticker = show.then(|| {
        let (counter, done) = (counter.clone(), done.clone());
        std::thread::spawn(move || {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            while !done.load(Ordering::Relaxed) {
                pb.set_message(format!(
                    "scanning: {} files",
                    counter.load(Ordering::Relaxed)
                ));
                pb.tick();
                std::thread::sleep(Duration::from_millis(100));
            }
            pb.finish_and_clear();
        })
    });
    let max_db_copy = match &c.max_db_copy {
        Some(v) => media::parse_size(v)
            .ok_or_else(|| Error::Usage(format!("--max-db-copy: cannot read {v:?}")))?,
        None => 0,
    };
    let res = scan(
        &path,
        &ScanOptions {
            threads: c.threads,
            max_db_copy,
        },
        argv,
        &counter,
    );
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    res
}
