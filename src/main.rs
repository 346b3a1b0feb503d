//! The binary: parse arguments, call the library, map the outcome to an
//! exit code (0 done, 1 fatal, 2 done with unreadable entries). A closed
//! pipe (`| head`) ends quietly with 0.

use std::process::ExitCode;

use clap::Parser;
use wxinspect::cli::Cli;
use wxinspect::cmd::{run, Outcome};

fn main() -> ExitCode {
    // The command as recorded in outputs: the program by its name only (its
    // install path says nothing about the data and may name the user).
    let mut argv: Vec<String> = std::env::args().collect();
    if let Some(first) = argv.first_mut() {
        *first = "wxinspect".into();
    }
    // clap's own exit code for a bad flag is 2, which here means "done,
    // some entries unreadable": a bad command line exits 1 instead.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS // --help, --version
            };
        }
    };
    match run(cli, argv).map_err(anyhow::Error::from) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(2),
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Each error says its cause in its own words: one line, once.
            eprintln!("wxinspect: {e}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
