//! `completions` and `man`: generated from the clap definitions, so they
//! cannot drift from the command line.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;
use crate::Error;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome, Error> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout();
    clap_complete::generate(shell, &mut cmd, "wxinspect", &mut out);
    out.flush().map_err(Error::stdout)?;
    Ok(Outcome::Done)
}

/// Prints wxinspect(1), or writes one page per command into `dir`.
pub fn man(dir: Option<&Path>) -> Result<Outcome, Error> {
    let cmd = Cli::command();
    match dir {
        None => {
            let mut out = std::io::stdout();
            let page = page(cmd).map_err(Error::stdout)?;
            out.write_all(&page).map_err(Error::stdout)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            write_page(dir, "wxinspect", cmd.clone())?;
            for sub in cmd.get_subcommands() {
                let name = format!("wxinspect-{}", sub.get_name());
                write_page(dir, &name, sub.clone().name(name.clone()))?;
            }
        }
    }
    Ok(Outcome::Done)
}

fn write_page(dir: &Path, name: &str, cmd: clap::Command) -> Result<(), Error> {
    let path = dir.join(format!("{name}.1"));
    let buf = page(cmd).map_err(|e| Error::io(&path, e))?;
    std::fs::write(&path, buf).map_err(|e| Error::io(&path, e))
}

/// A manual page, its EXTRA section (the examples) kept as written:
/// `man` fills and justifies paragraphs, which breaks a command line
/// across lines; `.nf` … `.fi` turns that off there.
fn page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let Some(start) = text.find("\n.SH EXTRA\n") else {
        return Ok(buf);
    };
    let body = start + "\n.SH EXTRA\n".len();
    let end = text[body..]
        .find("\n.SH ")
        .map_or(text.len(), |i| body + i + 1);
    Ok(format!(
        "{}.nf\n{}.fi\n{}",
        &text[..body],
        &text[body..end],
        &text[end..]
    )
    .into_bytes())
}
