//! Command-line definitions (clap derive) with examples in the help, and
//! the parsers of their values (`values`). Nothing here runs a command.

pub mod values;

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analyze::media::By;
use crate::model::{Category, Kind};
use values::{category_arg, kind_arg, older_than_arg, size_arg};

const EXAMPLES: &str = "\
Examples:
  wxinspect scan                               # macOS: every WeChat location under $HOME
  wxinspect scan sample-data/home              # a home folder (or a container, xwechat_files, an account)
  wxinspect scan --format json sample-data/home > inventory.json
  wxinspect scan --format csv ~/Library/Containers/com.tencent.xinWeChat > files.csv

Nothing under PATH is ever modified: files are opened read-only, links are
not followed, and databases are read from private copies when they have a WAL.
Exit codes: 0 done; 1 fatal error; 2 done, but the answer misses something
(an entry not read, a limit reached; docs/SCHEMAS.md has the table).";

/// Audit what WeChat for macOS keeps on your disk, strictly read-only.
#[derive(Debug, Parser)]
#[command(name = "wxinspect", version = env!("WXINSPECT_VERSION"), about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    /// The command to run.
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Installs, accounts, storage by category and account, warnings.
    #[command(after_help = EXAMPLES)]
    Scan(ScanArgs),
    /// Media files largest first, with filters, aggregates and insight.
    #[command(after_help = MEDIA_EXAMPLES)]
    Media(MediaArgs),
    /// Every database: role, format, encryption, page size, WAL, tables.
    Dbs(Common),
    /// Hosts from HTTP caches, cookie jars, HTTP storages, net config and
    /// settings; with --resolve, where each name points (sends the names
    /// to a DNS resolver).
    #[command(after_help = NETWORK_EXAMPLES)]
    Network(NetworkArgs),
    /// Settings (plists, ini files): keys, types, values with secrets redacted.
    Config(Common),
    /// Walk WeChat's storage interactively, by meaning or by folder
    /// (read-only; needs a terminal).
    #[command(after_help = browse_help())]
    Browse(Common),
    /// A live, classified view of what WeChat writes while you use it.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch(WatchArgs),
    /// Groups of identical files and the bytes all copies but one take.
    #[command(after_help = DUPES_EXAMPLES)]
    Dupes(DupesArgs),
    /// What can go and how much comes back: every file in one tier
    /// (rebuilt, leftover, duplicate, only copy, keep), with the evidence.
    /// Read-only: nothing is deleted or moved.
    #[command(after_help = RECLAIM_EXAMPLES)]
    Reclaim(ReclaimArgs),
    /// The Markdown inventory report (storage, media, duplicates, databases,
    /// settings, network, warnings, provenance).
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// What macOS itself records about WeChat: permissions (TCC), files
    /// downloaded through it, its notifications, its network bytes.
    #[command(after_help = SYSTEM_EXAMPLES)]
    System(SystemArgs),
    /// What changed between two `scan --format json` inventories.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Why each file is what the inventory says: location, rule and its
    /// source, the bytes that decided the format, account, chat, month.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page wxinspect(1), or write one page per command.
    Man {
        /// Write wxinspect.1 and wxinspect-<command>.1 into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

const WATCH_EXAMPLES: &str = "\
Examples:
  wxinspect watch                                # every WeChat location under $HOME (macOS); Ctrl-C ends
  wxinspect watch --duration 30s                 # then the summary: bytes written by category and account
  wxinspect watch --format ndjson --until-idle 10s > session.ndjson
Ends on Ctrl-C, SIGTERM, --duration or --until-idle, with exit code 0.";

/// `browse --help`: the keys (from the one key list), then examples.
fn browse_help() -> String {
    format!(
        "Keys:\n{}Examples:\n  \
         wxinspect browse                      # every WeChat location under $HOME (macOS)\n  \
         wxinspect browse sample-data/home\n  \
         wxinspect browse --anonymize ~        # pseudonyms for ids, chats and paths",
        crate::browse::keys::help_text()
    )
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  # zsh on macOS: a folder on $fpath, then restart the shell
  mkdir -p ~/.zfunc && wxinspect completions zsh > ~/.zfunc/_wxinspect
  echo 'fpath=(~/.zfunc $fpath); autoload -U compinit && compinit' >> ~/.zshrc
  wxinspect completions bash > /usr/local/etc/bash_completion.d/wxinspect";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  wxinspect explain ~/Library/Containers/com.tencent.xinWeChat/Data/Library/Caches/com.tencent.xinWeChat/Cache.db
  wxinspect explain --format json FILE… > why.json
  wxinspect explain --anonymize FILE…            # safe to share";

/// `explain`.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The files to explain.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// The evidence too: the layout path, the rule row and its public
    /// source, the first bytes.
    #[arg(long, short)]
    pub verbose: bool,
    /// Pseudonyms for ids and people's file names, as `scan --anonymize`
    /// makes them; the files given become `<file-1>`, `<file-2>`, ….
    #[arg(long)]
    pub anonymize: bool,
    /// Pseudonyms that stay the same across runs (implies --anonymize).
    #[arg(long, value_name = "K")]
    pub anonymize_key: Option<String>,
}

const REPORT_EXAMPLES: &str = "\
Examples:
  wxinspect report sample-data/home --output /tmp/report.md
  wxinspect report --anonymize ~ --output ~/Desktop/wechat-report.md   # safe to share
  wxinspect report --max-rows 100 ~ > report.md";

const SYSTEM_EXAMPLES: &str = "\
Examples:
  wxinspect system                               # macOS: / and $HOME (Full Disk Access; sudo for all)
  sudo wxinspect system --home ~                 # the system TCC.db and networkd's counters too
  wxinspect system --root /Volumes/Backup        # a mounted image: every home in its Users/
  wxinspect system --root copy --home copy/Users/alice --format json
  wxinspect report --system ~ --output report.md # the report with its \"What macOS records\" section

Only WeChat's rows are shown. Nothing is changed: databases are opened
read-only (immutable, or a private copy when they have a WAL), links are
not followed, and a notification's content (its `data`) is never read.";

const DIFF_EXAMPLES: &str = "\
Examples:
  wxinspect scan --format json ~ > before.json
  # … send one photo in WeChat …
  wxinspect scan --format json ~ > after.json
  wxinspect diff before.json after.json";

const MEDIA_EXAMPLES: &str = "\
Examples:
  wxinspect media sample-data/home                      # the 20 largest media files
  wxinspect media --by chat sample-data/home            # bytes per chat
  wxinspect media --kind video,file --larger-than 10MB --older-than 90d ~
  wxinspect media --include-cache --top 100 --format csv ~ > media.csv";

const RECLAIM_EXAMPLES: &str = "\
Examples:
  wxinspect reclaim                                  # macOS: every WeChat location under $HOME
  wxinspect reclaim sample-data/home
  wxinspect reclaim --tier rebuilt --format paths -0 ~ | xargs -0 ls -l
  wxinspect reclaim --tier only_copy --older-than 1y --format csv ~ > old.csv

Tiers: rebuilt (WeChat rebuilds or downloads it again), leftover (left by an
older WeChat: check first), duplicate (extra copies; one stays), only_copy
(may be the only copy on this Mac), keep (databases, keys, settings).
Nothing is ever deleted, moved or renamed. Quit WeChat before removing
anything outside WeChat's own Settings → Storage.";

const NETWORK_EXAMPLES: &str = "\
Examples:
  wxinspect network sample-data/home
  wxinspect network --resolve ~                       # CNAME chains and addresses (system resolver)
  wxinspect network --resolve --nameserver 9.9.9.9 --nameserver 223.5.5.5 ~   # where answers differ
  wxinspect network --resolve --asn-db ip2asn-v4.tsv.gz --asn-db ip2asn-v6.tsv.gz ~
  wxinspect network --resolve --format json ~ > hosts.json

Without --resolve nothing leaves this machine. With it, each host name is
sent to the DNS resolver (stderr says which, once); --asn dns also sends the
addresses found to Team Cymru's DNS interface. --asn-db reads a local file.";

const DUPES_EXAMPLES: &str = "\
Examples:
  wxinspect dupes sample-data/home
  wxinspect dupes --category media --min-size 100KB --format json ~

Nothing is ever deleted or moved; the report says what could be reclaimed.";

/// When to colour tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    Auto,
    /// Always, even piped.
    Always,
    /// Never.
    Never,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Tables for people (the default).
    Table,
    /// One JSON document.
    Json,
    /// CSV, spreadsheet-safe.
    Csv,
    /// Markdown (`report`, `scan`, `diff`).
    Markdown,
    /// One JSON object per line, written as the walk goes (`scan`).
    Ndjson,
    /// Absolute paths, one per line (`-0`: NUL-terminated) for `xargs` and
    /// Finder: `scan`, `media`, `dupes`.
    Paths,
    /// One self-contained HTML page with a zoomable treemap (`report`).
    Html,
    /// ncdu's JSON export, for `ncdu -f` and `gdu -f` (`scan`).
    Ncdu,
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
    /// CPU workers for hashing (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Reads in flight while walking and hashing (default 32: what a Mac's
    /// SSD needs to be fast on a cold cache).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub io_depth: usize,
    /// No progress display and no notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// No progress display.
    #[arg(long)]
    pub no_progress: bool,
    /// Largest database + WAL copied to a private temp dir to read its
    /// WAL rows (e.g. 2GiB; default 512MiB).
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub max_db_copy: Option<u64>,
    /// Pseudonyms for account ids, chat ids, people's file names, the uin
    /// and the root, wherever they appear (keyed by a random per-run salt).
    #[arg(long)]
    pub anonymize: bool,
    /// `--hash`, `dupes`: skip files larger than this with a warning
    /// (e.g. 4GiB; default: hash everything).
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub max_hash_size: Option<u64>,
    /// Pseudonyms that stay the same across runs (implies --anonymize).
    #[arg(long, value_name = "K")]
    pub anonymize_key: Option<String>,
    /// Width, colour and paths of tables.
    #[command(flatten)]
    pub term: TermArgs,
    /// With --format paths: end each path with NUL instead of a newline.
    #[arg(short = '0', long)]
    pub print0: bool,
}

/// How tables are drawn: every command that writes one takes these.
#[derive(Debug, Clone, Args)]
pub struct TermArgs {
    /// Fit tables into N columns, 20 or more (default: the terminal's
    /// width; $COLUMNS when piped; unwrapped otherwise).
    #[arg(long, value_name = "N", value_parser = values::width_arg)]
    pub width: Option<usize>,
    /// Colour: auto (on a terminal unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Whole paths in tables (wrapped to fit) instead of short ones.
    #[arg(long)]
    pub full_paths: bool,
    /// Whole account and chat ids in tables (labels like `wxid_abc1…_1a2b`
    /// otherwise; JSON and CSV always have whole ids).
    #[arg(long)]
    pub full_ids: bool,
}

/// `network`.
#[derive(Debug, Clone, Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    #[command(flatten)]
    /// `--resolve` and its options.
    pub resolve: ResolveArgs,
}

/// Where owners of addresses come from (`--asn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AsnVia {
    /// Team Cymru's DNS interface: the addresses are sent to it.
    Dns,
}

/// `--resolve` (`network`, `report`): DNS, opt-in.
#[derive(Debug, Clone, Args)]
pub struct ResolveArgs {
    /// Resolve every host: CNAME chain, A and AAAA records, edge, owners.
    /// Sends each host name to a DNS resolver (stderr says which).
    #[arg(long)]
    pub resolve: bool,
    /// Resolve with this server (IP, IP:PORT or [IPv6]:PORT); repeat it to
    /// compare resolvers (geo-DNS). Default: /etc/resolv.conf's servers.
    #[arg(long, value_name = "IP[:PORT]", value_parser = values::nameserver_arg)]
    pub nameserver: Vec<std::net::SocketAddr>,
    /// Owners of addresses from an IPtoASN file (ip2asn-v4.tsv,
    /// ip2asn-v6.tsv or .tsv.gz; read offline; repeatable).
    #[arg(long, value_name = "FILE")]
    pub asn_db: Vec<PathBuf>,
    /// Owners of addresses from Team Cymru's DNS interface (sends the
    /// addresses to it).
    #[arg(long, value_enum, conflicts_with = "asn_db")]
    pub asn: Option<AsnVia>,
    /// Per-query timeout (e.g. 500ms, 3s).
    #[arg(long, value_name = "TIME", default_value = "3s", value_parser = values::duration_arg)]
    pub timeout: std::time::Duration,
    /// Tries after a query's first.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub retries: usize,
}

/// `scan`.
#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    /// SHA-256 of every regular file into the inventory's `sha256`.
    #[arg(long)]
    pub hash: bool,
}

/// `watch`.
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    /// Flags every scanning command takes (`--format table|ndjson`).
    pub common: Common,
    /// Events per path are merged over this window.
    #[arg(long, value_name = "TIME", default_value = "200ms", value_parser = values::duration_arg)]
    pub debounce: std::time::Duration,
    /// Stop after this long (e.g. 30s, 5m).
    #[arg(long, value_name = "TIME", value_parser = values::duration_arg)]
    pub duration: Option<std::time::Duration>,
    /// Stop after this long without a change.
    #[arg(long, value_name = "TIME", value_parser = values::duration_arg)]
    pub until_idle: Option<std::time::Duration>,
}

/// `media --by` takes the words of [`By`].
impl ValueEnum for By {
    fn value_variants<'a>() -> &'a [Self] {
        &[By::Chat, By::Month, By::Kind, By::Account, By::Category]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// `media`.
#[derive(Debug, Clone, Args)]
pub struct MediaArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    /// Also image, video and audio formats found in caches and temp.
    #[arg(long)]
    pub include_cache: bool,
    /// How many rows, largest first (tables: 20; --format paths: all;
    /// 0: all).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Only these kinds: image,video,voice,file,sticker,avatar,thumbnail.
    #[arg(long, value_delimiter = ',', value_parser = kind_arg)]
    pub kind: Vec<Kind>,
    /// Only this category (media, or cache with --include-cache).
    #[arg(long, value_delimiter = ',', value_parser = category_arg)]
    pub category: Vec<Category>,
    #[command(flatten)]
    /// Account, chat, age, size.
    pub narrow: NarrowArgs,
    /// Aggregate instead of listing files.
    #[arg(long, value_enum)]
    pub by: Option<By>,
}

/// `reclaim`.
#[derive(Debug, Clone, Args)]
pub struct ReclaimArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    /// Only this tier: rebuilt, leftover, duplicate, only_copy, keep.
    #[arg(long, value_parser = values::tier_arg)]
    pub tier: Option<crate::analyze::reclaim::Tier>,
    #[command(flatten)]
    /// Account, chat, age, size.
    pub narrow: NarrowArgs,
}

/// What `media` and `reclaim` narrow to.
#[derive(Debug, Clone, Args)]
pub struct NarrowArgs {
    /// Only this account: its id, a unique start of it (4 or more
    /// characters), or its label as tables print it.
    #[arg(long)]
    pub account: Option<String>,
    /// Only this chat: its id, a unique start of it, or its label.
    #[arg(long)]
    pub chat: Option<String>,
    /// Only files last modified before: 90d, 12w, 6m, 1y or 2024-01-01.
    #[arg(long, value_name = "AGE|DATE", value_parser = older_than_arg)]
    pub older_than: Option<i64>,
    /// Only files larger than: 10MB, 500KiB, 1G.
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub larger_than: Option<u64>,
}

/// Where macOS's own databases are read (`system`, `report --system`).
#[derive(Debug, Clone, Args)]
pub struct SystemPlaces {
    /// The volume root whose databases are read (default on macOS: /; a
    /// mounted image or a copy elsewhere).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The home whose databases are read (default on macOS: $HOME, or the
    /// report's PATH; with --root alone: every home in ROOT/Users).
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
}

/// `system`.
#[derive(Debug, Clone, Args)]
pub struct SystemArgs {
    #[command(flatten)]
    /// The root and the home.
    pub places: SystemPlaces,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout (refused inside the inspected tree).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Largest database + WAL copied to a private temp dir to read its
    /// WAL rows (e.g. 2GiB; default 512MiB).
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub max_db_copy: Option<u64>,
    /// Pseudonyms for user names and the paths given (hosts, bundle ids
    /// and counts stay).
    #[arg(long)]
    pub anonymize: bool,
    /// Pseudonyms that stay the same across runs (implies --anonymize).
    #[arg(long, value_name = "K")]
    pub anonymize_key: Option<String>,
    /// Width, colour and paths of tables.
    #[command(flatten)]
    pub term: TermArgs,
}

/// `report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    /// Add "What macOS records about WeChat": permissions, downloads,
    /// notifications and network bytes from macOS's own databases
    /// (`wxinspect system`), read at --root and --home.
    #[arg(long)]
    pub system: bool,
    #[command(flatten)]
    /// Where `--system` reads.
    pub places: SystemPlaces,
    /// Rows per table at most (the JSON inventory has them all).
    #[arg(long, default_value_t = 25)]
    pub max_rows: usize,
    #[command(flatten)]
    /// `--resolve`: the chains in the network section.
    pub resolve: ResolveArgs,
}

/// `diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The older inventory (`scan --format json`).
    pub old: PathBuf,
    /// The newer inventory.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rows per list at most in table and Markdown output.
    #[arg(long, default_value_t = 50)]
    pub max_rows: usize,
    /// Pseudonyms for ids, people's file names, the roots and the paths
    /// given, as `scan --anonymize` makes them.
    #[arg(long)]
    pub anonymize: bool,
    /// Pseudonyms that stay the same across runs (implies --anonymize).
    #[arg(long, value_name = "K")]
    pub anonymize_key: Option<String>,
    /// Width, colour and paths of tables.
    #[command(flatten)]
    pub term: TermArgs,
}

/// `dupes`.
#[derive(Debug, Clone, Args)]
pub struct DupesArgs {
    #[command(flatten)]
    /// Flags every scanning command takes.
    pub common: Common,
    /// Only files of these categories.
    #[arg(long, value_delimiter = ',', value_parser = category_arg)]
    pub category: Vec<Category>,
    /// Ignore files smaller than this (10MB, 4KiB, …).
    #[arg(long, default_value = "1", value_parser = size_arg)]
    pub min_size: u64,
}
