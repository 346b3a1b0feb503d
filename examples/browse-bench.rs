//! `browse` benchmark (issue 14): scan a tree into the browse tree as the
//! binary does, then time redraws into a 120×35 `TestBackend` on the
//! screens a person sees (the root, a large list of files, the by-folder
//! view, the info panel), and report peak memory.
//!
//!   cargo run --release --example browse-bench -- /tmp/wxbench-200000

use std::time::Instant;

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use wxinspect::browse::{draw::draw, load};

fn main() {
    let path = std::env::args().nth(1).expect("usage: browse-bench TREE");
    let t0 = Instant::now();
    let mut l = load(
        path.as_ref(),
        &Default::default(),
        None,
        vec![],
        &Default::default(),
    )
    .expect("scan");
    let load = t0.elapsed();
    let nodes = l.app.tree.nodes.len();
    let files = l.app.tree.files.len();
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    let mut times = Vec::new();
    // Down to the largest list of files (Enter until only files remain),
    // then back up, then the folder view, with and without the info panel.
    let script: Vec<KeyCode> = std::iter::repeat_n(KeyCode::Enter, 8)
        .chain([KeyCode::Char('i'), KeyCode::Char('G'), KeyCode::Char('s')])
        .chain(std::iter::repeat_n(KeyCode::Left, 8))
        .chain([KeyCode::Char('v'), KeyCode::Char('i')])
        .chain(std::iter::repeat_n(KeyCode::Enter, 8))
        .collect();
    for round in 0..10 {
        for k in &script {
            l.app.key(KeyEvent::from(*k));
            let s = Instant::now();
            term.draw(|f| draw(f, &mut l.app, &l.explainer)).unwrap();
            if round > 0 {
                times.push(s.elapsed().as_secs_f64() * 1000.0);
            }
        }
        l.app.key(KeyEvent::from(KeyCode::Char('v')));
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{files} files, {nodes} nodes; scan + tree {:.2} s; redraw ms: median {:.3}, p95 {:.3}, max {:.3} ({} draws); peak RSS {}",
        load.as_secs_f64(),
        pct(0.5),
        pct(0.95),
        times[times.len() - 1],
        times.len(),
        peak_rss()
    );
}

/// `VmHWM` of this process (Linux); elsewhere use `/usr/bin/time -l`.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}
