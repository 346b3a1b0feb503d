//! The spinner on stderr while a scan runs: files and bytes so far, drawn
//! by a thread of its own ten times a second, cleared when the scan ends.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::render;
use crate::scan::{Scan, ScanOptions, Stream};
use crate::walk::Progress;
use crate::Error;

/// Scans `path`, telling `stream` about every file, with a spinner on
/// stderr when `show` (the settings ask for one and stderr is a terminal).
pub fn scan(
    show: bool,
    path: &Path,
    argv: Vec<String>,
    opts: ScanOptions,
    stream: Option<&dyn Stream>,
) -> Result<Scan, Error> {
    let counter = Arc::new(Progress::default());
    let done = Arc::new(AtomicBool::new(false));
    let ticker = show.then(|| {
        let (counter, done) = (counter.clone(), done.clone());
        std::thread::spawn(move || {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            while !done.load(Ordering::Relaxed) {
                pb.set_message(format!(
                    "scanning: {} files, {}",
                    counter.files.load(Ordering::Relaxed),
                    render::human_bytes(counter.bytes.load(Ordering::Relaxed))
                ));
                pb.tick();
                std::thread::sleep(Duration::from_millis(100));
            }
            pb.finish_and_clear();
        })
    });
    let res = crate::scan::scan_streaming(path, &opts, argv, &counter, stream);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    res
}
