//! Runs a parsed command line: scan, render, write.

pub mod output;

use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::analyze::anonymize::Anonymizer;
use crate::cli::{ByArg, Cli, Command, Common, MediaArgs, OutputFormat};
use crate::model::{Category, Kind};
use crate::analyze::media::{self, By, Filter};
use output::Output;
use crate::render;
use crate::render::markdown::ReportData;
use crate::scan::{scan, table_keep, Scan, ScanOptions};
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
            // The tables need no record of most files: count them instead.
            let tables_only = a.common.format == OutputFormat::Table && !a.hash;
            let mut s = scan_with_progress(
                &a.common,
                argv,
                tables_only.then_some(table_keep as fn(&_) -> bool),
            )?;
            if a.hash {
                let inv = &mut s.inventory;
                let limit = max_hash_size(&a.common)?;
                crate::analyze::hash::hash_all(
                    &mut inv.files,
                    &|f| s.layout.abs_path(f),
                    limit,
                    &mut inv.warnings,
                );
            }
            if a.common.format == OutputFormat::Markdown {
                let data = report_data(&s, &a.common, 25)?;
                return emit(&a.common, &s, |w| render::markdown::report(&data, w));
            }
            let anon = anonymizer(&a.common, &s.inventory);
            if let Some(an) = &anon {
                an.inventory(&mut s.inventory);
            }
            emit(&a.common, &s, |w| match a.common.format {
                OutputFormat::Json => render::json::write(&s.inventory, w),
                OutputFormat::Csv => render::csv::files(&s.inventory, w),
                _ => render::table::scan(&s.inventory, w),
            })
        }
        Command::Media(a) => {
            let s = scan_with_progress(&a.common, argv, None)?;
            no_markdown(&a.common, "media")?;
            let filter = media_filter(&a)?;
            let inv = &s.inventory;
            let anon = anonymizer(&a.common, inv);
            let insight = media::insight(inv);
            match a.by {
                Some(by) => {
                    let mut rows = media::aggregate(inv, &filter, by_of(by));
                    if let Some(an) = &anon {
                        an.agg_rows(&mut rows, by_of(by));
                    }
                    emit(&a.common, &s, |w| match a.common.format {
                        OutputFormat::Json => render::json::rows("wxinspect.media/1", &rows, w),
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
                        _ => render::table::media_agg(&rows, by_name(by), &insight, w),
                    })
                }
                None => {
                    let mut rows = media::rows(inv, &filter, a.top);
                    let matched = inv.files.iter().filter(|f| filter.matches(f)).count();
                    if let Some(an) = &anon {
                        an.media_rows(&mut rows);
                    }
                    emit(&a.common, &s, |w| match a.common.format {
                        OutputFormat::Json => render::json::rows("wxinspect.media/1", &rows, w),
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
                        _ => render::table::media(&rows, matched, &insight, w),
                    })
                }
            }
        }
        Command::Dbs(c) => {
            let mut s = scan_with_progress(&c, argv, Some(table_keep))?;
            no_markdown(&c, "dbs")?;
            if let Some(an) = anonymizer(&c, &s.inventory) {
                an.inventory(&mut s.inventory);
            }
            let rows = &s.inventory.databases;
            emit(&c, &s, |w| match c.format {
                OutputFormat::Json => render::json::rows("wxinspect.dbs/1", rows, w),
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
                _ => render::table::dbs(rows, w),
            })
        }
        Command::Network(c) => {
            let mut s = scan_with_progress(&c, argv, Some(table_keep))?;
            no_markdown(&c, "network")?;
            if let Some(an) = anonymizer(&c, &s.inventory) {
                an.inventory(&mut s.inventory);
            }
            let net = &s.inventory.network;
            emit(&c, &s, |w| match c.format {
                OutputFormat::Json => render::json::write(
                    &serde_json::json!({
                        "schema": "wxinspect.network/1",
                        "rows": net.hosts,
                        "cookies": net.cookies,
                        "files": net.files,
                        "note": crate::inspect::network::MMTLS_NOTE,
                    }),
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
                _ => render::table::network(net, w),
            })
        }
        Command::Config(c) => {
            let mut s = scan_with_progress(&c, argv, Some(table_keep))?;
            no_markdown(&c, "config")?;
            let (mut rows, files, warnings) = config_rows(&s);
            s.inventory.warnings.extend(warnings);
            if let Some(an) = anonymizer(&c, &s.inventory) {
                an.config(&mut rows);
            }
            emit(&c, &s, |w| match c.format {
                OutputFormat::Json => render::json::rows("wxinspect.config/1", &rows, w),
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
                _ => render::table::config(&rows, files, w),
            })
        }
        Command::Dupes(a) => {
            let s = scan_with_progress(&a.common, argv, None)?;
            no_markdown(&a.common, "dupes")?;
            let mut d = dupes(&s, &a.category, &a.min_size, max_hash_size(&a.common)?)?;
            if let Some(an) = anonymizer(&a.common, &s.inventory) {
                an.dupes(&mut d);
            }
            emit(&a.common, &s, |w| match a.common.format {
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
                _ => render::table::dupes(&d, w),
            })
        }
        Command::Report(a) => {
            let s = scan_with_progress(&a.common, argv, None)?;
            let data = report_data(&s, &a.common, a.max_rows)?;
            emit(&a.common, &s, |w| render::markdown::report(&data, w))
        }
        Command::Diff(a) => {
            let old = crate::analyze::diff::read_inventory(&a.old)?;
            let new = crate::analyze::diff::read_inventory(&a.new)?;
            let d = crate::analyze::diff::diff(&old, &new);
            let mut out = Output::open(a.output.as_deref(), None)?;
            let w = out.writer();
            match a.format {
                OutputFormat::Json => render::json::write(&d, w),
                OutputFormat::Markdown => render::diff::markdown(&d, a.max_rows, w),
                OutputFormat::Csv => render::csv::rows(
                    &[
                        "change", "path", "old_size", "new_size", "category", "account",
                    ],
                    &render::diff::rows(&d),
                    w,
                ),
                OutputFormat::Table => render::diff::table(&d, a.max_rows, w),
            }
            .map_err(|e| Error::io(Path::new("<output>"), e))?;
            out.finish()?;
            Ok(Outcome::Done)
        }
    }
}

/// The anonymizer a command line asks for.
fn anonymizer(c: &Common, inv: &crate::model::Inventory) -> Option<Anonymizer> {
    (c.anonymize || c.anonymize_key.is_some())
        .then(|| Anonymizer::new(c.anonymize_key.as_deref(), inv))
}

fn no_markdown(c: &Common, cmd: &str) -> Result<(), Error> {
    if c.format == OutputFormat::Markdown {
        return Err(Error::Usage(format!(
            "--format markdown is for `report`, `scan` and `diff`; `{cmd}` writes table, json or csv"
        )));
    }
    Ok(())
}

/// Everything the report shows, anonymized when asked.
fn report_data<'a>(s: &'a Scan, c: &Common, max_rows: usize) -> Result<ReportData<'a>, Error> {
    let inv = &s.inventory;
    let all_media = Filter::default();
    let mut largest = media::rows(inv, &all_media, max_rows);
    let media_files = inv.files.iter().filter(|f| all_media.matches(f)).count();
    let by_month = media::aggregate(inv, &all_media, By::Month);
    let mut by_chat = media::aggregate(inv, &all_media, By::Chat);
    let insight = media::insight(inv);
    let mut d = dupes(s, &[], "1", max_hash_size(c)?)?;
    let (mut config, _, _) = config_rows(s);
    let anon = anonymizer(c, inv);
    if let Some(an) = &anon {
        an.media_rows(&mut largest);
        an.agg_rows(&mut by_chat, By::Chat);
        an.dupes(&mut d);
        an.config(&mut config);
    }
    Ok(ReportData {
        inv: match &anon {
            Some(an) => {
                let mut copy = inv.clone();
                an.inventory(&mut copy);
                std::borrow::Cow::Owned(copy)
            }
            None => std::borrow::Cow::Borrowed(inv),
        },
        largest,
        media_files,
        by_month,
        by_chat,
        insight,
        dupes: d,
        config,
        max_rows,
        anonymized: anon.is_some(),
    })
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
    Vec<crate::inspect::settings::ConfigRow>,
    usize,
    Vec<crate::model::Warning>,
) {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut files = 0;
    for f in &s.inventory.files {
        if !crate::inspect::settings::is_settings(f) {
            continue;
        }
        let Some(data) = crate::fsio::read_small(&s.layout.abs_path(f)) else {
            continue;
        };
        files += 1;
        match crate::inspect::settings::rows_for(f, &data) {
            Ok(r) => rows.extend(r),
            Err(message) => warnings.push(crate::model::Warning {
                path: f.path.clone(),
                kind: crate::model::WarningKind::Corrupt,
                message,
            }),
        }
    }
    (rows, files, warnings)
}

fn max_hash_size(c: &Common) -> Result<Option<u64>, Error> {
    match &c.max_hash_size {
        Some(v) => media::parse_size(v)
            .map(Some)
            .ok_or_else(|| Error::Usage(format!("--max-hash-size: cannot read {v:?}"))),
        None => Ok(None),
    }
}

fn dupes(
    s: &Scan,
    categories: &[String],
    min_size: &str,
    max_hash: Option<u64>,
) -> Result<crate::analyze::dupes::Dupes, Error> {
    let cats = parse_list(categories, "category", Category::parse)?;
    let min = media::parse_size(min_size)
        .ok_or_else(|| Error::Usage(format!("--min-size: cannot read {min_size:?}")))?;
    let files = &s.inventory.files;
    let idx: Vec<usize> = (0..files.len())
        .filter(|&i| cats.is_empty() || cats.contains(&files[i].category))
        .collect();
    Ok(crate::analyze::dupes::find_dupes(
        files,
        &|f| s.layout.abs_path(f),
        &idx,
        min,
        max_hash,
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
pub fn scan_with_progress(
    c: &Common,
    argv: Vec<String>,
    keep: Option<fn(&crate::model::FileEntry) -> bool>,
) -> Result<Scan, Error> {
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
            before_open: None,
            keep,
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
