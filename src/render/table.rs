//! Terminal tables (comfy-table).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::columns::{self as cols, Column};
pub use super::footer::warning_footer;
pub use super::list::{columns, Laid};
use super::term::{self, Term};
use super::{escape_terminal, human_bytes, percent};
use crate::analyze::media::{AggRow, Insight, MediaRow};
use crate::analyze::reclaim::Reclaim;
use crate::inspect::settings::ConfigRow;
use crate::model::warning::Omitted;
use crate::model::{
    Account, Category, Count, Database, Install, Inventory, Location, Network, Warning, WarningKind,
};

/// `wxinspect scan`'s tables: installs, accounts, storage by category,
/// warnings.
pub fn scan(term: &Term, inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if !inv.wechat_found {
        writeln!(
            out,
            "No WeChat location recognised under {}: its files are counted and classified by content alone.",
            escape_terminal(&inv.root)
        )?;
    } else {
        writeln!(out, "WeChat data under {}", escape_terminal(&inv.root))?;
    }
    if inv.installs.is_empty() && inv.wechat_found {
        writeln!(
            out,
            "\nNo WeChat install layout found here; files are classified by content alone."
        )?;
    } else if !inv.installs.is_empty() {
        type C = Column<Install>;
        let cols = [
            C::table("install", |i| i.path.clone()).flexible(),
            C::table("generation", |i| format!("{}.x", i.generation.number())).keep(8),
            C::table("data folder", |i| i.data_dir.clone()).keep(3),
            C::table("version folders", |i| match i.version_folders.is_empty() {
                true => "-".into(),
                false => i.version_folders.join(", "),
            })
            .keep(2),
            C::table("accounts", |i| i.accounts.len().to_string())
                .right_aligned()
                .keep(7),
        ];
        let whole = Term {
            prefixes: Vec::new(),
            ..term.clone()
        };
        writeln!(out, "\nInstalls\n{}", columns(&whole, &cols, &inv.installs))?;
    }
    locations(term, inv, out)?;
    accounts(term, inv, out)?;
    let mut rows: Vec<(String, Count, String)> = Category::ALL
        .iter()
        .map(|c| {
            let count = inv
                .totals
                .by_category
                .get(c.as_str())
                .copied()
                .unwrap_or_default();
            (c.to_string(), count, percent(count.bytes, inv.totals.bytes))
        })
        .filter(|(_, count, _)| count.files > 0)
        .collect();
    let total = Count {
        files: inv.totals.files,
        bytes: inv.totals.bytes,
    };
    rows.push((
        "total".into(),
        total,
        format!("{} on disk", human_bytes(inv.totals.allocated)),
    ));
    type R = Column<(String, Count, String)>;
    let cols = [
        R::table("category", |r| r.0.clone())
            .coloured(|r| Category::parse(&r.0))
            .keep(9),
        R::table("files", |r| r.1.files.to_string()).right_aligned(),
        R::table("size", |r| human_bytes(r.1.bytes)).right_aligned(),
        R::table("share", |r| r.2.clone()).right_aligned().keep(3),
    ];
    writeln!(
        out,
        "\nStorage by category\n{}",
        columns(term, &cols, &rows)
    )?;
    let unread = inv.totals.unread;
    if unread.files > 0 {
        writeln!(
            out,
            "{} ({}) counted by size and place but not read: this process may not read {} (see Warnings).",
            plural(unread.files, "file"),
            human_bytes(unread.bytes),
            if unread.files == 1 { "it" } else { "them" }
        )?;
    }
    mirror_links(inv, out)?;
    crashes(inv, out)?;
    let encrypted_dbs = inv.databases.iter().filter(|d| d.encrypted).count();
    writeln!(
        out,
        "\n{} databases ({} encrypted), {} links (not followed){}",
        inv.databases.len(),
        encrypted_dbs,
        inv.links.len(),
        if inv.specials.is_empty() {
            String::new()
        } else {
            format!(", {} special files (not opened)", inv.specials.len())
        }
    )?;
    warnings(term, inv, out)
}

/// The accounts, each with its install, files, size and folder.
fn accounts(term: &Term, inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if !inv.accounts.is_empty() {
        type C = Column<Account>;
        let cols = [
            C::table("account", |a| {
                if a.placeholder {
                    format!("{} (placeholder)", term::account_label(&a.id))
                } else {
                    term::account_label(&a.id)
                }
            })
            .keep(9)
            .at_least(15),
            // `xWeChat`, `xinWeChat`: the bundle id without Tencent's prefix
            // (the same wxid can be in both, and this tells them apart).
            C::table("install", |a| {
                let l = a.install_label();
                l.strip_prefix("com.tencent.").unwrap_or(l).to_string()
            })
            .at_least(9)
            .keep(7),
            C::table("generation", |a| format!("{}.x", a.generation.number())).keep(2),
            C::table("files", |a| a.files.to_string())
                .right_aligned()
                .keep(8),
            C::table("size", |a| human_bytes(a.bytes))
                .right_aligned()
                .keep(8),
            C::table("folder", |a| a.path.clone()).flexible(),
        ];
        // The folder below its location (the account's own folder is not a
        // prefix of itself).
        let below_locations = Term {
            prefixes: inv.locations.iter().map(|l| l.path.clone()).collect(),
            ..term.clone()
        };
        let t = columns(&below_locations, &cols, &inv.accounts);
        writeln!(out, "\nAccounts\n{t}")?;
        if inv.accounts.iter().any(|a| a.placeholder) {
            writeln!(
                out,
                "A placeholder is a 3.x folder named md5 of an empty name: nobody's account."
            )?;
        }
    }
    Ok(())
}

/// "Everything WeChat keeps": every location with its role and totals.
fn locations(term: &Term, inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if inv.locations.len() < 2 {
        return Ok(());
    }
    type C = Column<Location>;
    let cols = [
        C::table("location", |l| l.path.clone()).flexible(),
        C::table("role", |l| l.role.to_string()).at_least(16),
        C::table("files", |l| l.files.to_string())
            .right_aligned()
            .keep(8),
        C::table("size", |l| human_bytes(l.bytes))
            .right_aligned()
            .keep(8),
    ];
    let whole = Term {
        prefixes: Vec::new(),
        ..term.clone()
    };
    let t = columns(&whole, &cols, &inv.locations);
    writeln!(out, "\nEverything WeChat keeps\n{t}")
}

/// `1 file`, `2 files`.
fn plural(n: u64, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

/// The sandbox's links to the user's own folders: not WeChat data.
fn mirror_links(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let mirrors: Vec<&str> = inv
        .links
        .iter()
        .filter(|l| l.user_folder)
        .map(|l| l.path.as_str())
        .collect();
    if !mirrors.is_empty() {
        writeln!(
            out,
            "\nNot WeChat data: {} link{} into your own folders (macOS sandbox mirrors, not followed, not counted): {}",
            mirrors.len(),
            if mirrors.len() == 1 { "" } else { "s" },
            escape_terminal(&mirrors.join(", "))
        )?;
    }
    Ok(())
}

/// Crash reports: how many per version, and the last one.
fn crashes(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let c = &inv.crashes;
    let n: u64 = c.by_version.values().sum();
    if n == 0 {
        return Ok(());
    }
    let versions: Vec<String> = c
        .by_version
        .iter()
        .map(|(v, k)| format!("{k} × {v}"))
        .collect();
    write!(
        out,
        "\nCrash reports: {n} ({})",
        escape_terminal(&versions.join(", "))
    )?;
    if let Some(l) = &c.last {
        // What is known of the last one, and nothing where nothing is.
        let when = l.time.as_deref().map(|t| t.get(..10).unwrap_or(t));
        let on = l.os_version.as_deref();
        match (when, on) {
            (Some(t), Some(os)) => write!(
                out,
                "; the last on {}, {}",
                escape_terminal(t),
                escape_terminal(os)
            )?,
            (Some(t), None) => write!(out, "; the last on {}", escape_terminal(t))?,
            (None, Some(os)) => write!(out, "; the last on {}", escape_terminal(os))?,
            (None, None) => {}
        }
    }
    writeln!(out)
}

/// The warnings summary: counts per kind, the first few paths, and the Full
/// Disk Access fix once when macOS privacy protection refused access.
pub fn warnings(term: &Term, inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if inv.warnings.is_empty() {
        return Ok(());
    }
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for w in &inv.warnings {
        by_kind.entry(w.kind.as_str()).or_default().push(&w.path);
    }
    // One line per kind: how many, the first path (the identifying
    // column, shortened to what fits) and how many more.
    let rows: Vec<(&str, usize, String)> = by_kind
        .iter()
        .map(|(k, paths)| {
            let omitted = WarningKind::parse(k)
                .and_then(|kind| inv.warnings_omitted.get(&kind))
                .map_or(0, |n| *n as usize);
            let n = paths.len() + omitted;
            let first = match n {
                1 => paths[0].to_string(),
                _ => format!("{} (+{} more)", paths[0], n - 1),
            };
            (*k, n, first)
        })
        .collect();
    type W<'a> = Column<(&'a str, usize, String)>;
    let cols = [
        W::table("warning", |r| r.0.to_string()).keep(9),
        W::table("count", |r| r.1.to_string()).right_aligned(),
        W::table("first path", |r| r.2.clone()).flexible(),
    ];
    let whole = Term {
        prefixes: Vec::new(),
        ..term.clone()
    };
    let t = columns(&whole, &cols, &rows);
    // The heading says what the exit code says (`WarningKind::MISSES`).
    let heading = match inv.warnings.iter().any(|w| w.kind.misses_answer("scan")) {
        true => "Not everything was read",
        false => "Read, with notes (every file was counted and classified)",
    };
    writeln!(out, "\n{heading}\n{t}")?;
    if inv
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::PrivacyProtected)
    {
        writeln!(
            out,
            "macOS privacy protection blocked some folders. Grant Full Disk Access to your terminal app \
             (System Settings → Privacy & Security → Full Disk Access), then run again."
        )?;
    }
    match inv.warnings_omitted.values().sum::<u64>() {
        0 => writeln!(out, "All warnings with their messages: --format json")?,
        n => writeln!(
            out,
            "The first {} warnings of each kind are in --format json, and {n} more counted; --format ndjson lists every one",
            crate::model::warning::cap()
        )?,
    }
    Ok(())
}

/// `media`: the largest files, then the insight.
pub fn media(
    term: &Term,
    rows: &[MediaRow],
    matched: usize,
    ins: (&Insight, Option<&Reclaim>),
    out: &mut dyn Write,
) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "No media file matches these filters.")?;
        return insight(ins, out);
    }
    writeln!(out, "{}", columns(term, &cols::media(), rows))?;
    if matched > rows.len() {
        writeln!(
            out,
            "{} of {matched} matching files shown (largest first; --top N for more)",
            rows.len()
        )?;
    }
    insight(ins, out)
}

/// `media --by …`, with a total row.
pub fn media_agg(
    term: &Term,
    rows: &[AggRow],
    by: &'static str,
    ins: (&Insight, Option<&Reclaim>),
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut all = rows.to_vec();
    all.push(AggRow {
        key: "total".into(),
        files: rows.iter().map(|r| r.files).sum(),
        bytes: rows.iter().map(|r| r.bytes).sum(),
        share: 100.0,
    });
    writeln!(out, "{}", columns(term, &cols::media_agg(by), &all))?;
    if by == "chat" && rows.iter().any(|r| r.key == cols::NO_KEY) {
        writeln!(
            out,
            "(not in a chat): WeChat 4.x keeps received files and videos by month (msg/file, msg/video), not by chat."
        )?;
    }
    insight(ins, out)
}

/// "What the space is": image and video variants, then `reclaim`'s tiers,
/// one sentence each (the same figures `reclaim` shows).
fn insight((i, reclaim): (&Insight, Option<&Reclaim>), out: &mut dyn Write) -> io::Result<()> {
    let v = |k: &str| i.variants.get(k).copied().unwrap_or(0);
    writeln!(out, "\nWhat the space is")?;
    writeln!(
        out,
        "  images and videos: {} originals, {} HD copies, {} thumbnails",
        human_bytes(v("original")),
        human_bytes(v("hd")),
        human_bytes(v("thumbnail"))
    )?;
    if let Some(r) = reclaim {
        writeln!(
            out,
            "  all of WeChat's {} (wxinspect reclaim for the evidence):",
            human_bytes(r.total.bytes)
        )?;
        for t in r.tiers.iter().filter(|t| t.files > 0) {
            writeln!(out, "  {}: {}", t.tier, t.sentence)?;
        }
    }
    Ok(())
}

/// How many distinct paths the content warnings among `warnings` name
/// (what a command's summary says it could not read).
fn not_read(warnings: &[Warning]) -> usize {
    let paths: std::collections::BTreeSet<&str> = warnings
        .iter()
        .filter(|w| !w.kind.is_entry_level() && w.kind != WarningKind::DnsFailed)
        .map(|w| w.path.as_str())
        .collect();
    paths.len()
}

/// `dbs`, then what could not be read.
pub fn dbs(
    term: &Term,
    rows: &[Database],
    (warnings, omitted): (&[Warning], &Omitted),
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", columns(term, &cols::dbs(), rows))?;
    let enc = rows.iter().filter(|d| d.encrypted).count();
    let unread = match not_read(warnings) {
        0 => String::new(),
        n => format!(" {n} not fully read (below)."),
    };
    writeln!(
        out,
        "{} databases, {enc} encrypted (SQLCipher-like: 1024-byte pages suggest WeChat 3.x / SQLCipher 3, 4096 WeChat 4.x / SQLCipher 4). \
         Page sizes marked ? are guesses; --format json gives each reason, the WAL's frames and the table names.{unread}",
        rows.len()
    )?;
    warning_footer("dbs", (warnings, omitted), out)
}

/// `network`: hosts grouped by owner, then cookies by domain.
pub fn network(
    term: &Term,
    n: &Network,
    (warnings, omitted): (&[Warning], &Omitted),
    out: &mut dyn Write,
) -> io::Result<()> {
    let resolved = n.hosts.iter().any(|h| h.resolution.is_some());
    if resolved {
        let cols = super::resolve::hosts_resolved();
        writeln!(out, "{}", columns(term, &cols, &n.hosts))?;
        super::resolve::details(term, &n.hosts, out)?;
        super::resolve::summary(&n.hosts, out)?;
    } else {
        writeln!(out, "{}", columns(term, &cols::hosts(), &n.hosts))?;
    }
    if !n.files.is_empty() {
        type F = Column<crate::model::NetFile>;
        let cols = [
            F::table("net config file", |x| x.path.clone()).flexible(),
            F::table("entries", |x| x.entries.to_string()).right_aligned(),
            F::table("size", |x| human_bytes(x.bytes)).right_aligned(),
            F::table("what", |x| x.what.clone()).keep(3),
        ];
        writeln!(out, "\n{}", columns(term, &cols, &n.files))?;
    }
    let unread = match not_read(warnings) {
        0 => String::new(),
        1 => "; 1 source not read (below)".to_string(),
        k => format!("; {k} sources not read (below)"),
    };
    writeln!(
        out,
        "{} hosts; {} cookies (names and domains only, values never read into output){unread}",
        n.hosts.len(),
        n.cookies.len()
    )?;
    writeln!(out, "{}", crate::inspect::network::MMTLS_NOTE)?;
    warning_footer("network", (warnings, omitted), out)
}

/// `config`: one row per setting, secrets redacted.
pub fn config(
    term: &Term,
    rows: &[ConfigRow],
    files: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", columns(term, &cols::config(), rows))?;
    let redacted = rows.iter().filter(|r| r.redacted).count();
    writeln!(out, "{} settings in {files} files; {redacted} values redacted (secret-looking keys, opaque strings, URL queries)", rows.len())
}
