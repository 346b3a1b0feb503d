//! `wxinspect explain FILE…`: why each file is what it is.

use std::path::PathBuf;

use super::{Outcome, Settings};
use crate::classify::explain::explain_in;
use crate::classify::rules::RuleSet;
use crate::cli::OutputFormat;
use crate::model::explain::FolderSummary;
use crate::model::Count;
use crate::render;
use crate::scan::ScanOptions;
use crate::Error;

/// Runs `explain`: every file it can, a message for each it cannot.
/// With `--anonymize`, each answer passes through the anonymizer of the
/// layout it was explained in; so do the messages.
pub fn run(settings: &Settings, paths: &[PathBuf], verbose: bool) -> Result<Outcome, Error> {
    let rules = RuleSet::new();
    let mut done = Vec::new();
    let mut folders = Vec::new();
    let mut failed = false;
    for p in paths {
        if p.is_dir() && !p.is_symlink() {
            match folder(settings, p) {
                Ok(f) => folders.push(f),
                Err(e) => {
                    eprintln!("wxinspect: {e}");
                    failed = true;
                }
            }
            continue;
        }
        match explain_in(p, &rules) {
            Ok((mut e, layout)) => {
                if let Some(spec) = &settings.anonymize {
                    spec.for_layout(&layout).explanation(&mut e);
                }
                done.push(e)
            }
            Err(e) => {
                let message = e.to_string();
                let message = match &settings.anonymize {
                    Some(spec) => spec.without_layout().text(&message),
                    None => message,
                };
                eprintln!("wxinspect: {message}");
                failed = true;
            }
        }
    }
    if done.is_empty() && folders.is_empty() {
        // Each failure was said on its own line.
        return Ok(Outcome::Failed);
    }
    let mut stdout = std::io::stdout();
    let to_tty = std::io::IsTerminal::is_terminal(&stdout);
    let term = settings.term(to_tty);
    match settings.format {
        OutputFormat::Json => render::json::write(
            &serde_json::json!({"schema": "wxinspect.explain/1", "files": done, "folders": folders}),
            &mut stdout,
        ),
        _ => {
            // Every line fits the terminal: paths are shortened in the
            // middle, sentences wrap at words.
            let mut fitted;
            let out: &mut dyn std::io::Write = match term.width {
                Some(w) => {
                    fitted = crate::render::term::Fit::new(&mut stdout, w);
                    &mut fitted
                }
                None => &mut stdout,
            };
            render::explain::explain(&done, verbose, term.width, out)
                .and_then(|_| render::explain::folders(&folders, !done.is_empty(), out))
                .and_then(|_| out.flush())
        }
    }
    .map_err(Error::stdout)?;
    Ok(if failed {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

/// A folder explained: what it is to WeChat and what it holds, by category
/// (a table-only scan of it: counts, no records).
fn folder(settings: &Settings, path: &std::path::Path) -> Result<FolderSummary, Error> {
    let opts = ScanOptions {
        keep: Some(|_: &crate::model::FileEntry| false),
        ..Default::default()
    };
    let scan = crate::scan::scan(path, &opts, settings.argv.clone(), &Default::default())?;
    let inv = &scan.inventory;
    let mut by_category: Vec<(String, Count)> = inv
        .totals
        .by_category
        .iter()
        .filter(|(_, c)| c.files > 0)
        .map(|(k, c)| (k.clone(), *c))
        .collect();
    by_category.sort_by_key(|(_, c)| std::cmp::Reverse(c.bytes));
    let mut f = FolderSummary {
        path: inv.root.clone(),
        wechat_location: inv.wechat_found,
        roles: inv.locations.iter().map(|l| l.role.to_string()).collect(),
        accounts: inv.accounts.iter().map(|a| a.id.clone()).collect(),
        files: inv.totals.files,
        bytes: inv.totals.bytes,
        by_category,
    };
    f.roles.dedup();
    if let Some(spec) = &settings.anonymize {
        let an = spec.for_layout(&scan.layout);
        f.path = an.root();
        f.accounts = f.accounts.iter().map(|a| an.account(a)).collect();
    }
    Ok(f)
}
