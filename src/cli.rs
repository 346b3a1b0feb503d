//! Command-line definitions (clap derive) with examples in the help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  wxinspect scan                               # macOS: every WeChat location under $HOME
  wxinspect scan sample-data/home              # a home folder (or a container, xwechat_files, an account)
  wxinspect scan --format json sample-data/home > inventory.json
  wxinspect scan --format csv ~/Library/Containers/com.tencent.xinWeChat > files.csv

Nothing under PATH is ever modified: files are opened read-only, links are
not followed, and databases are read from private copies when they have a WAL.
Exit codes: 0 done; 1 fatal error; 2 done, but some entries could not be read.";

/// Audit what WeChat for macOS keeps on your disk, strictly read-only.
#[derive(Debug, Parser)]
#[command(name = "wxinspect", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Installs, accounts, storage by category and account, warnings.
    #[command(after_help = EXAMPLES)]
    Scan(ScanArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// Flags every scanning command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// A home folder, a WeChat container, `Data`, `xwechat_files`, a 3.x
    /// version folder or one account. Default on macOS: $HOME.
    pub path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout (refused inside the inspected tree).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No progress display and no notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// No progress display.
    #[arg(long)]
    pub no_progress: bool,
}

/// `scan`.
#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub common: Common,
}
