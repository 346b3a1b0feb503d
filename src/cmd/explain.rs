//! `wxinspect explain FILE…`: why each file is what it is.

use super::Outcome;
use crate::classify::explain::explain;
use crate::classify::rules::RuleSet;
use crate::cli::{ExplainArgs, OutputFormat};
use crate::render;
use crate::Error;

/// Runs `explain`: every file it can, a message for each it cannot.
pub fn run(args: ExplainArgs) -> Result<Outcome, Error> {
    let rules = RuleSet::new();
    let mut done = Vec::new();
    let mut failed = false;
    for p in &args.paths {
        match explain(p, &rules) {
            Ok(e) => done.push(e),
            Err(e) => {
                eprintln!("wxinspect: {e}");
                failed = true;
            }
        }
    }
    if done.is_empty() {
        return Err(Error::Usage("nothing to explain".into()));
    }
    let mut out = std::io::stdout();
    match args.format {
        OutputFormat::Json => render::json::write(
            &serde_json::json!({"schema": "wxinspect.explain/1", "files": done}),
            &mut out,
        ),
        _ => render::explain::explain(&done, &mut out),
    }
    .map_err(Error::stdout)?;
    Ok(if failed {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}
